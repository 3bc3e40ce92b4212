"""The StatusNotifierWatcher side of the tray: is a host there, register with it, who it is.

The watcher (`org.kde.StatusNotifierWatcher`, run by the panel or its tray plugin) is where an
item registers so hosts show it. Every coroutine here runs on the D-Bus thread, and every call
is bounded by `CALL_TIMEOUT_SECONDS` so a hung panel cannot hang nudge.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nudge.platform import dbus_calls
from nudge.platform.dbus_calls import BUS_NAME, BUS_PATH
from nudge.platform.probe import Probe

if TYPE_CHECKING:
    from dbus_fast.aio import MessageBus

    from nudge.platform.dbus_loop import DbusLoop

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
CALL_TIMEOUT_SECONDS = 5.0
# Desktops whose panel (or an extension) hosts StatusNotifier items, for messages to the user.
HOSTS_HINT = ("KDE Plasma, the XFCE panel's Status Tray plugin, Cinnamon, LXQt, waybar's tray, "
              "or GNOME with the AppIndicator extension")
GNOME_SHELL = "gnome-shell"  # the watcher's program when GNOME's AppIndicator extension runs it
# The bus's signal when the watcher comes or goes (a panel restart).
WATCHER_MATCH = dbus_calls.owner_changed_rule(WATCHER)


HOST = "statusnotifier"


async def find_host(dbus: DbusLoop, wait: float = 0.0) -> Probe[None]:
    """Is a StatusNotifier host on the session bus (used: yes; unavailable: why not)? Waits up
    to `wait` seconds for one (at login nudge may start before the panel). Runs on the D-Bus
    thread."""
    try:
        bus = await dbus.bus()
    except Exception as error:
        return Probe.unavailable(HOST, f"no D-Bus session bus ({error})")
    deadline = asyncio.get_running_loop().time() + wait
    missing = "no StatusNotifier tray host (org.kde.StatusNotifierWatcher) on the session bus"
    while True:
        if await _name_owner(bus, WATCHER):
            registered = await _get_property(bus, WATCHER, WATCHER_PATH, WATCHER,
                                             "IsStatusNotifierHostRegistered")
            if registered is not False:  # None: the watcher did not say; assume a host
                return Probe.used(HOST, None, "StatusNotifierItem over D-Bus"
                                  + host_suffix(await owner_command(bus, WATCHER)))
            missing = ("a StatusNotifierWatcher runs on the session bus, but no tray host "
                       "has registered with it to show icons")
        if asyncio.get_running_loop().time() >= deadline:
            return Probe.unavailable(HOST, missing)
        await asyncio.sleep(0.25)


async def call(bus: MessageBus, destination: str, path: str, interface: str, member: str,
               signature: str = "", body: list[Any] | None = None) -> list[Any]:
    """One D-Bus call bounded by `CALL_TIMEOUT_SECONDS` (raises on an error reply)."""
    return await dbus_calls.call(bus, destination, path, interface, member, signature, body,
                                 CALL_TIMEOUT_SECONDS)


async def register(bus: MessageBus, item_bus_name: str, item_path: str) -> str:
    """Ask the watcher to show the item that `item_bus_name` exports at `item_path`; raises if
    none takes it. Returns the watcher's program ("" if unknown).

    GNOME Shell's AppIndicator extension (46, Debian 12) drops an item registered by its
    well-known name in about half of the starts: it watches that name, clears the cached properties
    when the name appears, then compares against the cleared value ("Argument two may not be
    null") and destroys the item a second later. An item registered by object path, as
    libayatana-appindicator does, it keeps. Other hosts get the name: they drop the item as
    soon as the name is released, so `SniTray.stop()` takes it off their panel at once.
    """
    host = await owner_command(bus, WATCHER)
    service = item_path if host == GNOME_SHELL else item_bus_name
    await call(bus, WATCHER, WATCHER_PATH, WATCHER, "RegisterStatusNotifierItem", "s", [service])
    return host


async def owner_command(bus: MessageBus, name: str) -> str:
    """The program that owns `name` (e.g. "xfce4-panel"), for `nudge doctor`; "" if unknown."""
    try:
        pid = (await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "GetConnectionUnixProcessID", "s",
                          [name]))[0]
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except Exception:
        return ""


def host_suffix(command: str) -> str:
    return f" (tray host: {command})" if command else ""


async def _name_owner(bus: MessageBus, name: str) -> str | None:
    """Best effort: None for no owner, and for a bus that fails or does not answer too."""
    try:
        return await dbus_calls.name_owner(bus, name, CALL_TIMEOUT_SECONDS)
    except Exception:
        return None


async def _get_property(bus: MessageBus, destination: str, path: str, interface: str,
                        name: str) -> Any:
    """Best effort: None when the property cannot be read."""
    try:
        return await dbus_calls.get_property(bus, destination, path, interface, name,
                                             CALL_TIMEOUT_SECONDS)
    except Exception:
        return None
