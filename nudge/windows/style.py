"""Small shared pieces of the windows: help text, problem text, keys, the ask-to-save box,
a scrolled page.

Colours come from the desktop's palette (dark themes stay readable); the problem red is the
one exception, chosen to read on light and dark backgrounds alike.

GUI thread only (Qt widgets).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QWidget

from nudge.i18n import _

PROBLEM_COLOUR = "#c62828"


def picture_theme(widget: QWidget) -> str:
    """The exercise pictures' theme for `widget`: "dark" on a dark window palette."""
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return "dark" if dark else "light"


def help_label(text: str) -> QLabel:
    """A setting's explanation: wrapped, in the palette's quieter text colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def error_label() -> QLabel:
    """Where a setting's problem is said; hidden while there is none."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
    # Translators: what a screen reader calls the red line under a field that has a mistake.
    label.setAccessibleName(_("Problem"))
    label.setVisible(False)
    return label


def scrolled(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: a small screen at 200 % scrolls it, where its
    minimum size would push the window (and its buttons) off the screen."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def shortcut(window: QWidget, keys: QKeySequence, action: Callable[[], object]) -> QShortcut:
    """A key for `action` in `window`. Connected through the signal: PySide6 6.12 crashes
    (a reference-count error) when a Python callable is given to QShortcut's constructor."""
    made = QShortcut(keys, window)
    made.activated.connect(action)
    return made


def closing_keys(window: QWidget) -> None:
    """Escape and Ctrl+W close the window, as in other small windows."""
    shortcut(window, QKeySequence(QKeySequence.StandardKey.Close), window.close)
    shortcut(window, QKeySequence("Escape"), window.close)


def ask_to_save(parent: QWidget) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel, asked in the user's language (the buttons' words are ours,
    not Qt's, so one template translates the whole window)."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, _("nudge settings"),
                      _("Save your changes before closing?"),
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.setObjectName("ask-to-save")
    box.setDefaultButton(buttons.Save)
    for which, words in ((buttons.Save, _("&Save")), (buttons.Discard, _("&Discard")),
                         (buttons.Cancel, _("Cancel"))):
        button = box.button(which)
        if button is not None:
            button.setText(words)
    box.exec()
    return box.standardButton(box.clickedButton()) if box.clickedButton() is not None \
        else buttons.Cancel
