"""The config file on disk: missing and broken files, the default template, writing it,
`check_config`, and `ConfigWatcher` keeping the last good settings."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from pathlib import Path

import pytest

from nudge.config import (
    DEFAULT_CONFIG_TEXT,
    AppConfig,
    ConfigError,
    ConfigWatcher,
    check_config,
    load_config,
    write_default_config,
)
from nudge.config.blocker_settings import BlockerSettings
from nudge.core.settings import Goals, Schedule


def test_a_missing_file_gives_the_defaults_without_warnings(tmp_path: Path) -> None:
    loaded = load_config(tmp_path / "config.toml")
    assert loaded.config == AppConfig()
    assert loaded.warnings == []


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("")
    assert load_config(tmp_path / "config.toml").config == AppConfig()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[schedule]\nrise_every = 30m\n", r"config\.toml:2:\d+: not valid TOML: .*need quotes"),
        ('[app]\nui = tray\n', r"config\.toml:2:6: not valid TOML: invalid value \(text values"),
        ("[schedule]\n[schedule]\n", r"config\.toml:2:\d+: not valid TOML: cannot declare"),
        ('[app]\nui = "tray\n', r"config\.toml:2:\d+: not valid TOML: .*closing quote missing"),
        ("[app\n", r"config\.toml:1:\d+: not valid TOML: "),
        ("a = [", r"config\.toml \(at the end\): not valid TOML: invalid value"),
        ('a = "x', r"config\.toml \(at the end\): not valid TOML: .*closing quote missing"),
    ],
)
def test_toml_syntax_errors_name_the_file_line_and_column(tmp_path: Path, text: str,
                                                          expected: str) -> None:
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.toml")
    assert re.search(expected, str(caught.value))
    assert "\n" not in str(caught.value)


def test_text_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_bytes(b'[app]\nui = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(tmp_path / "config.toml")


def test_a_byte_order_mark_is_harmless(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_bytes(b'\xef\xbb\xbf[app]\nui = "tray"\n')
    assert load_config(tmp_path / "config.toml").config.ui == "tray"


def test_a_folder_in_place_of_the_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.toml")
    assert str(caught.value) == f"{tmp_path / 'config.toml'}: a folder is where nudge keeps a " \
        "file. Fix: move that folder away, then try again."


def test_deep_nesting_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("a = " + "[" * 5000 + "]" * 5000)
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path / "config.toml")


# --- the default template ---------------------------------------------------------------------

def test_the_template_loads_as_exactly_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(DEFAULT_CONFIG_TEXT)
    loaded = load_config(tmp_path / "config.toml")
    assert loaded.config == AppConfig()
    assert loaded.warnings == []


def test_the_template_lists_every_setting() -> None:
    doc = tomllib.loads(DEFAULT_CONFIG_TEXT)
    schedule_keys = {f.name for f in dataclasses.fields(Schedule)} - {"scheduled_pauses"}
    assert set(doc["schedule"]) == schedule_keys
    assert set(doc["goals"]) == {f.name for f in dataclasses.fields(Goals)}
    assert set(doc["app"]) == {f.name for f in dataclasses.fields(AppConfig)} - {"settings",
                                                                              "blockers"}
    assert set(doc["blockers"]) == {f.name for f in dataclasses.fields(BlockerSettings)}
    assert set(doc["schedule"]["work_hours"]) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
    assert "# [[schedule.pauses]]" in DEFAULT_CONFIG_TEXT


def test_every_template_key_has_a_comment_above_it() -> None:
    lines = DEFAULT_CONFIG_TEXT.splitlines()
    for number, line in enumerate(lines):
        key = re.match(r"(\w+) = ", line)
        if key and key[1] not in {"tue", "wed", "thu", "fri", "sat", "sun"}:
            assert lines[number - 1].startswith("# "), f"no explanation above {key[1]}"


def test_the_commented_pause_example_works_when_uncommented(tmp_path: Path) -> None:
    text = re.sub(r"^# (\[\[schedule\.pauses\]\]|day = |hours = )", r"\1", DEFAULT_CONFIG_TEXT,
                  flags=re.MULTILINE)
    (tmp_path / "config.toml").write_text(text)
    pauses = load_config(tmp_path / "config.toml").config.settings.schedule.scheduled_pauses
    assert len(pauses) == 1
    assert pauses[0].weekday == 1


# --- writing the default -----------------------------------------------------------------------

def test_write_default_config_creates_folders_and_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config" / "config.toml"
    write_default_config(path)
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TEXT


def test_write_default_config_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    with pytest.raises(ConfigError) as caught:
        write_default_config(path)
    assert str(caught.value) == f"{path} already exists; not overwriting it"
    assert path.read_text() == "# mine\n"


def test_write_default_config_may_overwrite_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    write_default_config(path, overwrite=True)
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TEXT
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left


def test_write_default_config_reports_a_folder_it_cannot_make(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    with pytest.raises(ConfigError, match="cannot create its folder"):
        write_default_config(tmp_path / "blocker" / "config.toml")


# --- check_config ----------------------------------------------------------------------------

def test_check_config_is_empty_for_good_and_missing_files(tmp_path: Path) -> None:
    assert check_config(tmp_path / "config.toml") == []
    write_default_config(tmp_path / "config.toml")
    assert check_config(tmp_path / "config.toml") == []


def test_check_config_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nrise_every = "x"\nsnooze = "y"\n')
    problems = check_config(path)
    assert len(problems) == 2
    assert all(line.startswith(f"{path}: [schedule] ") for line in problems)


def test_check_config_lists_warnings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nrise_evry = "3m"\n')
    assert check_config(path) == [
        f"{path}: unknown key rise_evry in [schedule] (ignored); did you mean rise_every?"
    ]


def test_check_config_lists_problems_first_then_warnings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nrise_every = "x"\nrise_evry = "3m"\n')
    problems = check_config(path)
    assert len(problems) == 2
    assert "rise_every" in problems[0]
    assert "did you mean rise_every?" in problems[1]


def test_check_config_reports_syntax_errors(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[app\n")
    assert check_config(path)[0].startswith(f"{path}:1:")


# --- ConfigWatcher ---------------------------------------------------------------------------

class EditedFile:
    """Writes a file and moves its mtime on each edit, so coarse file-system clocks do not hide
    an edit from the watcher."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tick = 1_000_000_000_000_000_000

    def write(self, text: str) -> None:
        self.path.write_text(text)
        self.tick += 1_000_000_000
        os.utime(self.path, ns=(self.tick, self.tick))


