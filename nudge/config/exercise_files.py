"""The exercise catalogue's files: the one shipped in the package, plus the user's own.

The user's `exercises.toml` (in the config folder) uses the same `[[exercise]]` entries as
`nudge/data/exercises.toml`: an entry with a shipped id replaces that exercise whole, a new id adds
one. Validation is in `nudge.core.catalogue`; this module only reads files. Every shipped
exercise must have its picture in `nudge/data/pictures/` and alt text; a user's exercise may name
its own PNG (`picture`), checked here: a missing or broken one is a warning, and that nudge goes
without it. Runs on the calling thread; each call reads both files once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nudge.config.exercise_pictures import PICTURE_DIR, THEMES, check_png, shipped_picture
from nudge.config.toml_file import TomlFileError, read_toml
from nudge.core.catalogue import (
    Catalogue,
    CatalogueError,
    Exercise,
    merge_exercises,
    missing_pictures,
    parse_catalogue,
)
from nudge.i18n import N_, English, _
from nudge.i18n.catalogue_text import translated

SHIPPED_ORIGIN = "nudge/data/exercises.toml"


@dataclass(frozen=True)
class LoadedCatalogue:
    catalogue: Catalogue
    warnings: list[str] = field(default_factory=list)
    log_warnings: list[str] = field(default_factory=list)  # the same in English, for the log
    # Set by `usable_catalogue` when the user's file is bad: `catalogue` is then nudge's own
    # exercises alone, and each caller says the problem its own way (or not at all).
    problem: CatalogueError | None = None


def usable_catalogue(user_file: Path | None) -> LoadedCatalogue:
    """`load_catalogue(user_file)`, or, while that file has a problem, the shipped exercises
    alone with the problem in `problem`. Never raises CatalogueError."""
    try:
        return load_catalogue(user_file)
    except CatalogueError as problem:
        return replace(load_catalogue(None), problem=problem)


def load_catalogue(user_file: Path | None) -> LoadedCatalogue:
    """The shipped exercises merged with `user_file` (skipped when None or missing).

    Raises CatalogueError naming the file, the exercise and the fix when the user's file is bad;
    the caller may then fall back to `load_catalogue(None)`, the shipped catalogue alone.
    """
    shipped = _shipped_in_language()
    if user_file is None:
        return LoadedCatalogue(merge_exercises(shipped, ()))
    try:
        doc = read_toml(user_file)
    except TomlFileError as problem:
        raise CatalogueError(str(problem)) from None
    if doc is None:
        return LoadedCatalogue(merge_exercises(shipped, ()))
    own = parse_catalogue(doc, str(user_file))
    warnings = [] if own else [English(N_("{file}: no [[exercise]] entries, so it changes "
                                          "nothing"), file=str(user_file))]
    own = tuple(_with_own_picture(exercise, user_file, shipped, warnings) for exercise in own)
    try:
        return LoadedCatalogue(merge_exercises(shipped, own),
                               [warning.shown() for warning in warnings], list(warnings))
    except CatalogueError as problem:
        # Translators: {problem} says what is wrong with the exercises file {file}.
        raise CatalogueError(_("{file}: {problem}").format(file=user_file, problem=problem)) \
            from None


def parse_shipped(doc: Mapping[str, object], pictures: Path = PICTURE_DIR,
                  origin: str = SHIPPED_ORIGIN) -> tuple[Exercise, ...]:
    """nudge's own exercises; each must have its picture in both themes and alt text, else
    CatalogueError (a packaging bug: the build forgot a drawing)."""
    exercises = parse_catalogue(doc, origin)

    def drawn(exercise_id: str) -> bool:
        return all(shipped_picture(exercise_id, theme, pictures) for theme in THEMES)

    problems = missing_pictures(exercises, drawn, origin)
    if problems:
        raise CatalogueError(*problems)
    return exercises


def _with_own_picture(exercise: Exercise, user_file: Path, shipped: tuple[Exercise, ...],
                      warnings: list[English]) -> Exercise:
    """`exercise` with its `picture` as a checked absolute path, or "" (and a warning) if the
    file is unusable. An override of a shipped exercise without its own picture keeps the
    shipped one, and its alt text unless it gives one."""
    if not exercise.picture:
        base = next((e for e in shipped if e.id == exercise.id), None)
        if base is not None and not exercise.alt:
            return replace(exercise, alt=base.alt)
        return exercise
    path = Path(exercise.picture).expanduser()
    if not path.is_absolute():
        path = user_file.parent / path
    problem = check_png(path)
    if problem is None:
        return replace(exercise, picture=str(path))
    # Translators: {exercise} is an exercise id and {picture} a file, each in quotes;
    # {problem} says what is wrong, e.g. "there is no such file".
    warnings.append(English(N_("{file}: exercise {exercise}: picture {picture} cannot be used: "
                               "{problem}. Its nudge shows without it until you fix the file or "
                               "remove the picture line."), file=str(user_file),
                            exercise=repr(exercise.id), picture=repr(str(path)),
                            problem=problem))
    return replace(exercise, picture="")


def _shipped_in_language() -> tuple[Exercise, ...]:
    """The shipped exercises in the user's language (`nudge.i18n`); in English if a
    translation breaks a rule (a cue too long: `make lint` checks, this is the net)."""
    document = shipped_document()
    try:
        return parse_shipped(translated(document, _))
    except CatalogueError:
        return parse_shipped(document)


def shipped_document() -> dict[str, Any]:
    """nudge/data/exercises.toml as TOML, in English (for `parse_shipped`)."""
    shipped = Path(__file__).resolve().parent.parent / "data" / "exercises.toml"  # as PICTURE_DIR
    return tomllib.loads(shipped.read_text(encoding="utf-8"))
