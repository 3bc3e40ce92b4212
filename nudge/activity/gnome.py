"""Idle time from GNOME Shell: `org.gnome.Mutter.IdleMonitor.GetIdletime` on the session bus.

Mutter counts input itself, so this is right on GNOME X11 and on GNOME Wayland alike.

Probed on the main thread at start, read on the engine thread: any thread but nudge-dbus, whose loop
each call waits on.
"""

from __future__ import annotations

from nudge.activity import _dbus
from nudge.activity.base import ActivityProbe, Capability, Probe
from nudge.i18n import _, shown
from nudge.platform import bus_calls, error_words
from nudge.platform.bus import BusThread

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
CALL_TIMEOUT = 2.0  # seconds; gnome-shell answers in well under a millisecond when healthy


class MutterIdleSource(_dbus.MillisecondIdleMethod):
    """Idle seconds from GNOME Shell's core idle monitor.

    Cost: one D-Bus method call to gnome-shell per read (a round trip through the nudge-dbus
    thread). Raises on failure (bus gone, shell restarting); the combined source handles that.
    Thread: any thread but nudge-dbus.
    """

    name = "gnome"
    bus_name = BUS_NAME
    path = PATH
    interface = INTERFACE
    method = "GetIdletime"
    call_timeout = CALL_TIMEOUT


def probe(dbus: BusThread) -> ActivityProbe:
    name = MutterIdleSource.name
    try:
        owner = bus_calls.name_owner(dbus.connection("session"), BUS_NAME, CALL_TIMEOUT)
    except Exception as error:
        return Probe.unavailable(name, _("no D-Bus session bus: {why}").format(
            why=shown(error_words.said(error))))
    if owner is None:
        return Probe.unavailable(name, _("{service} is not on the session bus (not "
                                         "GNOME)").format(service=BUS_NAME))
    source = MutterIdleSource(dbus)
    try:
        source.read()
    except Exception as error:
        return Probe.unavailable(
            name, _("GNOME idle monitor did not answer: {why}").format(
                why=error_words.reason(error)))
    return Probe.used(name, source, _("GNOME Mutter IdleMonitor on the session bus"),
                      frozenset({Capability.IDLE_TIME, Capability.USES_DBUS}))

