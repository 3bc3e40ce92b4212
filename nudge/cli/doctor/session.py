"""Doctor's desktop-session lines: the display, the D-Bus session bus (and, through it, the
tray host and notification daemon), and logind for screen lock and suspend.

The probes run on their daemon threads (see `nudge.cli.doctor`); the `*_check` functions are pure,
any thread."""

from __future__ import annotations

import platform as platform_module
from collections.abc import Mapping
from typing import Any

from nudge.cli.doctor.dbus_facts import DBUS_SECONDS, ask, logind_facts, session_facts
from nudge.cli.doctor.dunst_menu import with_menu
from nudge.cli.doctor.model import Check, Context
from nudge.cli.doctor.notifications import notification_daemon_check
from nudge.cli.doctor.tray import tray_host_check
from nudge.i18n import _


def probe_desktop(ctx: Context) -> list[Check]:
    return [desktop_check(ctx.platform, ctx.env)]


def probe_session_bus(ctx: Context) -> list[Check]:
    facts = with_menu(ask(session_facts, "session", DBUS_SECONDS), ctx.env)
    desktop = ctx.env.get("XDG_CURRENT_DESKTOP", "")
    return [session_bus_check(facts, ctx.env, ctx.install),
            tray_host_check(facts, desktop, ctx.install),
            notification_daemon_check(facts, desktop, ctx.install)]


def probe_logind(ctx: Context) -> list[Check]:
    return [logind_check(ask(logind_facts, "system", DBUS_SECONDS), ctx.env, ctx.install)]


def desktop_check(platform: str, env: Mapping[str, str]) -> Check:
    if platform == "win32":
        return Check("desktop", True, f"Windows {platform_module.release()}")
    if platform == "darwin":
        return Check("desktop", True, f"macOS {platform_module.mac_ver()[0]}")
    desktop = env.get("XDG_CURRENT_DESKTOP") or _("unknown desktop (XDG_CURRENT_DESKTOP "
                                                  "unset)")
    session = env.get("XDG_SESSION_TYPE") or _("unknown session type")
    displays = [f"{name}={env[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if env.get(name)]
    if displays:
        return Check("desktop", True, f"{desktop}, {session}, {', '.join(displays)}")
    # Translators: {desktop} and {session} name the desktop and the session type (e.g. XFCE,
    # x11).
    return Check("desktop", False, _("{desktop}, {session}, no display (DISPLAY and "
                                     "WAYLAND_DISPLAY are unset)").format(desktop=desktop,
                                                                         session=session),
                 _("run nudge from inside your desktop session; over SSH or on a text console "
                   "use `nudge run --ui terminal`"))


def session_bus_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if "error" not in facts:
        return Check("session bus", True, _("connected"))
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        fix = _("run nudge from inside your desktop session, where the bus is; over SSH or on "
                "a text console, `nudge run --ui terminal` needs no bus")
    else:  # a display but no bus: the session was started without one
        # Translators: {install} is a package manager's install command, e.g. sudo apt install.
        fix = _("start the desktop session with a session bus: log in through your login "
                "screen, or start it with `dbus-run-session -- startxfce4` (or your session's "
                "command); if the system has no session bus, `{install} dbus-user-session` and "
                "log in again").format(install=install)
    # Translators: {error} is the bus library's own words, in English.
    said = (_("cannot connect: {error}") if env.get("DBUS_SESSION_BUS_ADDRESS") else
            _("cannot connect: {error} (DBUS_SESSION_BUS_ADDRESS is unset)"))
    return Check("session bus", False, said.format(error=facts["error"]), fix)


def logind_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if facts.get("logind"):
        session = env.get("XDG_SESSION_ID")
        said = (_("logind answers: nudge sees screen lock and suspend (session {session})")
                if session else
                _("logind answers: nudge sees screen lock and suspend (this shell is not in a "
                  "login session: XDG_SESSION_ID is unset)"))
        return Check("lock and suspend", True, said.format(session=session))
    why = (_("cannot reach the system bus: {error}").format(error=facts["error"])
           if "error" in facts else _("org.freedesktop.login1 is not on the system bus"))
    return Check("lock and suspend", False, _("no logind ({why}); locked or sleeping time is "
                                              "only noticed through idle time").format(why=why),
                 _("on systems without systemd, `{install} elogind` and reboot; in a container "
                   "this is expected").format(install=install))
