"""What each "don't interrupt" check can see on this desktop, under its setting.

GUI thread; the answer comes from `nudge doctor --json` run as a QProcess (it probes D-Bus,
X11 and the sound server, a second or two), so the window opens at once and the notes fill in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QLabel

from nudge.config.blocker_settings import SETTING_OF
from nudge.i18n import _
from nudge.paths import Paths
from nudge.platform.probe import NOT_HERE, OFF, WORKS
from nudge.windows.launch import nudge_command
from nudge.windows.style import help_label

_NAMES = {key: name for name, key in SETTING_OF.items()}  # doctor's blocker names by config key


@dataclass(frozen=True)
class Note:
    state: str | None  # WORKS, NOT_HERE, OFF; None: a state this window does not know
    text: str  # as the window shows it


def _state_words(state: str | None, why: str, said: str) -> str:
    """The note in the window's words; a state it does not know (a newer doctor's) as doctor
    said it."""
    if state == WORKS:
        # Translators: a "don't interrupt" check in settings; {why} says what it watches.
        return _("Works here: {why}").format(why=why)
    if state == NOT_HERE:
        # Translators: a "don't interrupt" check in settings; {why} says why it cannot work.
        return _("Not available here: {why}").format(why=why)
    if state == OFF:
        # Translators: a "don't interrupt" check turned off in settings; {why} is doctor's.
        return _("Off: {why}").format(why=why)
    return f"{said.capitalize()}: {why}"


class BlockerNotes:
    def __init__(self, paths: Paths) -> None:
        self.labels: dict[str, QLabel] = {}
        self._booleans: set[str] = set()  # on/off settings: their note is shown from the start
        self._process = QProcess()
        self._process.finished.connect(self._done)
        command = nudge_command()
        self._process.start(command[0], [*command[1:], "doctor", "--json"])

    def label_for(self, key: str, form: str) -> QLabel:
        """The note under `key`'s control; lists (apps) get one only when they are in use."""
        label = help_label(_("Checking what works on this desktop…"))
        label.setVisible(key in _NAMES and form == "boolean")
        if key in _NAMES:
            self.labels[key] = label
            if form == "boolean":
                self._booleans.add(key)
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
            note = notes.get(_NAMES[key])
            label.setText(note.text if note else
                          _("Could not find out what works here (`nudge doctor` says more)."))
            # Off: its box above says so (doctor's why names the config line, not this field)
            label.setVisible((note is None and key in self._booleans) or
                             (note is not None and note.state != OFF))


def parse_notes(doctor_json: str) -> dict[str, Note]:
    """doctor's blocker notes by blocker name: {"camera": Note(WORKS, "Works here: …")}, from
    its JSON's `blockers` (states in English in every language; the reasons in the user's)."""
    try:
        checks = json.loads(doctor_json).get("checks", [])
    except (ValueError, AttributeError):
        return {}
    found: dict[str, Note] = {}
    for check in checks:
        if not isinstance(check, dict) or check.get("name") != "blockers":
            continue
        for entry in check.get("blockers", []):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            state, why = str(entry.get("state", "")), str(entry.get("reason", ""))
            known = state if state in (WORKS, NOT_HERE, OFF) else None
            found[entry["name"]] = Note(known, _state_words(known, why, state))
    return found
