"""Start at login on Windows: the value "nudge" under
`HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`.

The command runs `pythonw.exe` (beside `sys.executable`), not `python.exe`, so no console
window opens at login; a frozen build runs its own exe. The exe path is always quoted: an
unquoted path with spaces is parsed ambiguously by Windows.

Task Manager's and Settings' "Startup apps" switch does not touch the Run value: it writes a
binary value of the same name under `...\\Explorer\\StartupApproved\\Run` whose first byte is
even (0x02) for on and odd (0x03) for off. We read that as disabled, and `enable()` deletes the
mark so the user's explicit "on" wins.

Not carried over: `NUDGE_HOME` (a Run value cannot set variables without a console window);
portable installs set it in the user's environment instead.
`winreg` is imported lazily (this module is imported, and unit-tested, on every platform).

Any thread (blocking registry calls of milliseconds): the tray reads it on the engine thread and
writes it on nudge-autostart; commands, the settings window and doctor call it on theirs.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import PureWindowsPath
from typing import Any

from nudge.autostart import APP_ID, cannot, failing_as

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
VALUE_NAME = APP_ID
_PYTHON_EXE = re.compile(r"^python(?!w)(.*)\.exe$", re.IGNORECASE)


def run_command(executable: str, frozen: bool,
                exists: Callable[[str], bool] | None = None) -> str:
    """The Run value for this install: `"<pythonw.exe>" -m nudge`, or `"<exe>"` when frozen.

    `exists` tells whether a file exists (default: `os.path.exists`); when no windowless
    interpreter is found, the console one is used (it works, with a console window).
    """
    exe = PureWindowsPath(executable)
    if frozen:
        return f'"{exe}"'
    exists = os.path.exists if exists is None else exists
    match = _PYTHON_EXE.match(exe.name)
    if match:
        for name in (f"pythonw{match.group(1)}.exe", "pythonw.exe"):
            if exists(str(exe.with_name(name))):
                exe = exe.with_name(name)
                break
    return f'"{exe}" -m {APP_ID}'


def disabled_by_user(approved: bytes | None) -> bool:
    """True when Task Manager / Settings marked the entry off (odd first byte)."""
    return approved is not None and len(approved) > 0 and approved[0] & 1 == 1


class WindowsAutostart:
    def __init__(self, executable: str, frozen: bool, registry: Any = None) -> None:
        self.where = rf"HKEY_CURRENT_USER\{RUN_KEY}\{VALUE_NAME}"
        self._command = run_command(executable, frozen)
        self._current = {self._command, run_command(executable, frozen, lambda path: False)}
        self._registry = registry  # the winreg module, or a fake in tests

    def enabled(self) -> bool:
        if self.registered_command() is None:
            return False
        return not disabled_by_user(self._read(APPROVED_KEY))

    def enable(self) -> None:
        if self.enabled() and self.is_current():
            return
        reg = self._winreg()
        with failing_as("write", self.where), \
                reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, VALUE_NAME, 0, reg.REG_SZ, self._command)
        self._delete(APPROVED_KEY)  # a leftover "off" mark would silently keep it off

    def disable(self) -> None:
        self._delete(RUN_KEY)
        self._delete(APPROVED_KEY)

    def registered_command(self) -> str | None:
        value = self._read(RUN_KEY)
        return value if isinstance(value, str) else None

    def wanted_command(self) -> str:
        return self._command

    def is_current(self) -> bool:
        return self.registered_command() in self._current

    def _read(self, subkey: str) -> Any:
        reg = self._winreg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, subkey, 0, reg.KEY_READ) as key:
                return reg.QueryValueEx(key, VALUE_NAME)[0]
        except FileNotFoundError:
            return None
        except OSError as error:
            raise cannot("read", f"HKEY_CURRENT_USER\\{subkey}", error) from None

    def _delete(self, subkey: str) -> None:
        reg = self._winreg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, subkey, 0, reg.KEY_SET_VALUE) as key, \
                    contextlib.suppress(FileNotFoundError):
                reg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            return  # the key itself does not exist: nothing to delete
        except OSError as error:
            raise cannot("change", f"HKEY_CURRENT_USER\\{subkey}", error) from None

    def _winreg(self) -> Any:
        if self._registry is None:
            import winreg

            self._registry = winreg
        return self._registry
