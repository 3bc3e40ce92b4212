"""What every tray backend offers, and the one place that picks a backend for this desktop.

Backends: `SniTray` (Linux with a StatusNotifier host: menu over D-Bus, no GTK needed),
`PystrayTray` (Windows, macOS, and Linux desktops that only have an XEmbed tray: someone owns
`_NET_SYSTEM_TRAY_S<screen>`, see `nudge.tray.xembed`) and `NullTray` (no tray at all; nudge
still runs, driven by notifications and `nudge` commands).
Each carries `name` and a one-line `reason` for logs and `nudge doctor`.

Threads (for every backend): `start` and `run_main` on the main thread; `update` and `stop`
from any thread; `on_item` on the backend's own thread (the D-Bus thread for SNI, the GUI
thread for pystray), where it must only hand work to the engine.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from nudge.tray.icon_state import IconState
from nudge.tray.menu import MenuItem

if TYPE_CHECKING:
    from PIL.Image import Image

# What `update` shows: an icon state (each backend draws it the way its host wants; the Linux
# tray without loading Pillow), or ready-made images (one, or one per pixel size).
TrayIcon: TypeAlias = "IconState | dict[int, Image] | Image"

log = logging.getLogger(__name__)

# At login nudge may start before the panel that hosts tray icons; wait this long for one.
WATCHER_GRACE_SECONDS = 5.0
INSTALL_HOST_HINT = (
    "install or enable a StatusNotifier tray (e.g. the Status Tray plugin of xfce4-panel, "
    "KDE Plasma, LXQt, waybar's tray, or GNOME's AppIndicator extension)")
CLI_HINT = "use `nudge status`, `nudge log`, `nudge pause 1h` and `nudge quit` in a terminal"


class TrayBackend(Protocol):
    name: str
    reason: str  # one line: why this backend, or what is missing

    @property
    def has_menu(self) -> bool: ...

    def start(self, on_item: Callable[[MenuItem], None]) -> None:
        """Main thread, once: put the icon on the panel. Never raises; afterwards `has_menu`
        and `reason` tell whether the user got a working menu."""
        ...

    def update(self, icon: TrayIcon, tooltip: str,
               items: tuple[MenuItem, ...], attention: bool) -> None:
        """Any thread: show this icon, tooltip and menu. Cheap when nothing changed (states
        are compared by value, images by identity)."""
        ...

    def run_main(self, stop: threading.Event) -> None:
        """Main thread: block until `stop` is set (pystray runs its GUI loop here)."""
        ...

    def stop(self) -> None:
        """Any thread: take the icon off the panel and let `run_main` return."""
        ...


class NullTray:
    """No tray could be shown; nudge keeps running without an icon."""

    name = "none"
    has_menu = False

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self._stop = threading.Event()

    def start(self, on_item: Callable[[MenuItem], None]) -> None:
        pass

    def update(self, icon: TrayIcon, tooltip: str,
               items: tuple[MenuItem, ...], attention: bool) -> None:
        pass

    def run_main(self, stop: threading.Event) -> None:
        if not self._stop.is_set():
            self._stop = stop
            stop.wait()

    def stop(self) -> None:
        self._stop.set()


def same_icon(new: object, old: object) -> bool:
    """States by value; images by identity, not pixels (callers reuse their images)."""
    if isinstance(new, IconState):
        return new == old
    if isinstance(new, dict) and isinstance(old, dict):
        return new.keys() == old.keys() and all(new[k] is old[k] for k in new)
    return new is old


def pick_tray(dbus: Any, *, watcher_grace: float = WATCHER_GRACE_SECONDS,
              platform: str = sys.platform) -> TrayBackend:
    """The tray for this desktop (main thread; on Linux it may wait up to `watcher_grace`
    seconds for a StatusNotifier host to appear). Never raises."""
    if platform.startswith("linux"):
        return _pick_linux(dbus, watcher_grace)
    return _pystray_or_null("")


def _pick_linux(dbus: Any, watcher_grace: float) -> TrayBackend:
    no_sni = "no D-Bus session bus"
    if dbus is not None:
        from nudge.tray.sni import SniTray, find_host

        try:
            check = dbus.run(find_host(dbus, wait=watcher_grace), timeout=watcher_grace + 10)
        except Exception as error:
            log.warning("could not look for a StatusNotifier host: %s", error)
            no_sni = f"could not look for a StatusNotifier host ({error})"
        else:
            if check.ok:
                return SniTray(dbus, reason=check.reason)
            no_sni = check.reason
    display = os.environ.get("DISPLAY")
    if not display:
        return NullTray(f"{no_sni}, and no X11 display for an XEmbed tray; {CLI_HINT}, "
                        f"or {INSTALL_HOST_HINT}")
    from nudge.tray.xembed import find_xembed_tray

    xembed = find_xembed_tray(display)
    if xembed.owned is False:  # None (could not ask): let pystray try and say what it finds
        return NullTray(no_tray_reason(no_sni, xembed.selection))
    return _pystray_or_null(no_sni)


def no_tray_reason(no_sni: str, selection: str) -> str:
    """Neither a StatusNotifier host nor an XEmbed tray: say so, what still works, the fix."""
    return (f"this desktop has no tray at all ({no_sni}, and no XEmbed tray: nothing owns "
            f"{selection}), so nudge runs without an icon. Nudges and their answers still "
            f"come as notifications, and `nudge status` shows where things stand. For an "
            f"icon, {INSTALL_HOST_HINT}")


def _pystray_or_null(why_not_sni: str) -> TrayBackend:
    from nudge.tray.pystray_tray import PystrayTray, TrayUnavailable

    try:
        return PystrayTray.load(why_not_sni)
    except TrayUnavailable as error:
        return NullTray(f"{error}; {CLI_HINT}")
