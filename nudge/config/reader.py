"""Walking one parsed config document against the keys table (`nudge.config.keys`): each
value converted, every problem collected as a `Problem` (said for the user, placed for a window,
and in English for the log), every warning kept, and the hints for a misspelt key. Used by
`nudge.config.schema.parse_config`.

Any thread: pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from nudge.config import values
from nudge.config.keys import NESTED_TABLES, SECTIONS, Convert, keys_in
from nudge.config.problems import Problem
from nudge.config.toml_repr import toml_repr
from nudge.config.values import InvalidValue
from nudge.core.catalogue import Catalogue
from nudge.core.durations import format_duration
from nudge.core.exercise_choice import choice_problems
from nudge.core.settings import (
    WEEKDAYS,
    ExerciseChoices,
    Schedule,
    ScheduledPause,
)
from nudge.i18n import N_, English, _

_SCHEDULE_TABLES = NESTED_TABLES["schedule"]
_PAUSE_KEYS: dict[str, Convert] = {"day": values.weekday, "hours": values.time_range}
SECTIONS_KEYS: dict[str, tuple[str, ...]] = {
    section: (*keys_in(section), *NESTED_TABLES.get(section, ())) for section in SECTIONS
}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Reader:
    """Collects converted values, errors and warnings while walking one document. Errors and
    warnings are in the user's language, each error with where it is and its English for the
    log (without the value); `log_warnings` are the warnings in English."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.errors: list[Problem] = []
        self.warnings: list[str] = []  # unknown keys: they name keys, never values
        self.log_warnings: list[str] = []  # the same in English

    def warn(self, said: English) -> None:
        self.warnings.append(f"{self.origin}: {said.shown()}")
        self.log_warnings.append(f"{self.origin}: {said}")

    def bad(self, table: str, key: str, value: object, problem: InvalidValue,
            entry: int | None = None) -> None:
        """A bad `key` in `table` (`""`: the top level), or in `entry` of the [[table]] list."""
        name, shown = _key_text(key), toml_repr(value)
        if entry is not None:
            label = f"{_entry_where(entry).shown()} {name}"
            english = f"{_entry_where(entry)} {name}"
        else:
            label = english = f"[{table}] {name}" if table else name
        # Translators: {file} is the config file, {key} a setting, e.g. "[schedule] snooze",
        # {value} what it is set to, {problem} what is wrong, e.g. "is not a duration; …".
        line = _("{file}: {key} = {value} {problem}").format(
            file=self.origin, key=label, value=shown, problem=problem)
        if table and entry is None:
            # Translators: shown under a setting's field: {value} is what it is set to,
            # {problem} what is wrong, e.g. "is not a duration; write it like 20s, 30m, 1h30m".
            words = _("{value} {problem}").format(value=shown, problem=problem)
        else:
            # Translators: shown under a setting's field; {key} is the setting's name.
            words = _("{key} = {value} {problem}").format(key=name, value=shown, problem=problem)
        self.errors.append(Problem(line, words, f"{self.origin}: {english} {problem.kind}",
                                   table, key, entry, problem.kind))

    def table(self, doc: Mapping[str, object], name: str) -> dict[str, object]:
        value = doc.get(name, {})
        if isinstance(value, dict):
            return value
        self.bad("", name, value, InvalidValue(_(
            "is not a table; write a {section} section instead").format(section=f"[{name}]"),
            "is not a table"))
        return {}

    def keys(self, table: Mapping[str, object], name: str, known: Mapping[str, Convert],
             nested: tuple[str, ...] = (), entry: int | None = None) -> dict[str, Any]:
        """The `known` keys of the table `name` (or of its `entry`), converted."""
        self.warn_unknown(table, name, (*known, *nested), entry)
        converted: dict[str, Any] = {}
        for key, convert in known.items():
            if key in table:
                try:
                    converted[key] = convert(table[key])
                except InvalidValue as problem:
                    self.bad(name, key, table[key], problem, entry)
        return converted

    def work_hours(self, table: object) -> tuple[tuple[Any, ...], ...]:
        days = list(Schedule().work_hours)
        if not isinstance(table, dict):
            self.bad("schedule", "work_hours", table, InvalidValue(_(
                'is not a table; write a [schedule.work_hours] section with mon = '
                '"08:00-18:00" and so on'), "is not a table"))
            return tuple(days)
        self.warn_unknown(table, "schedule.work_hours", WEEKDAYS)
        for number, day in enumerate(WEEKDAYS):
            if day in table:
                try:
                    days[number] = values.day_hours(table[day])
                except InvalidValue as problem:
                    self.bad("schedule.work_hours", day, table[day], problem)
        return tuple(days)

    def pauses(self, entries: object) -> tuple[ScheduledPause, ...]:
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            self.bad("schedule", "pauses", entries, InvalidValue(_(
                'is not a list of tables; write [[schedule.pauses]] with day = "tue" and '
                'hours = "14:00-15:00"'), "is not a list of tables"))
            return ()
        found: list[ScheduledPause] = []
        for index, entry in enumerate(entries):
            missing = [key for key in _PAUSE_KEYS if key not in entry]
            if missing:
                english = " or ".join(missing)
                # Translators: {missing} is day, hours, or "day or hours" (setting names).
                line = _('{file}: [[schedule.pauses]] entry {number}: has no {missing}; write '
                         'day = "tue" and hours = "14:00-15:00"').format(
                    file=self.origin, number=index + 1, missing=english)
                # Translators: shown under one pause of the settings window; {missing} is day,
                # hours, or "day or hours" (setting names).
                words = _('has no {missing}; write day = "tue" and hours = "14:00-15:00"').format(
                    missing=english)
                self.errors.append(Problem(
                    line, words, f"{self.origin}: [[schedule.pauses]] entry {index + 1}: "
                    f"has no {english}", "schedule.pauses", entry=index))
            parts = self.keys(entry, "schedule.pauses", _PAUSE_KEYS, entry=index)
            if len(parts) == len(_PAUSE_KEYS):
                found.append(ScheduledPause(weekday=parts["day"], hours=parts["hours"]))
        return tuple(found)

    def check_away_after(self, table: Mapping[str, object], schedule: Mapping[str, Any],
                         edited: str = "") -> None:
        """Being away must take a longer gap in input than a pause in typing does. Said about
        the one of the two just `edited`, else the one set away from its default, else
        away_after."""
        defaults = Schedule()
        if any(key in table and key not in schedule for key in ("away_after", "typing_pause")):
            return  # already reported as a bad value
        away = schedule.get("away_after", defaults.away_after)
        typing = schedule.get("typing_pause", defaults.typing_pause)
        if away > typing:
            return
        changed = [key for key in ("away_after", "typing_pause")
                   if schedule.get(key, getattr(defaults, key)) != getattr(defaults, key)]
        blamed = next(key for key in (edited.removeprefix("schedule."), *changed, "away_after",
                                      "typing_pause") if key in ("away_after", "typing_pause")
                      and key in table)
        if blamed == "away_after":
            self.bad("schedule", "away_after", table["away_after"], InvalidValue(_(
                "must be longer than typing_pause ({duration}); away means a longer gap in "
                "input than a pause in typing").format(duration=format_duration(typing)),
                f"must be longer than typing_pause ({format_duration(typing)})"))
        else:
            self.bad("schedule", "typing_pause", table["typing_pause"], InvalidValue(_(
                "must be shorter than away_after ({duration}); a pause in typing is a shorter "
                "gap in input than being away").format(duration=format_duration(away)),
                f"must be shorter than away_after ({format_duration(away)})"))

    def check_turned_off(self, table: Mapping[str, object], choices: ExerciseChoices,
                         catalogue: Catalogue) -> None:
        """Ids in `off` that name no exercise are ignored, with a warning naming the nearest
        one; a choice that leaves no rise or no hip-flexor stretch is refused."""
        import difflib  # only with exercises turned off: not loaded in the app otherwise

        known = [exercise.id for exercise in catalogue.exercises]
        for exercise_id in (i for i in choices.off if i not in known):
            near = difflib.get_close_matches(exercise_id, known, n=1, cutoff=0.6)
            self.warn(English(N_('[exercises] off: "{id}" is not an exercise (ignored); did '
                                 'you mean "{near}"?'), id=exercise_id, near=near[0]) if near
                      else English(N_('[exercises] off: "{id}" is not an exercise (ignored); the '
                                      'ids are {known}'), id=exercise_id, known=", ".join(known)))
        for problem in choice_problems(catalogue, choices):
            self.bad("exercises", "off", table["off"],
                     InvalidValue(problem.shown(), problem.split(";", 1)[0]))

    def warn_unknown(self, table: Mapping[str, object], name: str | None,
                     known: tuple[str, ...], entry: int | None = None) -> None:
        """Warn about keys not in `known` in the table `name` (or its `entry`); `name` is None
        for the top level of the file."""
        for key in table:
            if key in known:
                continue
            if name is None and isinstance(table[key], dict):
                said = English(N_("unknown section {section} (ignored)"),
                               section=f"[{_key_text(key)}]")
                self.warn(_hinted(said, _hint(key, known, brackets=True)))
                continue
            if name is None:
                said = English(N_("unknown key {key} at the top level (ignored)"),
                               key=_key_text(key))
            elif entry is not None:
                # Translators: {number} counts the [[schedule.pauses]] blocks from 1.
                said = English(N_("unknown key {key} in [[schedule.pauses]] entry {number} "
                                  "(ignored)"), key=_key_text(key), number=entry + 1)
            else:
                said = English(N_("unknown key {key} in {section} (ignored)"),
                               key=_key_text(key), section=f"[{name}]")
            self.warn(_hinted(said, _hint(key, known)))


