"""What the report's lines mean for the interface nudge would start here (pure, any thread).

In terminal mode the desktop's display, session bus, tray and notification daemon are not
needed, so their lines are information, not things missing; without a display, neither are idle
time and logind (every minute counts as seated). Where the tray is missing, answers go to the
terminal or the CLI, not "the tray". And a fix that only points at another line ("see below")
becomes that line's own first step, so no two fixes point at each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nudge.cli.doctor.model import Check

TERMINAL_NEEDS_NOT = ("desktop", "session bus", "tray", "tray host", "notifications",
                      "notification daemon")
HEADLESS_NEEDS_NOT = ("activity", "lock and suspend")
SEE = "see: "  # a fix that is another line's first step: "see: session bus"
NO_TRAY_ANSWERS = ("`nudge log rise` in a terminal (there is no tray here; `nudge status` shows "
                   "what is due)")


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
        return Check("ui", None, "tray mode: nudges show as notifications and in the tray")
    why = "no display here" if not display else "the config's [app] ui = \"terminal\""
    tray = ("run nudge inside your desktop session" if not display else
            "set [app] ui = \"auto\" in the config")
    return Check("ui", None, f"terminal mode ({why}): nudges show in the terminal that runs "
                 "`nudge` and are answered there (d done, s snooze, k skip); the desktop "
                 f"lines are for information (for the tray, {tray})")


def for_mode(checks: Sequence[Check], mode: str, display: bool) -> list[Check]:
    """Each check as it matters for `mode`: see the module docstring."""
    out = list(checks)
    tray = next((c for c in out if c.name == "tray"), None)
    if mode == "terminal":
        out = [_as_information(c, "not needed in terminal mode")
               if c.name in TERMINAL_NEEDS_NOT and c.ok is False else c for c in out]
        if not display:
            out = [_as_information(c, "expected in terminal mode without a display: every "
                                      "minute nudge runs counts as seated")
                   if c.name in HEADLESS_NEEDS_NOT and c.ok is False else c for c in out]
        out = [Check(c.name, None, "terminal mode shows nudges in the terminal, not as "
                     "notifications", "", c.notes) if c.name == "notifications" else c
               for c in out]
    elif tray is not None and tray.ok is not True:
        out = [Check(c.name, c.ok, _no_tray(c.detail), c.fix, c.notes)
               if c.name in ("notifications", "notification daemon") else c for c in out]
    return _resolve_fixes(out)


def _as_information(check: Check, why: str) -> Check:
    """A line that is no problem in this mode: for information, without a fix (the "ui" line
    says how to get the tray instead)."""
    return Check(check.name, None, f"{check.detail} ({why})", "", check.notes)


def _no_tray(detail: str) -> str:
    for said in ("answered from the tray", "answer nudges from the tray menu",
                 "answer from the tray menu", "answer from the tray"):
        if said in detail:
            verb = "answered with" if said.startswith("answered") else "answer with"
            return detail.replace(said, f"{verb} {NO_TRAY_ANSWERS}")
    return detail


# When the line pointed at works after all, what is left to do.
_FALLBACK = {"tray": "meanwhile `nudge run --ui terminal` works anywhere",
             "notifications": "meanwhile the tray shows each nudge"}


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
            check = Check(check.name, check.ok, check.detail,
                          step if step is not None else _FALLBACK.get(check.name, ""),
                          check.notes)
        resolved.append(check)
    return resolved
