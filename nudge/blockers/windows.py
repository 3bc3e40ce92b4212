"""Blockers on Windows, through ctypes and winreg only (imported only on Windows; the decoding
below is pure and tested on any platform).

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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from nudge.blockers.apps import AppsBlocker, FocusedAppsBlocker, ProcessNames
from nudge.blockers.base import Candidate, CheckFailed
from nudge.blockers.settings import BlockerSettings

# SHQueryUserNotificationState results (QUERY_USER_NOTIFICATION_STATE, shellapi.h)
QUNS_NOT_PRESENT = 1  # screen saver, locked, or fast user switching: lock handles it
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7  # a Store app "is running": not a reason on its own
NOTIFICATION_STATE_REASONS = {
    QUNS_BUSY: "a fullscreen app",
    QUNS_RUNNING_D3D_FULL_SCREEN: "a fullscreen game (Direct3D)",
    QUNS_PRESENTATION_MODE: "presentation mode is on",
    QUNS_QUIET_TIME: "Windows quiet time is on",
}
FOCUS_ASSIST_REASONS = {1: "Focus Assist is on (priority only)",
                        2: "Focus Assist is on (alarms only)"}
WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED = 0x0D83063EA3BF1C75
CONSENT_STORE = (r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager"
                 r"\ConsentStore")
CONSENT_KINDS = {"camera": "webcam", "microphone": "microphone"}


def notification_state_reason(state: int) -> str | None:
    """Why the shell says "not now" (SHQueryUserNotificationState), or None."""
    return NOTIFICATION_STATE_REASONS.get(state)


def focus_assist_reason(profile: int | None) -> str | None:
    """Focus Assist's active profile (0 off, 1 priority only, 2 alarms only) as a reason."""
    if profile is None:
        return None
    return FOCUS_ASSIST_REASONS.get(profile, "Focus Assist is on" if profile > 0 else None)


@dataclass(frozen=True)
class ConsentEntry:
    """One app's record under a ConsentStore key."""

    key: str  # the subkey name: a package family name, or a program path with "#" for "\"
    non_packaged: bool
    last_start: int  # FILETIME of the last start of use, 0 if never
    last_stop: int  # FILETIME of the last end of use, 0 while in use

    @property
    def app(self) -> str:
        """"Zoom.exe" for C:#Program Files#Zoom#bin#Zoom.exe; "Microsoft.WindowsCamera" for
        Microsoft.WindowsCamera_8wekyb3d8bbwe."""
        if self.non_packaged:
            return self.key.replace("\\", "#").rsplit("#", 1)[-1]
        return self.key.rsplit("_", 1)[0] if "_" in self.key else self.key

    @property
    def in_use(self) -> bool:
        return self.last_start > 0 and self.last_stop == 0


def apps_in_use(entries: Iterable[ConsentEntry], running: Iterable[str] | None) -> list[str]:
    """Apps using the device now. `running` holds the running programs' file names; a
    non-packaged record whose program is not among them is a leftover of a crash. With
    `running` None (the process list failed) every record counts."""
    alive = None if running is None else {name.lower() for name in running}
    found: list[str] = []
    for entry in entries:
        if not entry.in_use:
            continue
        if entry.non_packaged and alive is not None and entry.app.lower() not in alive:
            continue
        if entry.app not in found:
            found.append(entry.app)
    return found


def device_reason(device: str, apps: Sequence[str]) -> str | None:
    if not apps:
        return None
    return f"the {device} is in use ({', '.join(apps)})"


