"""The settings window's exercise list: each exercise with its small picture, a box that turns
it on or off (`[exercises] off` in config.toml), its reps (exercises.toml) and a button for its
"How to do it" card (its own process, `nudge exercise show --window`). GUI thread only.

This list is the one control of `[exercises] off` (the window's generated fields skip the key's
"exercises" form). Turning off the last rise or hip-flexor stretch is said under the list in
`nudge config --check`'s words, and Save is refused until one is back on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QProcess, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QPushButton, QSpinBox, QWidget

from nudge.config.exercise_pictures import picture_file
from nudge.config.keys import KEYS
from nudge.core.catalogue import Where, count_template
from nudge.core.rep_limits import CATALOGUE_REPS
from nudge.i18n import _
from nudge.windows import TITLES
from nudge.windows.exercise_doc import ExerciseReps
from nudge.windows.launch import nudge_command, window_arguments
from nudge.windows.settings_doc import SettingsDocument
from nudge.windows.style import error_label, help_label, picture_theme

OFF_KEY = next(key for key in KEYS if key.kind.form == "exercises")
FIELD = f"{OFF_KEY.section}.{OFF_KEY.name}"
PICTURE_PX = 48  # logical pixels: drawn from the 256 px key frame, crisp at any scale


class ExerciseList(QWidget):
    def __init__(self, doc: SettingsDocument, reps: ExerciseReps,
                 on_change: Callable[[], None]) -> None:
        super().__init__()
        self.doc, self.reps, self.on_change = doc, reps, on_change
        self.setObjectName(FIELD)
        self.setAccessibleName(_("Exercises"))
        self.boxes: dict[str, QCheckBox] = {}
        self.spins: dict[str, QSpinBox] = {}
        self.pictures: dict[str, QLabel] = {}
        self.how_to: dict[str, QPushButton] = {}
        self.error = error_label()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        grid.addWidget(help_label(_(
            "Untick an exercise and nudge never offers it (keep at least one rise and one "
            "hip-flexor stretch). The number is the reps each nudge suggests (rounds, for the "
            "holds). Your own exercises from exercises.toml are here too.")), 0, 0, 1, 4)
        grid.addWidget(self.error, 1, 0, 1, 4)
        if reps.problem:
            problem = error_label()
            problem.setText(reps.problem)
            problem.setVisible(True)
            grid.addWidget(problem, 2, 0, 1, 4)
        theme = picture_theme(self)
        for row, shown in enumerate(reps.exercises, start=3):
            exercise = reps.catalogue.by_id(shown.id)
            floor = exercise is not None and exercise.where is Where.FLOOR
            name = _shown_name(shown.name, shown.own, floor)
            picture = QLabel()
            picture.setFixedSize(PICTURE_PX, PICTURE_PX)
            path = picture_file(exercise, theme, key=True) \
                if exercise is not None else None
            if path is not None:
                picture.setPixmap(self._pixmap(str(path)))
                picture.setAccessibleName(_("Picture of {exercise}").format(
                    exercise=shown.name))
                picture.setAccessibleDescription(exercise.alt if exercise else "")
                picture.setToolTip(exercise.alt if exercise else "")
            box = QCheckBox(name)
            box.setObjectName(f"on.{shown.id}")
            box.setAccessibleDescription(_("On: nudge may offer it. Off: never."))
            box.toggled.connect(partial(self._toggled, shown.id))
            spin = QSpinBox()
            spin.setRange(*CATALOGUE_REPS)
            held = exercise is not None and exercise.held
            spin.setProperty("held", held)  # for `show_unit`: rounds, not reps
            spin.valueChanged.connect(partial(show_unit, spin))
            spin.setObjectName(f"reps.{shown.id}")
            # Translators: the accessible name of an exercise's number box.
            spin.setAccessibleName((_("{exercise} rounds") if held else _("{exercise} reps"))
                                   .format(exercise=shown.name))
            spin.setEnabled(reps.problem is None)
            spin.valueChanged.connect(partial(reps.set_reps, shown.id))
            grid.addWidget(picture, row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(spin, row, 2, Qt.AlignmentFlag.AlignRight)
            if exercise is not None:
                how = QPushButton(_("How to do it…"))
                how.setObjectName(f"howto.{shown.id}")
                how.setAccessibleDescription(shown.name)
                how.clicked.connect(partial(self._open_card, shown.id))
                grid.addWidget(how, row, 3)
                self.how_to[shown.id] = how
            self.boxes[shown.id], self.spins[shown.id] = box, spin
            self.pictures[shown.id] = picture
        self.fill()

    def _pixmap(self, path: str) -> QPixmap:
        ratio = self.devicePixelRatioF()
        side = round(PICTURE_PX * ratio)
        pixmap = QPixmap(path).scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _open_card(self, exercise_id: str) -> None:
        problem = open_card(exercise_id)
        if problem:  # rare (no interpreter to start?): said where the list's problems are
            # Translators: {window} is a window's name: Settings, Insights or Welcome.
            self.error.setText(_("Could not open the {window} window: {problem}").format(
                window=_(TITLES["howto"]), problem=problem))
            self.error.setVisible(True)

    def fill(self) -> None:
        """Show the file's choice and the reps (after opening, or Restore defaults)."""
        off = set(self.turned_off())
        for exercise_id, box in self.boxes.items():
            box.blockSignals(True)  # filling is not an edit
            box.setChecked(exercise_id not in off)
            box.blockSignals(False)
        for exercise_id, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(self.reps.reps_of(exercise_id))
            spin.blockSignals(False)
            show_unit(spin, spin.value())

    def turned_off(self) -> list[str]:
        value = self.doc.value(OFF_KEY)
        return [str(item) for item in value] if isinstance(value, list) else []

    def _toggled(self, exercise_id: str, on: bool) -> None:
        """The box changed: the list in list order, ids this window does not show kept."""
        off = [item for item in self.turned_off() if item != exercise_id]
        if not on:
            off.append(exercise_id)
        order = list(self.boxes)
        off.sort(key=lambda item: order.index(item) if item in order else len(order))
        self.doc.set_value(OFF_KEY, off)
        self.on_change()


def open_card(exercise_id: str) -> str:
    """Start the exercise's "How to do it" card in a process of its own beside this window
    (one card at a time: a second click switches it); what went wrong, or "" if it started."""
    command = [*nudge_command(), *window_arguments("howto", exercise_id)]
    process = QProcess()
    process.setProgram(command[0])
    process.setArguments(command[1:])
    started: object = process.startDetached()  # PySide6 6.11 gives a bool, its stubs a tuple
    ok = started[0] if isinstance(started, tuple) else started
    return "" if ok else process.errorString()


def _shown_name(name: str, own: bool, floor: bool) -> str:
    """The exercise's name, and whether it is the user's own and done on the floor."""
    if own and floor:
        # Translators: an exercise in the settings list: the user's own, done on the floor.
        return _("{exercise} (yours) · floor").format(exercise=name)
    if own:
        # Translators: an exercise in the settings list that the user added themselves.
        return _("{exercise} (yours)").format(exercise=name)
    if floor:
        # Translators: an exercise in the settings list that is done lying on the floor.
        return _("{exercise} · floor").format(exercise=name)
    return name


def show_unit(spin: QSpinBox, value: int) -> None:
    """The words around the number, in the form its count takes (`1 rep`, `8 reps`; `2 rounds`
    for a held exercise, the box's "held" property)."""
    words = count_template(value, bool(spin.property("held")))
    before, found, after = words.partition("{n}")
    spin.setPrefix(before if found else "")
    spin.setSuffix(after if found else f" {words}")
