"""Windows blocker: Focus Assist (do not disturb), read from the undocumented WNF state
WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED (see `windows_win32.py`): 0 off, 1 priority only,
2 alarms only. Best effort: if the read fails, do-not-disturb reads as off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nudge.blockers.windows_win32 import Win32

FOCUS_ASSIST_REASONS = {1: "Focus Assist is on (priority only)",
                        2: "Focus Assist is on (alarms only)"}


def focus_assist_reason(profile: int | None) -> str | None:
    """Focus Assist's active profile (0 off, 1 priority only, 2 alarms only) as a reason."""
    if profile is None:
        return None
    return FOCUS_ASSIST_REASONS.get(profile, "Focus Assist is on" if profile > 0 else None)


class FocusAssistBlocker:
    """Focus Assist (best effort, undocumented WNF state). Cost: one ntdll call."""

    name = "do not disturb"

    def __init__(self, win32: Win32) -> None:
        self._win32 = win32

    def check(self) -> str | None:
        return focus_assist_reason(self._win32.focus_assist())
