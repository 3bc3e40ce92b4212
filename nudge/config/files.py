"""The config file on disk: load it, write the commented default, check it, and watch for edits.

All of this runs on whichever thread calls it (no threads, timers or locks of its own); each call
reads or stats the file once.
"""

from __future__ import annotations

import os
from pathlib import Path

from nudge.config.problems import ConfigError
from nudge.config.schema import AppConfig, LoadedConfig, parse_config
from nudge.config.template import default_config_text
from nudge.config.toml_file import TomlFileError, folder_in_place, read_toml
from nudge.core.catalogue import Catalogue
from nudge.hints import work_hours_hint as work_hours_hint  # re-exported: nudge.config
from nudge.i18n import _
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically, write_new_file
from nudge.platform.error_words import reason


def load_config(path: Path) -> LoadedConfig:
    """Read and check the config file; a missing file gives the defaults and no warnings.
    Exercises turned off are checked against the catalogue (`exercises.toml` beside the file).

    Raises ConfigError (one or two readable lines) for anything nudge cannot use.
    """
    try:
        doc = read_toml(path)
    except TomlFileError as problem:
        raise ConfigError(str(problem)) from None
    if doc is None:
        return LoadedConfig(AppConfig(), [])
    return parse_config(doc, str(path), _catalogue_for(doc, path))


def usable_config(path: Path) -> LoadedConfig:
    """`load_config(path)`, or, while that file has a problem, the defaults (as the app then
    runs) with the problem in `problem`. Never raises ConfigError."""
    try:
        return load_config(path)
    except ConfigError as problem:
        return LoadedConfig(AppConfig(), problem=problem)


def _catalogue_for(doc: dict[str, object], path: Path) -> Catalogue | None:
    """The exercises `[exercises] off` may name: only read when it names some. A broken
    exercises.toml is said by its own check; nudge's own exercises stand in here."""
    table = doc.get("exercises")
    if not isinstance(table, dict) or not table.get("off"):
        return None
    from nudge.config.exercise_files import usable_catalogue

    # Paths.user_exercises_file: beside config.toml
    return usable_catalogue(path.with_name("exercises.toml")).catalogue


def check_config(path: Path) -> list[str]:
    """Every problem and warning in the config file, one line each; empty when all is well
    (including when there is no file: the defaults are fine)."""
    try:
        return load_config(path).warnings
    except ConfigError as problem:
        return [*problem.problems, *problem.warnings]


class ConfigFileExists(ConfigError):
    """`write_default_config` found a file at the path already, and left it as it is."""


def write_default_config(path: Path, overwrite: bool = False) -> None:
    """Write the commented default config to `path`, creating its folder (mode 0700).

    Refuses to replace an existing file unless `overwrite` (ConfigFileExists); raises
    ConfigError when it cannot write.
    """
    try:
        make_private_dir(path.parent)
    except OSError as problem:
        # Translators: {reason} is the system's reason, e.g. "Permission denied".
        raise ConfigError(_("{file}: cannot create its folder ({reason})").format(
            file=path, reason=reason(problem))) from None
    if path.is_dir():  # would be "already exists" below
        raise ConfigError(folder_in_place(path))
    # The platform's line ends, as a text-mode write gives: Notepad users see lines.
    payload = default_config_text().replace("\n", os.linesep).encode("utf-8")
    try:
        if overwrite:  # a running nudge never reads a half-written file
            write_atomically(path, payload, PRIVATE_FILE_MODE)
        else:  # fails if it exists, atomically; the new file is 0600 whatever the umask
            write_new_file(path, payload)
    except FileExistsError:
        raise ConfigFileExists(_("{file} already exists; not overwriting it").format(
            file=path)) from None
    except OSError as problem:
        # Translators: {reason} is the system's reason, e.g. "No space left on device".
        raise ConfigError(_("{file}: cannot write it ({reason})").format(
            file=path, reason=reason(problem))) from None


class ConfigWatcher:
    """Re-reads the config file when it changes, keeping the last good settings on a bad edit.

    Call `poll()` from the thread that applies settings (the engine's tick, which
    `nudge/app/file_watch.py` wakes when the file changes). Each call costs one `stat`; the file is
    only read after its mtime, size or inode changed.
    """

    def __init__(self, path: Path, current: AppConfig | None = None) -> None:
        self.path = path
        self.config = current if current is not None else AppConfig()  # last good settings
        self.error: str | None = None  # the latest bad edit, until a good one replaces it
        self._seen: object = object()  # matches no signature, so the first poll reads the file

    def poll(self) -> tuple[AppConfig, list[str]] | None:
        """None while the file is unchanged. After a change: (settings to use, lines to show).

        The first call always reads the file. A good edit gives the new settings and its warnings;
        a bad one gives the last good settings and the error (also kept in `error`), so the caller
        can treat both alike: apply the settings, show the lines. Deleting the file restores the
        defaults.
        """
        signature = self._signature()
        if signature == self._seen:
            return None
        self._seen = signature
        try:
            loaded = load_config(self.path)
        except ConfigError as problem:
            first, *rest = str(problem).split("\n", 1)
            # Translators: {problem} is what is wrong with the config file.
            kept = _("{problem}; keeping the previous settings").format(problem=first)
            self.error = "\n".join([kept, *rest])
            return self.config, [self.error]
        self.config, self.error = loaded.config, None
        return loaded.config, loaded.warnings

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size, stat.st_ino
