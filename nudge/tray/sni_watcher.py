"""The StatusNotifierWatcher side of the tray: is a host there, register with it, who it is.

The watcher (`org.kde.StatusNotifierWatcher`, run by the panel or its tray plugin) is where an
item registers so hosts show it. Every function here blocks its caller (never the D-Bus I/O
thread), and every call is bounded by `CALL_TIMEOUT_SECONDS` so a hung panel cannot hang nudge.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nudge.i18n import N_, English
from nudge.platform import bus_calls, error_words
from nudge.platform.bus_calls import BUS_NAME, BUS_PATH
from nudge.platform.probe import Probe

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
CALL_TIMEOUT_SECONDS = 5.0
# Desktops whose panel (or an extension) hosts StatusNotifier items, for messages to the user.
HOSTS_HINT = English(N_("KDE Plasma, the XFCE panel's Status Tray plugin, Cinnamon, LXQt, "
                        "waybar's tray, or GNOME with the AppIndicator extension"))
GNOME_SHELL = "gnome-shell"  # the watcher's program when GNOME's AppIndicator extension runs it
# The bus's signal when the watcher comes or goes (a panel restart).
WATCHER_MATCH = bus_calls.owner_changed_rule(WATCHER)


HOST = "statusnotifier"


def find_host(dbus: BusThread, wait: float = 0.0) -> Probe[None]:
    """Is a StatusNotifier host on the session bus (used: yes; unavailable: why not)? Waits up
    to `wait` seconds for one (at login nudge may start before the panel). Blocks the caller
    (the main thread at start)."""
    try:
        bus = dbus.connection()
    except Exception as error:
        # Translators: {error} is a technical error from the D-Bus library.
        return Probe.unavailable(HOST, English(N_("no D-Bus session bus ({error})"),
                                               error=error_words.said(error)))
    deadline = time.monotonic() + wait
    missing = English(N_("no StatusNotifier tray host (org.kde.StatusNotifierWatcher) on the "
                         "session bus"))
    while True:
        if _name_owner(bus, WATCHER):
            registered = _get_property(bus, WATCHER, WATCHER_PATH, WATCHER,
                                       "IsStatusNotifierHostRegistered")
            if registered is not False:  # None: the watcher did not say; assume a host
                return Probe.used(HOST, None, sni_reason(owner_command(bus, WATCHER)))
            missing = English(N_("a StatusNotifierWatcher runs on the session bus, but no tray "
                                 "host has registered with it to show icons"))
        if time.monotonic() >= deadline:
            return Probe.unavailable(HOST, missing)
        time.sleep(0.25)  # the panel starting at login: a few looks, then an answer


def call(bus: Connection, destination: str, path: str, interface: str, member: str,
         signature: str = "", body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """One D-Bus call bounded by `CALL_TIMEOUT_SECONDS` (raises on an error reply)."""
    return bus.call(destination, path, interface, member, signature, body, CALL_TIMEOUT_SECONDS)


def register(bus: Connection, item_bus_name: str, item_path: str) -> str:
    """Ask the watcher to show the item that `item_bus_name` exports at `item_path`; raises if
    none takes it. Returns the watcher's program ("" if unknown).

    GNOME Shell's AppIndicator extension (46, Debian 12) drops an item registered by its
    well-known name in about half of the starts: it watches that name, clears the cached properties
    when the name appears, then compares against the cleared value ("Argument two may not be
    null") and destroys the item a second later. An item registered by object path, as
    libayatana-appindicator does, it keeps. Other hosts get the name: they drop the item as
    soon as the name is released, so `SniTray.stop()` takes it off their panel at once.
    """
    host = owner_command(bus, WATCHER)
    service = item_path if host == GNOME_SHELL else item_bus_name
    call(bus, WATCHER, WATCHER_PATH, WATCHER, "RegisterStatusNotifierItem", "s", (service,))
    return host


def owner_command(bus: Connection, name: str) -> str:
    """The program that owns `name` (e.g. "xfce4-panel"), for `nudge doctor`; "" if unknown."""
    try:
        pid = call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "GetConnectionUnixProcessID", "s",
                   (name,))[0]
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except Exception:
        return ""


def sni_reason(command: str) -> English:
    """The tray's reason when a host shows the item; `command` is the host's program or ""."""
    # Translators: the tray nudge uses; {host} is the panel program that shows the icon.
    return English(N_("StatusNotifierItem over D-Bus (tray host: {host})"), host=command) \
        if command else English(N_("StatusNotifierItem over D-Bus"))


def _name_owner(bus: Connection, name: str) -> str | None:
    """Best effort: None for no owner, and for a bus that fails or does not answer too."""
    try:
        return bus_calls.name_owner(bus, name, CALL_TIMEOUT_SECONDS)
    except Exception:
        return None


def _get_property(bus: Connection, destination: str, path: str, interface: str,
                  name: str) -> Any:
    """Best effort: None when the property cannot be read."""
    try:
        return bus_calls.get_property(bus, destination, path, interface, name,
                                      CALL_TIMEOUT_SECONDS)
    except Exception:
        return None
