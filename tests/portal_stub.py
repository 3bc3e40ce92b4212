"""A tiny stand-in for xdg-desktop-portal's Settings interface, as its own process on the
session bus in DBUS_SESSION_BUS_ADDRESS (a helper the theme tests start; dbus-fast).

`python portal_stub.py VALUE [--old]` answers org.freedesktop.appearance color-scheme with
VALUE (1 = prefer dark) through ReadOne and Read (`--old`: Read only, with the value wrapped in
a second variant, as portals before version 2 did). It prints "ready" once it owns the name;
each number written to its stdin becomes the new value, announced by SettingChanged.
"""

import asyncio
import sys

from dbus_fast import DBusError, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method, signal

NAMESPACE, KEY = "org.freedesktop.appearance", "color-scheme"


class Settings(ServiceInterface):
    def __init__(self, value: int, old: bool) -> None:
        super().__init__("org.freedesktop.portal.Settings")
        self.value = value
        self.old = old

    def _check(self, namespace: str, key: str) -> None:
        if (namespace, key) != (NAMESPACE, KEY):
            raise DBusError("org.freedesktop.portal.Error.NotFound", "Requested setting not found")

    @method()
    def ReadOne(self, namespace: "s", key: "s") -> "v":  # noqa: F821 - D-Bus signatures
        if self.old:
            raise DBusError("org.freedesktop.DBus.Error.UnknownMethod", "No such method ReadOne")
        self._check(namespace, key)
        return Variant("u", self.value)

    @method()
    def Read(self, namespace: "s", key: "s") -> "v":  # noqa: F821
        self._check(namespace, key)
        return Variant("v", Variant("u", self.value))

    @signal()
    def SettingChanged(self) -> "ssv":  # noqa: F821
        return [NAMESPACE, KEY, Variant("u", self.value)]


async def main() -> None:
    settings = Settings(int(sys.argv[1]), "--old" in sys.argv[2:])
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/portal/desktop", settings)
    await bus.request_name("org.freedesktop.portal.Desktop")
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        settings.value = int(line)
        settings.SettingChanged()
        print(f"changed {settings.value}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
