"""config.toml as the settings window edits it: values in and out, problems, and the save.

Pure of Qt, so it is tested on its own; the window (`settings_window.py`) calls it on the GUI
thread. Edits go into a `tomlkit` document, so the user's comments, layout and unknown keys are
kept; the problems are exactly `nudge config --check`'s (`parse_config` over the edited
document), given to the field they are about (by where `parse_config` found them, never by their
words, which are in the user's language); a save writes the file atomically.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from nudge.config.keys import KEYS, SECTIONS, Key
from nudge.config.problems import ConfigError, Problem
from nudge.config.schema import parse_config
from nudge.config.template import DEFAULT_CONFIG_TEXT
from nudge.config.toml_file import TomlFileError, read_toml_text
from nudge.core.catalogue import Catalogue
from nudge.core.settings import WEEKDAYS
from nudge.i18n import N_, _
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.error_words import reason

WORK_HOURS = "schedule.work_hours"
PAUSES = "schedule.pauses"
GENERAL = ""  # a problem about the file as a whole
_DEFAULTS: dict[str, Any] = tomllib.loads(DEFAULT_CONFIG_TEXT)


@dataclass(frozen=True)
class Pause:
    day: str  # "tue"
    hours: str  # "14:00-15:00"


def day_id(day: str) -> str:
    return f"{WORK_HOURS}.{day}"


def default_value(key: Key) -> Any:
    return _DEFAULTS[key.section][key.name]


def to_text(form: str, value: Any) -> str:
    """A TOML value as the text in its field: ["5m", "10m"] -> "5m, 10m"."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def from_text(form: str, text: str) -> Any:
    """The text of a field as the TOML value it stands for; what cannot be one is kept as the
    text, for the checks to name (`"5, x"` -> [5, "x"])."""
    if form in ("durations", "names", "paths", "numbers"):
        items = [item.strip() for item in text.split(",") if item.strip()]
        if form == "numbers":
            return [int(item) if item.isdecimal() and len(item) < 6 else item for item in items]
        return items
    return text.strip()


