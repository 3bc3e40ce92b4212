"""The long-running app: the composition root (`root.build_app`, with `front`, `startup` and
`wiring`), the engine and its one thread, the commands and replies every front end sends and the
one table of what each does (`dispatch`, whose two back ends are the engine, `engine_commands`,
and the files, `nudge.cli.offline`), the queue of answers not yet saved (`unsaved`), the ports
the engine talks through, the real clock, calendar wake-ups, the config-file watch, the
single-instance lock, quit signals and the log.

Threads are named in each module's docstring; the README's "Threads" section lists them all.
"""
