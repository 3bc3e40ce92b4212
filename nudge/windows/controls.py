"""One control per kind of setting, chosen by the key's `form` in `nudge.config.keys`.

GUI thread only. A `Control` holds its widget and turns the widget's state into the TOML value
the key takes (and back), so the settings window needs no code per key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from nudge.config.keys import Key
from nudge.i18n import N_, _, pgettext
from nudge.windows.settings_doc import from_text, to_text

# Kinder labels than the key names (every key has one; a new key without one gets its name in
# words, untranslated, until it is added here).
LABELS = {
    "ui": N_("Show nudge as"), "tray_icon": N_("Tray icon"), "language": N_("Language"),
    "rise_every": N_("Rise every"), "hip_flexor_every": N_("Hip stretch every"),
    "away_after": N_("Away after"), "pause_wait": N_("Wait for a typing pause"),
    "typing_pause": N_("A typing pause is"), "snooze": N_("Snooze for"),
    "snooze_choices": N_("Snooze choices"), "reshow_after": N_("Show again after"),
    "min_gap": N_("Least time between nudges"),
    "activation_check_at_offer": N_("Glute check at rise"), "adapt": N_("Adapt"),
    "max_spacing": N_("Max spacing"), "daily_rises": N_("Rises a day"),
    "progression_unlock_days": N_("Days to unlock harder ones"), "floor": N_("Floor exercises"),
    "off": N_("Exercises turned off"), "fullscreen": N_("Fullscreen windows"),
    "do_not_disturb": N_("Do not disturb"), "camera": N_("Camera"),
    "microphone": N_("Microphone"), "screen_sharing": N_("Screen sharing"),
    "apps": N_("While these apps run"), "focused_apps": N_("While these apps have focus"),
    "video_devices": N_("Camera devices"),
}
# Translators: examples in a settings field; keep the values as written (30m, 1h30m, zoom…):
# they are what the config file accepts.
PLACEHOLDERS = {"duration": N_("like 30m or 1h30m"), "durations": N_("like 5m, 10m, 20m"),
                "numbers": N_("like 5, 10"), "names": N_("like zoom, teams"),
                "paths": N_("like /dev/video*")}


def choice_words() -> dict[str, str]:
    """The words shown for a choice's values; the value itself stays in the file."""
    return {
        # Translators: a setting's choice: decide by itself (show nudge as…, tray icon).
        "auto": pgettext("setting choice", "auto"),
        # Translators: a setting's choice: show nudge as a tray icon.
        "tray": pgettext("setting choice", "tray"),
        # Translators: a setting's choice: show nudge in the terminal.
        "terminal": pgettext("setting choice", "terminal"),
        # Translators: a setting's choice: the tray icon in colour.
        "colour": pgettext("setting choice", "colour"),
        # Translators: a setting's choice: a near-white tray icon (for a dark panel).
        "light": pgettext("setting choice", "light"),
        # Translators: a setting's choice: a dark tray icon (for a light panel).
        "dark": pgettext("setting choice", "dark"),
    }


def label_for(key: Key) -> str:
    return _(LABELS[key.name]) if key.name in LABELS else key.name.replace("_", " ").capitalize()


_KEY_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")  # away_after; not "snooze", also a word


def in_window_words(text: str) -> str:
    """`text` (a setting's help or problem, written for the config file) with each setting's
    name as the file spells it (`away_after`) put as this window names that field."""
    def field(found: re.Match[str]) -> str:
        if found[0] not in LABELS:
            return found[0]
        # Translators: a settings field's name quoted in a sentence, like “Away after”; use
        # your language's quotation marks.
        return _("“{field}”").format(field=_(LABELS[found[0]]))

    return _KEY_NAME.sub(field, text)


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
            # Translators: the box of an on/off setting.
            return QCheckBox(pgettext("setting", "On"))
        if self.form == "choice":
            box = QComboBox()
            words = choice_words()
            for choice in map(str, self.key.kind.options):
                box.addItem(words.get(choice, choice), choice)
            return box
        if self.form == "number":
            spin = QSpinBox()
            low, high = self.key.kind.options
            spin.setRange(int(low), int(high))  # type: ignore[call-overload]
            return spin
        edit = QLineEdit()
        if self.form in PLACEHOLDERS:
            edit.setPlaceholderText(_(PLACEHOLDERS[self.form]))
        edit.setClearButtonEnabled(self.form in ("names", "paths"))
        return edit

    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
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
                found = widget.findData(str(value))
                if found >= 0:
                    widget.setCurrentIndex(found)
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
            widget.currentIndexChanged.connect(callback)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(callback)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(callback)
