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
