"""The value scales of the year view's trend lines: where the ticks go and what they say.

Pure (no Qt): the year view (`insights_trends`) asks on its GUI thread. A scale has two equal
steps from 0 to its top, each a whole nice number (1, 2 or 5 × 10ⁿ, or 25 × 10ⁿ) of the smallest
unit that means something for the line (one rise, one minute, half a sitting), so a label never
has more decimals than it needs: "0", "25", "50"; "0 min", "2 min", "4 min" for a few minutes
seated, which in hours would have been "0.005 h".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from nudge.core.durations import format_minutes
from nudge.i18n import _, formats, ngettext

_STEPS = (1.0, 2.0, 2.5, 5.0)  # × 10ⁿ; 2.5 only where it makes a whole number (25, 250, …)
_MINUTES_UP_TO = 60.0  # a scale that tops at an hour or less is told in minutes


@dataclass(frozen=True)
class Scale:
    top: float  # the value at the top of the plot, in the line's own unit
    ticks: tuple[tuple[float, str], ...]  # (value in the line's unit, its label), from 0 up


def nice_step(highest: float, least: float = 1.0) -> float:
    """The smallest nice step at or above `least` whose two steps reach `highest`."""
    wanted = max(highest / 2, least)
    power = 10.0 ** math.floor(math.log10(wanted))
    while True:
        for multiple in _STEPS:
            step = round(multiple * power, 12)  # 0.1 × 5 is 0.5, not 0.5000000000000001
            if (multiple != 2.5 or power >= 10) and step >= wanted - 1e-9:
                return step
        power *= 10


def two_steps(highest: float, least: float, label: Callable[[float], str],
              unit: float = 1.0) -> Scale:
    """0, one step and two, the step `nice_step` in units of `unit` (60 for minutes of a line
    in hours); `label` says a tick's value in those units."""
    step = nice_step(highest * unit, least)
    return Scale(2 * step / unit, tuple((n * step / unit, label(n * step)) for n in range(3)))


def count_scale(highest: float) -> Scale:
    """Rises or reps a week: whole numbers."""
    return two_steps(highest, 1.0, _number)


def per_workday_scale(highest: float) -> Scale:
    """Sittings a workday (an average, so halves mean something; tenths do not)."""
    return two_steps(highest, 0.5, _number)


def hours_scale(highest: float) -> Scale:
    """Hours seated a workday: in minutes while an hour or less is the top, else in hours."""
    minutes = two_steps(highest, 1.0, _minutes, unit=60.0)
    if minutes.top * 60 <= _MINUTES_UP_TO:
        return minutes
    return two_steps(highest, 0.5, _hours)


def rate_scale(highest: float) -> Scale:
    """A share of nudges: always 0 to 100 %."""
    return Scale(1.0, tuple((share, formats().percent(share)) for share in (0.0, 0.5, 1.0)))


def hours_words(hours: float) -> str:
    """A value of the seated line in words: "6.5 h", or as a status line says minutes
    ("23 min", "under a minute") under an hour."""
    if hours < 1:
        return format_minutes(hours * 3600)
    return _hours(hours, 1)


def _number(value: float) -> str:
    return formats().number(value)


def _minutes(minutes: float) -> str:
    n = round(minutes)
    # Translators: a count of minutes, abbreviated: "5 min".
    return ngettext("{n} min", "{n} min", n).format(n=n)


def _hours(hours: float, decimals: int | None = None) -> str:
    # Translators: hours seated in a workday, on the year's trend line ("6.5 h").
    return _("{hours} h").format(hours=formats().number(hours, decimals=decimals))


__all__ = ["Scale", "count_scale", "hours_scale", "hours_words", "nice_step",
           "per_workday_scale", "rate_scale", "two_steps"]
