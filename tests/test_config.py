"""Config keys: every key's good values land in the settings; bad ones give a message naming the
file, the key, the value and what is allowed; unknown keys only warn."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from nudge.config import AppConfig, ConfigError, LoadedConfig, load_config, usable_config
from nudge.config.blocker_settings import BlockerSettings
from nudge.core.settings import Schedule, ScheduledPause, TimeRange

OFFICE = (TimeRange(time(8), time(18)),)


def load_text(tmp_path: Path, text: str) -> LoadedConfig:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def error_for(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_text(tmp_path, text)
    return caught.value


def setting(config: AppConfig, section: str, key: str) -> object:
    if section == "app":
        return getattr(config, key)
    if section == "blockers":
        return getattr(config.blockers, key)
    return getattr(getattr(config.settings, section), key)


GOOD_VALUES = [
    ("schedule", "rise_every", '"20m"', 1200),
    ("schedule", "rise_every", '"2s"', 2),
    ("schedule", "rise_every", '"8h"', 8 * 3600),
    ("schedule", "rise_every", '"1h30m"', 5400),
    ("schedule", "hip_flexor_every", '"1h"', 3600),
    ("schedule", "away_after", '"10m"', 600),
    ("schedule", "pause_wait", '"0s"', 0),
    ("schedule", "pause_wait", '"1h"', 3600),
    ("schedule", "typing_pause", '"3s"', 3),
    ("schedule", "snooze", '"15m"', 900),
    ("schedule", "snooze_choices", '["1m", "2h"]', (60, 7200)),
    ("schedule", "snooze_choices", '["10m"]', (600,)),
    ("schedule", "reshow_after", '"1m"', 60),
    ("schedule", "min_gap", '"0s"', 0),
    ("schedule", "activation_check_at_offer", "1", 1),
    ("schedule", "activation_check_at_offer", "5", 5),
    ("goals", "daily_rises", "10", 10),
    ("goals", "progression_unlock_days", "[3, 7, 14]", (3, 7, 14)),
    ("goals", "progression_unlock_days", "[1]", (1,)),
    ("app", "ui", '"tray"', "tray"),
    ("app", "ui", '"terminal"', "terminal"),
    ("app", "ui", '" Auto "', "auto"),
    ("app", "tray_icon", '"light"', "light"),
    ("app", "tray_icon", '"Dark"', "dark"),
    ("app", "tray_icon", '"colour"', "colour"),
    ("blockers", "fullscreen", "false", False),
    ("blockers", "do_not_disturb", "false", False),
    ("blockers", "camera", "true", True),
    ("blockers", "microphone", "false", False),
    ("blockers", "screen_sharing", "false", False),
    ("blockers", "apps", '["zoom", " Teams "]', ("zoom", "Teams")),
    ("blockers", "apps", '["zoom", "zoom"]', ("zoom",)),
    ("blockers", "apps", "[]", ()),
    ("blockers", "focused_apps", '["vlc", "steam"]', ("vlc", "steam")),
    ("blockers", "video_devices", '["/dev/video*", "/dev/v4l/by-id/*"]',
     ("/dev/video*", "/dev/v4l/by-id/*")),
    ("blockers", "video_devices", "[]", ()),
]


@pytest.mark.parametrize(("section", "key", "value", "expected"), GOOD_VALUES)
def test_good_value_lands_in_settings(tmp_path: Path, section: str, key: str, value: str,
                                      expected: object) -> None:
    loaded = load_text(tmp_path, f"[{section}]\n{key} = {value}\n")
    assert setting(loaded.config, section, key) == expected
    assert loaded.warnings == []


BAD_VALUES = [
    ("schedule", "rise_every", '"30 minutes"', "is not a duration; write it like 20s, 30m, 1h30m"),
    ("schedule", "rise_every", "30", "(in quotes, with a unit)"),
    ("schedule", "rise_every", '"9h"', "out of range; use 1s to 8h"),
    ("schedule", "rise_every", '"99999999999h"', "out of range; use 1s to 8h"),
    ("schedule", "rise_every", "inf", "(in quotes, with a unit)"),
    ("schedule", "rise_every", '"0s"', "out of range; use 1s to 8h"),
    ("schedule", "hip_flexor_every", '"10h"', "use 1s to 8h"),
    ("schedule", "hip_flexor_every", '""', "write it like 20s, 30m, 1h30m"),
    ("schedule", "away_after", '"forever"', "write it like 20s, 30m, 1h30m"),
    ("schedule", "pause_wait", '"2h"', "use 0s to 1h"),
    ("schedule", "typing_pause", '"0s"', "use 1s to 10m"),
    ("schedule", "typing_pause", '"11m"', "use 1s to 10m"),
    ("schedule", "snooze", '"0s"', "use 1s to 8h"),
    ("schedule", "snooze", "true", "write it like 20s, 30m, 1h30m"),
    ("schedule", "snooze_choices", '"10m"', 'write it like ["5m", "10m", "20m"]'),
    ("schedule", "snooze_choices", "[]", "is not a list of 1 to 6 durations"),
    ("schedule", "snooze_choices", '["1m", "2m", "3m", "4m", "5m", "6m", "7m"]', "1 to 6"),
    ("schedule", "snooze_choices", '["5m", "soon"]', 'item 2 = "soon", which is not a duration'),
    ("schedule", "snooze_choices", '["5m", "9h"]', "item 2"),
    ("schedule", "snooze_choices", '["5m", "5m"]', "lists 5m twice"),
    ("schedule", "reshow_after", '"-1m"', "write it like 20s, 30m, 1h30m"),
    ("schedule", "min_gap", '"9h"', "use 0s to 8h"),
    ("schedule", "activation_check_at_offer", "0", "use a whole number from 1 to 100"),
    ("schedule", "activation_check_at_offer", "2.5", "is not a whole number; use one from 1"),
    ("schedule", "activation_check_at_offer", '"3"', "is not a whole number"),
    ("goals", "daily_rises", "0", "use a whole number from 1 to 100"),
    ("goals", "daily_rises", "true", "is not a whole number"),
    ("goals", "daily_rises", "101", "from 1 to 100"),
    ("goals", "progression_unlock_days", "[10, 5]", "does not increase; write 1 to 10 increasing"),
    ("goals", "progression_unlock_days", "[5, 5]", "does not increase"),
    ("goals", "progression_unlock_days", "[0, 5]", "whole number from 1 to 365"),
    ("goals", "progression_unlock_days", '["5"]', "whole number from 1 to 365"),
    ("goals", "progression_unlock_days", "5", "like [5, 10]"),
    ("goals", "progression_unlock_days", "[]", "like [5, 10]"),
    ("app", "ui", '"gui"', 'use one of "auto", "tray", "terminal"'),
    ("app", "ui", "1", 'use one of "auto", "tray", "terminal"'),
    ("app", "tray_icon", '"white"', 'use one of "auto", "colour", "light", "dark"'),
    ("blockers", "fullscreen", '"true"', "is not true or false; write true or false "
                                          "(without quotes)"),
    ("blockers", "camera", "1", "is not true or false; write true or false"),
    ("blockers", "microphone", '"no"', "write true or false"),
    ("blockers", "apps", '"zoom"', 'is not a list of up to 50 names; write it like ["zoom", '
                                   '"teams"]'),
    ("blockers", "apps", '["zoom", ""]', 'has item 2 = "", which is not a name'),
    ("blockers", "apps", '["zoom", 3]', "has item 2 = 3, which is not a name"),
    ("blockers", "focused_apps", "true", 'write it like ["vlc", "steam"]'),
    ("blockers", "video_devices", '"/dev/video*"', 'write it like ["/dev/video*"]'),
    ("blockers", "video_devices", '["video*"]', 'has item 1 = "video*", which is not a full '
                                                "path (starting with /)"),
]


@pytest.mark.parametrize(("section", "key", "value", "allowed"), BAD_VALUES)
def test_bad_value_names_file_key_value_and_allowed_form(tmp_path: Path, section: str, key: str,
                                                         value: str, allowed: str) -> None:
    error = error_for(tmp_path, f"[{section}]\n{key} = {value}\n")
    message = str(error)
    assert message.startswith(f"{tmp_path / 'config.toml'}: [{section}] {key} = {value} ")
    assert allowed in message
    assert "\n" not in message


@pytest.mark.parametrize(("value", "allowed"), [
    ('"' + "9" * 400 + 'h"', "is out of range; use 1s to 8h"),  # more seconds than a float holds
    ('["5m", "' + "9" * 400 + 'm"]', "is out of range; use 1s to 8h"),
    ("1e308", "is not a duration; write it like 20s, 30m, 1h30m (in quotes, with a unit)"),
    ("-inf", "(in quotes, with a unit)"),
    ("nan", "(in quotes, with a unit)"),
])
def test_huge_and_endless_numbers_are_refused_in_one_short_line(tmp_path: Path, value: str,
                                                                allowed: str) -> None:
    key = "snooze_choices" if value.startswith("[") else "rise_every"
    message = str(error_for(tmp_path, f"[schedule]\n{key} = {value}\n"))
    assert f"[schedule] {key} = " in message and allowed in message
    assert "\n" not in message and len(message) < 300


def test_every_problem_is_collected_and_the_message_stays_two_lines(tmp_path: Path) -> None:
    error = error_for(tmp_path, '[schedule]\nrise_every = "x"\nsnooze = "y"\n[goals]\n'
                                "daily_rises = 0\n")
    assert len(error.problems) == 3
    first, second = str(error).split("\n")
    assert "rise_every" in first
    assert second == "(and 2 more problems)"


def test_section_that_is_not_a_table(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, "schedule = 5\n"))
    assert message.endswith("schedule = 5 is not a table; write a [schedule] section instead")


# --- away_after against typing_pause ----------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('away_after = "3s"', 'away_after = "3s" must be longer than typing_pause (5s)'),
        ('away_after = "5s"', 'away_after = "5s" must be longer than typing_pause (5s)'),
        ('typing_pause = "6m"', 'typing_pause = "6m" must be shorter than away_after (5m)'),
        ('away_after = "10s"\ntyping_pause = "20s"', 'away_after = "10s" must be longer'),
        # both written (as the default file has them): said about the one set off its default
        ('away_after = "5m"\ntyping_pause = "6m"',
         'typing_pause = "6m" must be shorter than away_after (5m)'),
        ('away_after = "4s"\ntyping_pause = "5s"',
         'away_after = "4s" must be longer than typing_pause (5s)'),
    ],
)
def test_away_after_must_exceed_typing_pause(tmp_path: Path, text: str, fragment: str) -> None:
    assert fragment in str(error_for(tmp_path, f"[schedule]\n{text}\n"))


def test_a_bad_typing_pause_is_reported_once(tmp_path: Path) -> None:
    error = error_for(tmp_path, '[schedule]\ntyping_pause = "soon"\n')
    assert len(error.problems) == 1


# --- work hours ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"off"', ()),
        ('"OFF"', ()),
        ('"08:00-18:00"', OFFICE),
        ('"8:00-18:00"', OFFICE),
        ('"08:00 – 18:00"', OFFICE),
        ('"08:00-12:00, 13:00-17:30"',
         (TimeRange(time(8), time(12)), TimeRange(time(13), time(17, 30)))),
        ('"13:00-17:30,08:00-12:00"',
         (TimeRange(time(8), time(12)), TimeRange(time(13), time(17, 30)))),
        ('"08:00-12:00, 12:00-16:00"',
         (TimeRange(time(8), time(12)), TimeRange(time(12), time(16)))),
        ('"00:00-24:00"', (TimeRange(time(0), None),)),
        ('"22:00-24:00"', (TimeRange(time(22), None),)),
    ],
)
def test_work_hours_forms(tmp_path: Path, value: str, expected: tuple[TimeRange, ...]) -> None:
    loaded = load_text(tmp_path, f"[schedule.work_hours]\nwed = {value}\n")
    assert loaded.config.settings.schedule.work_hours[2] == expected


def test_days_left_out_keep_their_defaults(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, '[schedule.work_hours]\nsat = "10:00-12:00"\n')
    hours = loaded.config.settings.schedule.work_hours
    assert hours[:5] == Schedule().work_hours[:5]
    assert hours[5] == (TimeRange(time(10), time(12)),)
    assert hours[6] == ()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"8-18"', '"8", which is not a time from 00:00 to 24:00'),
        ('"25:00-26:00"', '"25:00", which is not a time'),
        ('"08:60-09:00"', '"08:60", which is not a time'),
        ('"18:00-08:00"', "18:00-08:00, which does not end after it starts"),
        ('"08:00-08:00"', "does not end after it starts"),
        ('"24:00-24:00"', "starts at 24:00"),
        ('"08:00-12:00, 11:00-13:00"', "has ranges that overlap"),
        ('"08:00-24:00, 09:00-10:00"', "has ranges that overlap"),
        ('"08:00-12:00,"', "which is not a range of two times"),
        ('""', "which is not a range of two times"),
        ('"all day"', "which is not a range of two times"),
        ("8", "is not text"),
        ('["08:00-18:00"]', "is not text"),
    ],
)
def test_bad_work_hours(tmp_path: Path, value: str, problem: str) -> None:
    message = str(error_for(tmp_path, f"[schedule.work_hours]\nmon = {value}\n"))
    assert message.startswith(f"{tmp_path / 'config.toml'}: [schedule.work_hours] mon = {value} ")
    assert problem in message
    assert 'or "off"' in message


def test_work_hours_must_be_a_table(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, '[schedule]\nwork_hours = "08:00-18:00"\n'))
    assert "[schedule] work_hours = \"08:00-18:00\" is not a table" in message
    assert "[schedule.work_hours]" in message


def test_every_day_off_warns_that_nudge_stays_silent(tmp_path: Path) -> None:
    days = "\n".join(f'{day} = "off"' for day in ("mon", "tue", "wed", "thu", "fri"))
    loaded = load_text(tmp_path, f"[schedule.work_hours]\n{days}\n")
    assert any("never remind you" in warning for warning in loaded.warnings)


# --- scheduled pauses -----------------------------------------------------------------------------

def test_scheduled_pauses(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, '[[schedule.pauses]]\nday = "tue"\nhours = "14:00-15:00"\n'
                                 '[[schedule.pauses]]\nday = "Friday"\nhours = "16:30-24:00"\n')
    assert loaded.config.settings.schedule.scheduled_pauses == (
        ScheduledPause(1, TimeRange(time(14), time(15))),
        ScheduledPause(4, TimeRange(time(16, 30), None)),
    )


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ('day = "tues"\nhours = "14:00-15:00"',
         '[[schedule.pauses]] entry 1: day = "tues" is not a day; use one of mon, tue'),
        ('day = "tue"\nhours = "14-15"', 'hours = "14-15" has "14"'),
        ('day = "tue"\nhours = "15:00-14:00"', 'write it like "14:00-15:00"'),
        ('day = "tue"', '[[schedule.pauses]] entry 1: has no hours; write day = "tue" and hours'),
        ('hours = "14:00-15:00"', "entry 1: has no day;"),
    ],
)
def test_bad_pauses(tmp_path: Path, entry: str, fragment: str) -> None:
    assert fragment in str(error_for(tmp_path, f"[[schedule.pauses]]\n{entry}\n"))


def test_pauses_must_be_a_list_of_tables(tmp_path: Path) -> None:
    message = str(error_for(tmp_path, '[schedule]\npauses = "tue"\n'))
    assert '[schedule] pauses = "tue" is not a list of tables; write [[schedule.pauses]]' in message


# --- unknown keys -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ('[schedule]\nrise_evry = "3m"', "unknown key rise_evry in [schedule] (ignored); "
                                         "did you mean rise_every?"),
        ('[shedule]\nrise_every = "3m"', "unknown section [shedule] (ignored); "
                                         "did you mean [schedule]?"),
        ('ui = "tray"', "unknown key ui at the top level (ignored); ui belongs in [app]"),
        ("[schedule]\ndaily_rises = 3", "daily_rises in [schedule] (ignored); "
                                        "daily_rises belongs in [goals]"),
        ('[schedule]\nmon = "off"', "days belong in [schedule.work_hours]"),
        ('[app]\ncolour = "red"', "unknown key colour in [app] (ignored)"),
        ('[schedule.work_hours]\nmonday = "off"', "monday in [schedule.work_hours] (ignored); "
                                                "did you mean mon?"),
        ('[[schedule.pauses]]\nday = "tue"\nhours = "14:00-15:00"\nnote = "standup"',
         "unknown key note in [[schedule.pauses]] entry 1 (ignored)"),
        ('[app]\n"odd key" = 1', 'unknown key "odd key" in [app] (ignored)'),
    ],
)
def test_unknown_keys_only_warn(tmp_path: Path, text: str, warning: str) -> None:
    loaded = load_text(tmp_path, text + "\n")
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].startswith(f"{tmp_path / 'config.toml'}: ")
    assert warning in loaded.warnings[0]


def test_known_keys_still_apply_beside_unknown_ones(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, '[schedule]\nrise_every = "20m"\nrise_evry = "3m"\n')
    assert loaded.config.settings.schedule.rise_every == 1200
    assert len(loaded.warnings) == 1


def test_blocker_defaults_when_the_section_is_left_out(tmp_path: Path) -> None:
    blockers = load_text(tmp_path, "[app]\n").config.blockers
    assert blockers == BlockerSettings()
    assert (blockers.fullscreen, blockers.do_not_disturb, blockers.camera,
            blockers.microphone, blockers.screen_sharing) == (True, True, True, True, True)
    assert (blockers.apps, blockers.focused_apps) == ((), ())
    assert blockers.video_devices == ("/dev/video*",)


def test_too_many_apps(tmp_path: Path) -> None:
    names = ", ".join(f'"app{n}"' for n in range(51))
    assert "up to 50 names" in str(error_for(tmp_path, f"[blockers]\napps = [{names}]\n"))


def test_a_misspelt_blocker_key_only_warns(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, "[blockers]\nfulscreen = false\ncamera = false\n")
    assert loaded.config.blockers.camera is False
    assert loaded.config.blockers.fullscreen is True
    assert len(loaded.warnings) == 1
    assert "unknown key fulscreen in [blockers] (ignored); did you mean fullscreen?" in \
        loaded.warnings[0]


def test_a_blocker_key_in_the_wrong_section_says_where_it_belongs(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, '[app]\napps = ["zoom"]\n')
    assert "apps belongs in [blockers]" in loaded.warnings[0]
    assert loaded.config.blockers.apps == ()


def test_a_full_config(tmp_path: Path) -> None:
    loaded = load_text(tmp_path, """
