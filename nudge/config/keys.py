"""The table of config keys: each key once, with what it holds, its range and its comment.

`schema` checks a file against this table and `template` writes the commented default file
from it, so a new setting is one `Key` line here plus its field (and default) in the dataclass
it fills (`nudge.core.settings`, `BlockerSettings`, `AppConfig`). The two nested tables of
`[schedule]` (work hours, pauses) have their own shapes and code. Pure data; no I/O.

Any thread: pure data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from nudge.config import values
from nudge.core.durations import format_duration
from nudge.i18n import N_, _

UI_CHOICES = ("auto", "tray", "terminal")
TRAY_ICON_CHOICES = ("auto", "colour", "light", "dark")  # nudge.tray.icon_state.Palette
_SECOND = 1.0
_MINUTE = 60.0
_HOUR = 3600.0
_LONGEST_INTERVAL = 8 * _HOUR  # a working day; anything longer is surely a typo

Convert = Callable[[object], Any]


def _toml(value: object) -> str:
    """A default as TOML: true, 6, "auto", ["zoom"], [5, 10]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(_toml, value)) + "]"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _duration_toml(seconds: object) -> str:
    if isinstance(seconds, tuple):
        return "[" + ", ".join(map(_duration_toml, seconds)) + "]"
    assert isinstance(seconds, float | int)
    return json.dumps(format_duration(seconds))


@dataclass(frozen=True)
class Kind:
    """What a key holds: `convert` checks a TOML value (its type and range, raising
    `values.InvalidValue`), `show` writes a default back as TOML, `bounds` is the range in
    words for a comment's `{bounds}`. `form` says which control the settings window gives it
    (duration, durations, number, numbers, names, paths, choice, boolean; exercises: a
    checkbox on each row of its exercise list) and `options` what that control offers: a
    choice's choices, a number's lowest and highest. `range_words` makes `bounds` when it is
    read, in the language installed by then (the table is made at import)."""

    convert: Convert
    show: Callable[[object], str] = _toml
    range_words: Callable[[], str] = str
    form: str = "text"
    options: tuple[object, ...] = ()

    @property
    def bounds(self) -> str:
        return self.range_words()


def _from_to(low: object, high: object) -> Callable[[], str]:
    # Translators: a range of allowed values in a setting's help, e.g. "1s to 8h", "1 to 100".
    return lambda: _("{low} to {high}").format(low=low, high=high)


def duration(low: float, high: float) -> Kind:
    return Kind(partial(values.duration, low=low, high=high), _duration_toml,
                _from_to(format_duration(low), format_duration(high)), "duration")


def durations(low: float, high: float, max_items: int) -> Kind:
    # Translators: how many choices a list setting may have, e.g. "1 to 6 of them".
    return Kind(partial(values.duration_list, low=low, high=high, max_items=max_items),
                _duration_toml, lambda: _("1 to {count} of them").format(count=max_items),
                "durations")


def whole_number(low: int, high: int) -> Kind:
    return Kind(partial(values.whole_number, low=low, high=high),
                range_words=_from_to(low, high), form="number", options=(low, high))


def increasing_numbers(high: int, max_items: int) -> Kind:
    return Kind(partial(values.increasing_numbers, high=high, max_items=max_items),
                form="numbers")


def names(max_items: int, example: str) -> Kind:
    return Kind(partial(values.name_list, max_items=max_items, example=example), form="names")


def path_patterns(max_items: int, example: str) -> Kind:
    return Kind(partial(values.path_patterns, max_items=max_items, example=example),
                form="paths")


def exercise_ids(max_items: int) -> Kind:
    return Kind(partial(values.exercise_ids, max_items=max_items), form="exercises")


def choice(choices: tuple[str, ...]) -> Kind:
    return Kind(partial(values.choice, choices=choices), range_words=lambda: ", ".join(choices),
                form="choice", options=choices)


BOOLEAN = Kind(values.boolean, form="boolean")
_INTERVAL = duration(_SECOND, _LONGEST_INTERVAL)


@dataclass(frozen=True)
class Key:
    """One setting: `[section] name`, what it holds, and the comment written above it in the
    default file (lines split at "\\n"; `{bounds}` becomes the kind's range)."""

    section: str
    name: str
    kind: Kind
    comment: str

    def help_text(self) -> str:
        """The comment in the user's language, its range filled in (lines split at "\\n")."""
        return _(self.comment).format(bounds=self.kind.bounds)

    def comment_lines(self) -> list[str]:
        return [f"# {line}" for line in self.help_text().split("\n")]


# Sections in file order, each with the comment under its heading (translate with `_`).
# Translators: the comments below, and each setting's, are written into the config file
# (lines break at each \n: keep lines under about 90 characters) and shown in the settings
# window. Keep the setting names and values (true, "auto", ["zoom"], 30m, …) as they are.
SECTIONS: dict[str, str] = {
    "app": "",
    "schedule": "",
    "goals": "",
    "exercises": "",
    "blockers": N_("A due nudge waits while one of these says you must not be interrupted; "
                   "`nudge doctor`\nshows which ones work on this desktop."),
}
NESTED_TABLES: dict[str, tuple[str, ...]] = {"schedule": ("work_hours", "pauses")}

