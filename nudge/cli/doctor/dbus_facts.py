"""The D-Bus questions doctor asks: each returns a dict of facts, "error" saying why it could
not ask. Each runs on its own short-lived jeepney connection (not the app's D-Bus thread), on
the probe's thread, every call under `DBUS_SECONDS`."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from nudge.i18n import _
from nudge.platform.bus_calls import BUS_NAME, BUS_PATH, PROPERTIES
from nudge.platform.error_words import detail as say
from nudge.platform.error_words import reason

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

DBUS_SECONDS = 2.0
WATCHER = "org.kde.StatusNotifierWatcher"
NOTIFICATIONS = "org.freedesktop.Notifications"
LOGIND = "org.freedesktop.login1"


class Asker:
    """Method calls on one connection, all within one deadline."""

    def __init__(self, connection: DBusConnection, deadline: float) -> None:
        self._connection = connection
        self._deadline = deadline

    def call(self, destination: str, path: str, interface: str, member: str,
             signature: str = "", body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        """The reply's body, with doctor's wording for an error reply ("Member: error name")."""
        from jeepney import MessageType, new_method_call
        from jeepney.wrappers import DBusAddress

        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        reply = self._connection.send_and_get_reply(new_method_call(
            DBusAddress(path, destination, interface), member, signature or None, body),
            timeout=left)
        if reply.header.message_type is MessageType.error:
            from jeepney import HeaderFields

            raise RuntimeError(f"{member}: {reply.header.fields.get(HeaderFields.error_name)}")
        return tuple(reply.body)

    def has_owner(self, name: str) -> bool:
        return bool(self.call(BUS_NAME, BUS_PATH, BUS_NAME, "NameHasOwner", "s", (name,))[0])

    def get_property(self, destination: str, path: str, interface: str, prop: str) -> Any:
        return self.call(destination, path, PROPERTIES, "Get", "ss", (interface, prop))[0][1]


def session_facts(bus: Asker) -> dict[str, Any]:
    facts: dict[str, Any] = {"watcher": bus.has_owner(WATCHER)}
    if facts["watcher"]:
        facts["host"] = bool(bus.get_property(WATCHER, "/StatusNotifierWatcher", WATCHER,
                                              "IsStatusNotifierHostRegistered"))
    facts["notifications"] = bus.has_owner(NOTIFICATIONS)
    if facts["notifications"]:
        info = bus.call(NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS,
                        "GetServerInformation")
        facts["server"] = f"{info[0]} {info[2]}".strip()
        if str(info[0]).lower() == "dunst":  # its menu's program is in its config (dunst_menu)
            with contextlib.suppress(RuntimeError):  # the bus would not say: the usual files
                facts["pid"] = int(bus.call(BUS_NAME, BUS_PATH, BUS_NAME,
                                            "GetConnectionUnixProcessID", "s",
                                            (NOTIFICATIONS,))[0])
        facts["actions"] = "actions" in bus.call(
            NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS,
            "GetCapabilities")[0]
    else:
        names = bus.call(BUS_NAME, BUS_PATH, BUS_NAME, "ListActivatableNames")[0]
        facts["activatable"] = NOTIFICATIONS in names
    return facts


def logind_facts(bus: Asker) -> dict[str, Any]:
    return {"logind": bus.has_owner(LOGIND)}


def ask(question: Callable[[Asker], dict[str, Any]], kind: str, timeout: float
        ) -> dict[str, Any]:
    """`question` on a new connection to the "session" or "system" bus; a failure or time-out
    becomes {"error": why}."""
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + timeout
    try:
        try:
            connection = open_dbus_connection(bus=kind.upper(), auth_timeout=timeout)
        except KeyError:  # jeepney has no default for the session bus address
            return {"error": _("no bus address")}
        with connection:
            return question(Asker(connection, deadline))
    except TimeoutError:
        return {"error": _("no answer within {seconds} s").format(seconds=f"{timeout:g}")}
    except OSError as error:  # no bus there: the system's words, as the activity line says it
        return {"error": reason(error)}
    except Exception as error:
        return {"error": say(error)}