class SettingsDocument:
    """The config file being edited. `problems()` maps a field id ("schedule.rise_every",
    "schedule.work_hours.mon", "schedule.pauses.0", or "" for the whole file) to its words."""

    def __init__(self, path: Path, catalogue: Catalogue | None = None) -> None:
        self.path = path
        self.catalogue = catalogue  # the exercises `[exercises] off` may name
        self.unreadable: str | None = None  # why the file could not be read: saving is refused
        try:  # none: saving writes the commented default with the changes
            text = read_toml_text(path) or DEFAULT_CONFIG_TEXT
        except TomlFileError as problem:  # a folder, a device, not UTF-8: said with the fix
            self.unreadable = str(problem)
            text = DEFAULT_CONFIG_TEXT
        try:
            self.doc = tomlkit.parse(text)
        except TOMLKitError as error:
            self.unreadable = _("{path} has a mistake nudge cannot edit around ({problem}); "
                                "fix it in a text editor (`nudge config --check` shows "
                                "where)").format(path=path, problem=error)
            self.doc = tomlkit.parse(DEFAULT_CONFIG_TEXT)
        self.saved_text = tomlkit.dumps(self.doc)
        self.edited = ""  # the key set last ("schedule.typing_pause"): a rule between two
        # keys is said under that one, the field the user is looking at

    # -- values ----------------------------------------------------------------------------
    def value(self, key: Key) -> Any:
        table = self._table(key.section, create=False)
        if table is not None and key.name in table:
            return _plain(table[key.name])
        return default_value(key)

    def set_value(self, key: Key, value: Any) -> None:
        table = self._table(key.section, create=True)
        assert table is not None
        table[key.name] = value
        self.edited = f"{key.section}.{key.name}"

    def day_hours(self, day: str) -> str:
        table = self._table(WORK_HOURS, create=False)
        value = table.get(day) if table is not None else None
        if value is None:
            return str(_DEFAULTS["schedule"]["work_hours"][day])
        return value if isinstance(value, str) else tomlkit.item(value).as_string()

    def set_day_hours(self, day: str, text: str) -> None:
        table = self._table(WORK_HOURS, create=True)
        assert table is not None
        table[day] = text.strip()

    def pauses(self) -> list[Pause]:
        schedule = self._table("schedule", create=False)
        entries = schedule.get("pauses", []) if schedule is not None else []
        return [Pause(str(_plain(entry.get("day", ""))), str(_plain(entry.get("hours", ""))))
                for entry in entries if isinstance(entry, dict)]

    def set_pauses(self, pauses: list[Pause]) -> None:
        schedule = self._table("schedule", create=True)
        assert schedule is not None
        if not pauses:
            schedule.pop("pauses", None)
            return
        entries = tomlkit.aot()
        for pause in pauses:
            entries.append(tomlkit.table().add("day", pause.day).add("hours", pause.hours))
        schedule["pauses"] = entries

    def restore_defaults(self, section: str) -> None:
        """Every key of `section` back to its default; for WORK_HOURS the default hours of
        each day, and no pauses."""
        if section == WORK_HOURS:
            for day in WEEKDAYS:
                self.set_day_hours(day, _DEFAULTS["schedule"]["work_hours"][day])
            self.set_pauses([])
            return
        for key in KEYS:
            if key.section == section:
                self.set_value(key, default_value(key))

    # -- checks and saving ---------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        """What `nudge config --check` would say about the edited file, by field."""
        found = {GENERAL: self.unreadable} if self.unreadable else {}
        for field, problem in self.placed_problems().items():
            found.setdefault(field, problem.words)
        return found

    def placed_problems(self) -> dict[str, Problem]:
        """The first problem of each field (not the unreadable file's), with its kind."""
        found: dict[str, Problem] = {}
        try:
            parse_config(self.doc.unwrap(), str(self.path), self.catalogue, self.edited)
        except ConfigError as error:
            for problem in error.placed:
                found.setdefault(_field(problem), problem)
        return found

    def warnings(self) -> list[str]:
        """Unknown keys and the like: kept in the file, said once at the top."""
        try:
            loaded = parse_config(self.doc.unwrap(), str(self.path), self.catalogue)
        except ConfigError as error:
            return list(error.warnings)
        return loaded.warnings

    @property
    def changed(self) -> bool:
        return tomlkit.dumps(self.doc) != self.saved_text

    def save(self) -> None:
        """Write the file atomically (0600); raises ConfigError with the first problem instead
        of writing anything when there is one."""
        problems = self.problems()
        if problems:
            raise ConfigError(next(iter(problems.values())))
        text = tomlkit.dumps(self.doc)
        try:
            make_private_dir(self.path.parent)
            write_atomically(self.path, text.encode("utf-8"), PRIVATE_FILE_MODE)
        except OSError as error:
            raise ConfigError(_("Could not save {path}: {reason}").format(
                path=self.path, reason=reason(error))) from None
        self.saved_text = text

    def _table(self, dotted: str, create: bool) -> Any:
        table: Any = self.doc
        for part in dotted.split("."):
            if part not in table:
                if not create:
                    return None
                table[part] = tomlkit.table()
            table = table[part]
            if not isinstance(table, dict):
                return None
        return table


def _field(problem: Problem) -> str:
    """The field a problem is about: "schedule.rise_every", "schedule.pauses.0", or GENERAL."""
    if problem.entry is not None:
        return f"{PAUSES}.{problem.entry}"
    if problem.table and problem.key:
        return f"{problem.table}.{problem.key}"
    return GENERAL


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


SECTION_TITLES: dict[str, str] = {  # marked: translate with _() where shown
    "schedule": N_("When to nudge"), "goals": N_("Goals"), "exercises": N_("Exercises"),
    "blockers": N_("Don't interrupt"), "app": N_("App"),
}
assert set(SECTION_TITLES) == set(SECTIONS)
