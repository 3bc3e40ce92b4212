"""The Settings window in-process (pytest-qt, Qt's offscreen platform): a control for every
config key, problems shown as you type in `nudge config --check`'s words, Save refused while
there is one, and a save that writes config.toml keeping what the user wrote."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QSpinBox

from nudge.config import check_config, load_config
from nudge.config.keys import KEYS
from nudge.core.settings import WEEKDAYS
from nudge.paths import resolve_paths
from nudge.windows.settings_window import SettingsWindow

MINE = '# mine\n[schedule]\nrise_every = "20m"  # short\nmy_own_key = 1\n'


@pytest.fixture
def window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # start at login goes here
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg-system"))  # no system entry
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(MINE)
    shown = SettingsWindow(paths)  # closed below, not by qtbot: that would ask to save first
    shown.show()
    yield shown
    close_unasked(shown)


def close_unasked(shown: SettingsWindow) -> None:
    """Close as if nothing were unsaved: a failed test must not leave a modal "Save?" up."""
    shown.doc.saved_text = __import__("tomlkit").dumps(shown.doc.doc)
    shown.autostart.was = shown.autostart.box.isChecked()
    assert shown.close()


def edit(window: SettingsWindow, name: str) -> QLineEdit:
    found = window.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def button(window: SettingsWindow, text: str) -> QPushButton:
    return next(b for b in window.findChildren(QPushButton) if b.text() == text)


def test_every_config_key_and_every_weekday_has_a_control(window: SettingsWindow) -> None:
    names = {child.objectName() for child in window.findChildren(object)}
    for key in KEYS:
        assert f"{key.section}.{key.name}" in names, key.name
    for day in WEEKDAYS:
        assert f"schedule.work_hours.{day}" in names
    assert edit(window, "schedule.rise_every").text() == "20m"


def test_typing_a_bad_value_says_what_config_check_says_and_save_writes_nothing(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = edit(window, "schedule.rise_every")
    field.clear()
    qtbot.keyClicks(field, "20 minutes")
    problem = window.errors["schedule.rise_every"]

    assert problem.isVisible()
    assert problem.text() == '"20 minutes" is not a duration; write it like 20s, 30m, 1h30m'
    qtbot.mouseClick(button(window, "Save"), Qt.MouseButton.LeftButton)
    assert window.config_text() == MINE
    assert window.status.text().startswith("Not saved yet")

    field.clear()
    qtbot.keyClicks(field, "25m")
    assert not problem.isVisible()
    qtbot.mouseClick(button(window, "Save"), Qt.MouseButton.LeftButton)
    text = window.config_text()
    assert text.startswith('# mine\n[schedule]\nrise_every = "25m"  # short\nmy_own_key = 1\n')
    assert window.status.text() == "Saved. nudge will use them when it starts."


def test_a_problem_across_two_keys_stops_the_save_and_names_the_field(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = edit(window, "schedule.typing_pause")
    field.clear()
    qtbot.keyClicks(field, "10m")
    qtbot.mouseClick(button(window, "Save"), Qt.MouseButton.LeftButton)

    assert "must be shorter than “Away after” (5m)" in \
        window.errors["schedule.typing_pause"].text()
    assert window.config_text() == MINE


def test_a_problem_across_two_keys_shows_under_the_field_just_changed(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Both keys in the file (as in the default one): the problem goes under the field the user
    is changing, and says it in that field's terms."""
    window.doc.restore_defaults("schedule")  # every key written, as config.toml comes
    window.fill()
    typing, away = edit(window, "schedule.typing_pause"), edit(window, "schedule.away_after")
    typing.clear()
    qtbot.keyClicks(typing, "6m")

    said = window.errors["schedule.typing_pause"]
    assert said.isVisible() and not window.errors["schedule.away_after"].isVisible()
    assert said.text() == ('"6m" must be shorter than “Away after” (5m); a pause in typing is a '
                           'shorter gap in input than being away')

    for field, text in ((typing, "5s"), (away, "2m"), (typing, "3m")):  # both changed now
        field.clear()
        qtbot.keyClicks(field, text)
    assert said.isVisible() and not window.errors["schedule.away_after"].isVisible()
    assert said.text().startswith('"3m" must be shorter than “Away after” (2m)')

    away.clear()
    qtbot.keyClicks(away, "1m")  # now the one being changed is away after
    said = window.errors["schedule.away_after"]
    assert said.isVisible() and not window.errors["schedule.typing_pause"].isVisible()
    assert said.text().startswith('"1m" must be longer than “A typing pause is” (3m)')


