"""Whether the desktop prefers a dark look, so a nudge's picture matches it (#19): "light" or
"dark", and "light" whenever it cannot be told.

Linux and the BSDs: the freedesktop portal's setting `org.freedesktop.appearance color-scheme`
(org.freedesktop.portal.Settings; 1 = prefer dark, 0 = no preference, 2 = prefer light), read
once on the shared session bus and then kept up to date by the portal's SettingChanged signal.
Windows: the registry value HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\
Personalize AppsUseLightTheme (0 = dark apps). macOS: `defaults read -g AppleInterfaceStyle`
says "Dark" in dark mode and fails (no such key) in light mode. The Windows and macOS readings
are written against those documented interfaces and cannot run here.

`DesktopTheme.ask` gives a Future (the notifier on the D-Bus I/O thread, "nudge-dbus", chains on
it); `current` is the coroutine the asyncio notifier of Windows and macOS awaits; `read_theme`
waits for it (`nudge doctor`). None of them raises.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import subprocess
import sys
from concurrent.futures import Future, InvalidStateError
from typing import TYPE_CHECKING, Any

from nudge.platform.bus_calls import BUS_NAME, BUS_PATH, signal_rule
from nudge.platform.bus_objects import CallFailed

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection, Signal

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
    """The theme for a portal color-scheme value (nested variants unwrapped: jeepney's
    (signature, value) pairs, or a dbus-fast Variant)."""
    while True:
        if hasattr(value, "value") and hasattr(value, "signature"):  # a dbus-fast Variant
            value = value.value
        elif isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            value = value[1]
        else:
            return DARK if value == PREFER_DARK else LIGHT


class DesktopTheme:
    """The desktop's light or dark preference on `platform`, cached on Linux (one portal call,
    then its signal, both on the D-Bus I/O thread)."""

    def __init__(self, dbus: BusThread | None, platform: str = sys.platform) -> None:
        self._dbus = dbus
        self._platform = platform
        self._theme: str | None = None
        self._connection: Connection | None = None  # where the signal is followed

    async def current(self) -> str:
        """The theme, for an asyncio caller (the notifier of Windows and macOS)."""
        if self._platform == "darwin":
            import asyncio

            return await asyncio.to_thread(macos_theme)
        if self._platform == "win32" or self._dbus is None:
            return self.now()
        import asyncio

        return await asyncio.wrap_future(self.ask())

    def now(self) -> str:
        """Windows and macOS: read it now; elsewhere light (the portal needs `ask`)."""
        try:
            if self._platform == "win32":
                return windows_theme()
            if self._platform == "darwin":
                return macos_theme()
        except Exception as error:  # a theme is a nicety: never a reason to fail a nudge
            log.debug("could not tell the desktop's theme: %r", error)
        return LIGHT

    def ask(self) -> Future[str]:
        """The theme as a Future: at once when known, else after one portal call (at most
        `READ_TIMEOUT_S`; its answer then comes on the D-Bus thread). Never fails. Any
        thread."""
        answer: Future[str] = Future()
        if self._platform in ("win32", "darwin") or self._dbus is None:
            answer.set_result(self.now())
            return answer
        try:
            connection = self._dbus.connection("session")
        except Exception as error:
            log.debug("could not tell the desktop's theme: %r", error)
            answer.set_result(LIGHT)
            return answer
        if connection is not self._connection:  # the first time, or the bus came back
            self._connection, self._theme = connection, None
            connection.add_handler(self._changed)
            connection.call_async(BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", (
                signal_rule(PORTAL, PORTAL_PATH, SETTINGS, "SettingChanged"),))
        if self._theme is not None:
            answer.set_result(self._theme)
            return answer
        dbus = self._dbus

        def settle(theme: str) -> None:
            self._theme = theme
            _settle(answer, theme)

        def too_late() -> None:
            if not answer.done():
                log.info("no dark-mode setting from the desktop portal (no answer); using "
                         "light pictures")
                _settle(answer, LIGHT)

        timer = dbus.call_later(READ_TIMEOUT_S, too_late)
        answer.add_done_callback(lambda _done: timer.cancel())
        _read_portal(connection, "ReadOne", settle)
        return answer

    def _changed(self, signal: Signal) -> None:
        """SettingChanged(namespace, key, value) from the portal, on the D-Bus thread."""
        if (signal.interface == SETTINGS and signal.member == "SettingChanged"
                and tuple(signal.body[:2]) == (APPEARANCE, COLOR_SCHEME)):
            self._theme = scheme_theme(signal.body[2])
            log.info("the desktop's theme is now %s", self._theme)


def _read_portal(connection: Connection, member: str, settle: Any) -> None:
    """Ask the portal (ReadOne, else the older Read); no portal or no such setting: light."""
    def replied(done: Future[tuple[Any, ...]]) -> None:
        error = done.exception()
        if isinstance(error, CallFailed) and member == "ReadOne" \
                and error.name == "org.freedesktop.DBus.Error.UnknownMethod":
            _read_portal(connection, "Read", settle)
        elif error is not None:
            log.info("no dark-mode setting from the desktop portal (%s); using light pictures",
                     error if str(error) else "no answer")
            settle(LIGHT)
        else:
            settle(scheme_theme(done.result()[0]))

    connection.call_async(PORTAL, PORTAL_PATH, SETTINGS, member, "ss",
                          (APPEARANCE, COLOR_SCHEME)).add_done_callback(replied)


def _settle(answer: Future[str], theme: str) -> None:
    with contextlib.suppress(InvalidStateError):  # the time-out came first
        answer.set_result(theme)


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


def read_theme(dbus: BusThread | None, platform: str = sys.platform) -> str:
    """The desktop's theme, for a thread that may wait (doctor)."""
    return DesktopTheme(dbus, platform).ask().result(READ_TIMEOUT_S * 3)