def test_watcher_reads_the_file_on_the_first_poll_then_only_after_changes(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write('[schedule]\nrise_every = "20m"\n')
    watcher = ConfigWatcher(config.path)
    first = watcher.poll()
    assert first is not None
    assert first[0].settings.schedule.rise_every == 1200
    assert watcher.poll() is None
    config.write('[schedule]\nrise_every = "25m"\n')
    changed = watcher.poll()
    assert changed is not None
    assert changed[0].settings.schedule.rise_every == 1500
    assert watcher.poll() is None


def test_watcher_keeps_the_last_good_settings_on_a_bad_edit(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write('[schedule]\nrise_every = "20m"\n')
    watcher = ConfigWatcher(config.path)
    good = watcher.poll()
    assert good is not None

    config.write('[schedule]\nrise_every = "20 minutes"\n')
    after_bad_edit = watcher.poll()
    assert after_bad_edit is not None
    kept, lines = after_bad_edit
    assert kept == good[0]
    assert lines == [watcher.error]
    assert watcher.error is not None
    assert 'rise_every = "20 minutes" is not a duration' in watcher.error
    assert watcher.error.endswith("; keeping the previous settings")
    assert watcher.poll() is None  # the error is reported once
    assert watcher.config == good[0]

    config.write('[schedule]\nrise_every = "40m"\n')
    fixed = watcher.poll()
    assert fixed is not None
    assert fixed[0].settings.schedule.rise_every == 2400
    assert watcher.error is None


def test_watcher_keeps_the_settings_it_was_given_when_the_first_read_fails(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write("[app\n")
    running = AppConfig(ui="terminal")
    result = ConfigWatcher(config.path, current=running).poll()
    assert result is not None
    assert result[0] is running
    assert "not valid TOML" in result[1][0]


def test_watcher_puts_keep_note_on_the_first_line_of_a_two_line_error(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write('[schedule]\nrise_every = "x"\nsnooze = "y"\n')
    watcher = ConfigWatcher(config.path)
    watcher.poll()
    assert watcher.error is not None
    first, second = watcher.error.split("\n")
    assert first.endswith("keeping the previous settings")
    assert second == "(and 1 more problem)"


def test_watcher_passes_warnings_along(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write('[schedule]\nrise_evry = "3m"\n')
    result = ConfigWatcher(config.path).poll()
    assert result is not None
    assert "did you mean rise_every?" in result[1][0]


def test_watcher_returns_to_defaults_when_the_file_goes(tmp_path: Path) -> None:
    config = EditedFile(tmp_path / "config.toml")
    config.write('[app]\nui = "tray"\n')
    watcher = ConfigWatcher(config.path)
    watcher.poll()
    config.path.unlink()
    assert watcher.poll() == (AppConfig(), [])
    assert watcher.poll() is None


def test_watcher_with_no_file_gives_the_defaults_once(tmp_path: Path) -> None:
    watcher = ConfigWatcher(tmp_path / "config.toml")
    assert watcher.poll() == (AppConfig(), [])
    assert watcher.poll() is None
