"""The focused window on X11, from the EWMH hints a window manager keeps on the root window.

- Fullscreen: root `_NET_ACTIVE_WINDOW` names the focused client window; its `_NET_WM_STATE`
  holds `_NET_WM_STATE_FULLSCREEN` while it is fullscreen (videos, games, slide shows).
- Focused process: that window's `_NET_WM_PID` (used by the `focused_apps` blocker).

Under a Wayland session the X server is XWayland: GNOME's and KDE's window managers keep these
hints for X11 windows only (many games and call apps are X11 apps), and the active window reads
as none while a Wayland-native window has the focus. Limits: a fullscreen window that is not
focused (a video on the other monitor) is not seen; neither is an override-redirect "fullscreen"
window that bypasses the window manager (some old games); `_NET_WM_PID` is missing for some
apps and is a sandbox's own PID for Flatpak apps.

On Wayland, GNOME starts Xwayland only when the first X11 client connects, and keeps it from
then on: connecting just to ask would start it for nothing. So there the connection waits until
an Xwayland process runs (no Xwayland, no X11 window, nothing fullscreen to see).

Checked on the engine thread (a probe's thread in `nudge doctor`); one lock guards the connection.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

from nudge.blockers.base import CheckFailed, Unavailable
from nudge.i18n import N_, English, _
from nudge.platform.error_words import message

_ATOMS = ("_NET_ACTIVE_WINDOW", "_NET_WM_STATE", "_NET_WM_STATE_FULLSCREEN", "_NET_WM_PID")


class X11Windows:
    """One kept connection to an X display, asked about the active window.

    Cost: two or three small X round trips per call. If the server goes away, the next call
    reconnects once; if that fails it raises CheckFailed. With `connect_when` (Wayland), no
    connection is made until it returns True: until then every answer is "none" (it is asked
    on each call while not connected; a /proc scan of a few ms). Thread: any (one lock).
    """

    def __init__(self, display_name: str,
                 connect_when: Callable[[], bool] | None = None) -> None:
        self.display_name = display_name
        self._lock = threading.Lock()
        self._display: Any = None
        self._atoms: dict[str, int] = {}
        self._connect_when = connect_when
        if connect_when is None:
            self._connect()

    def fullscreen_window(self) -> str | None:
        """None unless the active window is fullscreen; then its WM_CLASS class ("" if unset)."""
        found: str | None = self._ask(self._fullscreen)
        return found

    def focused_process(self) -> int | None:
        """The process id of the active window (`_NET_WM_PID`), or None if there is none."""
        pid: int | None = self._ask(self._pid)
        return pid

    def close(self) -> None:
        with self._lock:
            self._drop()

    # -- inside the lock ---------------------------------------------------------------------
    def _ask(self, question: Any) -> Any:
        from Xlib import error

        with self._lock:
            if self._display is not None:
                try:
                    return question()
                except (error.ConnectionClosedError, OSError):
                    self._drop()  # the server went away or restarted: try a new connection
            if self._connect_when is not None and not self._connect_when():
                return None  # no Xwayland yet: there is no X11 window to ask about
            try:
                self._connect()
            except Unavailable as gone:
                # Translators: {display} is an X display (":0"); {problem} why it is gone.
                raise CheckFailed(English(N_("X server {display} is gone: {problem}"),
                                          display=self.display_name, problem=message(gone))) \
                    from None
            return question()

    def _fullscreen(self) -> str | None:
        window = self._active()
        if window is None:
            return None
        state = self._property(window, "_NET_WM_STATE")
        if self._atoms["_NET_WM_STATE_FULLSCREEN"] not in state:
            return None
        return self._window_class(window)

    def _pid(self) -> int | None:
        window = self._active()
        if window is None:
            return None
        pids = self._property(window, "_NET_WM_PID")
        return int(pids[0]) if pids and pids[0] > 0 else None

    def _active(self) -> Any:
        root = self._display.screen().root
        ids = self._property(root, "_NET_ACTIVE_WINDOW")
        if not ids or not ids[0]:
            return None  # no window manager, nothing focused, or a Wayland window has focus
        return self._display.create_resource_object("window", int(ids[0]))

    def _property(self, window: Any, name: str) -> list[int]:
        from Xlib import X, error

        try:
            prop = window.get_full_property(self._atoms[name], X.AnyPropertyType)
        except (error.BadWindow, error.BadDrawable, error.BadMatch, error.BadValue):
            return []  # the window closed between two requests
        if prop is None or prop.format != 32:
            return []
        return [int(v) for v in prop.value]

    def _window_class(self, window: Any) -> str:
        from Xlib import error

        try:
            names = window.get_wm_class()
        except (error.BadWindow, error.BadDrawable):
            return ""
        return str(names[1]) if names else ""

    def _connect(self) -> None:
        try:
            from Xlib import error
        except ImportError:
            raise Unavailable(_("python-xlib is not installed")) from None
        from nudge.platform.x11_display import open_display  # no X extensions: ~1 MB less

        try:
            connection = open_display(self.display_name)
        except (error.DisplayError, OSError) as failure:
            # Translators: {display} is an X display (":0"), {problem} why it cannot be opened.
            raise Unavailable(_("cannot open X display {display}: {problem}").format(
                display=self.display_name, problem=failure)) from None
        self._atoms = {name: connection.intern_atom(name) for name in _ATOMS}
        self._display = connection

    def _drop(self) -> None:
        display, self._display = self._display, None
        if display is not None:
            with contextlib.suppress(Exception):  # closing a dead connection raises again
                display.close()


class X11FullscreenBlocker:
    """Blocks while the focused X11 window is fullscreen."""

    name = "fullscreen"

    def __init__(self, windows: X11Windows) -> None:
        self.windows = windows

    def check(self) -> str | None:
        app = self.windows.fullscreen_window()
        if app is None:
            return None
        # Translators: why a nudge waits; {app} is a program's name.
        return English(N_("a fullscreen window ({app})"), app=app) if app else \
            English(N_("a fullscreen window"))


def xwayland_running(proc: str = "/proc") -> bool:
    """Whether an Xwayland process runs (any user's: /proc/PID/comm is readable for all)."""
    try:
        entries = os.listdir(proc)
    except OSError:
        return True  # cannot tell: connect, as on X11
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"{proc}/{entry}/comm", "rb") as file:
                    if file.read().strip() == b"Xwayland":
                        return True
            except OSError:
                continue
    return False


def connect(env: Mapping[str, str], xwayland: Callable[[], bool] = xwayland_running
            ) -> tuple[X11Windows, str]:
    """A connection to the session's X display and one line saying what it sees; raises
    Unavailable with the reason when there is no X display. Under Wayland the connection is
    made only once `xwayland()` says Xwayland runs (see the module notes)."""
    display_name = env.get("DISPLAY", "")
    if not display_name:
        raise Unavailable(_("no X display ($DISPLAY is not set)"))
    wayland = bool(env.get("WAYLAND_DISPLAY")) or \
        env.get("XDG_SESSION_TYPE", "").lower() == "wayland"
    if wayland:
        # Translators: {display} is an X display (":0"); EWMH is the X11 window hints' name.
        return (X11Windows(display_name, connect_when=xwayland),
                _("EWMH fullscreen state on Xwayland display {display}: X11 windows only; "
                  "Wayland-native windows are not seen").format(display=display_name))
    # Translators: {display} is an X display (":0"); EWMH is the X11 window hints' name.
    return (X11Windows(display_name),
            _("EWMH fullscreen state on X display {display}: the active window").format(
                display=display_name))