# -- Win32 (only called on Windows) -----------------------------------------------------------
class _Win32:
    """The few Win32 calls the blockers need, set up once with explicit types."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        class ProcessEntry(ctypes.Structure):
            _fields_ = [("dwSize", wintypes.DWORD), ("cntUsage", wintypes.DWORD),
                        ("th32ProcessID", wintypes.DWORD), ("th32DefaultHeapID", ctypes.c_size_t),
                        ("th32ModuleID", wintypes.DWORD), ("cntThreads", wintypes.DWORD),
                        ("th32ParentProcessID", wintypes.DWORD), ("pcPriClassBase", wintypes.LONG),
                        ("dwFlags", wintypes.DWORD), ("szExeFile", wintypes.WCHAR * 260)]

        self.ctypes: Any = ctypes
        self.ProcessEntry = ProcessEntry
        windll: Any = ctypes.windll  # type: ignore[attr-defined]
        self.shell32, self.user32 = windll.shell32, windll.user32
        self.kernel32, self.ntdll = windll.kernel32, windll.ntdll
        self.shell32.SHQueryUserNotificationState.argtypes = [ctypes.POINTER(ctypes.c_int)]
        self.shell32.SHQueryUserNotificationState.restype = ctypes.c_long
        self.ntdll.NtQueryWnfStateData.argtypes = [
            ctypes.POINTER(ctypes.c_uint64), ctypes.c_void_p, ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_ulong), ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong)]
        self.ntdll.NtQueryWnfStateData.restype = ctypes.c_long
        self.kernel32.CreateToolhelp32Snapshot.argtypes = [wintypes.DWORD, wintypes.DWORD]
        self.kernel32.CreateToolhelp32Snapshot.restype = wintypes.HANDLE
        for name in ("Process32FirstW", "Process32NextW"):
            getattr(self.kernel32, name).argtypes = [wintypes.HANDLE,
                                                     ctypes.POINTER(ProcessEntry)]
            getattr(self.kernel32, name).restype = wintypes.BOOL
        self.kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
        self.user32.GetForegroundWindow.restype = wintypes.HWND
        self.user32.GetWindowThreadProcessId.argtypes = [wintypes.HWND,
                                                         ctypes.POINTER(wintypes.DWORD)]
        self.user32.GetWindowThreadProcessId.restype = wintypes.DWORD
        self._invalid = wintypes.HANDLE(-1).value

    def notification_state(self) -> int:
        state = self.ctypes.c_int(0)
        result = self.shell32.SHQueryUserNotificationState(self.ctypes.byref(state))
        if result != 0:
            raise CheckFailed(f"SHQueryUserNotificationState failed (HRESULT {result:#x})")
        return int(state.value)

    def focus_assist(self) -> int | None:
        ctypes = self.ctypes
        name = ctypes.c_uint64(WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED)
        stamp, value = ctypes.c_ulong(0), ctypes.c_ulong(0)
        size = ctypes.c_ulong(ctypes.sizeof(value))
        status = self.ntdll.NtQueryWnfStateData(ctypes.byref(name), None, None,
                                                ctypes.byref(stamp), ctypes.byref(value),
                                                ctypes.byref(size))
        if status != 0:
            return None  # not this Windows version: unknown, so not blocking
        return int(value.value) if size.value else 0

    def processes(self) -> list[tuple[int, str]]:
        """(pid, program file name) of every process, from a Toolhelp32 snapshot."""
        snapshot = self.kernel32.CreateToolhelp32Snapshot(0x2, 0)  # TH32CS_SNAPPROCESS
        if not snapshot or snapshot == self._invalid:
            raise CheckFailed("CreateToolhelp32Snapshot failed")
        found: list[tuple[int, str]] = []
        try:
            entry = self.ProcessEntry()
            entry.dwSize = self.ctypes.sizeof(self.ProcessEntry)
            more = self.kernel32.Process32FirstW(snapshot, self.ctypes.byref(entry))
            while more:
                found.append((int(entry.th32ProcessID), str(entry.szExeFile)))
                more = self.kernel32.Process32NextW(snapshot, self.ctypes.byref(entry))
        finally:
            self.kernel32.CloseHandle(snapshot)
        return found

    def foreground_pid(self) -> int | None:
        window = self.user32.GetForegroundWindow()
        if not window:
            return None
        pid = self.ctypes.c_ulong(0)
        self.user32.GetWindowThreadProcessId(window, self.ctypes.byref(pid))
        return int(pid.value) or None

    def names_of(self, pid: int) -> ProcessNames:
        return tuple(name for number, name in self.processes() if number == pid)


def read_consent_store(kind: str) -> list[ConsentEntry]:
    """Every app's record under ConsentStore\\<kind> ("webcam" or "microphone") in HKCU."""
    import importlib

    winreg: Any = importlib.import_module("winreg")  # Windows only; typed loosely elsewhere

    def value(key: Any, name: str) -> int:
        try:
            return int(winreg.QueryValueEx(key, name)[0])
        except (OSError, TypeError, ValueError):
            return 0

    def subkeys(key: Any) -> list[str]:
        names, index = [], 0
        while True:
            try:
                names.append(winreg.EnumKey(key, index))
            except OSError:
                return names
            index += 1

    entries: list[ConsentEntry] = []
    try:
        root = winreg.OpenKey(winreg.HKEY_CURRENT_USER, f"{CONSENT_STORE}\\{kind}")
    except OSError:
        return entries  # never used on this account
    with root:
        for name in subkeys(root):
            with winreg.OpenKey(root, name) as key:
                if name == "NonPackaged":
                    for program in subkeys(key):
                        with winreg.OpenKey(key, program) as sub:
                            entries.append(ConsentEntry(program, True,
                                                        value(sub, "LastUsedTimeStart"),
                                                        value(sub, "LastUsedTimeStop")))
                else:
                    entries.append(ConsentEntry(name, False, value(key, "LastUsedTimeStart"),
                                                value(key, "LastUsedTimeStop")))
    return entries


