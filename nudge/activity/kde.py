"""Idle time from KDE: `org.freedesktop.ScreenSaver.GetSessionIdleTime` on the session bus.

KDE answers in milliseconds on X11 and with a NotSupported error on Wayland (use ext-idle-notify
there). Other desktops that own this name answer in other units (old gnome-screensaver gave
seconds), so the picker only asks it in a KDE session.

Probed on the main thread at start, read on the engine thread: any thread but nudge-dbus, whose loop
each call waits on.
"""

from __future__ import annotations

from collections.abc import Mapping

from nudge.activity import _dbus
from nudge.activity.base import ActivityProbe, Capability, Probe
from nudge.i18n import _
from nudge.platform import error_words
from nudge.platform.bus import BusThread
from nudge.platform.bus_objects import CallFailed

BUS_NAME = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"
CALL_TIMEOUT = 2.0


class KdeIdleSource(_dbus.MillisecondIdleMethod):
    """Idle seconds from KDE's screen saver service (X11 sessions only).

    Cost: one D-Bus method call to ksmserver per read. Raises on failure; the combined source
    handles that. Thread: any thread but nudge-dbus.
    """

    name = "kde"
    bus_name = BUS_NAME
    path = PATH
    interface = INTERFACE
    method = "GetSessionIdleTime"
    call_timeout = CALL_TIMEOUT


def is_kde(env: Mapping[str, str]) -> bool:
    desktops = env.get("XDG_CURRENT_DESKTOP", "") + ":" + env.get("XDG_SESSION_DESKTOP", "")
    return "kde" in desktops.lower().split(":") or env.get("KDE_FULL_SESSION") == "true"


def probe(dbus: BusThread, env: Mapping[str, str]) -> ActivityProbe:
    name = KdeIdleSource.name
    if not is_kde(env):
        return Probe.unavailable(name, _("not a KDE session ($XDG_CURRENT_DESKTOP)"))
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return Probe.unavailable(name, _("KDE answers GetSessionIdleTime only on X11, this is "
                                         "Wayland"))
    source = KdeIdleSource(dbus)
    try:
        source.read()
    except CallFailed as error:
        if error.name.endswith(".NotSupported"):
            return Probe.unavailable(name, _("KDE ScreenSaver says GetSessionIdleTime is not "
                                             "supported (a Wayland session)"))
        return Probe.unavailable(name, _("KDE ScreenSaver did not answer: {why}").format(
            why=error))
    except Exception as error:
        return Probe.unavailable(name,
                                 _("KDE ScreenSaver did not answer: {why}").format(
                                     why=error_words.reason(error)))
    return Probe.used(name, source, _("KDE ScreenSaver GetSessionIdleTime on the session bus "
                                      "(X11)"),
                      frozenset({Capability.IDLE_TIME, Capability.USES_DBUS}))
