"""D-Bus calls on dbus-fast, one message each: a test tool now (with tests/dbus_loop.py).

nudge's own code calls through `nudge.platform.bus_calls` on its jeepney transport; the tests
use these coroutines on their dbus-fast connections (service doubles, round trips). Nothing here
imports dbus-fast or asyncio until a function runs. CallFailed is the jeepney transport's
(`nudge.platform.bus_objects`), and the bus's names and match rules are
`nudge.platform.bus_calls`'s: one of each for both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nudge.platform.bus_calls import (
    BUS_NAME,
    BUS_PATH,
    PROPERTIES,
    owner_changed_rule,
    signal_rule,
)
from nudge.platform.bus_objects import CallFailed

if TYPE_CHECKING:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus


__all__ = ["BUS_NAME", "BUS_PATH", "PROPERTIES", "CallFailed", "add_match", "call",
           "get_property", "is_owner_change", "name_owner", "owner_changed_rule",
           "remove_match", "signal_rule"]


async def call(bus: MessageBus, destination: str, path: str, interface: str, member: str,
               signature: str = "", body: list[Any] | None = None,
               timeout: float | None = None, *, auto_start: bool = True) -> list[Any]:
    """Call one method and return the reply's body; raise CallFailed on an error reply and
    TimeoutError if `timeout` seconds pass without one (None: wait as long as the bus does).
    `auto_start` False: a service that is not running is not started by D-Bus activation."""
    import asyncio

    from dbus_fast import Message, MessageFlag, MessageType

    flags = MessageFlag.NONE if auto_start else MessageFlag.NO_AUTOSTART
    reply = await asyncio.wait_for(bus.call(Message(
        destination=destination, path=path, interface=interface, member=member,
        signature=signature, body=body or [], flags=flags)), timeout)
    if reply.message_type is MessageType.ERROR:
        text = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
        raise CallFailed(reply.error_name or "unknown error", text)
    return list(reply.body)


async def name_owner(bus: MessageBus, name: str, timeout: float | None = None) -> str | None:
    """The unique name (":1.42") that owns `name` now, or None."""
    try:
        return str((await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "GetNameOwner", "s",
                               [name], timeout))[0])
    except CallFailed:
        return None


async def get_property(bus: MessageBus, destination: str, path: str, interface: str,
                       prop: str, timeout: float | None = None) -> Any:
    reply = await call(bus, destination, path, PROPERTIES, "Get", "ss", [interface, prop],
                       timeout)
    return reply[0].value


async def add_match(bus: MessageBus, rule: str, timeout: float | None = None) -> None:
    await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", [rule], timeout)


async def remove_match(bus: MessageBus, rule: str, timeout: float | None = None) -> None:
    await call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "RemoveMatch", "s", [rule], timeout)



def is_owner_change(message: Message, name: str) -> bool:
    """Whether `message` is the bus saying that the owner of `name` changed."""
    from dbus_fast import MessageType

    return (message.message_type is MessageType.SIGNAL and message.member == "NameOwnerChanged"
            and message.sender == BUS_NAME and len(message.body) == 3
            and message.body[0] == name)
