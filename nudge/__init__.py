"""nudge: a quiet tray app that reminds people who sit all day to wake up their glutes."""

__version__ = "0.1.0"
