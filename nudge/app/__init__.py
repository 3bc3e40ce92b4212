"""The long-running app: the composition root (`root.build_app`), the engine and its one thread,
the commands and replies every front end sends, the ports the engine talks through, the real
clock, calendar wake-ups, the config-file watch, the single-instance lock, quit signals and the log.

Threads are named in each module's docstring; the README's "Threads" section lists them all.
"""
