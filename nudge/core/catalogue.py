"""The exercise catalogue: what each nudge asks the user to do, with short cues.

The shipped list lives in `nudge/data/exercises.toml`; users may add or override exercises by id
in `exercises.toml` in their config dir. Parsing and validation of those documents happen here
(pure: the caller reads the files; each field's parser is in `catalogue_parse.py`); see
`nudge/config/exercise_files.py` for the file side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from nudge.core.catalogue_parse import (
    BadField,
    cues_field,
    entry_place,
    enum_field,
    id_field,
    int_field,
    more_cues_field,
    shown,
    text_field,
)
from nudge.core.i18n import N_, _, ngettext
from nudge.core.rep_limits import CATALOGUE_REPS

MEDICAL_NOTE = N_(
    "nudge is a habit reminder, not medical advice. If something hurts, stop, and get assessed "
    "by a physiotherapist or another professional who can tailor a plan to you."
)


class ExerciseKind(StrEnum):
    RISE = "rise"  # the glute-first chair rise: the everyday nudge
    HIP_FLEXOR = "hip_flexor"  # a standing hip-flexor break
    ACTIVATION = "activation"  # a check: does the glute fire first?
    PROGRESSION = "progression"  # harder work, unlocked by consistent days


# Kinds held rather than repeated (a stretch: `reps` counts rounds of a hold), left out of the
# reps totals every report shows (`nudge.core.summary_counts.counted_reps`).
HELD_KINDS = frozenset({ExerciseKind.HIP_FLEXOR})


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
    def held(self) -> bool:
        """Held rather than repeated (`HELD_KINDS`): its counts are rounds, not reps."""
        return self.kind in HELD_KINDS

    def count_words(self, n: int) -> str:
        """`n` of this exercise in words: `5 reps`, `1 rep`; `2 rounds` for a hold."""
        return count_template(n, self.held).format(n=n)

    def title_for(self, reps: int) -> str:
        """Notification title, e.g. `Glute-first chair rise — 5 reps`, `… — 2 rounds`."""
        # Translators: a nudge's title: the exercise's name, then how many, e.g.
        # "Glute-first chair rise — 5 reps" or "Standing hip-flexor stretch — 2 rounds".
        return _("{name} — {count}").format(name=self.name, count=self.count_words(reps))

    @property
    def title(self) -> str:
        """The title with the suggested count (`title_for(reps)`)."""
        return self.title_for(self.reps)


def count_template(n: int, held: bool) -> str:
    """The words for a count of one exercise, `{n}` not yet filled in (a number box shows the
    number itself): `{n} rep(s)` for a repeated exercise, `{n} round(s)` for a held one. Totals
    across exercises are always reps (`nudge.core.summary_counts.counted_reps`)."""
    if held:
        # Translators: a count of a stretch that is held, not repeated: one round is one hold
        # of about 30 seconds on each side (e.g. "2 rounds" of the hip-flexor stretch).
        return ngettext("{n} round", "{n} rounds", n)
    # Translators: a count of repetitions of an exercise, e.g. "5 reps".
    return ngettext("{n} rep", "{n} reps", n)


class CatalogueError(ValueError):
    """A catalogue document that does not validate; the message names the entry and the fix.

    `problems` holds every problem found, one line each; str() is the first one, plus a count of
    the others so it still fits a notification. In the user's language.
    """

    def __init__(self, *problems: str) -> None:
        self.problems = problems
        super().__init__(_summary(problems) if problems else _("invalid exercise catalogue"))


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[Exercise, ...]

    def by_id(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def count_words(self, exercise_id: str | None, n: int) -> str:
        """`n` of the exercise `exercise_id` in words (`Exercise.count_words`); reps for an id
        the catalogue no longer has."""
        exercise = None if exercise_id is None else self.by_id(exercise_id)
        return exercise.count_words(n) if exercise else count_template(n, False).format(n=n)

    def held_ids(self) -> frozenset[str]:
        """The ids of the exercises held rather than repeated (`HELD_KINDS`)."""
        return frozenset(e.id for e in self.exercises if e.held)

    def of_kind(self, kind: ExerciseKind) -> tuple[Exercise, ...]:
        found = [e for e in self.exercises if e.kind == kind]
        return tuple(sorted(found, key=lambda e: (e.level, e.id)))

    def first_of_kind(self, kind: ExerciseKind) -> Exercise:
        found = self.of_kind(kind)
        if not found:
            raise CatalogueError(_("the catalogue has no exercise of kind {kind}").format(
                kind=repr(kind.value)))
        return found[0]


# --- parsing and validation of `[[exercise]]` documents -------------------------------------

_MAX_NAME_CHARS = 48  # with CATALOGUE_REPS' at most 50, the title fits (nudge.core.rep_limits)
_LEVEL_RANGE = (1, 9)
_REQUIRED_FIELDS = ("id", "name", "cues", "reps", "kind", "where")
_FIELDS = (*_REQUIRED_FIELDS, "level", "more_cues", "variations", "alt", "picture")
_MAX_VARIATIONS = 6
_MAX_ALT_CHARS = 200
_MAX_PICTURE_CHARS = 300
REQUIRED_KINDS = (ExerciseKind.RISE, ExerciseKind.HIP_FLEXOR)  # the nudges nudge always needs


def _summary(problems: tuple[str, ...]) -> str:
    more = len(problems) - 1
    if more == 0:
        return problems[0]
    return problems[0] + "\n" + ngettext("(and {n} more problem)", "(and {n} more problems)",
                                         more).format(n=more)


def parse_catalogue(doc: Mapping[str, object], origin: str) -> tuple[Exercise, ...]:
    """Validate a parsed catalogue document (`{"exercise": [...]}`) and build its exercises.

    `origin` names the file in messages. Raises CatalogueError listing every problem found; a
    document without `[[exercise]]` entries gives an empty tuple.
    """
    problems = [
        _("{file}: unknown top-level key {key}; only [[exercise]] entries belong here").format(
            file=origin, key=shown(key))
        for key in doc if key != "exercise"
    ]
    entries = doc.get("exercise", [])
    if not isinstance(entries, list):
        problems.append(_("{file}: exercise is not a list of tables; write each entry under its "
                          "own [[exercise]] header (double brackets)").format(file=origin))
        entries = []
    exercises: list[Exercise] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        try:
            exercise = _parse_entry(entry)
        except BadField as problem:
            problems.append(entry_place(origin, index, entry, problem))
            continue
        if exercise.id in first_index:
            # Translators: {number} counts the file's [[exercise]] entries from 1.
            problems.append(entry_place(origin, index, entry, _(
                "id {id} is already used by exercise {number}; give each exercise its own "
                "id").format(id=shown(exercise.id), number=first_index[exercise.id])))
            continue
        first_index[exercise.id] = index
        exercises.append(exercise)
    if problems:
        raise CatalogueError(*problems)
    return tuple(exercises)


def missing_pictures(exercises: Iterable[Exercise], has_picture: Callable[[str], bool],
                     origin: str) -> list[str]:
    """The problems of a built-in catalogue whose exercises lack a picture or its alt text:
    every exercise nudge ships must show what to do, not only say it. A packaging bug, said to
    nudge's developers (`make lint`, the build): in English, like the log."""
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
    missing = [kind.value for kind in REQUIRED_KINDS if not catalogue.of_kind(kind)]
    if missing:
        # Translators: {kinds} is "rise", "hip_flexor" or "rise or hip_flexor" (kind values,
        # typed as they are in exercises.toml).
        raise CatalogueError(_(
            "the exercise catalogue has no exercise of kind {kinds}; keep at least one (did an "
            "override change an exercise's kind?)").format(kinds=" or ".join(missing)))
    return catalogue


