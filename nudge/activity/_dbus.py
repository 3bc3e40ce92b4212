"""Small low-level D-Bus helpers on dbus-fast (no introspection round trips, one message each).

Everything here is a coroutine for the nudge-dbus thread (`nudge.dbus_loop`).
"""

from __future__ import annotations

from typing import Any

BUS_NAME = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
PROPERTIES = "org.freedesktop.DBus.Properties"


class CallFailed(Exception):
    """A D-Bus method answered with an error; `name` is the D-Bus error name."""

    def __init__(self, name: str, text: str) -> None:
        super().__init__(f"{name}: {text}" if text else name)
        self.name = name
        self.text = text


async def call(bus: Any, destination: str, path: str, interface: str, member: str,
               signature: str = "", body: list[Any] | None = None) -> list[Any]:
    """Call one method and return the reply's body; raise CallFailed on an error reply."""
    from dbus_fast import Message, MessageType

    reply = await bus.call(Message(destination=destination, path=path, interface=interface,
                                   member=member, signature=signature, body=body or []))
    if reply.message_type is MessageType.ERROR:
        text = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
        raise CallFailed(reply.error_name or "unknown error", text)
    return list(reply.body)


async def name_owner(bus: Any, name: str) -> str | None:
    """The unique name (":1.42") that owns `name` now, or None."""
    try:
        return str((await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "GetNameOwner", "s",
                               [name]))[0])
    except CallFailed:
        return None


async def get_property(bus: Any, destination: str, path: str, interface: str,
                       prop: str) -> Any:
    reply = await call(bus, destination, path, PROPERTIES, "Get", "ss", [interface, prop])
    return reply[0].value


async def add_match(bus: Any, rule: str) -> None:
    await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", [rule])


async def remove_match(bus: Any, rule: str) -> None:
    await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "RemoveMatch", "s", [rule])


def signal_rule(sender: str, path: str, interface: str, member: str | None = None) -> str:
    rule = f"type='signal',sender='{sender}',path='{path}',interface='{interface}'"
    return rule + (f",member='{member}'" if member else "")


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

    def __init__(self, dbus: Any) -> None:
        self._dbus = dbus

    def read(self) -> Any:
        from nudge.ports import ActivityReading

        ms = self._dbus.run(self._idle_ms(), timeout=self.call_timeout)
        return ActivityReading(idle_seconds=ms / 1000.0)

    async def _idle_ms(self) -> int:
        bus: Any = await self._dbus.bus("session")
        reply = await call(bus, self.bus_name, self.path, self.interface, self.method)
        return int(reply[0])

    def close(self) -> None:
        pass  # the bus connection belongs to the DbusLoop
