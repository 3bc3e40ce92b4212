"""The desktop's own "do not disturb", on Linux.

Asked in this order, first "on" wins:
- dunst paused (`dunstctl set-paused true`): property `paused` of `org.dunstproject.cmd0` on
  dunst's `/org/freedesktop/Notifications` object;
- the notification server's `Inhibited` property (`org.freedesktop.Notifications`, a KDE
  extension): KDE Plasma's do-not-disturb, which Plasma also turns on by itself while the screen
  is shared or mirrored, and in recent versions while a fullscreen app has focus (read);
- GNOME (only when XDG_CURRENT_DESKTOP says GNOME): `show-banners` false in
  `org.gnome.desktop.notifications`, read with `gsettings` (GNOME keeps it in dconf, which has
  no cheaper stable interface);
- Xfce (only when XDG_CURRENT_DESKTOP says XFCE): xfce4-notifyd's `/do-not-disturb` in xfconf,
  read with `xfconf-query`.
D-Bus calls never start a notification daemon (NO_AUTO_START) and all of them together are
time-boxed to 1 s; so is each helper program.

Checked on the engine thread (a probe's thread in `nudge doctor`), never on nudge-dbus, whose loop
carries its D-Bus calls.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from nudge.blockers import _tools
from nudge.blockers.base import CALL_SECONDS, CheckFailed
from nudge.i18n import N_, English, _, shown
from nudge.platform.bus_calls import PROPERTIES
from nudge.platform.bus_objects import CallFailed
from nudge.platform.error_words import message, said

if TYPE_CHECKING:

    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
DUNST = "org.dunstproject.cmd0"
GNOME_SCHEMA = "org.gnome.desktop.notifications"


def desktops(env: Mapping[str, str]) -> set[str]:
    """The desktop names in XDG_CURRENT_DESKTOP, lower case ("ubuntu:GNOME" → ubuntu, gnome)."""
    return {part.strip().lower() for part in env.get("XDG_CURRENT_DESKTOP", "").split(":")
            if part.strip()}


class LinuxDndBlocker:
    """Blocks while the desktop's do-not-disturb is on.

    Cost: two D-Bus property reads (sub-millisecond; one round trip each through the
    nudge-dbus thread), plus on GNOME or Xfce one run of a small helper program (~5–15 ms).
    Thread: any but nudge-dbus.
    """

    name = "do not disturb"

    def __init__(self, dbus: BusThread | None, env: Mapping[str, str]) -> None:
        self._dbus = dbus
        self._env = env
        names = desktops(env)
        self._gsettings = _tools.find_tool("gsettings", env) if "gnome" in names else None
        self._xfconf = _tools.find_tool("xfconf-query", env) if "xfce" in names else None

    def reach_bus(self) -> str | None:
        """Connect to the session bus now; if that fails, stop asking D-Bus and say why.
        Call at set-up, not on the nudge-dbus thread."""
        if self._dbus is None:
            return None
        dbus = self._dbus
        try:
            dbus.connection("session")
        except Exception as error:
            self._dbus = None
            text = _("no answer") if isinstance(error, TimeoutError) else \
                shown(said(error))
            # Translators: {error} is a technical error from the D-Bus library, or "no answer".
            return _("cannot reach the session bus: {error}").format(error=text)
        return None

    def sources(self) -> list[str]:
        """What this blocker watches, for `nudge doctor`."""
        found = []
        if self._dbus is not None:
            found.append(_("dunst's pause and the notification server's Inhibited flag (KDE)"))
        if self._gsettings:
            found.append(_("GNOME's show-banners setting"))
        if self._xfconf:
            found.append(_("Xfce notifyd's do-not-disturb"))
        return found

    def check(self) -> str | None:
        problems: list[str] = []  # English ones stay `English`
        for ask in (self._ask_bus, self._ask_gnome, self._ask_xfce):
            try:
                reason = ask()
            except TimeoutError:
                problems.append(English(N_("the session bus did not answer within {seconds} s"),
                                        seconds=f"{CALL_SECONDS:g}"))
                continue
            except Exception as error:  # no session bus, a helper that hung, …: ask the rest
                problems.append(message(error) or type(error).__name__)
                continue
            if reason is not None:
                return reason
        if problems:
            joined = "; ".join(f"{{p{n}}}" for n in range(len(problems)))  # each its own words
            raise CheckFailed(English(joined, **{f"p{n}": p for n, p in enumerate(problems)}))
        return None

    def _ask_bus(self) -> str | None:
        if self._dbus is None:
            return None
        bus = self._dbus.connection("session")
        deadline = time.monotonic() + CALL_SECONDS  # both asks together, as one bounded wait
        if _property(bus, DUNST, "paused", deadline) is True:
            return English(N_("do not disturb is on (dunst is paused)"))
        if _property(bus, NOTIFICATIONS, "Inhibited", deadline) is True:
            return English(N_("do not disturb is on"))
        return None

    def _ask_gnome(self) -> str | None:
        if self._gsettings is None:
            return None
        done = _tools.run_tool([self._gsettings, "get", GNOME_SCHEMA, "show-banners"],
                               self._env)
        if done.returncode != 0:
            # Translators: {error} is what gsettings printed.
            raise CheckFailed(English(N_("gsettings failed: {error}"),
                                      error=done.stderr.strip()[:200]))
        return English(N_("do not disturb is on (GNOME)")) if done.stdout.strip() == "false" \
            else None

    def _ask_xfce(self) -> str | None:
        if self._xfconf is None:
            return None
        done = _tools.run_tool([self._xfconf, "-c", "xfce4-notifyd", "-p", "/do-not-disturb"],
                               self._env)
        # A property never set does not exist yet: exit status 1, and do-not-disturb is off.
        return English(N_("do not disturb is on (Xfce)")) if done.returncode == 0 and \
            done.stdout.strip().lower() == "true" else None


def _property(bus: Connection, interface: str, name: str, deadline: float) -> Any:
    """One property of the notification server, or None if it has no such property (or no
    server runs). Never starts a server through D-Bus activation."""
    try:
        body = bus.call(NOTIFICATIONS, NOTIFICATIONS_PATH, PROPERTIES, "Get", "ss",
                        (interface, name), max(0.0, deadline - time.monotonic()),
                        auto_start=False)
    except CallFailed:
        return None
    return body[0][1] if body else None
