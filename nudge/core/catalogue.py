"""The exercise catalogue: what each nudge asks the user to do, with short cues.

The shipped list lives in `nudge/data/exercises.toml`; users may add or override exercises by id
in `exercises.toml` in their config dir. Parsing and validation of those documents happen here
(pure: the caller reads the files); see `nudge/config/exercise_files.py` for the file side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from nudge.core.words import counted

MEDICAL_NOTE = (
    "nudge is a habit reminder, not medical advice. If something hurts, stop, and get assessed "
    "by a physiotherapist or another professional who can tailor a plan to you."
)


class ExerciseKind(StrEnum):
    RISE = "rise"  # the glute-first chair rise: the everyday nudge
    HIP_FLEXOR = "hip_flexor"  # a standing hip-flexor break
    ACTIVATION = "activation"  # a check: does the glute fire first?
    PROGRESSION = "progression"  # harder work, unlocked by consistent days


class Where(StrEnum):
    CHAIR = "chair"
    STANDING = "standing"
    FLOOR = "floor"


@dataclass(frozen=True)
class Variation:
    """A small twist on the everyday rise (a slow lowering, a pause at the top): the same
    exercise and history id, its own name and cues."""

    name: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    cues: tuple[str, ...]  # 2 to 5 short lines
    reps: int  # suggested count; for holds, the number of rounds
    kind: ExerciseKind
    where: Where
    level: int = 0  # progressions: 1 is unlocked first, then 2, ...
    more_cues: tuple[tuple[str, ...], ...] = ()  # other wordings of `cues`: same movement
    variations: tuple[Variation, ...] = ()  # rises only: offered now and then instead

    @property
    def wordings(self) -> tuple[tuple[str, ...], ...]:
        """Every wording of the cues, `cues` first."""
        return (self.cues, *self.more_cues)
    alt: str = ""  # one sentence describing the picture, for screen readers and plain text
    picture: str = ""  # a user's own picture file (checked when loaded); "": the shipped one

    @property
    def title(self) -> str:
        """Notification title, e.g. `Glute-first chair rise — 5 reps` (`1 rep` for one)."""
        return f"{self.name} — {counted(self.reps, 'rep')}"


class CatalogueError(ValueError):
    """A catalogue document that does not validate; the message names the entry and the fix.

    `problems` holds every problem found, one line each; str() is the first one, plus a count of
    the others so it still fits a notification.
    """

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__(_summary(problems) if problems else "invalid exercise catalogue")


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[Exercise, ...]

    def by_id(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def of_kind(self, kind: ExerciseKind) -> tuple[Exercise, ...]:
        found = [e for e in self.exercises if e.kind == kind]
        return tuple(sorted(found, key=lambda e: (e.level, e.id)))

    def first_of_kind(self, kind: ExerciseKind) -> Exercise:
        found = self.of_kind(kind)
        if not found:
            raise CatalogueError(f"the catalogue has no exercise of kind {kind.value!r}")
        return found[0]


# --- parsing and validation of `[[exercise]]` documents -------------------------------------

_ID_PATTERN = re.compile(r"[a-z0-9_]+")
_MAX_ID_CHARS = 40
# A title is `name — N reps`; with reps <= 50 a 48-character name keeps it within 58 characters,
# under the ~60 a notification title shows before desktops start cutting it.
_MAX_NAME_CHARS = 48
_MAX_CUE_CHARS = 80
_CUE_COUNT = (2, 5)
_REPS_RANGE = (1, 50)
_LEVEL_RANGE = (1, 9)
_REQUIRED_FIELDS = ("id", "name", "cues", "reps", "kind", "where")
_FIELDS = (*_REQUIRED_FIELDS, "level", "more_cues", "variations", "alt", "picture")
_MAX_WORDINGS = 8
_MAX_VARIATIONS = 6
_MAX_ALT_CHARS = 200
_MAX_PICTURE_CHARS = 300
_REQUIRED_KINDS = (ExerciseKind.RISE, ExerciseKind.HIP_FLEXOR)


def _summary(problems: tuple[str, ...]) -> str:
    more = len(problems) - 1
    if more == 0:
        return problems[0]
    return f"{problems[0]}\n(and {more} more problem{'s' if more > 1 else ''})"


class _Invalid(Exception):
    """One field's problem; the message says what is wrong and how to fix it."""


