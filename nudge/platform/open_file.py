"""Open a file with the user's default application (image viewer, text editor).

Called on short-lived UI helper threads (the tray's "nudge-summary"/"nudge-settings"). The opener
(`xdg-open`, `open`) is waited for on its own daemon thread, so it never lingers as a zombie in
the long-running app, and the caller never waits for it (xdg-open may stay as long as the editor).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def open_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that opens `path` here, or None where the OS call is used (Windows)."""
    if platform == "win32":
        return None
    if platform == "darwin":
        return ["open", str(path)]
    return ["xdg-open", str(path)]


def open_with_default_app(path: Path) -> bool:
    """Start the default app for `path` without waiting for it; False (logged) if that failed."""
    command = open_command(path)
    try:
        if command is None:
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
            return True
        opener = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as error:
        log.warning("could not open %s: %s", path, error)
        return False
    threading.Thread(target=opener.wait, name="nudge-open-reaper", daemon=True).start()
    return True
