"""Idle time from KDE: `org.freedesktop.ScreenSaver.GetSessionIdleTime` on the session bus.

KDE answers in milliseconds on X11 and with a NotSupported error on Wayland (use ext-idle-notify
there). Other desktops that own this name answer in other units (old gnome-screensaver gave
seconds), so the picker only asks it in a KDE session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nudge.activity import _dbus
from nudge.activity.base import Probe, describe
from nudge.dbus_loop import DbusLoop
from nudge.ports import ActivityReading

BUS_NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
CALL_TIMEOUT = 2.0
MS_PER_SECOND = 1000.0


class KdeIdleSource:
    """Idle seconds from KDE's screen saver service (X11 sessions only).

    Cost: one D-Bus method call to ksmserver per read. Raises on failure; the combined source
    handles that. Thread: any thread but nudge-dbus.
    """

    name = "kde"

    def __init__(self, dbus: DbusLoop) -> None:
        self._dbus = dbus

    def read(self) -> ActivityReading:
        ms = self._dbus.run(self._idle_ms(), timeout=CALL_TIMEOUT)
        return ActivityReading(idle_seconds=ms / MS_PER_SECOND)

    async def _idle_ms(self) -> int:
        bus: Any = await self._dbus.bus("session")
        return int((await _dbus.call(bus, BUS_NAME, PATH, INTERFACE, "GetSessionIdleTime"))[0])

    def close(self) -> None:
        pass  # the bus connection belongs to the DbusLoop


def is_kde(env: Mapping[str, str]) -> bool:
    desktops = env.get("XDG_CURRENT_DESKTOP", "") + ":" + env.get("XDG_SESSION_DESKTOP", "")
    return "kde" in desktops.lower().split(":") or env.get("KDE_FULL_SESSION") == "true"


def probe(dbus: DbusLoop, env: Mapping[str, str]) -> Probe:
    name = KdeIdleSource.name
    if not is_kde(env):
        return Probe.failed(name, "not a KDE session ($XDG_CURRENT_DESKTOP)")
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return Probe.failed(name, "KDE answers GetSessionIdleTime only on X11, this is Wayland")
    source = KdeIdleSource(dbus)
    try:
        source.read()
    except _dbus.CallFailed as error:
        if error.name.endswith(".NotSupported"):
            return Probe.failed(name, "KDE ScreenSaver says GetSessionIdleTime is not supported "
                                      "(a Wayland session)")
        return Probe.failed(name, f"KDE ScreenSaver did not answer: {error}")
    except Exception as error:
        return Probe.failed(name, f"KDE ScreenSaver did not answer: {describe(error)}")
    return Probe(name, source, "KDE ScreenSaver GetSessionIdleTime on the session bus (X11)")
