"""The exercises' reps as the settings window changes them, written to the user's exercises.toml.
"Restore defaults" puts nudge's own reps back (the user's own exercises keep theirs).

Pure of Qt; the window calls it on the GUI thread. A changed shipped exercise is copied whole
into exercises.toml with the new reps (the file's own way to change one: same id replaces
it); one already there, or the user's own, gets its reps changed in place, comments kept
(`tomlkit`). The result is checked as the app will check it before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from nudge.config.exercise_files import parse_shipped, shipped_document, usable_catalogue
from nudge.config.toml_file import TomlFileError, read_toml, read_toml_text
from nudge.core.catalogue import (
    Catalogue,
    CatalogueError,
    Exercise,
    merge_exercises,
    parse_catalogue,
)
from nudge.i18n import _
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.error_words import reason

_HEADER = ("# Your own exercises, and changes to nudge's (the same id replaces one). The settings "
           "window\n# writes reps here; see nudge/data/exercises.toml for every field.\n")


@dataclass(frozen=True)
class ShownExercise:
    id: str
    name: str
    reps: int
    own: bool  # from the user's exercises.toml


class ExerciseReps:
    def __init__(self, user_file: Path) -> None:
        self.path = user_file
        self.problem: str | None = None  # why the reps cannot be changed here
        loaded = usable_catalogue(user_file)
        if loaded.problem is not None:
            self.problem = _("{problem}; fix exercises.toml in a text editor to change reps "
                             "here").format(problem=loaded.problem)
        catalogue = loaded.catalogue
        self.catalogue: Catalogue = catalogue  # what `[exercises] off` is checked against
        own = self._own_ids()
        self.exercises = [ShownExercise(e.id, e.name, e.reps, e.id in own)
                          for e in catalogue.exercises]
        self.wanted: dict[str, int] = {}

    def set_reps(self, exercise_id: str, reps: int) -> None:
        self.wanted[exercise_id] = reps

    def restore_defaults(self) -> None:
        """nudge's own reps for its exercises (saved with Save); the user's own stay."""
        shipped = {e.id: e.reps for e in parse_shipped(shipped_document())}
        for exercise in self.exercises:
            if exercise.id in shipped:
                self.wanted[exercise.id] = shipped[exercise.id]

    def reps_of(self, exercise_id: str) -> int:
        """The reps shown for `exercise_id`: as changed here, else as in the files."""
        if exercise_id in self.wanted:
            return self.wanted[exercise_id]
        return next(e.reps for e in self.exercises if e.id == exercise_id)

    @property
    def changed(self) -> dict[str, int]:
        return {key: reps for key, reps in self.wanted.items()
                if any(e.id == key and e.reps != reps for e in self.exercises)}

    def save(self) -> None:
        """Write the changed reps; CatalogueError (nothing written) with the reason."""
        changes = self.changed
        if not changes:
            return
        if self.problem:
            raise CatalogueError(self.problem)
        doc = self._document()
        entries = doc.setdefault("exercise", tomlkit.aot())
        for exercise_id, reps in changes.items():
            entry = next((e for e in entries if e.get("id") == exercise_id), None)
            if entry is None:
                entry = tomlkit.table()
                for key, value in _shipped_entry(exercise_id).items():
                    entry.add(key, value)
                entries.append(entry)
            entry["reps"] = reps
        own = parse_catalogue(doc.unwrap(), str(self.path))
        merge_exercises(parse_shipped(shipped_document()), own)  # still whole
        try:
            make_private_dir(self.path.parent)
            write_atomically(self.path, tomlkit.dumps(doc).encode("utf-8"), PRIVATE_FILE_MODE)
        except OSError as error:
            raise CatalogueError(_("Could not save {path}: {reason}").format(
                path=self.path, reason=reason(error))) from None
        self.exercises = [ShownExercise(e.id, e.name, changes.get(e.id, e.reps),
                                        e.own or e.id in changes) for e in self.exercises]
        self.wanted.clear()

    def _document(self) -> tomlkit.TOMLDocument:
        try:
            text = read_toml_text(self.path)
            return tomlkit.parse(_HEADER if text is None else text)
        except TomlFileError as problem:
            raise CatalogueError(str(problem)) from None
        except TOMLKitError as error:
            raise CatalogueError(_("{path} cannot be read ({reason})").format(
                path=self.path, reason=error)) from None

    def _own_ids(self) -> set[str]:
        try:
            doc = read_toml(self.path) or {}
        except TomlFileError:
            return set()
        entries = doc.get("exercise", [])
        return {str(e.get("id")) for e in entries if isinstance(e, dict)} \
            if isinstance(entries, list) else set()


def _shipped_entry(exercise_id: str) -> dict[str, Any]:
    entries: list[dict[str, Any]] = shipped_document()["exercise"]
    return dict(next(e for e in entries if e["id"] == exercise_id))


__all__ = ["Exercise", "ExerciseReps", "ShownExercise"]
