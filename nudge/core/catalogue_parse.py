"""The TOML field parsers of an `[[exercise]]` entry: ids, texts, cue lists, numbers, choices.

Pure, run on the caller's thread (whoever loads the catalogue, usually the main thread at start or
`nudge exercise`/`config check`); `nudge/core/catalogue.py` builds exercises from these fields.
Each parser raises BadField with a message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

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


def id_note(entry: object) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f" ({entry['id']})"
    return ""


def id_field(value: object) -> str:
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise BadField(f"id = {shown(value)} is not a valid id; use lowercase letters, digits and "
                       "underscores, like \"glute_rise\"")
    if len(value) > MAX_ID_CHARS:
        raise BadField(f"id {shown(value)} is too long; keep it within {MAX_ID_CHARS} characters")
    return value


def text_field(entry: dict[str, object], key: str, max_chars: int) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise BadField(f"{key} = {shown(value)} must be non-empty text in quotes")
    if len(value) > max_chars:
        raise BadField(f"{key} is {len(value)} characters long; keep it within {max_chars}")
    return value.strip()


def cues_field(value: object) -> tuple[str, ...]:
    low, high = CUE_COUNT
    if not isinstance(value, list) or not low <= len(value) <= high:
        count = f"has {len(value)} lines" if isinstance(value, list) else "is not a list"
        raise BadField(f"cues {count}; write {low} to {high} short lines, "
                       "like cues = [\"first line\", \"second line\"]")
    for number, cue in enumerate(value, start=1):
        if not isinstance(cue, str) or not cue.strip():
            raise BadField(f"cue {number} = {shown(cue)} must be non-empty text in quotes")
        if len(cue) > MAX_CUE_CHARS:
            raise BadField(f"cue {number} is {len(cue)} characters long; "
                           f"keep each cue within {MAX_CUE_CHARS} so it fits a notification")
    return tuple(cue.strip() for cue in value)


def more_cues_field(value: object) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) > MAX_WORDINGS:
        raise BadField(f"more_cues must be a list of up to {MAX_WORDINGS} cue lists, like "
                       "more_cues = [[\"first line\", \"second line\"]]")
    wordings: list[tuple[str, ...]] = []
    for number, cues in enumerate(value, start=1):
        try:
            wordings.append(cues_field(cues))
        except BadField as problem:
            raise BadField(f"more_cues {number}: {problem}") from None
    return tuple(wordings)


def int_field(entry: dict[str, object], key: str, bounds: tuple[int, int]) -> int:
    value = entry[key]
    low, high = bounds
    # bool is an int in Python, but `reps = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadField(
            f"{key} = {shown(value)} is not allowed; use a whole number from {low} to {high}"
        )
    return value


_E = TypeVar("_E", bound=StrEnum)


def enum_field(entry: dict[str, object], key: str, enum: type[_E]) -> _E:
    value = entry.get(key)
    choices = [member.value for member in enum]
    if not isinstance(value, str) or value not in choices:
        raise BadField(f"{key} = {shown(value)} is not known; use one of {', '.join(choices)}")
    return enum(value)
