"""Which part of the settings window to open on: `nudge settings --section hours` (the tray's
"Change work hours…"), and the same when a second request raises the open window.

The names are plain words a person can type; no Qt at import (the parser and the tray read
`SECTIONS`). `show_section` runs on the settings window's GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nudge.windows.settings_window import SettingsWindow

# section name -> the part of `settings_window.TABS` whose tab it opens
SECTIONS = {"schedule": "schedule", "hours": "schedule.work_hours", "exercises": "exercises",
            "blockers": "blockers", "app": "app"}


def show_section(window: SettingsWindow, section: str) -> None:
    """Switch `window` to `section`'s tab and put the keyboard in its first field."""
    from PySide6.QtCore import Qt

    from nudge.windows.settings_window import TABS

    part = SECTIONS.get(section)
    for index, (_title, parts) in enumerate(TABS):
        if part in parts:
            window.tabs.setCurrentIndex(index)
            break
    else:
        return
    page = window.tabs.currentWidget()
    fields = [control.widget for control in window.controls.values()]
    if part == SECTIONS["hours"]:  # Monday's hours: what "Change work hours…" came for
        hours = window.work_hours
        fields = [edit for edit in hours.hours.values() if edit.isEnabled()] or \
            list(hours.off.values())  # every day off: the first "Off" box
    first = next((field for field in fields if page is not None and page.isAncestorOf(field)),
                 None)
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)
