"""The few Win32 calls the Windows blockers need, through ctypes only, set up once with
explicit argument and result types. Created only on Windows (by `windows.candidates`).

Its calls are made by the Windows blockers' checks, on the engine thread (a probe's thread in
`nudge doctor`).
"""

from __future__ import annotations

from typing import Any

from nudge.blockers.apps import ProcessNames
from nudge.blockers.base import CheckFailed
from nudge.i18n import N_, English

WNF_SHEL_QUIETHOURS_ACTIVE_PROFILE_CHANGED = 0x0D83063EA3BF1C75


class Win32:
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
            # Translators: {code} is a Windows error code (0x80004005).
            raise CheckFailed(English(N_("SHQueryUserNotificationState failed (HRESULT {code})"),
                                      code=f"{result:#x}"))
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
            raise CheckFailed(English(N_("CreateToolhelp32Snapshot failed")))
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
