"""Doctor's output (pure): the text report, its plain-ASCII form, and the JSON document.

The report is in the user's language; the JSON keeps each line's English `name` (a stable id),
and the blockers line's states in English too (`blockers`: name, state, reason).

Main thread of `nudge doctor`, after the probes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TextIO

from nudge import __version__
from nudge.cli.doctor.model import SECTION_NAMES, Check
from nudge.i18n import _, columns, ngettext, terminal_lines


def format_report(checks: Sequence[Check], unicode: bool) -> str:
    """Each check as a line: its mark, its name and what was found, then its notes and fix
    under the words; wrapped to fit 80 columns, a wrapped note or fix further in than the
    next one (a path or a `command` stays whole, to copy)."""
    plain = (lambda text: text) if unicode else to_ascii  # before measuring: "…" is "..."
    marks = {True: "✓", False: "✗", None: "•"} if unicode else {
        True: "OK", False: "MISSING", None: "INFO"}
    mark_width = max(len(m) for m in marks.values())
    names = {c.name: plain(_(SECTION_NAMES[c.name]) if c.name in SECTION_NAMES else c.name)
             for c in checks}
    name_width = max((columns(name) for name in names.values()), default=0)
    indent = " " * (mark_width + name_width + 3)
    lines = [terminal_lines(plain(_("nudge doctor: what works here, and how to fix what does "
                                    "not"))), ""]
    for check in checks:
        name = names[check.name]
        padding = " " * (name_width - columns(name))
        lines.append(terminal_lines(plain(check.detail), first=f"{marks[check.ok]:<{mark_width}}"
                                    f" {name}{padding}  ", rest=indent))
        notes = [*check.notes, *([_("fix: {fix}").format(fix=check.fix)]
                                 if check.fix and check.ok is not True else [])]
        lines += [terminal_lines(plain(note), first=indent, rest=indent + "  ")
                  for note in notes]
    problems = sum(1 for c in checks if c.ok is False)
    lines.append("")
    terminal = any(c.name == "ui" and c.terminal_mode for c in checks)
    if problems:
        lines.append(ngettext("{count} thing missing: each {mark} line above says how to fix it.",
                              "{count} things missing: each {mark} line above says how to fix "
                              "it.", problems).format(count=problems, mark=marks[False]))
    else:
        lines.append(_("Everything nudge needs in terminal mode is here.") if terminal
                     else _("Everything nudge needs is here."))
    lines[-1] = terminal_lines(plain(lines[-1]))
    return "\n".join(lines)


_ASCII = str.maketrans({"—": "-", "–": "-", "→": "->", "…": "...", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "•": "*", "✓": "OK", "✗": "MISSING"})


def to_ascii(text: str) -> str:
    """For terminals that are not UTF-8: common typography spelled out, anything else as "?"."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def report_json(checks: Sequence[Check]) -> dict[str, Any]:
    return {"nudge": __version__, "ok": all(c.ok is not False for c in checks),
            "checks": [_check_json(c) for c in checks]}


def _check_json(check: Check) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": check.name, "ok": check.ok,
        "detail": check.detail if check.json_detail is None else check.json_detail,
        "fix": check.fix,
        "notes": list(check.notes if check.json_notes is None else check.json_notes)}
    if check.blockers:  # the notes say it in the user's words; this keeps stable states
        out["blockers"] = [asdict(blocker) for blocker in check.blockers]
    return out


def can_print_symbols(stream: TextIO) -> bool:
    try:
        "✓✗•".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