def parse_catalogue(doc: Mapping[str, object], origin: str) -> tuple[Exercise, ...]:
    """Validate a parsed catalogue document (`{"exercise": [...]}`) and build its exercises.

    `origin` names the file in messages. Raises CatalogueError listing every problem found; a
    document without `[[exercise]]` entries gives an empty tuple.
    """
    problems = [
        f"{origin}: unknown top-level key {_shown(key)}; only [[exercise]] entries belong here"
        for key in doc if key != "exercise"
    ]
    entries = doc.get("exercise", [])
    if not isinstance(entries, list):
        problems.append(f"{origin}: exercise is not a list of tables; write each entry under "
                        "its own [[exercise]] header (double brackets)")
        entries = []
    exercises: list[Exercise] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"{origin}: exercise {index}{_id_note(entry)}"
        try:
            exercise = _parse_entry(entry)
        except _Invalid as problem:
            problems.append(f"{where}: {problem}")
            continue
        if exercise.id in first_index:
            problems.append(f"{where}: id {_shown(exercise.id)} is already used by exercise "
                            f"{first_index[exercise.id]}; give each exercise its own id")
            continue
        first_index[exercise.id] = index
        exercises.append(exercise)
    if problems:
        raise CatalogueError(*problems)
    return tuple(exercises)


def missing_pictures(exercises: Iterable[Exercise], has_picture: Callable[[str], bool],
                     origin: str) -> list[str]:
    """The problems of a built-in catalogue whose exercises lack a picture or its alt text:
    every exercise nudge ships must show what to do, not only say it."""
    problems = []
    for exercise in exercises:
        if not has_picture(exercise.id):
            problems.append(f"{origin}: exercise {exercise.id!r} has no picture; draw one in "
                            "nudge/pictures/exercises.py and run packaging/make_pictures.py")
        if not exercise.alt:
            problems.append(f"{origin}: exercise {exercise.id!r} has no alt text; add alt = "
                            "\"one sentence saying what the picture shows\"")
    return problems


def merge_exercises(base: Iterable[Exercise], overrides: Iterable[Exercise]) -> Catalogue:
    """Replace base exercises by id with `overrides` and append the new ones, then check that
    the result still has a rise and a hip-flexor break (the two nudges nudge always needs)."""
    merged = {exercise.id: exercise for exercise in base}
    merged.update((exercise.id, exercise) for exercise in overrides)
    catalogue = Catalogue(tuple(merged.values()))
    missing = [kind.value for kind in _REQUIRED_KINDS if not catalogue.of_kind(kind)]
    if missing:
        raise CatalogueError(
            f"the exercise catalogue has no exercise of kind {' or '.join(missing)}; "
            "keep at least one (did an override change an exercise's kind?)"
        )
    return catalogue


