"""PyInstaller runtime hook: give a windowed (no console) Windows build somewhere to write.

Without a console, sys.stdout and sys.stderr are None there, and the first print or log line to
them would raise. Runs before nudge starts; does nothing where a console exists.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  # lives as long as the app
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
