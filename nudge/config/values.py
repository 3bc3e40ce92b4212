"""Turn single TOML values into settings values, or say in plain words what is wrong with them.

Every converter raises `InvalidValue` whose text continues the sentence `key = value ...`,
e.g. `is not a duration; write it like 20s, 30m, 1h30m` (in the user's language), and whose
`kind` says the same without any of the value (`is not a duration`), in English, for the log.
Pure: no file access.

Any thread: pure.
"""

from __future__ import annotations

import re
from datetime import time
from itertools import pairwise

from nudge.config.toml_repr import toml_repr
from nudge.core.catalogue_parse import ID_PATTERN
from nudge.core.durations import (
    DurationError,
    DurationTooLong,
    format_duration,
    parse_duration,
)
from nudge.core.settings import WEEKDAYS, TimeRange
from nudge.i18n import N_, _
from nudge.i18n import language as language_names

# Translators: each problem with a setting below continues "key = value …" (e.g.
# `rise_every = "abc" is not a duration; write it like 20s, 30m, 1h30m`). Keep the values to
# type (20s, "08:00-18:00", "off", true, …) as they are.
DURATION_FORM = N_("write it like 20s, 30m, 1h30m")
DAY_HOURS_FORM = N_('write "08:00-18:00", several ranges like "08:00-12:00, 13:00-17:30", or '
                    '"off"')
RANGE_FORM = N_('write it like "14:00-15:00"')
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Day names people write, to Monday-first numbers: "mon" and "monday" -> 0.
DAY_NUMBERS = {name: number for names in (WEEKDAYS, _FULL_DAY_NAMES)
                for number, name in enumerate(names)}
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_RANGE_DASH = re.compile(r"\s*[-–]\s*")  # people type en dashes too


class InvalidValue(ValueError):
    """A value that cannot be used; the text continues `key = value ...`. `kind` is the problem
    without the value or any part of it, in English (the log's version): by default the text up
    to its first ';', so a message that quotes the value or is translated must give its own."""

    def __init__(self, text: str, kind: str | None = None) -> None:
        super().__init__(text)
        self.kind = kind if kind is not None else text.split(";", 1)[0]


def duration(value: object, low: float, high: float) -> float:
    """Seconds in a duration string such as "30m", within `low`..`high` seconds."""
    if not isinstance(value, str):
        said = (_("is not a duration; {form} (in quotes, with a unit)") if _is_number(value)
                else _("is not a duration; {form}"))
        raise InvalidValue(said.format(form=_(DURATION_FORM)), "is not a duration")
    try:
        seconds = parse_duration(value)
    except DurationTooLong:
        seconds = float("inf")  # out of range, said below
    except DurationError:
        raise InvalidValue(_("is not a duration; {form}").format(form=_(DURATION_FORM)),
                           "is not a duration") from None
    if not low <= seconds <= high:
        raise InvalidValue(_("is out of range; use {low} to {high}").format(
            low=format_duration(low), high=format_duration(high)), "is out of range")
    return seconds


def duration_list(value: object, low: float, high: float, max_items: int) -> tuple[float, ...]:
    """A list of 1..max_items different durations, each within `low`..`high` seconds."""
    if not isinstance(value, list) or not 1 <= len(value) <= max_items:
        raise InvalidValue(_('is not a list of 1 to {count} durations; write it like ["5m", '
                             '"10m", "20m"]').format(count=max_items),
                           f"is not a list of 1 to {max_items} durations")
    seen: list[float] = []
    for number, item in enumerate(value, start=1):
        try:
            seconds = duration(item, low, high)
        except InvalidValue as problem:
            raise InvalidValue(_item_problem(number, item, str(problem)),
                               f"has item {number}, which {problem.kind}") from None
        if seconds in seen:
            raise InvalidValue(_("lists {duration} twice; give each choice once").format(
                duration=format_duration(seconds)), "lists a duration twice")
        seen.append(seconds)
    return tuple(seen)


