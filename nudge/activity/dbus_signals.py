"""Reading the signals the activity sources get: is a message a signal, and the new value of
one property in a PropertiesChanged. Called by `logind` in its message handlers, on the
nudge-dbus thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nudge.platform.dbus_calls import PROPERTIES

if TYPE_CHECKING:
    from dbus_fast import Message


def is_signal(message: Message) -> bool:
    from dbus_fast import MessageType

    return bool(message.message_type is MessageType.SIGNAL)


def changed_property(message: Message, interface: str, prop: str) -> Any:
    """The new value of `prop` if `message` is a PropertiesChanged for it, else None."""
    if (message.interface != PROPERTIES or message.member != "PropertiesChanged"
            or message.body[0] != interface):
        return None
    variant = message.body[1].get(prop)
    return None if variant is None else variant.value