def _entry_where(entry: int) -> English:
    # Translators: names one [[schedule.pauses]] block of the config file, counted from 1; a
    # setting's name and value follow it.
    return English(N_("[[schedule.pauses]] entry {number}:"), number=entry + 1)


def _hinted(said: English, hint: English | None) -> English:
    # Translators: a warning about the config file, then a hint, e.g. "did you mean snooze?".
    return English(N_("{warning}; {hint}"), warning=said, hint=hint) if hint else said


def _hint(key: str, known: tuple[str, ...], brackets: bool = False) -> English | None:
    """`did you mean X?` for a near miss, or where the key belongs if it is in another section."""
    day = values.DAY_NUMBERS.get(key.strip().lower())
    if day is not None and WEEKDAYS[day] in known:
        return English(N_("did you mean {name}?"), name=WEEKDAYS[day])
    import difflib  # only for a mistyped key: not loaded in the long-running app otherwise

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    if close:
        return English(N_("did you mean {name}?"),
                       name=f"[{close[0]}]" if brackets else close[0])
    homes = [section for section, keys in SECTIONS_KEYS.items() if key in keys]
    if homes:
        return English(N_("{key} belongs in {section}"), key=key, section=f"[{homes[0]}]")
    if key in WEEKDAYS:
        return English(N_("days belong in [schedule.work_hours]"))
    return None


def _key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key[:40], ensure_ascii=False)
