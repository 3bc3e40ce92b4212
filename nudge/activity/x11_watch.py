"""Notice at once when the X server of an X11 session goes away, so the tray app can stop cleanly.

A tray app without its display has nothing left to show: the X server ending means the desktop
session ended (a logout, or a crash the display manager recovers from with a new login, where
autostart starts nudge again). Without this, nudge would keep counting "seated" time for a
session nobody sits at. One daemon thread ("nudge-x11-watch") holds its own X connection and
sleeps in `select()` until the server closes it (no polling, no CPU); events the server may send
(keyboard mapping changes) are read and dropped. Only for X11 sessions: under Wayland the
X server is Xwayland, which may come and go on its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
from collections.abc import Callable, Mapping
from typing import Any

from nudge.platform.error_words import detail

log = logging.getLogger(__name__)


class DisplayWatch:
    """Calls `on_gone(reason)` once, on its own thread, when the X connection is closed."""

    def __init__(self, display_name: str, connection: Any,
                 on_gone: Callable[[str], object]) -> None:
        self.display_name = display_name
        self._display = connection
        self._on_gone = on_gone
        self._wake_read, self._wake_write = os.pipe()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="nudge-x11-watch", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Main thread, at exit: stop watching. The pipe is closed only here, after the thread
        ended, so no write can ever reach a file descriptor number reused meanwhile."""
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            os.write(self._wake_write, b"x")
            self._thread.join(2.0)
        if not self._thread.is_alive():
            for fd in (self._wake_read, self._wake_write):
                os.close(fd)

    def _run(self) -> None:
        try:
            reason = self._wait()
        finally:
            with contextlib.suppress(Exception):  # closing a dead connection raises again
                self._display.close()
        if reason is not None:
            try:
                self._on_gone(reason)
            except Exception:
                log.exception("could not act on the X display going away")

    def _wait(self) -> str | None:
        """None when closed by us, else why the connection ended."""
        x_fd = self._display.fileno()
        while True:
            ready, _, _ = select.select([x_fd, self._wake_read], [], [])
            if self._wake_read in ready:
                return None
            try:
                while self._display.pending_events():  # reads; raises at end of stream
                    self._display.next_event()
            except Exception as error:  # ConnectionClosedError, OSError
                return detail(error)


def watch_display(env: Mapping[str, str], on_gone: Callable[[str], object]
                  ) -> DisplayWatch | None:
    """Watch the X11 session's display; None where that does not apply (no X display, a
    Wayland session, no python-xlib, a display that cannot be opened: all logged)."""
    display_name = env.get("DISPLAY", "")
    if not display_name or env.get("WAYLAND_DISPLAY") \
            or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return None
    try:
        from Xlib import display  # noqa: F401  (is python-xlib installed?)
    except ImportError:
        log.info("not watching the X display: python-xlib is not installed")
        return None
    from nudge.platform.x11_display import open_display  # no X extensions: ~1 MB less

    try:
        connection = open_display(display_name)
    except Exception as error:  # DisplayError, OSError
        log.warning("not watching the X display %s: %s", display_name, error)
        return None

    def gone(reason: str) -> None:
        log.warning("the X display %s went away (%s): the desktop session is over, so nudge "
                    "stops; it starts again at the next login if Start at login is on",
                    display_name, reason)
        on_gone(reason)

    return DisplayWatch(display_name, connection, gone)
