"""Doctor's desktop-session lines: the display, the D-Bus session bus (and, through it, the
tray host and notification daemon), and logind for screen lock and suspend."""

from __future__ import annotations

import platform as platform_module
from collections.abc import Mapping
from typing import Any

from nudge.cli.doctor.dbus_facts import DBUS_SECONDS, ask, logind_facts, session_facts
from nudge.cli.doctor.model import Check, Context
from nudge.cli.doctor.notifications import notification_daemon_check
from nudge.cli.doctor.tray import tray_host_check


def probe_desktop(ctx: Context) -> list[Check]:
    return [desktop_check(ctx.platform, ctx.env)]


def probe_session_bus(ctx: Context) -> list[Check]:
    facts = ask(session_facts, "session", DBUS_SECONDS)
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
    desktop = env.get("XDG_CURRENT_DESKTOP") or "unknown desktop (XDG_CURRENT_DESKTOP unset)"
    session = env.get("XDG_SESSION_TYPE") or "unknown session type"
    displays = [f"{name}={env[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if env.get(name)]
    if displays:
        return Check("desktop", True, f"{desktop}, {session}, {', '.join(displays)}")
    return Check("desktop", False, f"{desktop}, {session}, no display (DISPLAY and "
                 "WAYLAND_DISPLAY are unset)",
                 "run nudge from inside your desktop session; over SSH or on a text console "
                 "use `nudge run --ui terminal`")


def session_bus_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if "error" not in facts:
        return Check("session bus", True, "connected")
    unset = "" if env.get("DBUS_SESSION_BUS_ADDRESS") else " (DBUS_SESSION_BUS_ADDRESS is unset)"
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        fix = ("run nudge from inside your desktop session, where the bus is; over SSH or on a "
               "text console, `nudge run --ui terminal` needs no bus")
    else:  # a display but no bus: the session was started without one
        fix = ("start the desktop session with a session bus: log in through your login "
               "screen, or start it with `dbus-run-session -- startxfce4` (or your session's "
               f"command); if the system has no session bus, `{install} dbus-user-session` "
               "and log in again")
    return Check("session bus", False, f"cannot connect: {facts['error']}{unset}", fix)


def logind_check(facts: Mapping[str, Any], env: Mapping[str, str], install: str) -> Check:
    if facts.get("logind"):
        session = env.get("XDG_SESSION_ID")
        where = f" (session {session})" if session else \
            " (this shell is not in a login session: XDG_SESSION_ID is unset)"
        return Check("lock and suspend", True, f"logind answers: nudge sees screen lock and "
                     f"suspend{where}")
    why = (f"cannot reach the system bus: {facts['error']}" if "error" in facts else
           "org.freedesktop.login1 is not on the system bus")
    return Check("lock and suspend", False, f"no logind ({why}); locked or sleeping time is "
                 "only noticed through idle time",
                 f"on systems without systemd, `{install} elogind` and reboot; in a container "
                 "this is expected")
