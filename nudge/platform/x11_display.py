"""python-xlib connections that load only the X extensions their user needs.

`Xlib.display.Display()` imports and sets up a Python module for every extension the server
offers (14 on Xvfb or Xorg: XInput, RandR, RECORD, …), ~1 MB of the long-running app's memory,
and asks the server about each, although nudge uses one: MIT-SCREEN-SAVER for idle time
(`nudge.activity.x11`); the fullscreen blocker (`nudge.blockers.x11_fullscreen`) uses the core
protocol only. python-xlib has no option for this: it walks `Xlib.ext.__extensions__` while
connecting, so `open_display` narrows that list for the duration of the call, under a lock
(both of nudge's callers go through here) and puts it back.

Any thread (the lock keeps two connects apart): the main thread at start, the engine thread when a
reader reconnects, a probe's thread in `nudge doctor`.
"""

from __future__ import annotations

import threading
from typing import Any

IDLE_EXTENSION = "MIT-SCREEN-SAVER"
_SWAP = threading.Lock()


def open_display(name: str, extensions: tuple[str, ...] = ()) -> Any:
    """An `Xlib.display.Display` on `name` with only `extensions` set up (those the server
    has; `display.has_extension` tells). Raises what `Display()` raises (ImportError if
    python-xlib is missing, `Xlib.error.DisplayError` or OSError if the server is not there)."""
    from Xlib import display, ext

    with _SWAP:
        every = ext.__extensions__
        ext.__extensions__ = [pair for pair in every if pair[0] in extensions]
        try:
            return display.Display(name)
        finally:
            ext.__extensions__ = every
