"""What each "don't interrupt" check can see on this desktop, under its setting.

GUI thread; the answer comes from `nudge doctor --json` run as a QProcess (it probes D-Bus,
X11 and the sound server, a second or two), so the window opens at once and the notes fill in.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QLabel

from nudge.paths import Paths
from nudge.windows.launch import nudge_command
from nudge.windows.style import help_label

# doctor's blocker names (`nudge.blockers.KEYS`) by config key
_NAMES = {"fullscreen": "fullscreen", "focused_apps": "focused apps",
          "do_not_disturb": "do not disturb", "apps": "apps", "camera": "camera",
          "microphone": "microphone", "screen_sharing": "screen sharing"}
_SAID = {"works": "Works here", "not here": "Not available here", "off": "Off"}


class BlockerNotes:
    def __init__(self, paths: Paths) -> None:
        self.labels: dict[str, QLabel] = {}
        self._process = QProcess()
        self._process.finished.connect(self._done)
        command = nudge_command()
        self._process.start(command[0], [*command[1:], "doctor", "--json"])

    def label_for(self, key: str, form: str) -> QLabel:
        """The note under `key`'s control; lists (apps) get one only when they are in use."""
        label = help_label("Checking what works on this desktop…")
        label.setVisible(key in _NAMES and form == "boolean")
        if key in _NAMES:
            self.labels[key] = label
        return label

    def stop(self) -> None:
        """The window is closing: the answer is no longer wanted."""
        if self._process.state() is not QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(2000)

    def _done(self) -> None:
        output = bytes(self._process.readAllStandardOutput().data()).decode("utf-8", "replace")
        notes = parse_notes(output)
        for key, label in self.labels.items():
            said = notes.get(_NAMES[key])
            label.setText(said or "Could not find out what works here (`nudge doctor` says more).")
            if said and not said.startswith(_SAID["off"]):
                label.setVisible(True)


def parse_notes(doctor_json: str) -> dict[str, str]:
    """doctor's blocker notes by blocker name: {"camera": "Works here: this user's …"}."""
    try:
        checks = json.loads(doctor_json).get("checks", [])
    except (ValueError, AttributeError):
        return {}
    found: dict[str, str] = {}
    for check in checks:
        if not isinstance(check, dict) or check.get("name") != "blockers":
            continue
        for note in check.get("notes", []):
            name, _, rest = str(note).partition(": ")
            state, _, why = rest.partition(" — ")
            found[name] = f"{_SAID.get(state, state.capitalize())}: {why}" if why else rest
    return found
