"""The Settings window's exercise list in-process (pytest-qt, Qt's offscreen platform): a box
per exercise bound to `[exercises] off`, its reps and its picture; turning off the last rise
is refused in `nudge config --check`'s words; Restore defaults turns every exercise back on and
puts nudge's reps back. Screenshots of the tab at 100 % and 200 % go to artifacts/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSpinBox

from nudge.config import check_config, load_config
from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import ExerciseKind
from nudge.paths import resolve_paths
from nudge.windows.settings_window import TABS, SettingsWindow

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TAB = next(i for i, (_, parts) in enumerate(TABS) if "exercises" in parts)
MINE = '# mine\n[exercises]\nfloor = true  # I have a mat\n'
OWN = ('[[exercise]]\nid = "desk_push"\nname = "Desk push-up"\ncues = ["Hands on the desk.", '
       '"Lower and push."]\nreps = 6\nkind = "activation"\nwhere = "standing"\n')


@pytest.fixture
def window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(MINE)
    paths.user_exercises_file.write_text(OWN)
    shown = SettingsWindow(paths)
    shown.tabs.setCurrentIndex(TAB)
    shown.show()
    yield shown
    shown.doc.saved_text = __import__("tomlkit").dumps(shown.doc.doc)  # close without asking
    shown.autostart.was = shown.autostart.box.isChecked()
    shown.reps.wanted.clear()
    assert shown.close()


def box(window: SettingsWindow, exercise_id: str) -> QCheckBox:
    found = window.findChild(QCheckBox, f"on.{exercise_id}")
    assert found is not None, exercise_id
    return found


def button(window: SettingsWindow, text: str) -> QPushButton:
    return next(b for b in window.findChildren(QPushButton) if b.text() == text)


def test_every_exercise_has_a_box_its_reps_and_its_picture(window: SettingsWindow) -> None:
    catalogue = load_catalogue(window.paths.user_exercises_file).catalogue
    for exercise in catalogue.exercises:
        assert box(window, exercise.id).isChecked()
        assert window.findChild(QSpinBox, f"reps.{exercise.id}").value() == exercise.reps
        picture = window.exercise_list.pictures[exercise.id]
        if exercise.id == "desk_push":  # the user's own, without a picture: none shown
            assert picture.pixmap().isNull()
            continue
        assert not picture.pixmap().isNull(), exercise.id
        assert picture.accessibleDescription() == exercise.alt and exercise.alt
    # one control for the key: the list, not a raw list field as well
    assert window.findChild(QLineEdit, "exercises.off") is None
    assert len([w for w in window.findChildren(object) if w.objectName() == "exercises.off"]) == 1


def test_turning_one_off_saves_it_and_the_app_reads_it(window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    tempo = box(window, "tempo_rise")
    qtbot.mouseClick(tempo, Qt.MouseButton.LeftButton, pos=tempo.rect().topLeft() + QPoint(8, 8))
    assert not box(window, "tempo_rise").isChecked()

    assert window.save()

    text = window.config_text()
    assert text.startswith(MINE) and 'off = ["tempo_rise"]' in text
    assert load_config(window.paths.config_file).config.settings.exercises.off == ("tempo_rise",)
    assert check_config(window.paths.config_file) == []
    box(window, "tempo_rise").click()
    assert window.save()
    assert load_config(window.paths.config_file).config.settings.exercises.off == ()


def test_turning_off_the_last_rise_is_refused_with_the_one_to_keep(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    rises = [e.id for e in window.reps.catalogue.of_kind(ExerciseKind.RISE)]
    for rise in rises:  # with the keyboard
        box(window, rise).setFocus()
        qtbot.keyClick(box(window, rise), Qt.Key.Key_Space)
    problem = window.errors["exercises.off"]
    assert problem.isVisible()
    assert 'turns off every rise; keep "glute_rise" on' in problem.text()
    assert not window.save()
    assert window.config_text() == MINE
    assert window.status.text().startswith("Not saved yet")
    box(window, "squat_to_chair").click()
    assert not problem.isVisible()
    assert window.save()
    off = load_config(window.paths.config_file).config.settings.exercises.off
    assert off == ("glute_rise", "tempo_rise")


def test_restore_defaults_turns_every_exercise_on_and_restores_the_reps(
        window: SettingsWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    box(window, "glute_rise").click()
    window.findChild(QSpinBox, "reps.tempo_rise").setValue(9)
    window.findChild(QSpinBox, "reps.desk_push").setValue(7)
    assert window.save()
    assert load_catalogue(window.paths.user_exercises_file).catalogue.by_id(
        "tempo_rise").reps == 9

    qtbot.mouseClick(button(window, "Restore defaults"), Qt.MouseButton.LeftButton)
    assert box(window, "glute_rise").isChecked()
    assert window.findChild(QSpinBox, "reps.tempo_rise").value() == 5
    assert window.findChild(QSpinBox, "reps.desk_push").value() == 7  # the user's own stays
    assert window.save()

    catalogue = load_catalogue(window.paths.user_exercises_file).catalogue
    assert catalogue.by_id("tempo_rise").reps == 5 and catalogue.by_id("desk_push").reps == 7
    settings = load_config(window.paths.config_file).config.settings
    assert settings.exercises.off == () and settings.exercises.floor is False


@pytest.mark.parametrize("scale", ["1", "2"])
def test_exercise_tab_screenshots(tmp_path: Path, scale: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('[exercises]\noff = ["tempo_rise"]\n')
    out = ARTIFACTS / f"settings-exercises-{int(scale) * 100}.png"
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("settings_shot.py")),
                           str(TAB), str(out)],
                          env={"PATH": "/usr/bin:/bin", "NUDGE_HOME": str(home),
                               "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
                               "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale,
                               "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.split()[0] == f"{float(scale)}"  # drawn at the screen's own pixel ratio
    assert out.stat().st_size > 10_000


def _cards_running(exercise_id: str) -> list[int]:
    """The processes showing `exercise_id`'s card: `nudge exercise show --window -- ID`."""
    wanted = f"exercise\0show\0--window\0--\0{exercise_id}\0".encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and wanted in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:  # gone meanwhile
            continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the card's process in /proc")
def test_each_exercise_opens_its_how_to_do_it_card_from_the_list(window: SettingsWindow,
                                                                 qtbot) -> None:  # type: ignore[no-untyped-def]
    """The issue's "How to do it" card, from the settings list too: its own process (the
    card's own tests show what it draws), started for the row's exercise."""
    import os
    import signal

    from waiting import wait_for

    assert set(window.exercise_list.how_to) == {
        e.id for e in load_catalogue(window.paths.user_exercises_file).catalogue.exercises}
    button = window.findChild(QPushButton, "howto.tempo_rise")
    assert button.text() == "How to do it…" and button.accessibleDescription()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    cards = wait_for(lambda: _cards_running("tempo_rise"), timeout=20, what="the card's process")
    for pid in cards:  # type: ignore[union-attr]
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        assert f"NUDGE_HOME={os.environ['NUDGE_HOME']}\0".encode() in environ  # this user's
        os.kill(pid, signal.SIGTERM)


def test_a_card_that_cannot_start_is_said_under_the_list(window: SettingsWindow, qtbot,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    from nudge.windows import exercise_list

    monkeypatch.setattr(exercise_list, "nudge_command", lambda: [str(tmp_path / "no-nudge")])
    qtbot.mouseClick(window.findChild(QPushButton, "howto.glute_rise"),
                     Qt.MouseButton.LeftButton)
    error = window.exercise_list.error
    assert not error.isHidden()
    assert error.text().startswith("Could not open the “How to do it” window: ")
