"""The floor on another D-Bus stack: the same bare tray icon as bench/floor_tray.py, over jeepney.

Not part of nudge, which does not use jeepney. jeepney is a pure-Python D-Bus library with
blocking I/O, so this icon needs no asyncio and no compiled D-Bus code: a receive thread (as an
app would have beside its own threads) answers the host's property reads. Beside the asyncio +
dbus-fast floor, it measures how much of a Python tray app's memory is the D-Bus stack alone,
the number behind "what 0.8 × Workrave would take" in bench/RESULTS.md. The bench installs
jeepney into nudge's venv for it (bench/nudge_install.py). Stops on SIGTERM.
"""

from __future__ import annotations

from nudge.openssl_guard import keep_openssl_out

keep_openssl_out()  # as floor_tray.py and `nudge run` do

import threading  # noqa: E402
from typing import Any  # noqa: E402

from jeepney import (  # noqa: E402
    DBusAddress,
    HeaderFields,
    Message,
    MessageType,
    new_error,
    new_method_call,
    new_method_return,
)
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # noqa: E402

ITEM = "org.kde.StatusNotifierItem"
PROPERTIES = "org.freedesktop.DBus.Properties"
NO_REPLY_EXPECTED = 1
SIZE = 22
VALUES: dict[str, tuple[str, Any]] = {
    "Category": ("s", "ApplicationStatus"),
    "Id": ("s", "bench-floor"),
    "Title": ("s", "bench floor"),
    "Status": ("s", "Active"),
    "IconPixmap": ("a(iiay)", [(SIZE, SIZE, bytes(SIZE * SIZE * 4))]),
}
INTROSPECTION = (f'<node><interface name="{ITEM}">'
                 + "".join(f'<property name="{name}" type="{signature}" access="read"/>'
                           for name, (signature, _) in VALUES.items())
                 + "</interface></node>")


def reply_to(call: Message) -> Message:
    """What the host gets back for one method call on the item."""
    fields = call.header.fields
    interface, member = fields.get(HeaderFields.interface), fields.get(HeaderFields.member)
    if interface == PROPERTIES and member == "GetAll" and call.body[0] == ITEM:
        return new_method_return(call, "a{sv}", (VALUES,))
    if interface == PROPERTIES and member == "Get" and call.body[0] == ITEM \
            and call.body[1] in VALUES:
        return new_method_return(call, "v", (VALUES[call.body[1]],))
    if interface == "org.freedesktop.DBus.Introspectable" and member == "Introspect":
        return new_method_return(call, "s", (INTROSPECTION,))
    return new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s",
                     (f"no {interface}.{member} here",))


def serve(connection: DBusConnection) -> None:
    while True:
        message = connection.receive()  # blocks until the bus sends something
        if message.header.message_type is MessageType.method_call \
                and not message.header.flags & NO_REPLY_EXPECTED:
            connection.send(reply_to(message))


def main() -> None:
    connection = open_dbus_connection(bus="SESSION")
    watcher = DBusAddress("/StatusNotifierWatcher", bus_name="org.kde.StatusNotifierWatcher",
                          interface="org.kde.StatusNotifierWatcher")
    # Its reply, like every other message, reaches the receive thread (which ignores replies).
    connection.send(new_method_call(watcher, "RegisterStatusNotifierItem", "s",
                                    (connection.unique_name,)))
    threading.Thread(target=serve, args=(connection,), name="floor-dbus", daemon=True).start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