def test_a_problem_of_two_lines_is_shown_whole_and_no_row_keeps_a_spare_line(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(720, 640)
    typing = edit(window, "schedule.typing_pause")
    typing.clear()
    qtbot.keyClicks(typing, "6m")
    said = window.errors["schedule.typing_pause"]
    labels = [label for label in window.tabs.currentWidget().findChildren(QLabel)
              if label.isVisible() and label.wordWrap()]

    def each_as_tall_as_its_lines() -> bool:
        return all(label.height() == label.heightForWidth(label.width()) for label in labels)

    qtbot.waitUntil(each_as_tall_as_its_lines)
    assert said in labels and said.heightForWidth(said.width()) > said.fontMetrics().height()


def test_the_help_under_each_field_names_other_fields_as_the_window_does(
        window: SettingsWindow) -> None:
    helps = [label.text() for label in window.findChildren(QLabel)
             if label.foregroundRole() == QPalette.ColorRole.PlaceholderText]
    said = " ".join(helps)
    for key in KEYS:
        assert key.name not in said or "_" not in key.name, key.name
    assert "(must be shorter than “Away after”)." in said
    assert "half of “Rise every” (“Hip stretch every” for the break)" in said


def test_numbers_booleans_work_hours_and_pauses_are_saved(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rises = window.findChild(QSpinBox, "goals.daily_rises")
    rises.setValue(9)
    floor = window.findChild(QCheckBox, "exercises.floor")
    floor.click()
    window.work_hours.off["sat"].click()  # Saturday was off: now on, with usual hours
    qtbot.mouseClick(window.work_hours.add_button, Qt.MouseButton.LeftButton)
    hours = window.work_hours.pause_rows[0][1]
    hours.clear()
    qtbot.keyClicks(hours, "14:00-15:00")

    assert window.save()

    config = load_config(window.paths.config_file).config.settings
    assert config.goals.daily_rises == 9 and config.exercises.floor is True
    assert [str(r) for r in config.schedule.work_hours[5]] != []
    assert len(config.schedule.scheduled_pauses) == 1
    assert check_config(window.paths.config_file) == [
        f"{window.paths.config_file}: unknown key my_own_key in [schedule] (ignored)"]


def test_restore_defaults_resets_the_shown_tab_only(window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentIndex(0)
    qtbot.mouseClick(button(window, "Restore defaults"), Qt.MouseButton.LeftButton)

    assert edit(window, "schedule.rise_every").text() == "30m"
    assert window.save()
    assert load_config(window.paths.config_file).config.settings.schedule.rise_every == 30 * 60


def test_exercise_reps_go_to_exercises_toml_and_the_app_reads_them(
        window: SettingsWindow) -> None:
    from nudge.config.exercise_files import load_catalogue

    rise = window.findChild(QSpinBox, "reps.glute_rise")
    assert rise is not None and rise.value() == 5
    rise.setValue(8)

    assert window.save()

    user_file = window.paths.user_exercises_file
    assert load_catalogue(user_file).catalogue.by_id("glute_rise").reps == 8
    assert 'id = "glute_rise"' in user_file.read_text()
    rise.setValue(6)  # once there, changed in place: still one entry
    assert window.save()
    assert user_file.read_text().count('id = "glute_rise"') == 1
    assert load_catalogue(user_file).catalogue.by_id("glute_rise").reps == 6


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="the XDG autostart entry is Linux's; test_autostart.py covers the rest")
def test_start_at_login_writes_the_autostart_entry_on_save_and_removes_it(
        window: SettingsWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    entry = tmp_path / "xdg" / "autostart" / "nudge.desktop"
    box = window.autostart.box
    assert not box.isChecked() and not entry.exists()

    box.click()
    assert not entry.exists()  # only on Save
    qtbot.mouseClick(button(window, "Save"), Qt.MouseButton.LeftButton)
    assert window.status.text().endswith(" nudge starts when you log in.")
    text = entry.read_text()
    assert "[Desktop Entry]" in text and f"NUDGE_HOME={tmp_path / 'home'}" in text

    box.click()
    qtbot.mouseClick(button(window, "Save"), Qt.MouseButton.LeftButton)
    assert window.status.text().endswith(" nudge no longer starts at login.")
    assert not entry.exists()
    assert window.config_text() == MINE  # nothing of this goes to config.toml


def test_removing_a_recurring_pause_takes_it_out_of_the_file_and_keeps_the_comments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(
        MINE + '\n# the team meeting\n[[schedule.pauses]]\nday = "tue"\nhours = "14:00-15:00"'
        '\n\n[goals]\ndaily_rises = 7  # my goal\n')
    window = SettingsWindow(paths)
    window.show()
    try:
        removed_and_saved(window, qtbot)
    finally:
        close_unasked(window)


def removed_and_saved(window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    paths = window.paths
    assert [hours.text() for _day, hours, _error in window.work_hours.pause_rows] == \
        ["14:00-15:00"]
    remove = next(b for b in window.work_hours.findChildren(QPushButton)
                  if b.accessibleName() == "Remove pause 1")

    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert window.work_hours.pause_rows == []
    assert window.save()

    text = window.config_text()
    # Only the pause's table goes; every comment the user wrote stays, the one above it too.
    assert text == MINE + '\n# the team meeting\n[goals]\ndaily_rises = 7  # my goal\n'
    loaded = load_config(paths.config_file).config.settings
    assert loaded.schedule.scheduled_pauses == () and loaded.goals.daily_rises == 7
