"""The base of the idle sources that ask one D-Bus method (GNOME's Mutter, KDE).

The idle methods are blocking calls over nudge's jeepney connection (`nudge.platform.bus`).

Probed on the main thread at start and read on the engine thread: any thread but nudge-dbus, whose
loop each call waits on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nudge.app.ports import ActivityReading

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread

__all__ = ["MillisecondIdleMethod"]


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

    def __init__(self, dbus: BusThread) -> None:
        self._dbus = dbus

    def read(self) -> ActivityReading:
        reply = self._dbus.connection("session").call(
            self.bus_name, self.path, self.interface, self.method, timeout=self.call_timeout)
        return ActivityReading(idle_seconds=int(reply[0]) / 1000.0)

    def close(self) -> None:
        pass  # the bus connection belongs to the BusThread
