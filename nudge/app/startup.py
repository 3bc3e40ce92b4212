"""What a start reads before anything runs: the config and the exercises, with what was wrong
with them, and the reloader the engine asks for edits. Main thread at start; the reloader runs on
the engine thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nudge.app.ports import StatusView
from nudge.config import AppConfig, ConfigWatcher, usable_config
from nudge.config.exercise_files import usable_catalogue
from nudge.core.catalogue import Catalogue
from nudge.core.settings import Settings
from nudge.i18n import _
from nudge.paths import Paths

Reload = Callable[[], tuple[Settings, Catalogue] | None]


@dataclass
class Startup:
    """What a start found worth telling the user (bad config, bad exercises file, …), and the
    same for the log without the user's own text (config values, exercise names and cues)."""

    config: AppConfig
    catalogue: Catalogue
    notes: list[str] = field(default_factory=list)
    log_notes: list[str] = field(default_factory=list)


def load_startup(paths: Paths) -> Startup:
    """Load config and exercises; a bad file is reported and the defaults are used instead."""
    notes: list[str] = []
    log_notes: list[str] = []
    loaded = usable_config(paths.config_file)
    config = loaded.config
    notes += loaded.warnings
    log_notes += loaded.log_warnings
    if loaded.problem is not None:
        notes.append(f"{loaded.problem}\n"
                     + _("nudge is using the default settings until the file is fixed."))
        log_notes += [f"{problem}; using the default settings"
                      for problem in loaded.problem.log_problems]
    exercises = usable_catalogue(paths.user_exercises_file)
    notes += exercises.warnings
    log_notes += exercises.log_warnings
    if exercises.problem is not None:
        notes.append(f"{exercises.problem}\n"
                     + _("nudge is using its own exercises until the file is fixed."))
        count = len(exercises.problem.problems)  # not their text: it may quote names and cues
        log_notes.append(f"{paths.user_exercises_file}: {count} problem{'s' * (count != 1)} "
                         "(shown to the user); using nudge's own exercises")
    return Startup(config, exercises.catalogue, notes, log_notes)


def reloader(watcher: ConfigWatcher, paths: Paths, ui: StatusView,
             on_config: Callable[[AppConfig], None]) -> Reload:
    """The engine's `reload`: the settings and exercises of an edited config file, once."""
    def reload() -> tuple[Settings, Catalogue] | None:
        result = watcher.poll()
        if result is None:
            return None
        config, warnings = result
        for warning in warnings:
            ui.alert(warning)
        on_config(config)
        return config.settings, load_startup(paths).catalogue

    return reload