def whole_number(value: object, low: int, high: int) -> int:
    """An integer within `low`..`high` (TOML `true` is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(_("is not a whole number; use one from {low} to {high}").format(
            low=low, high=high), "is not a whole number")
    if not low <= value <= high:
        raise InvalidValue(_("is out of range; use a whole number from {low} to {high}").format(
            low=low, high=high), "is out of range")
    return value


def increasing_numbers(value: object, high: int, max_items: int) -> tuple[int, ...]:
    """A list of 1..max_items whole numbers from 1 to `high`, each bigger than the one before."""
    form = _("write 1 to {count} increasing whole numbers from 1 to {high}, like [5, 10]").format(
        count=max_items, high=high)
    if not isinstance(value, list) or not 1 <= len(value) <= max_items:
        raise InvalidValue(_("is not a list of numbers; {form}").format(form=form),
                           "is not a list of numbers")
    if not all(_is_int(item) and 1 <= item <= high for item in value):
        raise InvalidValue(_("has an item that is not a whole number from 1 to {high}; "
                             "{form}").format(high=high, form=form),
                           f"has an item that is not a whole number from 1 to {high}")
    if any(later <= earlier for earlier, later in pairwise(value)):
        raise InvalidValue(_("does not increase; {form}").format(form=form), "does not increase")
    return tuple(value)


def boolean(value: object) -> bool:
    """TOML `true` or `false` (not "true" in quotes, not 1)."""
    if isinstance(value, bool):
        return value
    quoted = isinstance(value, str) and value.strip().lower() in ("true", "false")
    raise InvalidValue(_("is not true or false; write true or false (without quotes)") if quoted
                       else _("is not true or false; write true or false"),
                       "is not true or false")


def name_list(value: object, max_items: int, example: str) -> tuple[str, ...]:
    """A list of up to `max_items` names (text, not empty, at most 100 characters each)."""
    form = _("write it like {example}").format(example=example)
    if not isinstance(value, list) or len(value) > max_items:
        raise InvalidValue(_("is not a list of up to {count} names; {form}").format(
            count=max_items, form=form), f"is not a list of up to {max_items} names")
    found: list[str] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip() or len(item.strip()) > 100:
            raise InvalidValue(_item_problem(number, item, _("is not a name; {form}").format(
                form=form)), f"has item {number}, which is not a name")
        if item.strip() not in found:
            found.append(item.strip())
    return tuple(found)


def exercise_ids(value: object, max_items: int) -> tuple[str, ...]:
    """A list of up to `max_items` exercise ids such as "tempo_rise" (each once)."""
    form = _("write it like {example}").format(example='["tempo_rise", "squat_to_chair"]')
    if not isinstance(value, list) or len(value) > max_items:
        raise InvalidValue(_("is not a list of up to {count} exercise ids; {form}").format(
            count=max_items, form=form), f"is not a list of up to {max_items} exercise ids")
    found: list[str] = []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str) or not ID_PATTERN.fullmatch(item.strip()):
            raise InvalidValue(_item_problem(number, item, _(
                "is not an exercise id (lowercase letters, digits and _); {form}").format(
                    form=form)), f"has item {number}, which is not an exercise id")
        if item.strip() not in found:
            found.append(item.strip())
    return tuple(found)


def path_patterns(value: object, max_items: int, example: str) -> tuple[str, ...]:
    """A list of up to `max_items` absolute path patterns such as "/dev/video*"."""
    patterns = name_list(value, max_items, example)
    for number, pattern in enumerate(patterns, start=1):
        if not pattern.startswith("/"):
            raise InvalidValue(_item_problem(number, pattern, _(
                "is not a full path (starting with /); write it like {example}").format(
                    example=example)), f"has item {number}, which is not a full path")
    return patterns


def choice(value: object, choices: tuple[str, ...]) -> str:
    """One of `choices`, ignoring case and surrounding spaces."""
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    raise InvalidValue(_("is not a choice; use one of {choices}").format(
        choices=", ".join(map(toml_repr, choices))), "is not a choice")


def language(value: object) -> str:
    """"auto", or a language tag like "de", "pt_BR" or "zh-CN" (kept as gettext writes it)."""
    if isinstance(value, str) and value.strip().lower() == language_names.AUTO:
        return language_names.AUTO
    tag = language_names.normalise(value) if isinstance(value, str) else None
    if tag is None:
        raise InvalidValue(_('is not a language; write "auto" (the desktop\'s language) or a '
                             'language code like "de" or "pt_BR"'), "is not a language")
    return tag


def weekday(value: object) -> int:
    """0 for Monday to 6 for Sunday, from "mon" or "monday" (any case)."""
    if isinstance(value, str) and value.strip().lower() in DAY_NUMBERS:
        return DAY_NUMBERS[value.strip().lower()]
    raise InvalidValue(_("is not a day; use one of {days}").format(days=", ".join(WEEKDAYS)),
                       "is not a day")


def day_hours(value: object) -> tuple[TimeRange, ...]:
    """One day's work hours: "off", or comma-separated ranges, sorted and not overlapping."""
    if not isinstance(value, str):
        raise InvalidValue(_("is not text; {form}").format(form=_(DAY_HOURS_FORM)),
                           "is not text")
    if value.strip().lower() == "off":
        return ()
    try:
        ranges = sorted((_time_range(part) for part in value.split(",")), key=_range_start)
    except InvalidValue as problem:
        raise InvalidValue(_with_form(problem, DAY_HOURS_FORM), problem.kind) from None
    for earlier, later in pairwise(ranges):
        if earlier.end is None or earlier.end > later.start:
            raise InvalidValue(_("has ranges that overlap; {form}").format(
                form=_(DAY_HOURS_FORM)), "has ranges that overlap")
    return tuple(ranges)


