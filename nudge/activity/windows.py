"""Idle time and (best effort) lock state on Windows, through ctypes only.

Idle: `GetLastInputInfo` gives the tick count (ms since boot, 32-bit) of the last input in this
session; `GetTickCount` gives now on the same clock. Both are DWORDs that wrap every 2**32 ms
(49.7 days of uptime), so the difference is taken modulo 2**32 (`idle_ms_between`).
Lock: while the lock screen (or a UAC / Ctrl+Alt+Del secure desktop) is up, the input desktop
is Winlogon's and `OpenInputDesktop` fails for us. That is the whole check: no session
notifications (they need a window and message loop). A UAC prompt therefore reads as "locked"
for as long as it is shown, which is harmless for counting sitting.
Resume from sleep is not signalled here: the tracker sees it as a gap between the clocks.

Probed on the main thread at start, read on the engine thread (no threads of its own).
"""

from __future__ import annotations

import sys
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe
from nudge.app.ports import ActivityReading
from nudge.i18n import _

TICK_MODULUS = 2**32  # GetTickCount and LASTINPUTINFO.dwTime are 32-bit milliseconds
DESKTOP_SWITCHDESKTOP = 0x0100
MS_PER_SECOND = 1000.0


def idle_ms_between(tick_now: int, last_input_tick: int) -> int:
    """Milliseconds from the last input to now on the 32-bit tick clock, across its wrap.

    A result in the upper half of the range means the input came in between our two calls
    (last input "after" now), not 24.8+ days of idleness: that reads as 0.
    """
    idle = (tick_now - last_input_tick) % TICK_MODULUS
    return 0 if idle >= TICK_MODULUS // 2 else idle


class WindowsIdleSource:
    """Idle seconds and lock state from user32/kernel32.

    Cost: three cheap Win32 calls per read (GetLastInputInfo, GetTickCount, OpenInputDesktop),
    no threads, no handles kept. Thread: any.
    """

    name = "windows"

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        class LastInputInfo(ctypes.Structure):
            _fields_ = [("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD)]

        self._ctypes: Any = ctypes
        self._info = LastInputInfo()
        self._info.cbSize = ctypes.sizeof(LastInputInfo)
        windll: Any = ctypes.windll  # type: ignore[attr-defined]
        self._user32 = windll.user32
        self._kernel32 = windll.kernel32
        # Without these, ctypes treats the DWORD result as a signed int (negative after 24.8
        # days of uptime) and truncates the HDESK handle on 64-bit.
        self._kernel32.GetTickCount.restype = wintypes.DWORD
        self._user32.GetLastInputInfo.argtypes = [ctypes.POINTER(LastInputInfo)]
        self._user32.GetLastInputInfo.restype = wintypes.BOOL
        self._user32.OpenInputDesktop.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
        self._user32.OpenInputDesktop.restype = wintypes.HANDLE
        self._user32.CloseDesktop.argtypes = [wintypes.HANDLE]

    def read(self) -> ActivityReading:
        return ActivityReading(idle_seconds=self.idle_ms() / MS_PER_SECOND,
                               locked=self.locked())

    def idle_ms(self) -> int:
        if not self._user32.GetLastInputInfo(self._ctypes.byref(self._info)):
            raise OSError("GetLastInputInfo failed")
        # Read "now" after the last input so that, barring a race, now >= last input.
        return idle_ms_between(self._kernel32.GetTickCount(), self._info.dwTime)

    def locked(self) -> bool:
        desktop = self._user32.OpenInputDesktop(0, False, DESKTOP_SWITCHDESKTOP)
        if not desktop:
            return True  # the input desktop is Winlogon's: lock screen (or UAC prompt)
        self._user32.CloseDesktop(desktop)
        return False

    def close(self) -> None:
        pass


def probe() -> ActivityProbe:
    name = WindowsIdleSource.name
    if sys.platform != "win32":
        return Probe.unavailable(name, _("not this platform (Windows only, this is "
                                         "{platform})").format(platform=sys.platform))
    try:
        source = WindowsIdleSource()
        source.read()
    except (OSError, AttributeError) as error:
        return Probe.unavailable(name, _("Win32 idle query failed: {why}").format(why=error))
    return Probe.used(name, source, _("Windows GetLastInputInfo idle time; lock via "
                                      "OpenInputDesktop"),
                      frozenset({Capability.IDLE_TIME, Capability.SCREEN_LOCK}))
