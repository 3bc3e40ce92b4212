"""The D-Bus questions doctor asks: each returns a dict of facts, "error" saying why it could
not ask. Every question runs on a private event loop under `DBUS_SECONDS`."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from nudge.platform import dbus_calls
from nudge.platform.dbus_calls import BUS_NAME, BUS_PATH, PROPERTIES
from nudge.platform.error_words import detail as say

if TYPE_CHECKING:
    from dbus_fast import BusType
    from dbus_fast.aio import MessageBus

DBUS_SECONDS = 2.0
WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"
LOGIND = "org.freedesktop.login1"


async def session_facts() -> dict[str, Any]:
    from dbus_fast import BusType

    facts: dict[str, Any] = {}
    bus = await _connect(BusType.SESSION)
    try:
        facts["watcher"] = await _has_owner(bus, WATCHER)
        if facts["watcher"]:
            facts["host"] = bool(await _get_property(
                bus, WATCHER, "/StatusNotifierWatcher", WATCHER,
                "IsStatusNotifierHostRegistered"))
        facts["notifications"] = await _has_owner(bus, NOTIFICATIONS)
        if facts["notifications"]:
            info = await _call(bus, NOTIFICATIONS, "/org/freedesktop/Notifications",
                               NOTIFICATIONS, "GetServerInformation")
            facts["server"] = f"{info[0]} {info[2]}".strip()
            facts["actions"] = "actions" in (await _call(
                bus, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS,
                "GetCapabilities"))[0]
        else:
            names = (await _call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "ListActivatableNames"))[0]
            facts["activatable"] = NOTIFICATIONS in names
    finally:
        bus.disconnect()
    return facts


async def logind_facts() -> dict[str, Any]:
    from dbus_fast import BusType

    bus = await _connect(BusType.SYSTEM)
    try:
        return {"logind": await _has_owner(bus, LOGIND)}
    finally:
        bus.disconnect()


async def _connect(bus_type: BusType) -> MessageBus:
    from dbus_fast.aio import MessageBus

    return await MessageBus(bus_type=bus_type).connect()


async def _call(bus: MessageBus, destination: str, path: str, interface: str, member: str,
                signature: str = "", body: list[Any] | None = None) -> list[Any]:
    """The shared call, with doctor's wording for an error reply ("Member: error name")."""
    try:
        return await dbus_calls.call(bus, destination, path, interface, member, signature, body)
    except dbus_calls.CallFailed as error:
        raise RuntimeError(f"{member}: {error.name}") from None


async def _has_owner(bus: MessageBus, name: str) -> bool:
    return bool((await _call(bus, BUS_NAME, BUS_PATH, BUS_NAME, "NameHasOwner", "s",
                             [name]))[0])


async def _get_property(bus: MessageBus, destination: str, path: str, interface: str,
                        prop: str) -> Any:
    reply = await _call(bus, destination, path, PROPERTIES, "Get", "ss", [interface, prop])
    return reply[0].value


def run_async(coro: Coroutine[Any, Any, dict[str, Any]], timeout: float) -> dict[str, Any]:
    """Run `coro` on a private event loop; a failure or time-out becomes {"error": why}."""
    try:
        return asyncio.run(asyncio.wait_for(coro, timeout))
    except TimeoutError:
        return {"error": f"no answer within {timeout:g} s"}
    except Exception as error:
        return {"error": say(error)}
