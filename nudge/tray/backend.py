"""What every tray backend offers, and the one place that picks a backend for this desktop.

Backends: `SniTray` (Linux with a StatusNotifier host: menu over D-Bus, no GTK needed),
`PystrayTray` (Windows, macOS, and Linux desktops that only have an XEmbed tray: someone owns
`_NET_SYSTEM_TRAY_S<screen>`, see `nudge.tray.xembed`) and `NullTray` (no tray at all; nudge
still runs, driven by notifications and `nudge` commands).
Each carries `name`, a one-line `reason` for logs and `nudge doctor`, and its `capabilities`
(a menu; whether it lives on the D-Bus session bus). `probe_tray` says which one works here as
the probe every adapter family gives (`nudge.platform.probe`).

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
from typing import TYPE_CHECKING, Protocol, TypeAlias

from nudge.i18n import N_, English
from nudge.platform.error_words import message
from nudge.platform.probe import Capability, Probe, Status, Unavailable
from nudge.tray.icon_state import IconState
from nudge.tray.menu import MenuItem

if TYPE_CHECKING:
    from PIL.Image import Image

    from nudge.platform.bus import BusThread

# What `update` shows: an icon state (each backend draws it the way its host wants; the Linux
# tray without loading Pillow), or ready-made images (one, or one per pixel size).
TrayIcon: TypeAlias = "IconState | dict[int, Image] | Image"

log = logging.getLogger(__name__)

# At login nudge may start before the panel that hosts tray icons; wait this long for one.
WATCHER_GRACE_SECONDS = 5.0


class TrayBackend(Protocol):
    name: str
    reason: str  # one line: why this backend, or what is missing

    @property
    def has_menu(self) -> bool: ...

    @property
    def capabilities(self) -> frozenset[Capability]:
        """MENU while `has_menu`; USES_DBUS for a tray that goes with the session bus."""
        ...

    def start(self, on_item: Callable[[MenuItem], None],
              on_open: Callable[[], None] | None = None) -> None:
        """Main thread, once: put the icon on the panel. Never raises; afterwards `has_menu`
        and `reason` tell whether the user got a working menu. `on_open`, where the backend
        can tell, is called as the menu opens (to re-read state the status does not carry)."""
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
    capabilities: frozenset[Capability] = frozenset()

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self._stop = threading.Event()

    def start(self, on_item: Callable[[MenuItem], None],
              on_open: Callable[[], None] | None = None) -> None:
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


TrayProbe: TypeAlias = Probe[TrayBackend]


def pick_tray(dbus: BusThread | None, *, watcher_grace: float = WATCHER_GRACE_SECONDS,
              platform: str = sys.platform, tray_icon: str = "auto") -> TrayBackend:
    """The tray for this desktop: `probe_tray`'s backend, a `NullTray` where none works.
    `tray_icon` is the config's choice of icon colours (`nudge.tray.icon_state.palette_for`)."""
    picked = probe_tray(dbus, watcher_grace=watcher_grace, platform=platform,
                        tray_icon=tray_icon)
    return picked.adapter if picked.adapter is not None else NullTray(picked.reason)


def probe_tray(dbus: BusThread | None, *, watcher_grace: float = WATCHER_GRACE_SECONDS,
               platform: str = sys.platform, tray_icon: str = "auto") -> TrayProbe:
    """Which tray works here: used (with the backend) or unavailable (with a `NullTray` that
    says why). Main thread; on Linux it may wait up to `watcher_grace` seconds for a
    StatusNotifier host to appear. Never raises."""
    if platform.startswith("linux"):
        return _pick_linux(dbus, watcher_grace, tray_icon)
    return _pystray_or_null("", tray_icon)


def _used(backend: TrayBackend) -> TrayProbe:
    return Probe.used(backend.name, backend, backend.reason, backend.capabilities)


def _null(reason: str) -> TrayProbe:
    return Probe(NullTray.name, Status.UNAVAILABLE, reason, NullTray(reason))


def _pick_linux(dbus: BusThread | None, watcher_grace: float, tray_icon: str) -> TrayProbe:
    no_sni: str = English(N_("no D-Bus session bus"))
    if dbus is not None:
        from nudge.tray.sni import SniTray, find_host

        try:
            check = find_host(dbus, wait=watcher_grace)
        except Exception as error:
            log.warning("could not look for a StatusNotifier host: %s", error)
            no_sni = English(N_("could not look for a StatusNotifier host ({error})"),
                             error=str(error))
        else:
            if check.works:
                return _used(SniTray(dbus, reason=check.reason, tray_icon=tray_icon))
            no_sni = check.reason
    display = os.environ.get("DISPLAY")
    if not display:
        # Translators: {why_not} says why no StatusNotifier tray works ("no D-Bus session
        # bus"); the commands and program names stay as they are.
        return _null(English(N_(
            "{why_not}, and no X11 display for an XEmbed tray; use `nudge status`, `nudge "
            "done|snooze|skip`, `nudge pause 1h` and `nudge quit` in a terminal, or install or "
            "enable a StatusNotifier tray (e.g. the Status Tray plugin of xfce4-panel, KDE "
            "Plasma, LXQt, waybar's tray, or GNOME's AppIndicator extension)"), why_not=no_sni))
    from nudge.tray.xembed import find_xembed_tray

    xembed = find_xembed_tray(display)
    if xembed.owned is False:  # None (could not ask): let pystray try and say what it finds
        return _null(no_tray_reason(no_sni, xembed.selection))
    return _pystray_or_null(no_sni, tray_icon)


def no_tray_reason(no_sni: str, selection: str) -> English:
    """Neither a StatusNotifier host nor an XEmbed tray: say so, what still works, the fix."""
    # Translators: {why_not} says why no StatusNotifier tray works ("no D-Bus session bus");
    # {selection} is an X11 selection name (_NET_SYSTEM_TRAY_S0).
    return English(N_("this desktop has no tray at all ({why_not}, and no XEmbed tray: nothing "
                      "owns {selection}), so nudge runs without an icon. Nudges and their "
                      "answers still come as notifications, and `nudge status` shows where "
                      "things stand. For an icon, install or enable a StatusNotifier tray (e.g. "
                      "the Status Tray plugin of xfce4-panel, KDE Plasma, LXQt, waybar's tray, "
                      "or GNOME's AppIndicator extension)"), why_not=no_sni, selection=selection)


def _pystray_or_null(why_not_sni: str, tray_icon: str) -> TrayProbe:
    from nudge.tray.pystray_tray import PystrayTray

    try:
        return _used(PystrayTray.load(why_not_sni, tray_icon))
    except Unavailable as error:
        # Translators: {why_not} says why the tray library cannot show an icon here.
        return _null(English(N_("{why_not}; use `nudge status`, `nudge done|snooze|skip`, "
                                "`nudge pause 1h` and `nudge quit` in a terminal"),
                             why_not=message(error)))
