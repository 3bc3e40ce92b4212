"""The TOML field parsers of an `[[exercise]]` entry: ids, texts, cue lists, numbers, choices.

Pure, run on the caller's thread (whoever loads the catalogue, usually the main thread at start or
`nudge exercise`/`config check`); `nudge/core/catalogue.py` builds exercises from these fields.
Each parser raises BadField with a message saying what is wrong and how to fix it, in the
user's language (what `nudge config --check` shows for the user's own exercises.toml).
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from nudge.core.i18n import _, ngettext

ID_PATTERN = re.compile(r"[a-z0-9_]+")
MAX_ID_CHARS = 40
MAX_CUE_CHARS = 80
CUE_COUNT = (2, 5)
MAX_WORDINGS = 8


class BadField(Exception):
    """One field's problem; the message says what is wrong and how to fix it."""


def shown(value: object) -> str:
    """A value as it looks in the TOML file (`true`, `"text"`), cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = quoted(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def entry_place(origin: str, number: int, entry: object, problem: object) -> str:
    """`exercises.toml: exercise 2 (glute_rise): <problem>`: one entry's problem, named by its
    place in the file and, when it has one, its id."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        # Translators: {number} counts the file's [[exercise]] entries from 1, {id} is the
        # entry's id; {problem} says what is wrong with it.
        return _("{file}: exercise {number} ({id}): {problem}").format(
            file=origin, number=number, id=entry["id"], problem=problem)
    return _("{file}: exercise {number}: {problem}").format(file=origin, number=number,
                                                            problem=problem)


def id_field(value: object) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise BadField(_('id = {value} is not a valid id; use lowercase letters, digits and '
                         'underscores, like "glute_rise"').format(value=shown(value)))
    if len(value) > MAX_ID_CHARS:
        raise BadField(_("id {value} is too long; keep it within {limit} characters").format(
            value=shown(value), limit=MAX_ID_CHARS))
    return value


def text_field(entry: dict[str, object], key: str, max_chars: int) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        # Translators: {key} is a field of exercises.toml (name, alt, …), {value} its value.
        raise BadField(_("{key} = {value} must be non-empty text in quotes").format(
            key=key, value=shown(value)))
    if len(value) > max_chars:
        # Translators: {key} is a field of exercises.toml (name, alt, …).
        raise BadField(ngettext("{key} is {n} character long; keep it within {limit}",
                                "{key} is {n} characters long; keep it within {limit}",
                                len(value)).format(key=key, n=len(value), limit=max_chars))
    return value.strip()


def cues_field(value: object) -> tuple[str, ...]:
    low, high = CUE_COUNT
    if not isinstance(value, list):
        raise BadField(_('cues is not a list; write {low} to {high} short lines, like cues = '
                         '["first line", "second line"]').format(low=low, high=high))
    if not low <= len(value) <= high:
        raise BadField(ngettext('cues has {n} line; write {low} to {high} short lines, like '
                                'cues = ["first line", "second line"]',
                                'cues has {n} lines; write {low} to {high} short lines, like '
                                'cues = ["first line", "second line"]',
                                len(value)).format(n=len(value), low=low, high=high))
    for number, cue in enumerate(value, start=1):
        if not isinstance(cue, str) or not cue.strip():
            # Translators: {number} counts the cues from 1, {value} is the cue as written.
            raise BadField(_("cue {number} = {value} must be non-empty text in quotes").format(
                number=number, value=shown(cue)))
        if len(cue) > MAX_CUE_CHARS:
            # Translators: {number} counts the cues from 1.
            raise BadField(ngettext(
                "cue {number} is {n} character long; keep each cue within {limit} so it fits a "
                "notification",
                "cue {number} is {n} characters long; keep each cue within {limit} so it fits a "
                "notification", len(cue)).format(number=number, n=len(cue), limit=MAX_CUE_CHARS))
    return tuple(cue.strip() for cue in value)


def more_cues_field(value: object) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) > MAX_WORDINGS:
        raise BadField(_('more_cues must be a list of up to {count} cue lists, like more_cues = '
                         '[["first line", "second line"]]').format(count=MAX_WORDINGS))
    wordings: list[tuple[str, ...]] = []
    for number, cues in enumerate(value, start=1):
        try:
            wordings.append(cues_field(cues))
        except BadField as problem:
            # Translators: {number} counts the more_cues lists from 1; {problem} says what is
            # wrong with that one.
            raise BadField(_("more_cues {number}: {problem}").format(
                number=number, problem=problem)) from None
    return tuple(wordings)


def int_field(entry: dict[str, object], key: str, bounds: tuple[int, int]) -> int:
    value = entry[key]
    low, high = bounds
    # bool is an int in Python, but `reps = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        # Translators: {key} is a field of exercises.toml (reps, level), {value} its value.
        raise BadField(_("{key} = {value} is not allowed; use a whole number from {low} to "
                         "{high}").format(key=key, value=shown(value), low=low, high=high))
    return value


_E = TypeVar("_E", bound=StrEnum)


def enum_field(entry: dict[str, object], key: str, enum: type[_E]) -> _E:
    value = entry.get(key)
    choices = [member.value for member in enum]
    if not isinstance(value, str) or value not in choices:
        # Translators: {key} is a field of exercises.toml (kind, where), {value} its value,
        # {choices} the values it may take (kept in English: they are typed as they are).
        raise BadField(_("{key} = {value} is not known; use one of {choices}").format(
            key=key, value=shown(value), choices=", ".join(choices)))
    return enum(value)
