"""org.freedesktop.Notifications spoken directly over nudge's D-Bus transport (Linux, the BSDs).

The Desktop Notifications spec is small and stable: `Notify` (app name, replaces id, icon,
summary, body, actions as key/label pairs, hints, expire timeout in ms) returns the daemon's id
for the popup; `CloseNotification(id)`; `GetCapabilities` ("actions", "body-markup", ...);
`GetServerInformation` (name, vendor, version, spec version); the signals
`ActionInvoked(id, key)` and `NotificationClosed(id, reason)`. Ids are the daemon's own: a
restarted daemon has a new unique bus name and starts its ids again (dunst at 1), so `Daemon`
follows the owner of the name (NameOwnerChanged) and hears signals from that owner only.

`Daemon` works on the D-Bus I/O thread ("nudge-dbus"): its calls return Futures at once and
its callbacks run there. `server_info` is a blocking question for other threads (the notifier
probe at start, doctor). Nothing here starts a daemon through D-Bus activation except `Notify`
and `server_info` (real uses).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nudge.i18n import N_, English
from nudge.notify.identity import APP_ID
from nudge.notify.texts import APP_NAME
from nudge.platform.bus_calls import BUS_NAME, BUS_PATH, is_owner_change, owner_changed_rule
from nudge.platform.bus_objects import CallFailed

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection, Pending, Signal

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 2.0  # a hung daemon must not pile up waits
DEFAULT_ACTION = "default"  # the spec's key for a click on the popup's body
CLOSED_DISMISSED = 2  # NotificationClosed reason: closed by the user
NORMAL_URGENCY = 1
NO_DEFAULT_ACTION = ("Xfce Notify Daemon",)  # shows "default" as a button instead of a click


@dataclass(frozen=True)
class Popup:
    """What one Notify call sends. `actions`: (key, label) pairs after the body's default
    action; `timeout_s` 0 keeps it up until it is answered."""

    summary: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()
    image: Path | None = None
    timeout_s: int = 0


class Daemon:
    """The notification daemon as nudge's notifier sees it; D-Bus I/O thread only.

    `on_action(id, key)` and `on_closed(id, reason)` come from the daemon that owns the name
    now; `on_owner(old, new)` when it leaves or joins the bus ("" for none).
    """

    def __init__(self, dbus: BusThread, app_icon: Path | None,
                 on_action: Callable[[int, str], None], on_closed: Callable[[int, int], None],
                 on_owner: Callable[[str, str], None]) -> None:
        self._dbus = dbus
        self._icon = app_icon.as_uri() if app_icon is not None else ""
        self._on_action, self._on_closed, self._on_owner = on_action, on_closed, on_owner
        self._connection: Connection | None = None
        self.owner: str | None = None  # the daemon's unique name; "" none; None not known yet
        self._name: str | None = None  # its GetServerInformation name, asked once per owner

    def connection(self) -> Connection:
        """The session connection, following the daemon on it; raises when there is none."""
        connection = self._dbus.connection("session")
        if connection is not self._connection:  # the first time, or the bus came back
            self._connection, self.owner, self._name = connection, None, None
            connection.add_handler(self._signal)
            for rule in (owner_changed_rule(SERVICE),
                         f"type='signal',path='{PATH}',interface='{SERVICE}'"):
                connection.call_async(BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", (rule,))
        return connection

    def send(self, popup: Popup) -> Future[tuple[int, str]]:
        """Notify: the daemon's id for the popup and the daemon's unique name, or the error
        (CallFailed, BusGone, OSError when there is no bus). No time limit: the caller's."""
        result: Future[tuple[int, str]] = Future()
        try:
            connection = self.connection()
        except Exception as error:
            result.set_exception(error)
            return result
        if self._name is not None:
            self._notify(connection, popup, result)
            return result

        def named(done: Future[tuple[Any, ...]]) -> None:
            error = done.exception()
            if error is not None:
                result.set_exception(error)
                return
            self._name = str(done.result()[0])
            self._notify(connection, popup, result)

        self._call(connection, "GetServerInformation").add_done_callback(named)
        return result

    def close(self, platform_id: int) -> None:
        """CloseNotification(id), not waited for: the daemon handles calls in order, so a
        Notify sent after it comes after it. An unknown id is only the daemon's error reply."""
        try:
            self._call(self.connection(), "CloseNotification", "u", (platform_id,),
                       auto_start=False)
        except Exception as error:
            log.debug("could not close notification %s: %r", platform_id, error)

    def _notify(self, connection: Connection, popup: Popup,
                result: Future[tuple[int, str]]) -> None:
        actions: list[str] = []
        if self._name not in NO_DEFAULT_ACTION:
            actions += [DEFAULT_ACTION, ""]
        for key, label in popup.actions:
            actions += [key, label]
        hints: dict[str, tuple[str, Any]] = {"urgency": ("y", NORMAL_URGENCY),
                                             "desktop-entry": ("s", APP_ID)}
        if popup.image is not None:
            hints["image-path"] = ("s", popup.image.as_uri())

        def replied(done: Pending) -> None:
            error = done.exception()
            if error is not None:
                result.set_exception(error)
                return
            if done.sender:
                self.owner = done.sender
            result.set_result((int(done.result()[0]), done.sender))

        connection.call_async(SERVICE, PATH, SERVICE, "Notify", "susssasa{sv}i", (
            APP_NAME, 0, self._icon, popup.summary, popup.body, actions, hints,
            popup.timeout_s * 1000)).add_done_callback(replied)  # type: ignore[arg-type]

    def _call(self, connection: Connection, member: str, signature: str = "",
              body: tuple[Any, ...] = (), *, auto_start: bool = True) -> Pending:
        return connection.call_async(SERVICE, PATH, SERVICE, member, signature, body,
                                     auto_start=auto_start)

    def _signal(self, signal: Signal) -> None:
        if is_owner_change(signal, SERVICE):
            old, new = str(signal.body[1]), str(signal.body[2])
            self.owner, self._name = new, None
            self._on_owner(old, new)
            return
        if signal.path != PATH or signal.interface != SERVICE or len(signal.body) != 2:
            return
        if self.owner and signal.sender != self.owner:
            return  # not the daemon: someone else's look-alike
        if signal.member == "ActionInvoked":
            self._on_action(int(signal.body[0]), str(signal.body[1]))
        elif signal.member == "NotificationClosed":
            self._on_closed(int(signal.body[0]), int(signal.body[1]))


def server_info(dbus: BusThread) -> tuple[str, str, list[str]]:
    """(name, version, capabilities) of the notification daemon. Not on the D-Bus thread.

    Raises LookupError if the bus is up but no daemon answers, other errors if there is no bus.
    """
    connection = dbus.connection("session")

    def ask(member: str) -> tuple[Any, ...]:
        try:
            return connection.call(SERVICE, PATH, SERVICE, member, timeout=CALL_TIMEOUT_S)
        except TimeoutError:
            raise LookupError(English(N_("the notification service does not answer"))) from None
        except CallFailed as error:
            # Translators: {error} is a D-Bus error name (org.freedesktop.DBus.Error.…).
            raise LookupError(English(N_("no notification service answers ({error})"),
                                      error=error.name)) from None

    info = ask("GetServerInformation")  # name, vendor, version, spec version
    (capabilities,) = ask("GetCapabilities")
    return str(info[0]), str(info[2]), [str(c) for c in capabilities]
