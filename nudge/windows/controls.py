"""One control per kind of setting, chosen by the key's `form` in `nudge.config.keys`.

GUI thread only. A `Control` holds its widget and turns the widget's state into the TOML value
the key takes (and back), so the settings window needs no code per key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from nudge.config.keys import Key
from nudge.windows.settings_doc import from_text, to_text

# Kinder labels than the key names for some keys; any other key gets its name in words.
LABELS = {
    "ui": "Show nudge as", "rise_every": "Rise every", "hip_flexor_every": "Hip stretch every",
    "away_after": "Away after", "pause_wait": "Wait for a typing pause",
    "typing_pause": "A typing pause is", "snooze": "Snooze for",
    "snooze_choices": "Snooze choices", "reshow_after": "Show again after",
    "min_gap": "Least time between nudges", "activation_check_at_offer": "Glute check at rise",
    "daily_rises": "Rises a day", "progression_unlock_days": "Days to unlock harder ones",
    "floor": "Floor exercises", "fullscreen": "Fullscreen windows",
    "do_not_disturb": "Do not disturb", "screen_sharing": "Screen sharing",
    "apps": "While these apps run", "focused_apps": "While these apps have focus",
    "video_devices": "Camera devices",
}
PLACEHOLDERS = {"duration": "like 30m or 1h30m", "durations": "like 5m, 10m, 20m",
                "numbers": "like 5, 10", "names": "like zoom, teams", "paths": "like /dev/video*"}


def label_for(key: Key) -> str:
    return LABELS.get(key.name) or key.name.replace("_", " ").capitalize()


class Control:
    """A widget for one key: `value()` is what goes into the file, `show(value)` fills it."""

    def __init__(self, key: Key) -> None:
        self.key = key
        self.form = key.kind.form
        self.widget: QWidget = self._make()
        self.widget.setAccessibleName(label_for(key))
        self.widget.setObjectName(f"{key.section}.{key.name}")

    def _make(self) -> QWidget:
        if self.form == "boolean":
            return QCheckBox("On")
        if self.form == "choice":
            box = QComboBox()
            box.addItems([str(choice) for choice in self.key.kind.options])
            return box
        if self.form == "number":
            spin = QSpinBox()
            low, high = self.key.kind.options
            spin.setRange(int(low), int(high))  # type: ignore[call-overload]
            return spin
        edit = QLineEdit()
        edit.setPlaceholderText(PLACEHOLDERS.get(self.form, ""))
        edit.setClearButtonEnabled(self.form in ("names", "paths"))
        return edit

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QSpinBox):
            return widget.value()
        assert isinstance(widget, QLineEdit)
        return from_text(self.form, widget.text())

    def show(self, value: Any) -> None:
        widget = self.widget
        widget.blockSignals(True)  # filling is not an edit
        try:
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentText(str(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(value if isinstance(value, int) else widget.minimum())
            elif isinstance(widget, QLineEdit):
                widget.setText(to_text(self.form, value))
        finally:
            widget.blockSignals(False)

    def on_change(self, callback: Callable[[], None]) -> None:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(callback)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(callback)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(callback)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(callback)
