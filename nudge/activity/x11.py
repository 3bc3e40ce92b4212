"""Idle time from the X server's MIT-SCREEN-SAVER extension (python-xlib).

Works on any X11 session (and under Xvfb). The connection sets up only that extension
(`nudge.platform.x11_display`). Under a Wayland session the X server is XWayland,
which only sees input that goes to X11 windows: the picker does not use this source there.

Probed on the main thread at start, read on the engine thread (a lock keeps a read and `close`
apart).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Mapping
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe, Unavailable
from nudge.app.ports import ActivityReading
from nudge.i18n import _
from nudge.platform.x11_display import IDLE_EXTENSION, open_display

log = logging.getLogger(__name__)
MS_PER_SECOND = 1000.0


class X11IdleSource:
    """Idle seconds since the last keyboard or mouse input on one X display.

    Cost: one X request (ScreenSaverQueryInfo) per read on one connection, kept open. If the X
    server goes away, the next read reconnects once; if that fails it raises OSError (the
    combined source then counts the time as seated and logs it once).
    Thread: any, one at a time (the engine thread in practice).
    """

    name = "x11"

    def __init__(self, display_name: str) -> None:
        self.display_name = display_name
        self._lock = threading.Lock()
        self._display: Any = _connect(display_name)

    def read(self) -> ActivityReading:
        return ActivityReading(idle_seconds=self.idle_ms() / MS_PER_SECOND)

    def idle_ms(self) -> int:
        from Xlib import error

        with self._lock:
            if self._display is not None:
                try:
                    return self._query()
                except (error.ConnectionClosedError, OSError):
                    self._drop()  # the server went away or restarted: try a new connection
            try:
                self._display = _connect(self.display_name)
            except Unavailable as gone:
                raise OSError(f"X server {self.display_name} is gone: {gone}") from None
            return self._query()

    def _query(self) -> int:
        return int(self._display.screen().root.screensaver_query_info().idle)

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        display, self._display = self._display, None
        if display is not None:
            # Closing a dead connection raises the socket error again.
            with contextlib.suppress(Exception):
                display.close()


def _connect(display_name: str) -> Any:
    try:
        from Xlib import error
    except ImportError:
        raise Unavailable(_("python-xlib is not installed")) from None
    try:
        connection = open_display(display_name, (IDLE_EXTENSION,))
    except (error.DisplayError, OSError) as failure:
        raise Unavailable(_("cannot open X display {display}: {why}").format(
            display=display_name, why=failure)) from None
    if not connection.has_extension(IDLE_EXTENSION):
        connection.close()
        raise Unavailable(_("X display {display} has no MIT-SCREEN-SAVER extension").format(
            display=display_name))
    return connection


def probe(env: Mapping[str, str]) -> ActivityProbe:
    display_name = env.get("DISPLAY", "")
    if not display_name:
        return Probe.unavailable(X11IdleSource.name, _("no X display ($DISPLAY is not set)"))
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return Probe.unavailable(X11IdleSource.name,
                                 _("Wayland session: the X11 extension only sees input to "
                                   "XWayland windows"))
    try:
        source = X11IdleSource(display_name)
        source.read()
    except (Unavailable, OSError) as why:
        return Probe.unavailable(X11IdleSource.name, str(why))
    return Probe.used(X11IdleSource.name, source,
                      _("X11 MIT-SCREEN-SAVER idle time on display {display}").format(
                          display=display_name),
                      frozenset({Capability.IDLE_TIME}))

