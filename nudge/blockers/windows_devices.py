"""Windows blocker: camera or microphone in use, from the privacy "in use" records Windows
keeps per app under HKCU\\...\\CapabilityAccessManager\\ConsentStore\\{webcam,microphone}\\<app>
(and ...\\NonPackaged\\<program path with # for \\>): `LastUsedTimeStop == 0` while the app
uses the device. A desktop program that crashed mid-call leaves 0 behind, so a non-packaged
record counts only while its program is running. The decoding is pure and tested anywhere.

Checked on the engine thread (a probe's thread in `nudge doctor`); the decoding is pure, any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nudge.blockers.base import CheckFailed
from nudge.i18n import N_, English

if TYPE_CHECKING:
    from nudge.blockers.windows_win32 import Win32

CONSENT_STORE = (r"Software\Microsoft\Windows\CurrentVersion\CapabilityAccessManager"
                 r"\ConsentStore")
CONSENT_KINDS = {"camera": "webcam", "microphone": "microphone"}


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


def device_reason(device: str, apps: Sequence[str]) -> English | None:
    """Why a nudge waits: `device` ("camera" or "microphone") is in use by `apps`."""
    if not apps:
        return None
    # Translators: why a nudge waits; {apps} lists programs' names.
    said = N_("the camera is in use ({apps})") if device == "camera" else \
        N_("the microphone is in use ({apps})")
    return English(said, apps=", ".join(apps))


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


class ConsentStoreBlocker:
    """Camera or microphone in use, from the privacy records. Cost: a few dozen registry
    reads, plus a process snapshot only when some record says "in use"."""

    def __init__(self, device: str, win32: Win32) -> None:
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
