"""The commented config file `nudge` writes for a new user: every key, set to its default.

Made from the table in `keys` (comments, order) and the defaults of `AppConfig()`, so loading
this text gives exactly `AppConfig()`; `tests/test_config_files.py` checks that and that every
setting is listed here.
"""

from __future__ import annotations

from nudge.config.keys import KEYS, SECTIONS
from nudge.config.schema import AppConfig
from nudge.core.settings import WEEKDAYS, Schedule, TimeRange

_HEADER = """\
# nudge settings. Every key is shown with its default; change what you like and save.
# nudge picks up changes while it runs; a mistake keeps the last good settings and says why.
# Durations are text in quotes: "20s", "30m", "1h30m" (h, m, s).
"""
_WORK_HOURS = """\
[schedule.work_hours]
# When nudge may remind you, per day: "08:00-18:00", several ranges like
# "08:00-12:00, 13:00-17:30", or "off". "24:00" is allowed as an end.
"""
_PAUSES = """\
# Regular times with no nudges, such as a weekly meeting. Repeat the block for each one.
# [[schedule.pauses]]
# day = "tue"
# hours = "14:00-15:00"
"""


def default_config_text() -> str:
    """The whole commented default file."""
    config = AppConfig()
    defaults: dict[str, object] = {
        "app": config, "schedule": config.settings.schedule, "goals": config.settings.goals,
        "exercises": config.settings.exercises, "blockers": config.blockers,
    }
    parts = [_HEADER]
    for section, intro in SECTIONS.items():
        lines = [f"[{section}]", *(f"# {line}" for line in intro.split("\n") if intro)]
        for key in (key for key in KEYS if key.section == section):
            value = getattr(defaults[section], key.name)
            lines += [*key.comment_lines(), f"{key.name} = {key.kind.show(value)}"]
        parts.append("\n".join(lines) + "\n")
        if section == "schedule":
            parts += [_WORK_HOURS + _work_hours(config.settings.schedule), _PAUSES]
    return "\n".join(parts)


def _work_hours(schedule: Schedule) -> str:
    return "".join(f'{day} = "{_day_hours(ranges)}"\n'
                   for day, ranges in zip(WEEKDAYS, schedule.work_hours, strict=True))


def _day_hours(ranges: tuple[TimeRange, ...]) -> str:
    if not ranges:
        return "off"
    return ", ".join(f"{r.start:%H:%M}-{'24:00' if r.end is None else f'{r.end:%H:%M}'}"
                     for r in ranges)


DEFAULT_CONFIG_TEXT = default_config_text()