[app]
ui = "terminal"
[schedule]
rise_every = "25m"
snooze_choices = ["2m", "15m"]
[schedule.work_hours]
mon = "07:30-11:30, 12:00-16:00"
[[schedule.pauses]]
day = "wed"
hours = "09:00-09:30"
[goals]
daily_rises = 8
[blockers]
camera = false
apps = ["zoom"]
""")
    config = loaded.config
    assert config.ui == "terminal"
    assert config.settings.schedule.rise_every == 1500
    assert config.settings.schedule.snooze_choices == (120, 900)
    assert len(config.settings.schedule.work_hours[0]) == 2
    assert config.settings.schedule.scheduled_pauses[0].weekday == 2
    assert config.settings.goals.daily_rises == 8
    assert config.blockers == BlockerSettings(camera=False, apps=("zoom",))
    assert config.settings.schedule.hip_flexor_every == Schedule().hip_flexor_every
    assert loaded.warnings == []


@pytest.mark.parametrize(("language", "unspoken"), [
    ("sv", True), ("pt", True), ("xx", True),
    ("auto", False), ("en_GB", False), ("de", False), ("de_AT", False), ("pt_BR", False)])
def test_a_language_nudge_has_no_words_for_is_a_warning_that_says_so(
        tmp_path: Path, language: str, unspoken: bool) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[app]\nlanguage = "{language}"\n')

    loaded = load_config(config)

    assert loaded.config.language == language  # still used: its formats, and a later release
    said = [w for w in loaded.warnings if "does not speak" in w]
    assert bool(said) is unspoken, loaded.warnings
    if unspoken:
        assert said[0].endswith("it speaks de, en, es, fr, it, ja, ko, nl, pl, pt_BR, zh_CN")


def test_usable_config_is_the_defaults_with_the_problem_while_the_file_is_broken(
        tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[schedule]\nrise_every = "banana"\n')

    broken = usable_config(config)
    config.write_text("[schedule]\nrise_every = \"20m\"\n")
    fixed = usable_config(config)

    assert broken.config == AppConfig()
    assert broken.problem is not None and "banana" in str(broken.problem)
    assert fixed.problem is None
    assert fixed.config.settings.schedule.rise_every == 20 * 60
