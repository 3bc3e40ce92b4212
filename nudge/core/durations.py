"""Parse and format human durations such as `20s`, `30m`, `1h30m`."""

from __future__ import annotations

import math
import re

from nudge.core.i18n import _, ngettext

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([hms])")
_WHOLE = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*[hms]\s*)+$")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}


class DurationError(ValueError):
    """A duration string that does not follow the `1h30m` / `20s` form."""


class DurationRepeatsUnit(DurationError):
    """A duration giving one unit twice (`1h1h`): more likely a typo than a sum."""


class DurationTooLong(DurationError):
    """A duration in the right form but too many seconds to count (e.g. 400 digits of hours)."""


def parse_duration(text: str) -> float:
    """Return the number of seconds in `text`, e.g. `"1h30m"` -> 5400.0."""
    if not isinstance(text, str) or not _WHOLE.match(text.lower()):
        # Translators: the units h, m and s are what the config file takes: keep them.
        raise DurationError(_("{text} is not a duration; write it like 20s, 30m, 1h30m "
                              "(h, m, s units)").format(text=_shorten(text)))
    parts = _PART.findall(text.lower())
    units = [unit for _, unit in parts]
    repeated = next((unit for unit in units if units.count(unit) > 1), None)
    if repeated is not None:  # "1h1h" is more likely a typo than two hours
        # Translators: {unit} is h, m or s.
        raise DurationRepeatsUnit(_("{text} gives {unit} more than once; write each unit once, "
                                    "like 20s, 30m, 1h30m").format(text=_shorten(text),
                                                                   unit=repeated))
    seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
    if not math.isfinite(seconds):  # "9" * 400 + "h": float() gives inf, not an error
        raise DurationTooLong(_("{text} is too long to be a duration; write it like 20s, 30m, "
                                "1h30m (h, m, s units)").format(text=_shorten(text)))
    return seconds


def format_duration(seconds: float) -> str:
    """Return a short, round-trippable form: 5400 -> `1h30m`, 45 -> `45s`, 0 -> `0s`."""
    total = round(seconds)
    if total <= 0:
        return "0s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)


def format_minutes(seconds: float) -> str:
    """Human text for status lines: `23 min`, `1 h 5 min`, `under a minute` (status lines are
    not redrawn every second, so a count of seconds would be stale). Choices use format_span."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("under a minute")
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _hours_and(_hours(hours), _minutes(minutes))
    return _hours(hours) if hours else _minutes(minutes)


def format_span(seconds: float) -> str:
    """A chosen length, exact to the second so distinct choices read differently: `30 s`,
    `1 min 30 s`, `10 min`, `1 h 30 min`."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [said(n) for n, said in ((hours, _hours), (minutes, _minutes), (secs, _seconds))
             if n]
    if not parts:
        return _seconds(0)
    text = parts[0]
    for part in parts[1:]:
        text = _hours_and(text, part)
    return text


def _hours(n: int) -> str:
    # Translators: a count of hours, abbreviated: "2 h".
    return ngettext("{n} h", "{n} h", n).format(n=n)


def _minutes(n: int) -> str:
    # Translators: a count of minutes, abbreviated: "5 min".
    return ngettext("{n} min", "{n} min", n).format(n=n)


def _seconds(n: int) -> str:
    # Translators: a count of seconds, abbreviated: "30 s".
    return ngettext("{n} s", "{n} s", n).format(n=n)


def _hours_and(larger: str, smaller: str) -> str:
    # Translators: a length in two units, the larger first: "1 h 5 min", "1 min 30 s".
    return _("{larger} {smaller}").format(larger=larger, smaller=smaller)


def _shorten(text: object, limit: int = 40) -> str:
    """repr of `text`, cut in the middle when long, so a pasted wall of digits stays one line."""
    shown = repr(text)
    return shown if len(shown) <= limit else f"{shown[:limit // 2]}…{shown[-limit // 2:]}"
