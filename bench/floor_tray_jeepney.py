"""The floor on another D-Bus stack: the same bare tray icon as bench/floor_tray.py, over jeepney.

Not part of nudge, which does not use jeepney. jeepney is a pure-Python D-Bus library with
blocking I/O, so this icon needs no asyncio and no compiled D-Bus code: a receive thread (as an
app would have beside its own threads) answers the host's property reads. Beside the asyncio +
dbus-fast floor, it measures how much of a Python tray app's memory is the D-Bus stack alone,
the number behind "what 0.8 × Workrave would take" in bench/RESULTS.md. The bench installs
jeepney into nudge's venv for it (bench/nudge_install.py). Stops on SIGTERM.

With `--with-nudge-modules` it first imports nudge's own modules that need no D-Bus, X11 or
scheduler library (the CLI, the engine, the store, config, the control channel, the tray's
menu and icon files: 82 of the 103 nudge modules the app has loaded once its icon is up). It
then does nothing more, so it weighs less than any nudge that works could: a lower bound for
nudge with a D-Bus layer as light as jeepney, and the number that shows whether the PSS target
is in reach of this codebase.
"""

from __future__ import annotations

from nudge.platform.openssl_guard import keep_openssl_out

keep_openssl_out()  # as floor_tray.py and `nudge run` do

import sys  # noqa: E402
import threading  # noqa: E402
from importlib import import_module  # noqa: E402
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
# What `--with-nudge-modules` imports; each pulls in the nudge modules and libraries it needs.
NUDGE_MODULES = (
    "nudge.cli.main", "nudge.app.root", "nudge.app.logging_setup", "nudge.app.instance",
    "nudge.app.engine_loop",
    "nudge.control.server", "nudge.store", "nudge.app.clock", "nudge.autostart.xdg",
    "nudge.blockers.apps", "nudge.blockers.devices", "nudge.blockers.screen_share",
    "nudge.tray.ui", "nudge.tray.menu", "nudge.tray.icon_state", "nudge.tray.pixmap_files",
    "nudge.tray.sni_pixmaps",
)
# Loaded by those, the point is lost: they are the libraries a jeepney nudge would not need.
NOT_LOADED = ("asyncio", "dbus_fast", "desktop_notifier", "apscheduler", "Xlib", "PIL")
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


def load_nudge_modules() -> None:
    for name in NUDGE_MODULES:
        import_module(name)
    loaded = [name for name in NOT_LOADED if name in sys.modules]
    if loaded:
        raise SystemExit(f"floor_tray_jeepney: nudge's modules pulled in {', '.join(loaded)}; "
                         "take the module that does it out of NUDGE_MODULES")


def main() -> None:
    if "--with-nudge-modules" in sys.argv[1:]:
        load_nudge_modules()
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
