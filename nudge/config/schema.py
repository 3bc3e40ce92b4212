"""How a parsed TOML document becomes an `AppConfig`, checked against the table in `keys`.

Pure: `parse_config` takes the dict `tomllib` produced and never touches the disk. Keys left out
keep the defaults of `nudge.core.settings`; unknown keys become warnings; bad values become one
`ConfigError` listing every problem, each a `Problem` (both in `nudge.config.problems`): for the
user (with the value), where it is (so a window puts it under its field whatever the language),
and for the log (in English, the key and the kind of problem only: a value may be personal, like
a pause named after a doctor); `nudge.config.reader` walks the document and collects them.
Warnings come in the user's language and, for the log, in English.

Any thread: pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nudge.config.blocker_settings import BlockerSettings
from nudge.config.keys import NESTED_TABLES, keys_in
from nudge.config.problems import ConfigError
from nudge.config.reader import SECTIONS_KEYS, Reader
from nudge.core.catalogue import Catalogue
from nudge.core.settings import ExerciseChoices, Goals, Schedule, Settings
from nudge.i18n import N_, English, shipped_languages, unspoken

_APP_KEYS = keys_in("app")
_SCHEDULE_KEYS = keys_in("schedule")
_GOALS_KEYS = keys_in("goals")
_EXERCISE_KEYS = keys_in("exercises")
_BLOCKER_KEYS = keys_in("blockers")


@dataclass(frozen=True)
class AppConfig:
    """Everything the config file decides."""

    settings: Settings = field(default_factory=Settings)
    ui: str = "auto"  # one of UI_CHOICES
    tray_icon: str = "auto"  # one of TRAY_ICON_CHOICES
    language: str = "auto"  # or a gettext language name: "de", "pt_BR" (nudge.i18n)
    blockers: BlockerSettings = field(default_factory=BlockerSettings)  # what defers a nudge


@dataclass(frozen=True)
class LoadedConfig:
    config: AppConfig
    warnings: list[str] = field(default_factory=list)
    log_warnings: list[str] = field(default_factory=list)  # the same in English, for the log
    problem: ConfigError | None = None  # set by `usable_config`: why these are the defaults


def parse_config(doc: Mapping[str, object], origin: str,
                 catalogue: Catalogue | None = None, edited: str = "") -> LoadedConfig:
    """Build an `AppConfig` from a parsed TOML document; `origin` names the file in messages.
    With the `catalogue`, `[exercises] off` is checked against it too (unknown ids, a needed
    kind left with none); without, only its form. `edited` ("schedule.typing_pause"): the key
    just changed (the settings window's); a rule between two keys is said about that one."""
    reader = Reader(origin)
    reader.warn_unknown(doc, None, tuple(SECTIONS_KEYS))
    app = reader.keys(reader.table(doc, "app"), "app", _APP_KEYS)
    schedule_table = reader.table(doc, "schedule")
    schedule = reader.keys(schedule_table, "schedule", _SCHEDULE_KEYS,
                           NESTED_TABLES["schedule"])
    if "work_hours" in schedule_table:
        schedule["work_hours"] = reader.work_hours(schedule_table["work_hours"])
    if "pauses" in schedule_table:
        schedule["scheduled_pauses"] = reader.pauses(schedule_table["pauses"])
    goals = reader.keys(reader.table(doc, "goals"), "goals", _GOALS_KEYS)
    exercise_table = reader.table(doc, "exercises")
    exercises = reader.keys(exercise_table, "exercises", _EXERCISE_KEYS)
    blockers = reader.keys(reader.table(doc, "blockers"), "blockers", _BLOCKER_KEYS)
    reader.check_away_after(schedule_table, schedule, edited)
    if catalogue is not None and exercises.get("off"):
        reader.check_turned_off(exercise_table, ExerciseChoices(**exercises), catalogue)
    if reader.errors:
        raise ConfigError(*reader.errors, warnings=tuple(reader.warnings),
                          log_warnings=tuple(reader.log_warnings))
    settings = Settings(schedule=Schedule(**schedule), goals=Goals(**goals),
                        exercises=ExerciseChoices(**exercises))
    if not any(settings.schedule.work_hours):
        reader.warn(English(N_('[schedule.work_hours] is "off" every day, so nudge will never '
                               'remind you')))
    if unspoken(app.get("language", "auto")):
        reader.warn(English(N_('[app] language = "{language}": nudge does not speak it yet, so it '
                               'speaks English; it speaks {codes}'), language=app["language"],
                            codes=", ".join(sorted(["en", *shipped_languages()]))))
    return LoadedConfig(AppConfig(settings=settings, blockers=BlockerSettings(**blockers), **app),
                        reader.warnings, reader.log_warnings)
