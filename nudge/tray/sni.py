"""The Linux tray: a StatusNotifierItem with a dbusmenu menu, spoken directly over D-Bus.

Works after a plain `pip install` (dbus-fast is pure Python with optional speedups): no GTK,
no PyGObject, no compiler. Every StatusNotifier host reads it: KDE Plasma, XFCE's Status Tray,
Cinnamon (xapp-sn-watcher), LXQt, waybar, GNOME with the AppIndicator extension.
Spec: freedesktop.org "StatusNotifierItem" (org.kde.StatusNotifierItem/Watcher).

What a click does: `ItemIsMenu` is true, so hosts open the menu on a left click as well as a
right click (XFCE, KDE, waybar and the GNOME extension honour it). nudge has no window to
raise, so `Activate`, `SecondaryActivate` (middle click), `ContextMenu` and `Scroll` do nothing.

Threads: all D-Bus work runs on the shared `DbusLoop` thread ("nudge-dbus"). `start` blocks
the main thread briefly while the item is exported and registered. `stop` may be called from
any thread; on the D-Bus thread itself (a "Quit" click) it finishes in the background.
`update` may be called from any thread, the D-Bus thread included (a click that refreshes the
menu): it swaps immutable snapshots under a lock and schedules the change signals on the loop,
never waiting for it. `on_item` runs on the D-Bus thread and must only hand work to the engine.
A panel restart is handled: the watcher's NameOwnerChanged makes the item register again.

The icon goes as `IconPixmap` (ARGB data in the message), read from the pre-drawn strips in
`nudge/tray/pixmap_files.py`, so this process never loads Pillow. Not `IconThemePath` +
`IconName` (PNG files the host loads): the freedesktop spec defines only the name and pixmap
properties, and `IconThemePath` is a KDE/libappindicator extension that hosts read differently:
Plasma honours it only for a path ending in `<app>/icons` with a theme layout below (its own
source says "FIXME: If last part of path is not "icons", this won't work!"), and hosts cache
icons by name, which an icon that changes every 75 s would defeat. Every host draws pixmaps.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from dbus_fast import Message, MessageType
from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import NameFlag, PropertyAccess, RequestNameReply
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

from nudge.tray.backend import TrayIcon, same_icon
from nudge.tray.dbusmenu import DbusMenuInterface, MenuChange, MenuLayout
from nudge.tray.icon_state import TRAY_SIZES, IconState
from nudge.tray.menu import MenuItem
from nudge.tray.pixmap_files import StripError, tray_pixmaps

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_PATH = "/StatusNotifierItem"
MENU_PATH = "/MenuBar"
BUS = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
CALL_TIMEOUT_SECONDS = 5.0
# Desktops whose panel (or an extension) hosts StatusNotifier items, for messages to the user.
HOSTS_HINT = ("KDE Plasma, the XFCE panel's Status Tray plugin, Cinnamon, LXQt, waybar's tray, "
              "or GNOME with the AppIndicator extension")
# Left click opens the menu (see the module docstring); flip to make hosts send Activate.
ITEM_IS_MENU = True

_instances = itertools.count(1)

Int = Annotated[int, DBusSignature("i")]
Void = Annotated[None, DBusSignature("")]  # no reply body (a bare `-> None` breaks dbus-fast)
Str = Annotated[str, DBusSignature("s")]
Bool = Annotated[bool, DBusSignature("b")]
Path_ = Annotated[str, DBusSignature("o")]
Pixmaps = Annotated[list[Any], DBusSignature("a(iiay)")]
ToolTip = Annotated[list[Any], DBusSignature("(sa(iiay)ss)")]


# -- pure helpers --------------------------------------------------------------------------
def icon_pixmaps(icon: TrayIcon) -> tuple[tuple[int, int, bytes], ...]:
    """The IconPixmap value for `icon`. A state comes from the pre-drawn strips, so Pillow is
    never loaded; only if they are missing (an install without them) is it drawn."""
    if not isinstance(icon, IconState):
        return tuple((w, h, data) for w, h, data in pixmaps(icon))
    try:
        return tray_pixmaps(icon)
    except StripError as error:
        log.warning("drawing the tray icon with Pillow: %s", error)
    from nudge.tray.icon import draw_icon

    return tuple((w, h, data) for w, h, data in pixmaps(
        {size: draw_icon(icon, size) for size in TRAY_SIZES}))


def pixmaps(icon: dict[int, Image.Image] | Image.Image) -> list[list[Any]]:
    """SNI IconPixmap: `[width, height, ARGB32 bytes in network byte order]` per size."""
    from PIL import Image

    images = [icon[size] for size in sorted(icon)] if isinstance(icon, dict) else [icon]
    result = []
    for image in images:
        rgba = image.convert("RGBA")
        red, green, blue, alpha = rgba.split()
        # Pillow has no RGBA->ARGB packer; reorder the bands instead.
        argb = Image.merge("RGBA", (alpha, red, green, blue)).tobytes()
        result.append([rgba.width, rgba.height, argb])
    return result


@dataclass(frozen=True)
class ItemState:
    """What the StatusNotifierItem shows (immutable: swapped whole under the tray's lock)."""

    pixmaps: tuple[tuple[int, int, bytes], ...] = ()
    tooltip: str = "nudge"
    attention: bool = False


@dataclass(frozen=True)
class HostCheck:
    """Whether a StatusNotifier host can show our item, and a one-line why."""

    ok: bool
    reason: str


# -- the StatusNotifierItem object ---------------------------------------------------------
class StatusNotifierItemInterface(ServiceInterface):
    """`org.kde.StatusNotifierItem` at `/StatusNotifierItem` (D-Bus thread only)."""

    def __init__(self, state: Callable[[], ItemState]) -> None:
        super().__init__("org.kde.StatusNotifierItem")
        self._state = state

    @dbus_property(access=PropertyAccess.READ)
    def Category(self) -> Str:
        return "ApplicationStatus"

    @dbus_property(access=PropertyAccess.READ)
    def Id(self) -> Str:
        return "nudge"

    @dbus_property(access=PropertyAccess.READ)
    def Title(self) -> Str:
        return "nudge"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return "NeedsAttention" if self._state().attention else "Active"

    @dbus_property(access=PropertyAccess.READ)
    def WindowId(self) -> Int:
        return 0

    @dbus_property(access=PropertyAccess.READ)
    def IconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconThemePath(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconPixmap(self) -> Pixmaps:
        return [list(p) for p in self._state().pixmaps]

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconPixmap(self) -> Pixmaps:
        return []

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconPixmap(self) -> Pixmaps:
        # The icon itself already shows a pending nudge; hosts that swap in the attention
        # icon must not lose it.
        return [list(p) for p in self._state().pixmaps]

    @dbus_property(access=PropertyAccess.READ)
    def AttentionMovieName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def ToolTip(self) -> ToolTip:
        # (icon name, icon pixmaps, title, description); some hosts read the description as
        # markup, so the text goes in the plain-text title.
        return ["", [], self._state().tooltip, ""]

    @dbus_property(access=PropertyAccess.READ)
    def ItemIsMenu(self) -> Bool:
        return ITEM_IS_MENU

    @dbus_property(access=PropertyAccess.READ)
    def Menu(self) -> Path_:
        return MENU_PATH

    @dbus_method()
    def ContextMenu(self, x: Int, y: Int) -> Void:
        pass  # hosts show our Menu themselves

    @dbus_method()
    def Activate(self, x: Int, y: Int) -> Void:
        pass  # no window to raise; ItemIsMenu makes hosts open the menu instead

    @dbus_method()
    def SecondaryActivate(self, x: Int, y: Int) -> Void:
        pass

    @dbus_method()
    def Scroll(self, delta: Int, orientation: Str) -> Void:
        pass

    @dbus_signal()
    def NewTitle(self) -> Void:
        pass

    @dbus_signal()
    def NewIcon(self) -> Void:
        pass

    @dbus_signal()
    def NewAttentionIcon(self) -> Void:
        pass

    @dbus_signal()
    def NewToolTip(self) -> Void:
        pass

    @dbus_signal()
    def NewStatus(self, status: str) -> Str:
        return status


# -- the backend ---------------------------------------------------------------------------
class SniTray:
    """A `TrayBackend` that exports a StatusNotifierItem and its dbusmenu on the session bus."""

    name = "statusnotifier"

    def __init__(self, dbus: Any, reason: str = "StatusNotifierItem over D-Bus") -> None:
        self._dbus = dbus
        self._lock = threading.Lock()
        self._state = ItemState()
        self._layout = MenuLayout()
        self._icon_source: object = None
        self._items: tuple[MenuItem, ...] | None = None
        self._pending_item: set[str] = set()
        self._pending_menu: list[MenuChange] = []
        self._flush_scheduled = False
        self._on_item: Callable[[MenuItem], None] = lambda item: None
        self._bus: Any = None
        self._item_iface = StatusNotifierItemInterface(lambda: self._state)
        self._menu_iface = DbusMenuInterface(lambda: self._layout, self._click)
        self.bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-{next(_instances)}"
        self._stopped = False
        self._halt = threading.Event()
        self.has_menu = True
        self.reason = reason

    # -- TrayBackend ---------------------------------------------------------------------
    def start(self, on_item: Callable[[MenuItem], None]) -> None:
        """Main thread: export the item and menu, register with the watcher. Never raises:
        on failure `has_menu` is False and `reason` says why."""
        self._on_item = on_item
        try:
            self._dbus.run(self._start(), timeout=CALL_TIMEOUT_SECONDS * 2)
        except Exception as error:  # no bus, a refused name, a hung watcher
            log.warning("StatusNotifierItem could not start: %s", error)
            self._set_unavailable(f"the tray icon could not be put on the panel: {error}")

    def update(self, icon: TrayIcon, tooltip: str, items: tuple[MenuItem, ...],
               attention: bool) -> None:
        """Any thread: show this icon/tooltip/menu. Cheap when nothing changed."""
        with self._lock:
            signals: set[str] = set()
            state = self._state
            if not same_icon(icon, self._icon_source):
                self._icon_source = icon
                state = ItemState(icon_pixmaps(icon), state.tooltip, state.attention)
                signals |= {"NewIcon", "NewAttentionIcon"}
            if tooltip != state.tooltip:
                state = ItemState(state.pixmaps, tooltip, state.attention)
                signals.add("NewToolTip")
            if attention != state.attention:
                state = ItemState(state.pixmaps, state.tooltip, attention)
                signals.add("NewStatus")
            self._state = state
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
        self._dbus.loop.call_soon_threadsafe(self._flush)

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
        if _on_loop(self._dbus.loop):
            self._dbus.spawn(self._stop())
            return
        try:
            self._dbus.run(self._stop(), timeout=CALL_TIMEOUT_SECONDS)
        except Exception as error:
            log.warning("StatusNotifierItem did not stop cleanly: %s", error)

    # -- D-Bus thread --------------------------------------------------------------------
    async def _start(self) -> None:
        bus = await self._dbus.bus()
        bus.export(ITEM_PATH, self._item_iface)
        bus.export(MENU_PATH, self._menu_iface)
        reply = await bus.request_name(self.bus_name, NameFlag.DO_NOT_QUEUE)
        if reply is not RequestNameReply.PRIMARY_OWNER:
            bus.unexport(ITEM_PATH, self._item_iface)
            bus.unexport(MENU_PATH, self._menu_iface)
            raise RuntimeError(f"could not own the bus name {self.bus_name} ({reply.name})")
        bus.add_message_handler(self._on_message)
        await _call(bus, BUS, BUS_PATH, BUS, "AddMatch", "s", [_WATCHER_MATCH])
        with self._lock:
            self._bus = bus
            self._pending_item.clear()
            self._pending_menu.clear()
        await self._register()

    async def _register(self) -> None:
        if self._stopped or self._bus is None:
            return
        try:
            await _call(self._bus, WATCHER, WATCHER_PATH, WATCHER,
                        "RegisterStatusNotifierItem", "s", [self.bus_name])
        except Exception as error:
            log.info("no StatusNotifier host took the tray icon: %s", error)
            self._set_unavailable(
                "no StatusNotifier tray host on the session bus (waiting for one to start); "
                f"nudge's tray icon shows up in {HOSTS_HINT}")
            return
        self.has_menu = True
        self.reason = "StatusNotifierItem over D-Bus" + _host_suffix(
            await _owner_command(self._bus, WATCHER))
        log.info("tray icon registered with the StatusNotifier watcher")

    async def _stop(self) -> None:
        bus = self._bus
        self._bus = None
        if bus is None or not bus.connected:
            return
        bus.remove_message_handler(self._on_message)
        bus.unexport(ITEM_PATH, self._item_iface)
        bus.unexport(MENU_PATH, self._menu_iface)
        try:
            await _call(bus, BUS, BUS_PATH, BUS, "RemoveMatch", "s", [_WATCHER_MATCH])
            await bus.release_name(self.bus_name)
        except Exception as error:
            log.warning("could not release %s: %s", self.bus_name, error)

    def _on_message(self, message: Message) -> None:
        """Watch the watcher: a panel restart brings a new owner, and we register again."""
        if message.message_type is not MessageType.SIGNAL or message.member != "NameOwnerChanged" \
                or message.sender != BUS or not message.body or message.body[0] != WATCHER:
            return
        if message.body[2]:
            log.info("a StatusNotifier watcher appeared; registering the tray icon")
            self._dbus.spawn(self._register())
        else:
            self._set_unavailable("the tray host went away; the icon comes back when it "
                                  "restarts")

    def _flush(self) -> None:
        with self._lock:
            self._flush_scheduled = False
            signals, self._pending_item = self._pending_item, set()
            changes, self._pending_menu = self._pending_menu, []
            layout, state = self._layout, self._state
        if self._bus is None:
            return
        for name in ("NewIcon", "NewAttentionIcon", "NewToolTip"):
            if name in signals:
                getattr(self._item_iface, name)()
        if "NewStatus" in signals:
            self._item_iface.NewStatus("NeedsAttention" if state.attention else "Active")
        if changes:
            self._menu_iface.announce(layout, _merge(changes))

    def _click(self, item: MenuItem) -> None:
        try:
            self._on_item(item)
        except Exception:
            log.exception("the tray menu action %r failed", item.label)

    def _set_unavailable(self, reason: str) -> None:
        self.has_menu = False
        self.reason = reason


# -- watcher discovery ---------------------------------------------------------------------
_WATCHER_MATCH = (f"type='signal',sender='{BUS}',interface='{BUS}',member='NameOwnerChanged',"
                  f"path='{BUS_PATH}',arg0='{WATCHER}'")


async def find_host(dbus: Any, wait: float = 0.0) -> HostCheck:
    """Is a StatusNotifier host on the session bus? Waits up to `wait` seconds for one (at
    login nudge may start before the panel). Runs on the D-Bus thread."""
    try:
        bus = await dbus.bus()
    except Exception as error:
        return HostCheck(False, f"no D-Bus session bus ({error})")
    deadline = asyncio.get_running_loop().time() + wait
    missing = "no StatusNotifier tray host (org.kde.StatusNotifierWatcher) on the session bus"
    while True:
        if await _name_owner(bus, WATCHER):
            registered = await _get_property(bus, WATCHER, WATCHER_PATH, WATCHER,
                                             "IsStatusNotifierHostRegistered")
            if registered is not False:  # None: the watcher did not say; assume a host
                return HostCheck(True, "StatusNotifierItem over D-Bus"
                                 + _host_suffix(await _owner_command(bus, WATCHER)))
            missing = ("a StatusNotifierWatcher runs on the session bus, but no tray host "
                       "has registered with it to show icons")
        if asyncio.get_running_loop().time() >= deadline:
            return HostCheck(False, missing)
        await asyncio.sleep(0.25)


async def _call(bus: Any, destination: str, path: str, interface: str, member: str,
                signature: str = "", body: list[Any] | None = None) -> Any:
    reply = await asyncio.wait_for(bus.call(Message(
        destination=destination, path=path, interface=interface, member=member,
        signature=signature, body=body or [])), CALL_TIMEOUT_SECONDS)
    if reply.message_type is MessageType.ERROR:
        raise RuntimeError(f"{reply.error_name}: {reply.body[0] if reply.body else ''}")
    return reply.body


async def _name_owner(bus: Any, name: str) -> str | None:
    try:
        return str((await _call(bus, BUS, BUS_PATH, BUS, "GetNameOwner", "s", [name]))[0])
    except Exception:
        return None  # NameHasNoOwner


async def _get_property(bus: Any, destination: str, path: str, interface: str,
                        name: str) -> Any:
    try:
        body = await _call(bus, destination, path, "org.freedesktop.DBus.Properties", "Get",
                           "ss", [interface, name])
    except Exception:
        return None
    return body[0].value


async def _owner_command(bus: Any, name: str) -> str:
    """The program that owns `name` (e.g. "xfce4-panel"), for `nudge doctor`; "" if unknown."""
    try:
        pid = (await _call(bus, BUS, BUS_PATH, BUS, "GetConnectionUnixProcessID", "s",
                           [name]))[0]
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except Exception:
        return ""


def _host_suffix(command: str) -> str:
    return f" (tray host: {command})" if command else ""


def _merge(changes: list[MenuChange]) -> MenuChange:
    if len(changes) == 1:
        return changes[0]
    updated: dict[int, dict[str, Any]] = {}
    removed: dict[int, tuple[str, ...]] = {}
    for change in changes:
        for node_id, props in change.updated:
            updated.setdefault(node_id, {}).update(props)
        for node_id, names in change.removed:
            removed[node_id] = removed.get(node_id, ()) + names
    return MenuChange(any(c.structure for c in changes), tuple(updated.items()),
                      tuple(removed.items()))


def _on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False
