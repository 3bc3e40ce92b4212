"""Whether the desktop prefers a dark look, so a nudge's picture matches it (#19): "light" or
"dark", and "light" whenever it cannot be told.

Linux and the BSDs: the freedesktop portal's setting `org.freedesktop.appearance color-scheme`
(org.freedesktop.portal.Settings; 1 = prefer dark, 0 = no preference, 2 = prefer light), read
once on the shared session bus and then kept up to date by the portal's SettingChanged signal.
Windows: the registry value HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\
Personalize AppsUseLightTheme (0 = dark apps). macOS: `defaults read -g AppleInterfaceStyle`
says "Dark" in dark mode and fails (no such key) in light mode. The Windows and macOS readings
are written against those documented interfaces and cannot run here.

`DesktopTheme.current` is a coroutine for the notifier's loop (the nudge-dbus thread on Linux);
it never raises. `read_theme` is the same for a caller without a loop (`nudge doctor`).
"""

from __future__ import annotations

import importlib
import logging
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from nudge.platform.dbus_calls import CallFailed, add_match, call, signal_rule

if TYPE_CHECKING:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus

    from nudge.platform.dbus_loop import DbusLoop

log = logging.getLogger(__name__)

LIGHT, DARK = "light", "dark"
PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"
APPEARANCE, COLOR_SCHEME = "org.freedesktop.appearance", "color-scheme"
PREFER_DARK = 1
READ_TIMEOUT_S = 1.0  # a hung portal must not hold a nudge back for long
PERSONALIZE = r"Software\Microsoft\Windows\CurrentVersion\Themes\Personalize"


def scheme_theme(value: Any) -> str:
    """The theme for a portal color-scheme value (nested variants unwrapped)."""
    while hasattr(value, "value") and hasattr(value, "signature"):  # a dbus-fast Variant
        value = value.value
    return DARK if value == PREFER_DARK else LIGHT


class DesktopTheme:
    """The desktop's light or dark preference on `platform`, cached on Linux (one portal call,
    then its signal)."""

    def __init__(self, dbus: DbusLoop | None, platform: str = sys.platform) -> None:
        self._dbus = dbus
        self._platform = platform
        self._theme: str | None = None
        self._bus: MessageBus | None = None  # the connection the signal is followed on

    async def current(self) -> str:
        try:
            if self._platform == "win32":
                return windows_theme()
            if self._platform == "darwin":
                import asyncio

                return await asyncio.to_thread(macos_theme)
            if self._dbus is None:
                return LIGHT
            return await self._portal(self._dbus)
        except Exception as error:  # a theme is a nicety: never a reason to fail a nudge
            log.debug("could not tell the desktop's theme: %r", error)
            return LIGHT

    async def _portal(self, dbus: DbusLoop) -> str:
        bus = await dbus.bus()
        if bus is not self._bus:  # the first time, or the session bus came back: ask afresh
            self._bus, self._theme = bus, None
            bus.add_message_handler(self._changed)
            await add_match(bus, signal_rule(PORTAL, PORTAL_PATH, SETTINGS, "SettingChanged"),
                            READ_TIMEOUT_S)
        if self._theme is None:
            self._theme = await portal_theme(bus)
        return self._theme

    def _changed(self, message: Message) -> None:
        """SettingChanged(namespace, key, value) from the portal, on the D-Bus thread."""
        if (message.interface == SETTINGS and message.member == "SettingChanged"
                and message.body[:2] == [APPEARANCE, COLOR_SCHEME]):
            self._theme = scheme_theme(message.body[2])
            log.info("the desktop's theme is now %s", self._theme)


async def portal_theme(bus: MessageBus) -> str:
    """Ask the portal (ReadOne, else the older Read); no portal or no such setting: light."""
    try:
        try:
            reply = await call(bus, PORTAL, PORTAL_PATH, SETTINGS, "ReadOne", "ss",
                               [APPEARANCE, COLOR_SCHEME], READ_TIMEOUT_S)
        except CallFailed as error:
            if error.name != "org.freedesktop.DBus.Error.UnknownMethod":
                raise
            reply = await call(bus, PORTAL, PORTAL_PATH, SETTINGS, "Read", "ss",
                               [APPEARANCE, COLOR_SCHEME], READ_TIMEOUT_S)
    except (CallFailed, TimeoutError) as error:
        log.info("no dark-mode setting from the desktop portal (%s); using light pictures",
                 error if str(error) else "no answer")
        return LIGHT
    return scheme_theme(reply[0])


def windows_theme() -> str:
    """HKCU ...\\Themes\\Personalize AppsUseLightTheme: 0 means apps are dark."""
    winreg: Any = importlib.import_module("winreg")  # Windows only; typed loosely elsewhere
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, PERSONALIZE) as key:
            value, _ = winreg.QueryValueEx(key, "AppsUseLightTheme")
    except OSError:  # no such value: Windows before 10 1809, or never set: light
        return LIGHT
    return DARK if value == 0 else LIGHT


def macos_theme() -> str:
    """`defaults read -g AppleInterfaceStyle`: "Dark" in dark mode, an error in light mode."""
    try:
        done = subprocess.run(["defaults", "read", "-g", "AppleInterfaceStyle"],
                              capture_output=True, text=True, timeout=2, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return LIGHT
    return DARK if done.returncode == 0 and done.stdout.strip() == "Dark" else LIGHT


def read_theme(dbus: DbusLoop | None, platform: str = sys.platform) -> str:
    """`DesktopTheme(...).current()` from a thread that is not the D-Bus loop's (doctor)."""
    theme = DesktopTheme(dbus, platform)
    if platform in ("win32", "darwin"):
        import asyncio

        return asyncio.run(theme.current())
    if dbus is None:
        return LIGHT
    return dbus.run(theme.current(), READ_TIMEOUT_S * 3)
