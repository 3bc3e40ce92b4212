"""The commented config file `nudge` writes for a new user: every key, set to its default.

Made from the table in `keys` (comments, order) and the defaults of `AppConfig()`, so loading
this text gives exactly `AppConfig()`; `tests/test_config_files.py` checks that and that every
setting is listed here.

Any thread: pure (no I/O).
"""

from __future__ import annotations

from nudge.config.keys import KEYS, SECTIONS
from nudge.config.schema import AppConfig
from nudge.core.settings import WEEKDAYS, Schedule, TimeRange
from nudge.i18n import N_, _

# Translators: the comments at the top of the config file, one line each (keep the lines under
# about 90 characters); keep "20s", "30m", "1h30m" and h, m, s as they are.
_HEADER = N_("""\
nudge settings. Every key is shown with its default; change what you like and save.
nudge picks up changes while it runs; a mistake keeps the last good settings and says why.
Durations are text in quotes: "20s", "30m", "1h30m" (h, m, s).""")
# Translators: a comment in the config file; keep "08:00-18:00", "off" and "24:00" as they are.
_WORK_HOURS = N_("""\
When nudge may remind you, per day: "08:00-18:00", several ranges like
"08:00-12:00, 13:00-17:30", or "off". "24:00" is allowed as an end.""")
# Translators: a comment in the config file, above an example of a weekly pause.
_PAUSES = N_("Regular times with no nudges, such as a weekly meeting. Repeat the block for "
             "each one.")
_PAUSE_EXAMPLE = """\
# [[schedule.pauses]]
# day = "tue"
# hours = "14:00-15:00"
"""


def default_config_text() -> str:
    """The whole commented default file, its comments in the user's language."""
    config = AppConfig()
    defaults: dict[str, object] = {
        "app": config, "schedule": config.settings.schedule, "goals": config.settings.goals,
        "exercises": config.settings.exercises, "blockers": config.blockers,
    }
    parts = [_comment(_(_HEADER))]
    for section, intro in SECTIONS.items():
        lines = [f"[{section}]", *(f"# {line}" for line in _(intro).split("\n") if intro)]
        for key in (key for key in KEYS if key.section == section):
            value = getattr(defaults[section], key.name)
            lines += [*key.comment_lines(), f"{key.name} = {key.kind.show(value)}"]
        parts.append("\n".join(lines) + "\n")
        if section == "schedule":
            parts += ["[schedule.work_hours]\n" + _comment(_(_WORK_HOURS))
                      + _work_hours(config.settings.schedule),
                      _comment(_(_PAUSES)) + _PAUSE_EXAMPLE]
    return "\n".join(parts)


def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.split("\n"))


def _work_hours(schedule: Schedule) -> str:
    return "".join(f'{day} = "{_day_hours(ranges)}"\n'
                   for day, ranges in zip(WEEKDAYS, schedule.work_hours, strict=True))


def _day_hours(ranges: tuple[TimeRange, ...]) -> str:
    if not ranges:
        return "off"
    return ", ".join(f"{r.start:%H:%M}-{'24:00' if r.end is None else f'{r.end:%H:%M}'}"
                     for r in ranges)


# In the language installed when this is imported (English in tests); a file written for the
# user is made by `default_config_text()` then, in the language in use.
DEFAULT_CONFIG_TEXT = default_config_text()