def time_range(value: object) -> TimeRange:
    """A single range such as "14:00-15:00" (24:00 allowed as the end)."""
    if not isinstance(value, str):
        raise InvalidValue(_("is not text; {form}").format(form=_(RANGE_FORM)), "is not text")
    try:
        return _time_range(value)
    except InvalidValue as problem:
        raise InvalidValue(_with_form(problem, RANGE_FORM), problem.kind) from None


def _with_form(problem: InvalidValue, form: str) -> str:
    # Translators: a problem with a setting, then how to write it.
    return _("{problem}; {form}").format(problem=problem, form=_(form))


def _item_problem(number: int, item: object, problem: str) -> str:
    # Translators: continues "key = value": {number} counts the list's items from 1, {item} is
    # the item as written, {problem} what is wrong with it (e.g. "is not a name; write it like
    # ["zoom"]").
    return _("has item {number} = {item}, which {problem}").format(
        number=number, item=toml_repr(item), problem=problem)


def _time_range(text: str) -> TimeRange:
    ends = _RANGE_DASH.split(text.strip())
    if len(ends) != 2:
        raise InvalidValue(_("has {part}, which is not a range of two times").format(
            part=toml_repr(text.strip())), "has a part that is not a range of two times")
    start, end = _clock(ends[0]), _clock(ends[1])
    if start is None:
        raise InvalidValue(_("starts at 24:00; a range must start by 23:59"), "starts at 24:00")
    if end is not None and end <= start:
        raise InvalidValue(_("has {part}, which does not end after it starts").format(
            part=f"{ends[0]}-{ends[1]}"), "has a range that does not end after it starts")
    return TimeRange(start, end)


def _clock(text: str) -> time | None:
    """A time of day from "8:00" or "08:00"; "24:00" gives None (midnight at the end of the day)."""
    match = _CLOCK.fullmatch(text)
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if (hour, minute) == (24, 0):
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidValue(_("has {part}, which is not a time from 00:00 to 24:00").format(
            part=toml_repr(text)), "has a part that is not a time from 00:00 to 24:00")
    return time(hour, minute)


def _range_start(time_range: TimeRange) -> time:
    return time_range.start


def _is_int(value: object) -> bool:
    # bool is an int in Python, but `daily_rises = true` is a mistake, not 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return _is_int(value) or isinstance(value, float)
