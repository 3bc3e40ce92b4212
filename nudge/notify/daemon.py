"""Direct calls to the Linux notification daemon (org.freedesktop.Notifications) that
desktop-notifier does not offer: who owns the name (and when that changes), close by the
daemon's own id, what it is.

All coroutines run on the DbusLoop thread over its shared session-bus connection. None of them
starts a daemon through D-Bus activation except `server_info` (asking it is a real use).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nudge.platform.dbus_calls import (
    BUS_NAME,
    BUS_PATH,
    CallFailed,
    add_match,
    call,
    is_owner_change,
    owner_changed_rule,
)

if TYPE_CHECKING:
    from dbus_fast import Message
    from desktop_notifier import DesktopNotifier as Library

    from nudge.platform.dbus_loop import DbusLoop

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 2.0  # a hung daemon must not pile up waits


async def name_owner(dbus: DbusLoop) -> str | None:
    """The unique bus name of the running daemon, or None if none runs (or no answer).

    A restarted daemon has a new unique name and restarts its ids (dunst at 1), so an id from
    the old one must not be closed on the new one: it may be someone else's popup by now.
    """
    try:
        reply = await call(await dbus.bus(), BUS_NAME, BUS_PATH, BUS_NAME, "GetNameOwner", "s",
                           [SERVICE], CALL_TIMEOUT_S)
    except Exception:
        return None
    return str(reply[0])


async def close_notification(dbus: DbusLoop, platform_id: int) -> None:
    """CloseNotification(id); an unknown id is the daemon's error reply, not an exception."""
    with contextlib.suppress(CallFailed):
        await call(await dbus.bus(), SERVICE, PATH, SERVICE, "CloseNotification", "u",
                   [platform_id], CALL_TIMEOUT_S)


async def server_info(dbus: DbusLoop) -> tuple[str, str, list[str]]:
    """(name, version, capabilities) of the notification daemon.

    Raises LookupError if the bus is up but no daemon answers, other errors if there is no bus.
    """

    async def ask(member: str) -> list[Any]:
        try:
            return await call(await dbus.bus(), SERVICE, PATH, SERVICE, member,
                              timeout=CALL_TIMEOUT_S)
        except TimeoutError:
            raise LookupError("the notification service does not answer") from None
        except CallFailed as error:
            raise LookupError(f"no notification service answers ({error.name})") from None

    info = await ask("GetServerInformation")  # name, vendor, version, spec version
    (capabilities,) = await ask("GetCapabilities")
    return str(info[0]), str(info[2]), [str(c) for c in capabilities]


def platform_id(lib: Library | None, ident: str) -> int | None:
    """The daemon's id for a desktop-notifier notification, read right after dispatch.

    desktop-notifier 6.x keeps it in a private bidict and forgets it once a button or the body
    is pressed, yet dunst keeps the popup up then. If this lookup ever breaks, popups are only
    closed less eagerly after a press; nothing else depends on it.
    """
    if lib is None:
        return None
    backend: Any = lib._backend  # private: typed as the base class, which lacks the map
    try:
        found = backend._platform_to_interface_notification_identifier.inverse.get(ident)
    except Exception:
        return None
    return found if isinstance(found, int) else None


async def watch_owner(dbus: DbusLoop, on_change: Callable[[str, str], None]) -> None:
    """Call `on_change(old_owner, new_owner)` (unique names, "" for none) on the DbusLoop thread
    whenever the notification daemon leaves or joins the session bus (a crash, a restart)."""
    bus = await dbus.bus()

    def handler(message: Message) -> None:
        if is_owner_change(message, SERVICE):
            on_change(str(message.body[1]), str(message.body[2]))

    bus.add_message_handler(handler)
    await add_match(bus, owner_changed_rule(SERVICE), CALL_TIMEOUT_S)