def _shown(value: object) -> str:
    """A value as it looks in the TOML file (`true`, `"text"`), cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = _quoted(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _id_note(entry: object) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f" ({entry['id']})"
    return ""


def _parse_entry(entry: object) -> Exercise:
    if not isinstance(entry, dict):
        raise _Invalid("is not a table; write each one under its own [[exercise]] header")
    unknown = [key for key in entry if key not in _FIELDS]
    if unknown:
        raise _Invalid(f"unknown field {_shown(unknown[0])}; the fields are {', '.join(_FIELDS)}")
    missing = [key for key in _REQUIRED_FIELDS if key not in entry]
    if missing:
        raise _Invalid(f"missing {', '.join(missing)}; every exercise needs "
                       f"{', '.join(_REQUIRED_FIELDS)}")
    kind = _enum_field(entry, "kind", ExerciseKind)
    return Exercise(
        id=_id_field(entry["id"]),
        name=_text_field(entry, "name", _MAX_NAME_CHARS),
        cues=_cues_field(entry["cues"]),
        reps=_int_field(entry, "reps", _REPS_RANGE),
        kind=kind,
        where=_enum_field(entry, "where", Where),
        level=_level_field(entry, kind),
        more_cues=_more_cues_field(entry.get("more_cues", [])),
        variations=_variations_field(entry.get("variations", []), kind),
        alt=_text_field(entry, "alt", _MAX_ALT_CHARS) if "alt" in entry else "",
        picture=_text_field(entry, "picture", _MAX_PICTURE_CHARS) if "picture" in entry else "",
    )


def _id_field(value: object) -> str:
    if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
        raise _Invalid(f"id = {_shown(value)} is not a valid id; use lowercase letters, digits and "
                       "underscores, like \"glute_rise\"")
    if len(value) > _MAX_ID_CHARS:
        raise _Invalid(f"id {_shown(value)} is too long; keep it within {_MAX_ID_CHARS} characters")
    return value


def _text_field(entry: dict[str, object], key: str, max_chars: int) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{key} = {_shown(value)} must be non-empty text in quotes")
    if len(value) > max_chars:
        raise _Invalid(f"{key} is {len(value)} characters long; keep it within {max_chars}")
    return value.strip()


def _cues_field(value: object) -> tuple[str, ...]:
    low, high = _CUE_COUNT
    if not isinstance(value, list) or not low <= len(value) <= high:
        count = f"has {len(value)} lines" if isinstance(value, list) else "is not a list"
        raise _Invalid(f"cues {count}; write {low} to {high} short lines, "
                       "like cues = [\"first line\", \"second line\"]")
    for number, cue in enumerate(value, start=1):
        if not isinstance(cue, str) or not cue.strip():
            raise _Invalid(f"cue {number} = {_shown(cue)} must be non-empty text in quotes")
        if len(cue) > _MAX_CUE_CHARS:
            raise _Invalid(f"cue {number} is {len(cue)} characters long; "
                           f"keep each cue within {_MAX_CUE_CHARS} so it fits a notification")
    return tuple(cue.strip() for cue in value)


def _more_cues_field(value: object) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) > _MAX_WORDINGS:
        raise _Invalid(f"more_cues must be a list of up to {_MAX_WORDINGS} cue lists, like "
                       "more_cues = [[\"first line\", \"second line\"]]")
    wordings: list[tuple[str, ...]] = []
    for number, cues in enumerate(value, start=1):
        try:
            wordings.append(_cues_field(cues))
        except _Invalid as problem:
            raise _Invalid(f"more_cues {number}: {problem}") from None
    return tuple(wordings)


def _variations_field(value: object, kind: ExerciseKind) -> tuple[Variation, ...]:
    if value and kind is not ExerciseKind.RISE:
        raise _Invalid("only rise exercises have variations; remove variations")
    if not isinstance(value, list) or len(value) > _MAX_VARIATIONS \
            or not all(isinstance(v, dict) for v in value):
        raise _Invalid(f"variations must be up to {_MAX_VARIATIONS} tables, each under its own "
                       "[[exercise.variations]] header with a name and cues")
    found: list[Variation] = []
    for number, entry in enumerate(value, start=1):
        unknown = [key for key in entry if key not in ("name", "cues")]
        if unknown or "name" not in entry or "cues" not in entry:
            raise _Invalid(f"variation {number} needs exactly a name and cues")
        try:
            found.append(Variation(_text_field(entry, "name", _MAX_NAME_CHARS),
                                   _cues_field(entry["cues"])))
        except _Invalid as problem:
            raise _Invalid(f"variation {number}: {problem}") from None
    return tuple(found)


def _int_field(entry: dict[str, object], key: str, bounds: tuple[int, int]) -> int:
    value = entry[key]
    low, high = bounds
    # bool is an int in Python, but `reps = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Invalid(
            f"{key} = {_shown(value)} is not allowed; use a whole number from {low} to {high}"
        )
    return value


_E = TypeVar("_E", ExerciseKind, Where)


def _enum_field(entry: dict[str, object], key: str, enum: type[_E]) -> _E:
    value = entry.get(key)
    choices = [member.value for member in enum]
    if not isinstance(value, str) or value not in choices:
        raise _Invalid(f"{key} = {_shown(value)} is not known; use one of {', '.join(choices)}")
    return enum(value)


def _level_field(entry: dict[str, object], kind: ExerciseKind) -> int:
    if kind is not ExerciseKind.PROGRESSION:
        level = entry.get("level", 0)
        if isinstance(level, bool) or level != 0:
            raise _Invalid("only progression exercises have a level; remove level or set "
                           "kind = \"progression\"")
        return 0
    if "level" not in entry:
        low, high = _LEVEL_RANGE
        raise _Invalid(f"a progression needs a level; add level = {low} (easiest) to {high}")
    return _int_field(entry, "level", _LEVEL_RANGE)
