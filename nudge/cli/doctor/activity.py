"""Doctor's activity line: which idle-time source nudge picks here, and each one it tried.

Runs on its probe's daemon thread (see `nudge.cli.doctor`)."""

from __future__ import annotations

from nudge.cli.doctor.model import Check, Context
from nudge.i18n import _, shown


def probe_activity(ctx: Context) -> list[Check]:
    from nudge.activity import pick_activity_source

    choice = pick_activity_source(dbus=ctx.dbus, on_resume=lambda: None)
    name = choice.source.name
    # Translators: {source} names an idle-time source (e.g. x11, mutter); {reason} says why.
    tried = [_("tried {source}: {reason}").format(source=n, reason=shown(r))
             for n, r in choice.tried]
    choice.source.close()
    # Translators: {source} names the idle-time source nudge picked; {reason} says why.
    said = _("{source}: {reason}").format(source=name, reason=shown(choice.reason))
    if choice.sees_idle:
        return [Check("activity", True, said, notes=tuple(tried))]
    fix = _("idle time comes from X11 (python-xlib), GNOME's Mutter IdleMonitor, KDE's "
            "org.freedesktop.ScreenSaver or a Wayland compositor with ext-idle-notify-v1 or "
            "org_kde_kwin_idle; the lines above say what each one lacked")
    if ctx.platform.startswith("linux") and not (ctx.env.get("DISPLAY")
                                                 or ctx.env.get("WAYLAND_DISPLAY")):
        fix = _("run nudge from inside your desktop session (there is no display here)")
    return [Check("activity", False, said, fix, tuple(tried))]
