"""Start a window's own process from the tray (no Qt here: the all-day app stays light).

`open_window` runs on a short-lived tray helper thread and waits for the window's process to
end, so the app never leaves a zombie behind; a window that cannot open (no toolkit) gives its
words back for the tray to show, and the caller falls back to the files.
"""

from __future__ import annotations

import subprocess
import sys

from nudge.windows.toolkit import NO_TOOLKIT

__all__ = ["NO_TOOLKIT", "nudge_command", "open_window"]


def nudge_command() -> list[str]:
    """How to run `nudge` itself: a PyInstaller bundle's executable is nudge."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "nudge"]


def open_window(name: str) -> tuple[int, str]:
    """Run `nudge <name>` until its window is closed: its exit code and what it said on
    stderr. 0 also when it only raised the one already open; `NO_TOOLKIT` when no window can
    open here."""
    try:
        done = subprocess.run([*nudge_command(), name], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              check=False)
    except OSError as error:
        return 1, f"Could not open the {name} window: {error}"
    return done.returncode, done.stderr.strip()
