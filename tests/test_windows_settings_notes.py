"""The "don't interrupt" notes in Settings come from a real `nudge doctor --json`, run here as the
window runs it: a change to what doctor prints breaks this test, not the window silently; and in
any language (doctor's sentences are translated, its JSON's blocker states are not)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtCore", reason="the windows need PySide6 (the dev extra has it)")

from languages import language_env

from nudge.platform.probe import NOT_HERE, OFF, WORKS
from nudge.windows.blocker_notes import _NAMES, parse_notes

CONFIG = '[blockers]\ncamera = false\napps = ["fakezoom"]\n'


def doctor_json(home: Path, language: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor", "--json"],
                          env=language_env(home, CONFIG, LANGUAGE=language),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("language", ["en", "de", "fr", "zh_CN"])
def test_every_blocker_gets_its_state_from_real_doctor_output(tmp_path: Path,
                                                              language: str) -> None:
    output = doctor_json(tmp_path / "home", language)
    notes = parse_notes(output)

    assert set(notes) == set(_NAMES.values())
    assert all(note.state in (WORKS, NOT_HERE, OFF) for note in notes.values()), notes
    assert notes["camera"].state == OFF
    assert notes["focused apps"].state == OFF  # no apps listed in [blockers] focused_apps
    if sys.platform.startswith("linux"):
        assert notes["apps"].state == WORKS  # running processes, through /proc
    blockers = next(c for c in json.loads(output)["checks"] if c["name"] == "blockers")
    reasons = {entry["name"]: entry["reason"] for entry in blockers["blockers"]}
    # The window shows doctor's reason, in the user's language, after its own words.
    assert all(reasons[name] and note.text.endswith(reasons[name])
               for name, note in notes.items())
    if language == "en":
        assert notes["camera"].text == \
            "Off: turned off in the config ([blockers] camera = false)"


def test_output_that_is_not_doctors_gives_no_notes() -> None:
    assert parse_notes("") == {}
    assert parse_notes("[1, 2]") == {}
    assert parse_notes('{"checks": [{"name": "blockers", "blockers": [7, {"name": 1}]}]}') == {}


def test_a_check_turned_off_shows_no_note_naming_the_config_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Its box says it is off; doctor's reason ("[blockers] camera = false") is the file's
    words, not the window's."""
    from PySide6.QtCore import QProcess
    from PySide6.QtWidgets import QLabel

    from nudge.paths import resolve_paths
    from nudge.windows.settings_window import SettingsWindow

    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(CONFIG)
    window = SettingsWindow(paths)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(3)  # Don't interrupt
    window.show()
    notes = window.blocker_notes
    qtbot.waitUntil(lambda: notes._process.state() is QProcess.ProcessState.NotRunning,
                    timeout=60_000)
    qtbot.waitUntil(lambda: "Checking" not in notes.labels["camera"].text())

    assert not notes.labels["camera"].isVisible()
    assert notes.labels["fullscreen"].isVisible()  # on: what it can see here is said
    shown = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert not any("[blockers]" in text for text in shown), shown