KEYS: tuple[Key, ...] = (
    Key("app", "ui", choice(UI_CHOICES),
        N_('How nudge shows itself: "auto" (tray icon if the desktop has one), "tray" or '
           '"terminal".\nRead at start: restart nudge after changing it.')),
    Key("app", "tray_icon", choice(TRAY_ICON_CHOICES),
        N_('The tray icon\'s colours: "colour", "light" (near-white, for a dark panel), "dark"'
           '\n(for a light panel), or "auto": light on GNOME\'s top bar, colour elsewhere.'
           '\nRead at start: restart nudge after changing it.')),
    Key("app", "language", Kind(values.language),
        N_('The language nudge speaks: "auto" (your desktop\'s), or a code like "de", "fr" or '
           '"pt_BR".\nRead at start: restart nudge after changing it.')),
    Key("schedule", "rise_every", _INTERVAL,
        N_("Nudge to do a glute-first chair rise after this much sitting ({bounds}).")),
    Key("schedule", "hip_flexor_every", _INTERVAL,
        N_("Nudge for a standing hip-flexor stretch after this much sitting ({bounds}).")),
    Key("schedule", "away_after", _INTERVAL,
        N_("No keyboard or mouse input for this long counts as a break away from the desk.")),
    Key("schedule", "pause_wait", duration(0.0, _HOUR),
        N_("Once a nudge is due, wait up to this long for a pause in your typing before showing "
           "it.")),
    Key("schedule", "typing_pause", duration(_SECOND, 10 * _MINUTE),
        N_("No input for this long counts as a pause in typing (must be shorter than "
           "away_after).")),
    Key("schedule", "snooze", _INTERVAL, N_('How long "Snooze" waits by default.')),
    Key("schedule", "snooze_choices", durations(_SECOND, _LONGEST_INTERVAL, max_items=6),
        N_("The snooze lengths offered in the menu ({bounds}).")),
    Key("schedule", "reshow_after", _INTERVAL,
        N_("A nudge nobody answered is shown once more after this, then counted as missed.")),
    Key("schedule", "min_gap", duration(0.0, _LONGEST_INTERVAL),
        N_("Never show two different nudges closer together than this.")),
    Key("schedule", "activation_check_at_offer", whole_number(1, 100),
        N_("The day's Nth rise nudge becomes a quick glute activation check instead.")),
    Key("schedule", "adapt", BOOLEAN,
        N_("Space nudges out while you turn them away: each skip or unanswered nudge in a row adds"
           "\nhalf of rise_every (hip_flexor_every for the break) to the next wait; a Done "
           "brings it"
           "\nstraight back. Snoozes don't count. false: always the same interval.")),
    Key("schedule", "max_spacing", duration(0.0, _LONGEST_INTERVAL),
        N_("The longest a spaced-out wait grows ({bounds}; 0s: twice the base interval).")),
    Key("goals", "daily_rises", whole_number(1, 100),
        N_("Rises done in a day that make it count towards your streak.")),
    Key("goals", "progression_unlock_days", increasing_numbers(high=365, max_items=10),
        N_("Days in a row at the goal that unlock each harder exercise (single-leg bridge, then "
           "squat;\nthe bridge is a floor exercise, so without floor below the squat comes at the "
           "second count).")),
    Key("exercises", "floor", BOOLEAN,
        N_("Offer exercises done on the floor (the face-down leg-lift check, the half-kneeling"
           "\nhip-flexor stretch, the side-lying leg raise, the single-leg bridge). Off: "
           "exercises in\na chair or standing take their place.")),
    Key("exercises", "off", exercise_ids(100),
        N_('Exercises never offered, by id (`nudge exercise list` shows them), like ["tempo_rise"].'
           "\nKeep at least one rise and one hip-flexor stretch on.")),
    Key("blockers", "fullscreen", BOOLEAN,
        N_("While the focused window is fullscreen (a video, a game, a slide show).")),
    Key("blockers", "do_not_disturb", BOOLEAN,
        N_("While the desktop's own do-not-disturb is on (or dunst is paused).")),
    Key("blockers", "camera", BOOLEAN, N_("While some program has the camera open.")),
    Key("blockers", "microphone", BOOLEAN,
        N_("While some app is recording from a microphone.")),
    Key("blockers", "screen_sharing", BOOLEAN,
        N_("While the screen is being shared (best effort: Wayland screen casts through "
           "PipeWire).")),
    Key("blockers", "apps", names(50, '["zoom", "teams"]'),
        N_('Program names that hold nudges back while they run at all, like ["zoom", "teams"].')),
    Key("blockers", "focused_apps", names(50, '["vlc", "steam"]'),
        N_("Program names that hold nudges back only while their window has the focus, like "
           '["vlc"].')),
    Key("blockers", "video_devices", path_patterns(20, '["/dev/video*"]'),
        N_("Where cameras appear (patterns; the camera check looks for these being open).")),
)


def keys_in(section: str) -> dict[str, Convert]:
    """The keys of `[section]` and their converters, in file order."""
    return {key.name: key.kind.convert for key in KEYS if key.section == section}
