"""What the report's lines mean for the interface nudge would start here (pure, any thread).

In terminal mode the desktop's display, session bus, tray and notification daemon are not
needed, so their lines are information, not things missing; without a display, neither are idle
time and logind (every minute counts as seated). Where the tray is missing, answers go to the
terminal or the CLI, not "the tray"; where the session bus is missing, no line that needs it
says it works. A fix that is another line's ("see: session bus") is said once, on the line whose
fix it is, and named on the others ("first the session bus"), never two lines pointing at each
other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from nudge.cli.doctor.model import SECTION_NAMES, Check
from nudge.i18n import N_, _

TERMINAL_NEEDS_NOT = ("desktop", "session bus", "tray", "tray host", "notifications",
                      "notification daemon")
HEADLESS_NEEDS_NOT = ("activity", "lock and suspend")
SEE = "see: "  # a fix that is another line's first step: "see: session bus" (never shown)


def ui_mode(wanted: str, display: bool) -> str:
    """"terminal" or "tray", as `nudge run` picks it from the config's `ui` (auto, tray or
    terminal) and whether there is a display."""
    return "terminal" if wanted == "terminal" or (wanted == "auto" and not display) else "tray"


def has_display(platform: str, env: Mapping[str, str]) -> bool:
    if platform in ("win32", "darwin"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def mode_check(mode: str, display: bool) -> Check:
    if mode == "tray":
        return Check("ui", None, _("tray mode: nudges show as notifications and in the tray"))
    if not display:
        detail = _("terminal mode (no display here): nudges show in the terminal that runs "
                   "`nudge` and are answered there (d done, s snooze, k skip); the desktop "
                   "lines are for information (for the tray, run nudge inside your desktop "
                   "session)")
    else:
        detail = _("terminal mode (the config's [app] ui = \"terminal\"): nudges show in the "
                   "terminal that runs `nudge` and are answered there (d done, s snooze, "
                   "k skip); the desktop lines are for information (for the tray, set [app] "
                   "ui = \"auto\" in the config)")
    return Check("ui", None, detail, terminal_mode=True)


def for_mode(checks: Sequence[Check], mode: str, display: bool) -> list[Check]:
    """Each check as it matters for `mode`: see the module docstring."""
    out = list(checks)
    tray = next((c for c in out if c.name == "tray"), None)
    if mode == "terminal":
        # Translators: {detail} is a line of `nudge doctor` that says what is missing.
        out = [_as_information(c, _("{detail} (not needed in terminal mode)"))
               if c.name in TERMINAL_NEEDS_NOT and c.ok is False else c for c in out]
        if not display:
            # Translators: {detail} is a line of `nudge doctor` that says what is missing.
            out = [_as_information(c, _("{detail} (expected in terminal mode without a "
                                        "display: every minute nudge runs counts as seated)"))
                   if c.name in HEADLESS_NEEDS_NOT and c.ok is False else c for c in out]
        out = [replace(c, ok=None, detail=_("terminal mode shows nudges in the terminal, not "
                                            "as notifications"), fix="")
               if c.name == "notifications" else c for c in out]
    else:
        out = _without_bus(out)
        tray = next((c for c in out if c.name == "tray"), None)
        if tray is not None and tray.ok is not True:
            out = [replace(c, detail=c.without_tray) if c.without_tray else c for c in out]
    return _resolve_fixes(out)


def _without_bus(checks: list[Check]) -> list[Check]:
    """No session bus (Linux, tray mode): no tray icon over it and no notification at all
    (plain ones go over it too), so no line may say they work; each points at the bus's fix."""
    bus = next((c for c in checks if c.name == "session bus"), None)
    if bus is None or bus.ok is not False:
        return checks
    out = []
    for check in checks:
        if check.name == "ui":
            check = replace(check, detail=_(
                "tray mode: nudges would show as notifications and in the tray, but both need "
                "the session bus; meanwhile `nudge status` shows what is due and `nudge "
                "done|snooze|skip` answers it"))
        elif check.name == "tray" and check.ok is False:
            check = replace(check, detail=_(
                "none: no StatusNotifier tray without the session bus, and no XEmbed tray "
                "either; meanwhile use `nudge status`, `nudge done|snooze|skip` and `nudge "
                "pause` in a terminal"), fix=f"{SEE}session bus", without_tray="")
        elif check.name == "notifications" and check.ok is not False:
            check = replace(check, ok=False, detail=_(
                "none: without the session bus no notification can show, not even a plain one"),
                fix=f"{SEE}session bus", without_tray="")
        out.append(check)
    return out


def _as_information(check: Check, sentence: str) -> Check:
    """A line that is no problem in this mode: for information, without a fix (the "ui" line
    says how to get the tray instead). `sentence` holds the line's `{detail}`."""
    json_detail = None if check.json_detail is None else sentence.format(
        detail=check.json_detail)
    return replace(check, ok=None, detail=sentence.format(detail=check.detail), fix="",
                   json_detail=json_detail)


# When the line pointed at works after all, what is left to do.
_FALLBACK = {"tray": N_("meanwhile `nudge run --ui terminal` works anywhere"),
             "notifications": N_("meanwhile the tray shows each nudge")}


def _resolve_fixes(checks: list[Check]) -> list[Check]:
    by_name = {c.name: c for c in checks}

    def root(check: Check, seen: frozenset[str]) -> Check | None:
        """The failing line whose own fix this line's fix comes down to."""
        target = by_name.get(check.fix[len(SEE):])
        if target is None or target.name in seen or target.ok is True:
            return None
        return root(target, seen | {target.name}) if target.fix.startswith(SEE) else target

    resolved = []
    for check in checks:
        if check.fix.startswith(SEE):
            cause = root(check, frozenset({check.name}))
            fallback = _FALLBACK.get(check.name)
            if cause is not None and cause.fix:  # said once, on that line: named here
                # Translators: a fix that is another line's; {line} is that line's name
                # (e.g. session bus).
                fix = _("first the {line}: its line says how").format(
                    line=_(SECTION_NAMES.get(cause.name, cause.name)))
            else:
                fix = _(fallback) if fallback else ""
            check = replace(check, fix=fix)
        resolved.append(check)
    return resolved
