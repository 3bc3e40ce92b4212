"""Idle time and (best effort) lock state on macOS, through ctypes only.

Idle: CoreGraphics `CGEventSourceSecondsSinceLastEventType(kCGEventSourceStateHIDSystemState,
kCGAnyInputEventType)` — seconds since the last HID input, system wide; needs no permission.
Lock: `CGSessionCopyCurrentDictionary()` holds the key "CGSSessionScreenIsLocked" (a true
CFBoolean) while the screen is locked, and lacks it otherwise. It is undocumented but stable for
many releases; if the dictionary cannot be read we say "not locked".
Resume from sleep is not signalled here: the tracker sees it as a gap between the clocks.

Probed on the main thread at start, read on the engine thread (no threads of its own).
"""

from __future__ import annotations

import sys
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe
from nudge.app.ports import ActivityReading
from nudge.i18n import _

HID_SYSTEM_STATE = 1  # kCGEventSourceStateHIDSystemState
ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType (~0)
UTF8 = 0x08000100  # kCFStringEncodingUTF8
CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"


class MacIdleSource:
    """Idle seconds and lock state from CoreGraphics.

    Cost: one CoreGraphics call for idle plus one session-dictionary copy for the lock per
    read; no threads. Thread: any.
    """

    name = "macos"

    def __init__(self) -> None:
        import ctypes

        self._ctypes: Any = ctypes
        cg = ctypes.CDLL(CORE_GRAPHICS)
        cf = ctypes.CDLL(CORE_FOUNDATION)
        cg.CGEventSourceSecondsSinceLastEventType.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        cg.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
        cg.CGSessionCopyCurrentDictionary.argtypes = []
        cg.CGSessionCopyCurrentDictionary.restype = ctypes.c_void_p
        cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                                 ctypes.c_uint32]
        cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        cf.CFDictionaryGetValue.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        cf.CFDictionaryGetValue.restype = ctypes.c_void_p
        cf.CFGetTypeID.argtypes = [ctypes.c_void_p]
        cf.CFGetTypeID.restype = ctypes.c_ulong
        cf.CFBooleanGetTypeID.restype = ctypes.c_ulong
        cf.CFBooleanGetValue.argtypes = [ctypes.c_void_p]
        cf.CFBooleanGetValue.restype = ctypes.c_bool
        cf.CFRelease.argtypes = [ctypes.c_void_p]
        self._cg, self._cf = cg, cf
        self._locked_key = cf.CFStringCreateWithCString(None, b"CGSSessionScreenIsLocked", UTF8)

    def read(self) -> ActivityReading:
        idle = self._cg.CGEventSourceSecondsSinceLastEventType(HID_SYSTEM_STATE, ANY_INPUT_EVENT)
        return ActivityReading(idle_seconds=max(0.0, float(idle)), locked=self.locked())

    def locked(self) -> bool:
        session = self._cg.CGSessionCopyCurrentDictionary()
        if not session:
            return False  # no window-server session (e.g. over ssh): nothing to say
        try:
            value = self._cf.CFDictionaryGetValue(session, self._locked_key)
            return bool(value) and (self._cf.CFGetTypeID(value) == self._cf.CFBooleanGetTypeID()
                                    and bool(self._cf.CFBooleanGetValue(value)))
        finally:
            self._cf.CFRelease(session)

    def close(self) -> None:
        key, self._locked_key = self._locked_key, None
        if key:
            self._cf.CFRelease(key)


def probe() -> ActivityProbe:
    name = MacIdleSource.name
    if sys.platform != "darwin":
        return Probe.unavailable(name, _("not this platform (macOS only, this is "
                                         "{platform})").format(platform=sys.platform))
    try:
        source = MacIdleSource()
        source.read()
    except (OSError, AttributeError) as error:
        return Probe.unavailable(name, _("CoreGraphics idle query failed: {why}").format(
            why=error))
    return Probe.used(name, source, _("macOS CoreGraphics idle time; lock from the session "
                                      "dictionary"),
                      frozenset({Capability.IDLE_TIME, Capability.SCREEN_LOCK}))
