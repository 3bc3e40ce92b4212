"""What the report's lines mean for the interface nudge would start here (pure, any thread).

In terminal mode the desktop's display, session bus, tray and notification daemon are not
needed, so their lines are information, not things missing; without a display, neither are idle
time and logind (every minute counts as seated). Where the tray is missing, answers go to the
terminal or the CLI, not "the tray". And a fix that only points at another line ("see below")
becomes that line's own first step, so no two fixes point at each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from nudge.cli.doctor.model import Check
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
    elif tray is not None and tray.ok is not True:
        out = [replace(c, detail=c.without_tray) if c.without_tray else c for c in out]
    return _resolve_fixes(out)


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

    def first_step(check: Check, seen: frozenset[str]) -> str | None:
        if not check.fix.startswith(SEE):
            return check.fix
        target = by_name.get(check.fix[len(SEE):])
        if target is None or target.name in seen or target.ok is True:
            return None
        return first_step(target, seen | {target.name})

    resolved = []
    for check in checks:
        if check.fix.startswith(SEE):
            step = first_step(check, frozenset({check.name}))
            fallback = _FALLBACK.get(check.name)
            check = replace(check, fix=step if step is not None else
                            _(fallback) if fallback else "")
        resolved.append(check)
    return resolved