def _parse_entry(entry: object) -> Exercise:
    if not isinstance(entry, dict):
        raise BadField(_("is not a table; write each one under its own [[exercise]] header"))
    unknown = [key for key in entry if key not in _FIELDS]
    if unknown:
        # Translators: {field} is a field name as written, {fields} the field names (English).
        raise BadField(_("unknown field {field}; the fields are {fields}").format(
            field=shown(unknown[0]), fields=", ".join(_FIELDS)))
    missing = [key for key in _REQUIRED_FIELDS if key not in entry]
    if missing:
        # Translators: {missing} and {needed} list field names (English, as typed).
        raise BadField(_("missing {missing}; every exercise needs {needed}").format(
            missing=", ".join(missing), needed=", ".join(_REQUIRED_FIELDS)))
    kind = enum_field(entry, "kind", ExerciseKind)
    return Exercise(
        id=id_field(entry["id"]),
        name=text_field(entry, "name", _MAX_NAME_CHARS),
        cues=cues_field(entry["cues"]),
        reps=int_field(entry, "reps", CATALOGUE_REPS),
        kind=kind,
        where=enum_field(entry, "where", Where),
        level=_level_field(entry, kind),
        more_cues=more_cues_field(entry.get("more_cues", [])),
        variations=_variations_field(entry.get("variations", []), kind),
        alt=text_field(entry, "alt", _MAX_ALT_CHARS) if "alt" in entry else "",
        picture=text_field(entry, "picture", _MAX_PICTURE_CHARS) if "picture" in entry else "",
    )


def _variations_field(value: object, kind: ExerciseKind) -> tuple[Variation, ...]:
    if value and kind is not ExerciseKind.RISE:
        raise BadField(_("only rise exercises have variations; remove variations"))
    if not isinstance(value, list) or len(value) > _MAX_VARIATIONS \
            or not all(isinstance(v, dict) for v in value):
        raise BadField(_("variations must be up to {count} tables, each under its own "
                         "[[exercise.variations]] header with a name and cues").format(
            count=_MAX_VARIATIONS))
    found: list[Variation] = []
    for number, entry in enumerate(value, start=1):
        unknown = [key for key in entry if key not in ("name", "cues")]
        if unknown or "name" not in entry or "cues" not in entry:
            # Translators: {number} counts an exercise's variations from 1.
            raise BadField(_("variation {number} needs exactly a name and cues").format(
                number=number))
        try:
            found.append(Variation(text_field(entry, "name", _MAX_NAME_CHARS),
                                   cues_field(entry["cues"])))
        except BadField as problem:
            # Translators: {number} counts an exercise's variations from 1; {problem} says what
            # is wrong with that one.
            raise BadField(_("variation {number}: {problem}").format(
                number=number, problem=problem)) from None
    return tuple(found)


def _level_field(entry: dict[str, object], kind: ExerciseKind) -> int:
    if kind is not ExerciseKind.PROGRESSION:
        level = entry.get("level", 0)
        if isinstance(level, bool) or level != 0:
            raise BadField(_('only progression exercises have a level; remove level or set '
                             'kind = "progression"'))
        return 0
    if "level" not in entry:
        low, high = _LEVEL_RANGE
        raise BadField(_("a progression needs a level; add level = {low} (easiest) to "
                         "{high}").format(low=low, high=high))
    return int_field(entry, "level", _LEVEL_RANGE)
