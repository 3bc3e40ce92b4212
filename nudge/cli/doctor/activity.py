"""Doctor's activity line: which idle-time source nudge picks here, and each one it tried."""

from __future__ import annotations

from nudge.cli.doctor.model import Check, Context


def probe_activity(ctx: Context) -> list[Check]:
    from nudge.activity import pick_activity_source

    choice = pick_activity_source(dbus=ctx.dbus, on_resume=lambda: None)
    name = choice.source.name
    tried = [f"tried {n}: {r}" for n, r in choice.tried]
    choice.source.close()
    if choice.sees_idle:
        return [Check("activity", True, f"{name}: {choice.reason}", notes=tuple(tried))]
    fix = ("idle time comes from X11 (python-xlib), GNOME's Mutter IdleMonitor, KDE's "
           "org.freedesktop.ScreenSaver or a Wayland compositor with ext-idle-notify-v1 or "
           "org_kde_kwin_idle; the lines above say what each one lacked")
    if ctx.platform.startswith("linux") and not (ctx.env.get("DISPLAY")
                                                 or ctx.env.get("WAYLAND_DISPLAY")):
        fix = "run nudge from inside your desktop session (there is no display here)"
    return [Check("activity", False, f"{name}: {choice.reason}", fix, tuple(tried))]
