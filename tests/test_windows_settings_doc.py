"""The settings window's document: config.toml edited with the user's comments and unknown keys
kept, and problems in exactly `nudge config --check`'s words, under the field they are about."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nudge.config import ConfigError, check_config, load_config
from nudge.config.keys import KEYS
from nudge.windows.settings_doc import (
    GENERAL,
    PAUSES,
    Pause,
    SettingsDocument,
    day_id,
    from_text,
    to_text,
)

KEY = {key.name: key for key in KEYS}
MINE = """\
# my own notes, kept
[schedule]
rise_every = "20m"   # short, on purpose
my_own_key = 1

[schedule.work_hours]
mon = "09:00-17:00"
"""


def test_an_edit_keeps_the_users_comments_layout_and_unknown_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    doc = SettingsDocument(config)

    doc.set_value(KEY["rise_every"], "25m")
    doc.set_day_hours("sat", "off")
    doc.save()

    text = config.read_text()
    assert text.startswith("# my own notes, kept\n[schedule]\nrise_every = \"25m\"   # short, "
                           "on purpose\nmy_own_key = 1\n")
    assert 'mon = "09:00-17:00"' in text and 'sat = "off"' in text
    loaded = load_config(config).config.settings.schedule
    assert loaded.rise_every == 25 * 60 and loaded.work_hours[5] == ()
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600


def test_a_missing_file_is_saved_as_the_commented_default_with_the_change(tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    doc = SettingsDocument(config)
    assert doc.value(KEY["rise_every"]) == "30m"

    doc.set_value(KEY["daily_rises"], 8)
    doc.save()

    assert "# Rises done in a day that make it count towards your streak.\ndaily_rises = 8" \
        in config.read_text()
    assert check_config(config) == []


@pytest.mark.parametrize(("key", "value"), [
    ("rise_every", "3x"), ("rise_every", "9h"), ("snooze_choices", ["5m", "5m"]),
    ("progression_unlock_days", [10, 5]), ("video_devices", ["dev/video*"]),
])
def test_problems_are_the_words_of_config_check_under_their_field(
        tmp_path: Path, key: str, value: object) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    doc = SettingsDocument(config)
    doc.set_value(KEY[key], value)
    problems = doc.problems()

    Path(tmp_path / "same.toml").write_text(__import__("tomlkit").dumps(doc.doc))
    said = check_config(tmp_path / "same.toml")
    assert list(problems) == [f"{KEY[key].section}.{key}"]
    assert said[0].endswith(problems[f"{KEY[key].section}.{key}"])
    assert f"[{KEY[key].section}] {key} = " in said[0]


def test_save_with_a_problem_writes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    doc = SettingsDocument(config)
    doc.set_value(KEY["typing_pause"], "10m")  # longer than away_after: a problem across keys

    assert "must be shorter than away_after" in doc.problems()["schedule.typing_pause"]
    with pytest.raises(ConfigError):
        doc.save()
    assert config.read_text() == MINE


def test_work_hours_and_pauses_problems_name_the_day_and_the_pause(tmp_path: Path) -> None:
    doc = SettingsDocument(tmp_path / "config.toml")
    doc.set_day_hours("tue", "18:00-08:00")
    doc.set_pauses([Pause("wed", "14:00-15:00"), Pause("thu", "14:00")])

    problems = doc.problems()

    assert "does not end after it starts" in problems[day_id("tue")]
    assert "not a range of two times" in problems[f"{PAUSES}.1"]
    assert f"{PAUSES}.0" not in problems


def test_restore_defaults_puts_one_section_back_and_keeps_the_rest(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE + '\n[blockers]\ncamera = false\napps = ["zoom"]\n')
    doc = SettingsDocument(config)

    doc.restore_defaults("blockers")
    doc.save()

    blockers = load_config(config).config.blockers
    assert blockers.camera is True and blockers.apps == ()
    assert load_config(config).config.settings.schedule.rise_every == 20 * 60
    assert "my_own_key = 1" in config.read_text()


def test_a_file_nudge_cannot_parse_is_never_overwritten(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[schedule\nrise_every = 30m\n")
    doc = SettingsDocument(config)

    assert "fix it in a text editor" in doc.problems()[""]
    with pytest.raises(ConfigError):
        doc.save()
    assert config.read_text() == "[schedule\nrise_every = 30m\n"


def test_field_text_round_trips_to_toml_values() -> None:
    assert from_text("durations", " 5m,10m , ") == ["5m", "10m"]
    assert from_text("numbers", "5, 10, x") == [5, 10, "x"]
    assert to_text("names", ["zoom", "teams"]) == "zoom, teams"
    assert from_text("duration", " 30m ") == "30m"


@pytest.mark.parametrize("kind", ["folder", "not utf-8"])
def test_a_config_nudge_cannot_read_is_named_with_its_fix_and_never_overwritten(
        tmp_path: Path, kind: str) -> None:
    path = tmp_path / "config.toml"
    if kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b'[schedule]\nrise_every = "\xff"\n')

    document = SettingsDocument(path)

    said = document.problems()[GENERAL]
    assert ("a folder is where nudge keeps a file" in said and "move that folder away" in said
            if kind == "folder" else "save it as UTF-8" in said), said
    with pytest.raises(ConfigError):
        document.save()
    assert path.is_dir() if kind == "folder" else b"\xff" in path.read_bytes()
