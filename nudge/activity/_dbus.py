"""The base of the idle sources that ask one D-Bus method (GNOME's Mutter, KDE).

The call helpers live in `nudge.platform.dbus_calls`; they are re-exported here for the activity
modules. Everything D-Bus runs as a coroutine on the nudge-dbus thread (`nudge.platform.dbus_loop`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nudge.app.ports import ActivityReading
from nudge.platform.dbus_calls import (
    BUS_NAME,
    BUS_PATH,
    PROPERTIES,
    CallFailed,
    add_match,
    call,
    get_property,
    name_owner,
    owner_changed_rule,
    remove_match,
    signal_rule,
)

if TYPE_CHECKING:
    from nudge.platform.dbus_loop import DbusLoop

__all__ = ["BUS_NAME", "BUS_PATH", "PROPERTIES", "CallFailed", "MillisecondIdleMethod",
           "add_match", "call", "get_property", "name_owner", "owner_changed_rule",
           "remove_match", "signal_rule"]


class MillisecondIdleMethod:
    """An idle source that asks one D-Bus method on the session bus for milliseconds idle.

    Subclasses name the service. Cost: one method call per read (a round trip through the
    nudge-dbus thread). Raises on failure (bus gone, service restarting); the combined source
    handles that. Thread: any thread but nudge-dbus.
    """

    name = "dbus"
    bus_name = ""
    path = ""
    interface = ""
    method = ""
    call_timeout = 2.0  # seconds; a healthy desktop answers in well under a millisecond

    def __init__(self, dbus: DbusLoop) -> None:
        self._dbus = dbus

    def read(self) -> ActivityReading:
        ms = self._dbus.run(self._idle_ms(), timeout=self.call_timeout)
        return ActivityReading(idle_seconds=ms / 1000.0)

    async def _idle_ms(self) -> int:
        bus = await self._dbus.bus("session")
        reply = await call(bus, self.bus_name, self.path, self.interface, self.method)
        return int(reply[0])

    def close(self) -> None:
        pass  # the bus connection belongs to the DbusLoop
