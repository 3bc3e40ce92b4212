"""nudge: a quiet tray app that reminds people who sit all day to wake up their glutes.

Any thread: it holds only the version; each module's docstring names its own threads."""

__version__ = "0.1.0"
