"""The floor: the smallest tray icon Python can show with the D-Bus stack nudge uses on Linux.

Not part of nudge. The bench runs it beside the apps to show what any Python tray app built on
asyncio and dbus-fast weighs before it does anything at all: one StatusNotifierItem with a
blank 22 px pixmap, registered with the host; no menu, notifications, idle source or storage.
nudge's own cost is what it adds on top of this (the "nudge / floor" column of RESULTS.md).

It keeps OpenSSL out with nudge's own guard, as `nudge run` does, so both start level. Launched
by `bench.apps.floor_spec`; stops on SIGTERM.
"""

from __future__ import annotations

from nudge.platform.openssl_guard import keep_openssl_out

keep_openssl_out()  # before asyncio, which imports `ssl` as it loads

import asyncio  # noqa: E402
from typing import Annotated, Any  # noqa: E402

from dbus_fast import Message  # noqa: E402
from dbus_fast.aio import MessageBus  # noqa: E402
from dbus_fast.annotations import DBusSignature  # noqa: E402
from dbus_fast.constants import PropertyAccess  # noqa: E402
from dbus_fast.service import ServiceInterface, dbus_property  # noqa: E402

Str = Annotated[str, DBusSignature("s")]
Pixmaps = Annotated[list[Any], DBusSignature("a(iiay)")]
SIZE = 22


class FloorItem(ServiceInterface):
    """The properties every StatusNotifier host reads, and nothing else."""

    def __init__(self) -> None:
        super().__init__("org.kde.StatusNotifierItem")

    @dbus_property(access=PropertyAccess.READ)
    def Category(self) -> Str:
        return "ApplicationStatus"

    @dbus_property(access=PropertyAccess.READ)
    def Id(self) -> Str:
        return "bench-floor"

    @dbus_property(access=PropertyAccess.READ)
    def Title(self) -> Str:
        return "bench floor"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return "Active"

    @dbus_property(access=PropertyAccess.READ)
    def IconPixmap(self) -> Pixmaps:
        return [[SIZE, SIZE, bytes(SIZE * SIZE * 4)]]


async def serve() -> None:
    bus = await MessageBus().connect()
    bus.export("/StatusNotifierItem", FloorItem())
    await bus.call(Message(destination="org.kde.StatusNotifierWatcher",
                           path="/StatusNotifierWatcher",
                           interface="org.kde.StatusNotifierWatcher",
                           member="RegisterStatusNotifierItem", signature="s",
                           body=[bus.unique_name]))
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve())
