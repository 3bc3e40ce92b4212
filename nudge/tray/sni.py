"""The Linux tray: a StatusNotifierItem with a dbusmenu menu, spoken directly over D-Bus.

Works after a plain `pip install` (jeepney is pure Python): no GTK, no PyGObject, no
compiler. Every StatusNotifier host reads it: KDE Plasma, XFCE's Status Tray,
Cinnamon (xapp-sn-watcher), LXQt, waybar, GNOME with the AppIndicator extension.
Spec: freedesktop.org "StatusNotifierItem" (org.kde.StatusNotifierItem/Watcher).

What a click does: nudge has no window, so its menu is the whole tray interface. `ItemIsMenu`
is true, and hosts that honour it open the menu on a left click as well as a right click
(XFCE's Status Tray, waybar and GNOME's AppIndicator extension). KDE Plasma 5.27 never reads
`ItemIsMenu`: a left click calls `Activate` and opens the menu only when that call fails
(its StatusNotifierItem.qml fallback), so `Activate` answers with a NotSupported error.
LXQt 1.2 also calls only `Activate` on a left click and has no such fallback: there the left
click does nothing and the right click shows the menu. `SecondaryActivate` (middle click),
`ContextMenu` and `Scroll` do nothing.

Threads: the item's methods and property reads are answered on the D-Bus I/O thread
("nudge-dbus", `nudge.platform.bus`). `start` blocks the main thread briefly while the item is
exported and registered. `stop` may be called from any thread; on the D-Bus thread itself (a
"Quit" click) it finishes on a short-lived thread. `update` may be called from any thread, the
D-Bus thread included (a click that refreshes the menu): it swaps immutable snapshots under a
lock and schedules the change signals on the D-Bus thread, never waiting for it. `on_item`
runs on the D-Bus thread and must only hand work to the engine. A panel restart is handled: the
watcher's NameOwnerChanged makes the item register again (from a short-lived thread, as its
calls block).

Modules: this one is the backend (`SniTray`); the exported item object is in `sni_item.py`,
finding and registering with the watcher in `sni_watcher.py`, the icon data in `sni_pixmaps.py`.

The icon goes as `IconPixmap`; why not `IconThemePath` + `IconName`: `sni_pixmaps.py`. Its
colours follow the config's `tray_icon` choice; for "auto" they follow the watcher's program:
GNOME Shell's top bar is black and expects symbolic icons, so there the light palette.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from nudge.i18n import N_, English
from nudge.platform import bus_calls
from nudge.platform.probe import Capability
from nudge.tray.backend import TrayIcon, same_icon
from nudge.tray.dbusmenu import DbusMenuInterface, MenuChange, MenuLayout
from nudge.tray.icon_state import Palette, palette_for
from nudge.tray.menu import MenuItem
from nudge.tray.menu_changes import merge_changes
from nudge.tray.sni_item import (
    ITEM,
    ITEM_IS_MENU,
    ITEM_PATH,
    MENU_PATH,
    ItemState,
    StatusNotifierItemInterface,
    announce,
    changed,
)
from nudge.tray.sni_pixmaps import icon_pixmaps, pixmaps
from nudge.tray.sni_watcher import (
    CALL_TIMEOUT_SECONDS,
    GNOME_SHELL,
    HOSTS_HINT,
    WATCHER,
    WATCHER_MATCH,
    WATCHER_PATH,
    find_host,
    register,
    sni_reason,
)

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection, Signal

# Re-exported: the names callers and tests import from here.
__all__ = ["CALL_TIMEOUT_SECONDS", "HOSTS_HINT", "ITEM_IS_MENU", "ITEM_PATH", "MENU_PATH",
           "WATCHER", "WATCHER_PATH", "ItemState", "SniTray",
           "StatusNotifierItemInterface", "find_host", "icon_pixmaps", "pixmaps"]

log = logging.getLogger(__name__)
_instances = itertools.count(1)


class SniTray:
    """A `TrayBackend` that exports a StatusNotifierItem and its dbusmenu on the session bus."""

    name = "statusnotifier"

    def __init__(self, dbus: BusThread, reason: str = sni_reason(""),
                 tray_icon: str = "auto") -> None:
        self._dbus = dbus
        self._tray_icon = tray_icon  # the config's choice; "auto" waits for the watcher's name
        self.palette = palette_for(tray_icon, symbolic_dark_panel=False)
        self._lock = threading.Lock()
        self._state = ItemState()
        self._layout = MenuLayout()
        self._icon_source: TrayIcon | None = None
        self._items: tuple[MenuItem, ...] | None = None
        self._pending_item: set[str] = set()
        self._pending_menu: list[MenuChange] = []
        self._flush_scheduled = False
        self._on_item: Callable[[MenuItem], None] = lambda item: None
        self._on_open: Callable[[], None] = lambda: None
        self._bus: Connection | None = None
        self._item_iface = StatusNotifierItemInterface(lambda: self._state)
        self._menu_iface = DbusMenuInterface(lambda: self._layout, self._click, self._opening,
                                             later=dbus.call_soon)
        self.bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-{next(_instances)}"
        self._stopped = False
        self._halt = threading.Event()
        self.has_menu = True
        self.reason = reason

    # -- TrayBackend ---------------------------------------------------------------------
    @property
    def capabilities(self) -> frozenset[Capability]:
        menu = {Capability.MENU} if self.has_menu else set()
        return frozenset({Capability.USES_DBUS, *menu})

    def start(self, on_item: Callable[[MenuItem], None],
              on_open: Callable[[], None] | None = None) -> None:
        """Main thread: export the item and menu, register with the watcher. Never raises:
        on failure `has_menu` is False and `reason` says why. `on_open` runs on the D-Bus
        thread when a host is about to show the menu; it may call `update`."""
        self._on_item = on_item
        if on_open is not None:
            self._on_open = on_open
        try:
            self._start()
        except Exception as error:  # no bus, a refused name, a hung watcher
            log.warning("StatusNotifierItem could not start: %s", error)
            # Translators: {error} is a technical error.
            self._set_unavailable(English(N_("the tray icon could not be put on the panel: "
                                             "{error}"), error=str(error)))

    def update(self, icon: TrayIcon, tooltip: str, items: tuple[MenuItem, ...],
               attention: bool) -> None:
        """Any thread: show this icon/tooltip/menu. Cheap when nothing changed."""
        with self._lock:
            pixmaps = None
            if not same_icon(icon, self._icon_source):
                self._icon_source = icon
                pixmaps = icon_pixmaps(icon, self.palette)
            self._state, signals = changed(self._state, tooltip, attention, pixmaps)
            change = None
            if items != self._items:
                self._items = items
                self._layout, change = self._layout.build(items)
            if not signals and not change:
                return
            self._pending_item |= signals
            if change:
                self._pending_menu.append(change)
            if self._bus is None or self._flush_scheduled:
                return  # not exported yet (start() publishes it all) or a flush is queued
            self._flush_scheduled = True
        self._dbus.call_soon(self._flush)

    def run_main(self, stop: threading.Event) -> None:
        """Main thread: nothing to run here (the D-Bus thread serves the tray); wait until
        `stop` is set or `stop()` is called."""
        self._halt = stop
        if not self._stopped:
            stop.wait()

    def stop(self) -> None:
        """Any thread: take the item off the panel (hosts drop it when our name goes) and let
        `run_main` return."""
        self._stopped = True
        self._halt.set()
        if self._bus is None:
            return
        if self._dbus.on_its_thread():  # its calls would wait for this very thread
            threading.Thread(target=self._stop, name="nudge-sni-stop", daemon=True).start()
            return
        self._stop()

    # -- blocking D-Bus work (never on the I/O thread) ----------------------------------
    def _start(self) -> None:
        bus = self._dbus.connection()
        bus.exports.add(ITEM_PATH, self._item_iface)
        bus.exports.add(MENU_PATH, self._menu_iface.interface)
        try:
            bus_calls.request_name(bus, self.bus_name, CALL_TIMEOUT_SECONDS)
        except Exception:
            bus.exports.remove(ITEM_PATH, ITEM)
            bus.exports.remove(MENU_PATH, self._menu_iface.interface.name)
            raise
        bus.add_handler(self._on_signal)
        bus_calls.add_match(bus, WATCHER_MATCH, CALL_TIMEOUT_SECONDS)
        with self._lock:
            self._bus = bus
            self._pending_item.clear()
            self._pending_menu.clear()
        self._register()

    def _register(self) -> None:
        if self._stopped or self._bus is None:
            return
        try:
            host = register(self._bus, self.bus_name, ITEM_PATH)
        except Exception as error:
            log.info("no StatusNotifier host took the tray icon: %s", error)
            # Translators: {hosts} lists the desktops and panels that show StatusNotifier icons.
            self._set_unavailable(English(N_(
                "no StatusNotifier tray host on the session bus (waiting for one to start); "
                "nudge's tray icon shows up in {hosts}"), hosts=HOSTS_HINT))
            return
        self.has_menu = True
        self.reason = sni_reason(host)
        log.info("tray icon registered with the StatusNotifier watcher")
        self._use_palette(palette_for(self._tray_icon, symbolic_dark_panel=host == GNOME_SHELL))

    def _use_palette(self, palette: Palette) -> None:
        """Redraw the shown icon in `palette` if that is new (the host told us its kind)."""
        with self._lock:
            if palette is self.palette:
                return
            self.palette = palette
            log.info("tray icon colours: %s", palette)
            if self._icon_source is None:
                return
            state = self._state
            self._state, signals = changed(state, state.tooltip, state.attention,
                                           icon_pixmaps(self._icon_source, palette))
            self._pending_item |= signals
            if self._bus is None or self._flush_scheduled:
                return
            self._flush_scheduled = True
        self._dbus.call_soon(self._flush)

    def _stop(self) -> None:
        bus = self._bus
        self._bus = None
        if bus is None or not bus.open:
            return
        bus.remove_handler(self._on_signal)
        bus.exports.remove(ITEM_PATH, ITEM)
        bus.exports.remove(MENU_PATH, self._menu_iface.interface.name)
        try:
            bus_calls.remove_match(bus, WATCHER_MATCH, CALL_TIMEOUT_SECONDS)
            bus_calls.release_name(bus, self.bus_name, CALL_TIMEOUT_SECONDS)
        except Exception as error:
            log.warning("could not release %s: %s", self.bus_name, error)

    # -- D-Bus thread --------------------------------------------------------------------
    def _on_signal(self, signal: Signal) -> None:
        """Watch the watcher: a panel restart brings a new owner, and we register again."""
        if not bus_calls.is_owner_change(signal, WATCHER):
            return
        if signal.body[2]:
            log.info("a StatusNotifier watcher appeared; registering the tray icon")
            threading.Thread(target=self._register, name="nudge-sni-register",
                             daemon=True).start()
        else:
            self._set_unavailable("the tray host went away; the icon comes back when it "
                                  "restarts")

    def _flush(self) -> None:
        with self._lock:
            self._flush_scheduled = False
            signals, self._pending_item = self._pending_item, set()
            changes, self._pending_menu = self._pending_menu, []
            layout, state = self._layout, self._state
        bus = self._bus
        if bus is None:
            return
        announce(bus.emit, signals, state)
        if changes:
            self._menu_iface.announce(
                lambda member, sig, body: bus.emit(MENU_PATH, self._menu_iface.interface.name,
                                                   member, sig, body),
                layout, merge_changes(changes))

    def _click(self, item: MenuItem) -> None:
        try:
            self._on_item(item)
        except Exception:
            log.exception("the tray menu action %r failed", item.label)

    def _opening(self) -> bool:
        """AboutToShow: let the UI bring the menu up to date; True if the layout changed."""
        before = self._layout.revision
        try:
            self._on_open()
        except Exception:
            log.exception("refreshing the tray menu before it opens failed")
        return self._layout.revision != before

    def _set_unavailable(self, reason: str) -> None:
        self.has_menu = False
        self.reason = reason

