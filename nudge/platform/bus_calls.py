"""The bus daemon's own calls and match rules, on a `nudge.platform.bus` connection.

Blocking helpers for threads other than the D-Bus I/O thread (the main thread at start, the
engine's sources, short-lived helper threads); each is one message with a bounded wait.
"""

from __future__ import annotations

from typing import Any

from nudge.platform.bus_connection import Connection, Signal
from nudge.platform.bus_objects import CallFailed

BUS_NAME = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
PROPERTIES = "org.freedesktop.DBus.Properties"
DO_NOT_QUEUE = 4  # RequestName flag
PRIMARY_OWNER = 1  # RequestName reply
REPLIES = {1: "PRIMARY_OWNER", 2: "IN_QUEUE", 3: "EXISTS", 4: "ALREADY_OWNER"}


def bus_call(connection: Connection, member: str, signature: str = "",
             body: tuple[Any, ...] = (), timeout: float | None = None) -> tuple[Any, ...]:
    return connection.call(BUS_NAME, BUS_PATH, BUS_NAME, member, signature, body, timeout)


def name_owner(connection: Connection, name: str, timeout: float | None = None) -> str | None:
    """The unique name (":1.42") that owns `name` now, or None."""
    try:
        return str(bus_call(connection, "GetNameOwner", "s", (name,), timeout)[0])
    except CallFailed:
        return None


def get_property(connection: Connection, destination: str, path: str, interface: str,
                 prop: str, timeout: float | None = None) -> Any:
    (variant,) = connection.call(destination, path, PROPERTIES, "Get", "ss", (interface, prop),
                                 timeout)
    return variant[1]


def add_match(connection: Connection, rule: str, timeout: float | None = None) -> None:
    bus_call(connection, "AddMatch", "s", (rule,), timeout)


def remove_match(connection: Connection, rule: str, timeout: float | None = None) -> None:
    bus_call(connection, "RemoveMatch", "s", (rule,), timeout)


def request_name(connection: Connection, name: str, timeout: float | None = None) -> None:
    """Own `name` (not queued); raises RuntimeError when another connection has it."""
    (reply,) = bus_call(connection, "RequestName", "su", (name, DO_NOT_QUEUE), timeout)
    if reply != PRIMARY_OWNER:
        raise RuntimeError(f"could not own the bus name {name} ({REPLIES.get(reply, reply)})")


def release_name(connection: Connection, name: str, timeout: float | None = None) -> None:
    bus_call(connection, "ReleaseName", "s", (name,), timeout)


def signal_rule(sender: str, path: str, interface: str, member: str | None = None) -> str:
    rule = f"type='signal',sender='{sender}',path='{path}',interface='{interface}'"
    return rule + (f",member='{member}'" if member else "")


def owner_changed_rule(name: str) -> str:
    """The match rule for the bus's NameOwnerChanged signal about `name` only."""
    return (f"type='signal',sender='{BUS_NAME}',interface='{BUS_NAME}',"
            f"member='NameOwnerChanged',path='{BUS_PATH}',arg0='{name}'")


def is_owner_change(signal: Signal, name: str) -> bool:
    """Whether `signal` is the bus saying that the owner of `name` changed."""
    return (signal.member == "NameOwnerChanged" and signal.sender == BUS_NAME
            and len(signal.body) == 3 and signal.body[0] == name)
