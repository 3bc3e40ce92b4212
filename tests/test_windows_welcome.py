"""The first-run welcome: due only on the very first start, shown once, its answers written to
config.toml (work hours, how often) and start at login; in a window or in the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge.config import load_config
from nudge.paths import Paths, resolve_paths
from nudge.windows.first_run import Answers, answer_problems, welcome_in_terminal
from nudge.windows.launch import welcome_due


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # start at login goes here
    return resolve_paths()


def login_entry(tmp_path: Path) -> Path:
    return tmp_path / "xdg" / "autostart" / "nudge.desktop"


def test_the_terminal_welcome_asks_rechecks_a_bad_answer_and_writes_the_config(
        paths: Paths, tmp_path: Path) -> None:
    answers = iter(["9-5", "09:00-17:00", "", "n"])
    said: list[str] = []

    assert welcome_due(paths)
    welcome_in_terminal(paths, ask=lambda question: next(answers), say=said.append)

    text = "\n".join(said)
    assert "not medical advice" in text
    # what is wrong and how to write it, without the answer said back
    assert "  Write a start and an end time with a dash between, like 08:00-18:00." in said
    assert "9-5" not in text
    settings = load_config(paths.config_file).config.settings.schedule
    assert [str(day[0].start) for day in settings.work_hours[:5]] == ["09:00:00"] * 5
    assert settings.work_hours[5] == () and settings.rise_every == 30 * 60
    assert not login_entry(tmp_path).exists()
    assert not welcome_due(paths)


def test_ctrl_d_skips_and_the_welcome_never_comes_again(paths: Paths) -> None:
    def ctrl_d(question: str) -> str:
        raise EOFError

    said: list[str] = []
    welcome_in_terminal(paths, ask=ctrl_d, say=said.append)

    assert "Skipped" in said[-1]
    assert not paths.config_file.exists() and not welcome_due(paths)


def test_an_existing_config_means_no_welcome(paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("")
    assert not welcome_due(paths)


def test_the_welcome_window_saves_hours_and_start_at_login_and_shows_once(
        paths: Paths, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (dev extra)")
    from PySide6.QtCore import Qt

    from nudge.windows.welcome_window import WelcomeWindow

    window = WelcomeWindow(paths)
    qtbot.addWidget(window)
    window.show()
    assert not welcome_due(paths)  # shown: never again, whichever way it is closed
    window.rise_every.clear()
    qtbot.keyClicks(window.rise_every, "45")
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert window.errors["rise_every"].text() == "Write a number and a unit, like 30m or 1h."
    assert not paths.config_file.exists()

    window.rise_every.clear()
    qtbot.keyClicks(window.rise_every, "45m")
    qtbot.mouseClick(window.try_button, Qt.MouseButton.LeftButton)
    assert "not running yet" in window.status.text()
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)

    assert load_config(paths.config_file).config.settings.schedule.rise_every == 45 * 60
    assert "# Nudge to do a glute-first chair rise" in paths.config_file.read_text()
    assert login_entry(tmp_path).exists()
    assert not window.isVisible()
    # not running, and off screen no tray could show: how to start it, nothing started
    assert window.status.text().endswith(" To start it now, run `nudge` in a terminal.")
    assert not paths.instance_lock.exists()


def test_terminal_mode_asks_the_welcome_questions_on_the_first_start_only(
        tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect drives the terminal (dev extra)")
    import subprocess
    import sys

    from conftest import cli_env

    home = tmp_path / "home"
    env = {**cli_env(home), "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"], env=env,
                        encoding="utf-8", timeout=20, dimensions=(40, 120))
    try:
        app.expect_exact("Your work hours, Monday to Friday [08:00-18:00]: ")
        app.sendline("07:30-16:00")
        app.expect_exact("Nudge to rise after sitting for [30m]: ")
        app.sendline("")
        app.expect_exact("Start nudge when you log in? [Y/n]: ")
        app.sendline("n")
        app.expect("press \\? for keys")
    finally:
        subprocess.run([sys.executable, "-m", "nudge", "quit"], env=env, timeout=30,
                       capture_output=True)
        app.expect(pexpect.EOF)
    assert 'mon = "07:30-16:00"' in (home / "config" / "config.toml").read_text()
    (home / "config" / "config.toml").unlink()

    again = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"], env=env,
                          encoding="utf-8", timeout=20, dimensions=(40, 120))
    try:
        again.expect("press \\? for keys")
        assert "work hours, Monday" not in (again.before or "")
    finally:
        subprocess.run([sys.executable, "-m", "nudge", "quit"], env=env, timeout=30,
                       capture_output=True)
        again.expect(pexpect.EOF)


@pytest.mark.parametrize("hours,rise,said", [
    ("17:00-09:00", "30m", {"work_hours": "The end time must come after the start time, like "
                                          "08:00-18:00."}),
    ("08:00-13:00, 12:00-17:00", "30m", {"work_hours": "Two of the ranges overlap; let each end "
                                                       "before the next starts, like 08:00-12:00, "
                                                       "13:00-17:30."}),
    ("8 to 5", "30m", {"work_hours": "Write a start and an end time with a dash between, like "
                                     "08:00-18:00."}),
    ("08:00-18:00", "9h", {"rise_every": "Choose from 1s to 8h, like 30m or 1h."}),
    ("08:00-18:00", "often", {"rise_every": "Write a number and a unit, like 30m or 1h."}),
    ("08:00-18:00", "45m", {}),
])
def test_the_welcome_says_what_is_wrong_and_how_to_write_it_without_quoting_the_answer(
        paths: Paths, hours: str, rise: str, said: dict[str, str]) -> None:
    found = answer_problems(paths, Answers(hours, rise))

    assert found == said
    assert not any(hours in words or f'"{rise}"' in words for words in found.values())


def test_the_welcome_window_grows_to_show_a_problem_whole(
        paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (dev extra)")
    from nudge.windows.welcome_window import WelcomeWindow

    window = WelcomeWindow(paths)
    qtbot.addWidget(window)
    window.show()
    bar = window.scroll_area.verticalScrollBar()
    viewport = window.scroll_area.viewport()
    # as short as shows everything: no room to spare below the last field
    window.resize(window.width(), window.height() - viewport.height()
                  + window.body.heightForWidth(viewport.width()))
    qtbot.waitUntil(lambda: bar.maximum() == 0)
    before = window.height()

    qtbot.keyClicks(window.rise_every, "x")  # "30mx"
    qtbot.keyClicks(window.work_hours, "x")

    qtbot.waitUntil(lambda: window.height() > before)
    qtbot.waitUntil(lambda: bar.maximum() == 0)  # nothing scrolled out of sight
    for label in window.errors.values():
        assert label.isVisible() and not label.visibleRegion().isEmpty()
        assert label.visibleRegion().boundingRect().height() == label.height()
