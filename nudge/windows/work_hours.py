"""The settings window's "Work hours" tab: each weekday's hours (or off), and recurring pauses.

GUI thread only. Edits go straight into the `SettingsDocument` ([schedule.work_hours] and
[[schedule.pauses]]); `on_change` then shows the problems, which come back through
`show_problems` keyed "schedule.work_hours.mon" and "schedule.pauses.0".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nudge.core.settings import WEEKDAYS
from nudge.i18n import _, formats, pgettext
from nudge.windows.settings_doc import PAUSES, Pause, SettingsDocument, day_id
from nudge.windows.style import error_label, help_label

_A_MONDAY = date(2024, 1, 1)
_USUAL_HOURS = "09:00-17:00"  # what a day switched back on starts with


class WorkHoursPanel(QWidget):
    def __init__(self, doc: SettingsDocument, on_change: Callable[[], object]) -> None:
        super().__init__()
        self.doc = doc
        self.on_change = on_change
        self.hours: dict[str, QLineEdit] = {}
        self.off: dict[str, QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.pause_rows: list[tuple[QComboBox, QLineEdit, QLabel]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(help_label(_(
            "When nudge may remind you. Write hours like 08:00-18:00, or several ranges like "
            "08:00-12:00, 13:00-17:30.")))
        grid = QGridLayout()
        for row, day in enumerate(WEEKDAYS):
            self._add_day(grid, row, day)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(QLabel("<b>{}</b>".format(_("Regular pauses"))))
        layout.addWidget(help_label(_("Times with no nudges, such as a weekly meeting.")))
        self.pauses_box = QVBoxLayout()
        layout.addLayout(self.pauses_box)
        add = QPushButton(_("Add a pause"))
        add.clicked.connect(self.add_pause)
        self.add_button = add
        line = QHBoxLayout()
        line.addWidget(add)
        line.addStretch(1)
        layout.addLayout(line)
        layout.addStretch(1)

    def _add_day(self, grid: QGridLayout, row: int, day: str) -> None:
        name = day_names()[row]
        edit = QLineEdit()
        edit.setAccessibleName(_("{day} work hours").format(day=name))
        edit.setObjectName(day_id(day))
        # Translators: an example in the hours field; keep 08:00-18:00 as written.
        edit.setPlaceholderText(_("like 08:00-18:00"))
        edit.textEdited.connect(lambda _text, day=day: self._day_edited(day))
        # Translators: a box beside a weekday's hours: no work (and no nudges) that day.
        off = QCheckBox(pgettext("day", "Off"))
        off.setAccessibleName(_("{day} off").format(day=name))
        off.toggled.connect(lambda _on, day=day: self._day_edited(day))
        label = QLabel(name)
        label.setBuddy(edit)
        self.hours[day], self.off[day] = edit, off
        self.errors[day_id(day)] = error_label()
        grid.addWidget(label, 2 * row, 0)
        grid.addWidget(edit, 2 * row, 1)
        grid.addWidget(off, 2 * row, 2)
        grid.addWidget(self.errors[day_id(day)], 2 * row + 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)

    def fill(self) -> None:
        for day in WEEKDAYS:
            text = self.doc.day_hours(day)
            is_off = text.strip().lower() == "off"
            self.off[day].blockSignals(True)
            self.off[day].setChecked(is_off)
            self.off[day].blockSignals(False)
            self.hours[day].setText("" if is_off else text)
            self.hours[day].setEnabled(not is_off)
        while self.pause_rows:
            self._drop_row(0)
        for pause in self.doc.pauses():
            self._add_pause_row(pause)

    def _day_edited(self, day: str) -> None:
        edit, off = self.hours[day], self.off[day]
        edit.setEnabled(not off.isChecked())
        if not off.isChecked() and not edit.text().strip():
            edit.setText(_USUAL_HOURS)
        self.doc.set_day_hours(day, "off" if off.isChecked() else edit.text())
        self.on_change()

    # -- pauses --------------------------------------------------------------------------
    def add_pause(self) -> None:
        self._add_pause_row(Pause("mon", "12:00-13:00"))
        self._pauses_edited()
        self.pause_rows[-1][1].setFocus()

    def _add_pause_row(self, pause: Pause) -> None:
        number = len(self.pause_rows) + 1
        day = QComboBox()
        day.addItems(day_names())
        day.setAccessibleName(_("Pause {number} day").format(number=number))
        if pause.day.strip().lower()[:3] in WEEKDAYS:
            day.setCurrentIndex(WEEKDAYS.index(pause.day.strip().lower()[:3]))
        hours = QLineEdit(pause.hours)
        hours.setAccessibleName(_("Pause {number} hours").format(number=number))
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove pause {number}").format(number=number))
        error = error_label()
        row = QWidget()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(day)
        line.addWidget(hours, 1)
        line.addWidget(remove)
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(line)
        column.addWidget(error)
        self.pauses_box.addWidget(row)
        self.pause_rows.append((day, hours, error))
        day.currentIndexChanged.connect(self._pauses_edited)
        hours.textEdited.connect(self._pauses_edited)
        remove.clicked.connect(lambda: self._remove(row))

    def _remove(self, row: QWidget) -> None:
        for index, (day, _hours, _error) in enumerate(self.pause_rows):
            if row.isAncestorOf(day):
                self._drop_row(index)
                break
        self._pauses_edited()

    def _drop_row(self, index: int) -> None:
        day, _hours, _error = self.pause_rows.pop(index)
        row = day.parentWidget()
        if row is not None:
            self.pauses_box.removeWidget(row)
            row.deleteLater()

    def _pauses_edited(self) -> None:
        self.doc.set_pauses([Pause(WEEKDAYS[day.currentIndex()], hours.text().strip())
                             for day, hours, _error in self.pause_rows])
        self.on_change()

    # -- problems ------------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            _say(label, problems.get(name, ""))
        for number, (_day, _hours, label) in enumerate(self.pause_rows):
            _say(label, problems.get(f"{PAUSES}.{number}", ""))

    def widget_for(self, where: str) -> QWidget | None:
        for day, edit in self.hours.items():
            if where == day_id(day):
                return edit
        if where.startswith(f"{PAUSES}."):
            number = int(where.rsplit(".", 1)[1])
            if number < len(self.pause_rows):
                return self.pause_rows[number][1]
        return None


def day_names() -> list[str]:
    """Monday to Sunday, whole, in the user's language."""
    return [formats().weekday_name(_A_MONDAY + timedelta(days=n)) for n in range(7)]


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
