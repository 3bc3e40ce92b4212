"""Windows blocker: fullscreen apps, Direct3D games, presentation mode and quiet time, as the
shell reports them (`SHQueryUserNotificationState`, shell32): its own answer to "may an app
show a notification now?". The decoding is pure and tested on any platform.

Checked on the engine thread (a probe's thread in `nudge doctor`); the decoding is pure, any thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nudge.i18n import N_, English

if TYPE_CHECKING:
    from nudge.blockers.windows_win32 import Win32

# SHQueryUserNotificationState results (QUERY_USER_NOTIFICATION_STATE, shellapi.h)
QUNS_NOT_PRESENT = 1  # screen saver, locked, or fast user switching: lock handles it
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7  # a Store app "is running": not a reason on its own
# Translators: why a nudge waits, as Windows reports it.
NOTIFICATION_STATE_REASONS = {
    QUNS_BUSY: English(N_("a fullscreen app")),
    QUNS_RUNNING_D3D_FULL_SCREEN: English(N_("a fullscreen game (Direct3D)")),
    QUNS_PRESENTATION_MODE: English(N_("presentation mode is on")),
    QUNS_QUIET_TIME: English(N_("Windows quiet time is on")),
}


def notification_state_reason(state: int) -> English | None:
    """Why the shell says "not now" (SHQueryUserNotificationState), or None."""
    return NOTIFICATION_STATE_REASONS.get(state)


class NotificationStateBlocker:
    """Fullscreen apps, Direct3D games and presentation mode, as the shell reports them.
    Cost: one shell32 call."""

    name = "fullscreen"

    def __init__(self, win32: Win32) -> None:
        self._win32 = win32

    def check(self) -> str | None:
        return notification_state_reason(self._win32.notification_state())
