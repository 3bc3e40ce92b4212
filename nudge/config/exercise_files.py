"""The exercise catalogue's files: the one shipped in the package, plus the user's own.

The user's `exercises.toml` (in the config folder) uses the same `[[exercise]]` entries as
`nudge/data/exercises.toml`: an entry with a shipped id replaces that exercise whole, a new id adds
one. Validation is in `nudge.core.catalogue`; this module only reads files. Runs on the calling
thread; each call reads both files once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from nudge.config.toml_file import TomlFileError, read_toml
from nudge.core.catalogue import Catalogue, CatalogueError, merge_exercises, parse_catalogue

SHIPPED_ORIGIN = "nudge/data/exercises.toml"


@dataclass(frozen=True)
class LoadedCatalogue:
    catalogue: Catalogue
    warnings: list[str] = field(default_factory=list)


def load_catalogue(user_file: Path | None) -> LoadedCatalogue:
    """The shipped exercises merged with `user_file` (skipped when None or missing).

    Raises CatalogueError naming the file, the exercise and the fix when the user's file is bad;
    the caller may then fall back to `load_catalogue(None)`, the shipped catalogue alone.
    """
    shipped = parse_catalogue(_shipped_document(), SHIPPED_ORIGIN)
    if user_file is None:
        return LoadedCatalogue(merge_exercises(shipped, ()))
    try:
        doc = read_toml(user_file)
    except TomlFileError as problem:
        raise CatalogueError(str(problem)) from None
    if doc is None:
        return LoadedCatalogue(merge_exercises(shipped, ()))
    own = parse_catalogue(doc, str(user_file))
    warnings = [] if own else [f"{user_file}: no [[exercise]] entries, so it changes nothing"]
    try:
        return LoadedCatalogue(merge_exercises(shipped, own), warnings)
    except CatalogueError as problem:
        raise CatalogueError(f"{user_file}: {problem}") from None


def _shipped_document() -> dict[str, object]:
    shipped = resources.files("nudge").joinpath("data").joinpath("exercises.toml")
    return tomllib.loads(shipped.read_text(encoding="utf-8"))
