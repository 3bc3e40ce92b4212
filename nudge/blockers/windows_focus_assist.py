"""Windows blocker: Focus Assist (do not disturb), read from the undocumented WNF state
WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED (see `windows_win32.py`): 0 off, 1 priority only,
2 alarms only. Best effort: if the read fails, do-not-disturb reads as off.

Checked on the engine thread (a probe's thread in `nudge doctor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nudge.i18n import N_, English

if TYPE_CHECKING:
    from nudge.blockers.windows_win32 import Win32

# Translators: why a nudge waits; Focus Assist is Windows' do-not-disturb.
FOCUS_ASSIST_REASONS = {1: English(N_("Focus Assist is on (priority only)")),
                        2: English(N_("Focus Assist is on (alarms only)"))}
FOCUS_ASSIST_ON = English(N_("Focus Assist is on"))


def focus_assist_reason(profile: int | None) -> English | None:
    """Focus Assist's active profile (0 off, 1 priority only, 2 alarms only) as a reason."""
    if profile is None:
        return None
    return FOCUS_ASSIST_REASONS.get(profile, FOCUS_ASSIST_ON if profile > 0 else None)


class FocusAssistBlocker:
    """Focus Assist (best effort, undocumented WNF state). Cost: one ntdll call."""

    name = "do not disturb"

    def __init__(self, win32: Win32) -> None:
        self._win32 = win32

    def check(self) -> str | None:
        return focus_assist_reason(self._win32.focus_assist())
