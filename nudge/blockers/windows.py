"""Blockers on Windows, through ctypes and winreg only (imported only on Windows; the decoding
in the modules below is pure and tested on any platform).

- Fullscreen, presentations: `SHQueryUserNotificationState` (shell32) — the shell's own answer
  to "may an app show a notification now?". QUNS_BUSY (a fullscreen app), QUNS_RUNNING_D3D_
  FULL_SCREEN (an exclusive-mode Direct3D game), QUNS_PRESENTATION_MODE (presentation settings
  or PowerPoint's slide show) and QUNS_QUIET_TIME block; QUNS_ACCEPTS_NOTIFICATIONS does not.
- Do not disturb (Focus Assist): the undocumented WNF state
  WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED via ntdll `NtQueryWnfStateData`: 0 off,
  1 priority only, 2 alarms only. Best effort: stable from Windows 10 1803 through Windows 11
  (read), but undocumented; if the call fails, do-not-disturb reads as off.
- Camera and microphone: the privacy "in use" records Windows keeps per app under
  HKCU\\...\\CapabilityAccessManager\\ConsentStore\\{webcam,microphone}\\<app> (and
  ...\\NonPackaged\\<program path with # for \\>): `LastUsedTimeStop == 0` while the app uses
  the device. A desktop program that crashed mid-call leaves 0 behind, so a non-packaged record
  counts only while its program is running.
- Apps: the process list from Toolhelp32; the focused app from `GetForegroundWindow`.
Screen sharing cannot be seen: Windows has no public API that reports a capture session.

One module per blocker: `windows_fullscreen.py`, `windows_focus_assist.py`, `windows_devices.py`
(camera and microphone); the Win32 calls in `windows_win32.py`. This module picks them.

Built where `build_blockers` runs (the main thread at start, the engine thread on a config change);
checked on the engine thread.
"""

from __future__ import annotations

from nudge.blockers.apps import AppsBlocker, FocusedAppsBlocker
from nudge.blockers.base import BlockerProbe
from nudge.blockers.windows_devices import (
    CONSENT_KINDS,
    CONSENT_STORE,
    ConsentEntry,
    ConsentStoreBlocker,
    apps_in_use,
    device_reason,
    read_consent_store,
)
from nudge.blockers.windows_focus_assist import (
    FOCUS_ASSIST_REASONS,
    FocusAssistBlocker,
    focus_assist_reason,
)
from nudge.blockers.windows_fullscreen import (
    NOTIFICATION_STATE_REASONS,
    QUNS_ACCEPTS_NOTIFICATIONS,
    QUNS_APP,
    QUNS_BUSY,
    QUNS_NOT_PRESENT,
    QUNS_PRESENTATION_MODE,
    QUNS_QUIET_TIME,
    QUNS_RUNNING_D3D_FULL_SCREEN,
    NotificationStateBlocker,
    notification_state_reason,
)
from nudge.blockers.windows_win32 import WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED, Win32
from nudge.config.blocker_settings import BlockerSettings
from nudge.i18n import N_, _
from nudge.platform.probe import Probe

# Re-exported: the names callers and tests import from here.
__all__ = ["CONSENT_KINDS", "CONSENT_STORE", "FOCUS_ASSIST_REASONS", "NOTIFICATION_STATE_REASONS",
           "QUNS_ACCEPTS_NOTIFICATIONS", "QUNS_APP", "QUNS_BUSY", "QUNS_NOT_PRESENT",
           "QUNS_PRESENTATION_MODE", "QUNS_QUIET_TIME", "QUNS_RUNNING_D3D_FULL_SCREEN",
           "WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED", "ConsentEntry", "ConsentStoreBlocker",
           "FocusAssistBlocker", "NotificationStateBlocker", "Win32", "apps_in_use",
           "candidates", "device_reason", "focus_assist_reason", "notification_state_reason",
           "read_consent_store"]
_CONSENT_WATCHES = {
    "camera": N_("Windows privacy records of apps using the camera (CapabilityAccessManager)"),
    "microphone": N_("Windows privacy records of apps using the microphone "
                     "(CapabilityAccessManager)"),
}


def candidates(settings: BlockerSettings) -> list[BlockerProbe]:
    """The Windows blockers, cheapest first (the factory adds the "turned off" lines)."""
    win32 = Win32()
    found: list[BlockerProbe] = []
    if settings.fullscreen:
        found.append(Probe.used("fullscreen", NotificationStateBlocker(win32),
                                _("the shell's notification state (fullscreen apps, "
                                  "Direct3D games, presentation mode)")))
    if settings.do_not_disturb:
        found.append(Probe.used("do not disturb", FocusAssistBlocker(win32),
                                _("Focus Assist (best effort: undocumented WNF state)")))
    if settings.focused_apps:
        found.append(Probe.used("focused apps", FocusedAppsBlocker(
            settings.focused_apps, win32.foreground_pid, win32.names_of),
            _("the foreground window's program: {apps}").format(
                apps=", ".join(settings.focused_apps))))
    if settings.apps:
        found.append(Probe.used("apps", AppsBlocker(
            settings.apps, lambda: [(name,) for _, name in win32.processes()]),
            _("running programs: {apps}").format(apps=", ".join(settings.apps))))
    for device in ("camera", "microphone"):
        if getattr(settings, device):
            found.append(Probe.used(device, ConsentStoreBlocker(device, win32),
                                    _(_CONSENT_WATCHES[device])))
    if settings.screen_sharing:
        found.append(Probe.unavailable("screen sharing", _("not detectable on Windows: no "
                                                           "public API reports a screen "
                                                           "capture")))
    return found
