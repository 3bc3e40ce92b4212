"""The pure core of nudge: sitting tracker, nudge planner, exercise catalogue and weekly summary.

Nothing in this package reads the clock, sleeps, starts threads, touches files or imports a GUI,
OS, scheduler or storage library. Time and activity come in as arguments; decisions go out as
values. `tests/test_core_purity.py` enforces this by scanning the imports.
"""