class NotificationStateBlocker:
    """Fullscreen apps, Direct3D games and presentation mode, as the shell reports them.
    Cost: one shell32 call."""

    name = "fullscreen"

    def __init__(self, win32: _Win32) -> None:
        self._win32 = win32

    def check(self) -> str | None:
        return notification_state_reason(self._win32.notification_state())


class FocusAssistBlocker:
    """Focus Assist (best effort, undocumented WNF state). Cost: one ntdll call."""

    name = "do not disturb"

    def __init__(self, win32: _Win32) -> None:
        self._win32 = win32

    def check(self) -> str | None:
        return focus_assist_reason(self._win32.focus_assist())


class ConsentStoreBlocker:
    """Camera or microphone in use, from the privacy records. Cost: a few dozen registry
    reads, plus a process snapshot only when some record says "in use"."""

    def __init__(self, device: str, win32: _Win32) -> None:
        self.name = device
        self._kind = CONSENT_KINDS[device]
        self._win32 = win32

    def check(self) -> str | None:
        entries = [e for e in read_consent_store(self._kind) if e.in_use]
        if not entries:
            return None
        try:
            running: list[str] | None = [name for _, name in self._win32.processes()]
        except CheckFailed:
            running = None
        return device_reason(self.name, apps_in_use(entries, running))


def candidates(settings: BlockerSettings) -> list[Candidate]:
    """The Windows blockers, cheapest first (the factory adds the "turned off" lines)."""
    win32 = _Win32()
    found: list[Candidate] = []
    if settings.fullscreen:
        found.append(Candidate("fullscreen", NotificationStateBlocker(win32),
                               "the shell's notification state (fullscreen apps, Direct3D "
                               "games, presentation mode)"))
    if settings.do_not_disturb:
        found.append(Candidate("do not disturb", FocusAssistBlocker(win32),
                               "Focus Assist (best effort: undocumented WNF state)"))
    if settings.focused_apps:
        found.append(Candidate("focused apps", FocusedAppsBlocker(
            settings.focused_apps, win32.foreground_pid, win32.names_of),
            f"the foreground window's program: {', '.join(settings.focused_apps)}"))
    if settings.apps:
        found.append(Candidate("apps", AppsBlocker(
            settings.apps, lambda: [(name,) for _, name in win32.processes()]),
            f"running programs: {', '.join(settings.apps)}"))
    for device in ("camera", "microphone"):
        if getattr(settings, device):
            found.append(Candidate(device, ConsentStoreBlocker(device, win32),
                                   "Windows privacy records of apps using the "
                                   f"{device} (CapabilityAccessManager)"))
    if settings.screen_sharing:
        found.append(Candidate("screen sharing", None, "not detectable on Windows: no public "
                               "API reports a screen capture"))
    return found
