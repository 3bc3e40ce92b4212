"""Doctor's output (pure): the text report, its plain-ASCII form, and the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TextIO

from nudge import __version__
from nudge.cli.doctor.model import Check


def format_report(checks: Sequence[Check], unicode: bool) -> str:
    marks = {True: "✓", False: "✗", None: "•"} if unicode else {
        True: "OK", False: "MISSING", None: "INFO"}
    mark_width = max(len(m) for m in marks.values())
    name_width = max((len(c.name) for c in checks), default=0)
    indent = " " * (mark_width + name_width + 3)
    lines = ["nudge doctor: what works here, and how to fix what does not", ""]
    for check in checks:
        lines.append(f"{marks[check.ok]:<{mark_width}} {check.name:<{name_width}}  "
                     f"{check.detail}")
        lines += [f"{indent}{note}" for note in check.notes]
        if check.fix and check.ok is not True:
            lines.append(f"{indent}fix: {check.fix}")
    problems = sum(1 for c in checks if c.ok is False)
    lines.append("")
    terminal = any(c.name == "ui" and c.detail.startswith("terminal mode") for c in checks)
    lines.append(f"Everything nudge needs{' in terminal mode' if terminal else ''} is here."
                 if not problems else
                 f"{problems} thing{'s' if problems > 1 else ''} missing: "
                 f"each {marks[False]} line above says how to fix it.")
    text = "\n".join(lines)
    return text if unicode else to_ascii(text)


_ASCII = str.maketrans({"—": "-", "–": "-", "→": "->", "…": "...", "‘": "'", "’": "'",
                        "“": '"', "”": '"', "•": "*", "✓": "OK", "✗": "MISSING"})


def to_ascii(text: str) -> str:
    """For terminals that are not UTF-8: common typography spelled out, anything else as "?"."""
    return text.translate(_ASCII).encode("ascii", "replace").decode("ascii")


def report_json(checks: Sequence[Check]) -> dict[str, Any]:
    return {"nudge": __version__, "ok": all(c.ok is not False for c in checks),
            "checks": [{**asdict(c), "notes": list(c.notes)} for c in checks]}


def can_print_symbols(stream: TextIO) -> bool:
    try:
        "✓✗•".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
