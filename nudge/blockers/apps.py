"""Apps that block: `apps` while they run at all, `focused_apps` while their window has focus.

Names are matched case-insensitively against each process's name and the file name of its
program (argv[0]), with ".exe" ignored, so "zoom", "Zoom" and "Zoom.exe" all work. Linux
process names (`/proc/PID/comm`) are cut to 15 characters: a 15-character name matches any
configured name it begins.

Process lists come from the platform: `/proc` here, `ps` on macOS, Toolhelp on Windows
(`windows.py`); the matching is pure and shared.

Checked on the engine thread (a probe's thread in `nudge doctor`); the matching is pure, any thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from nudge.i18n import N_, English

_OPTIONS = re.compile(r"\s+-")  # where a rewritten command line's options begin
COMM_LENGTH = 15  # Linux TASK_COMM_LEN (16) minus the terminating NUL

ProcessNames = tuple[str, ...]  # one process's names: comm, program file name
ListProcesses = Callable[[], Iterable[ProcessNames]]
NamesOf = Callable[[int], ProcessNames]


def normalize(name: str) -> str:
    name = name.strip().lower()
    return name[:-4] if name.endswith(".exe") else name


def program_name(argv0: str) -> str:
    """The file name of a program from argv[0]: a path (spaces allowed), or the whole command
    line that Chrome and Electron apps rewrite into argv[0] ("/opt/x/chrome --type=…")."""
    program = _OPTIONS.split(argv0, 1)[0]
    return program.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def match_app(wanted: Sequence[str], names: Iterable[str]) -> str | None:
    """The first configured name (as written) that `names` of one process match, or None."""
    seen = [normalize(n) for n in names if n and n.strip()]
    for configured in wanted:
        target = normalize(configured)
        for name in seen:
            if name == target or (len(name) == COMM_LENGTH and target.startswith(name)):
                return configured
    return None


class AppsBlocker:
    """Blocks while any process matching `apps` runs.

    Cost: one pass over the process list per check (on Linux two small /proc reads per
    process: a few ms for a few hundred processes). Thread: any.
    """

    name = "apps"

    def __init__(self, apps: Sequence[str], processes: ListProcesses) -> None:
        self.apps = tuple(apps)
        self._processes = processes

    def check(self) -> str | None:
        for names in self._processes():
            found = match_app(self.apps, names)
            if found is not None:
                # Translators: why a nudge waits; {app} is a program's name.
                return English(N_("{app} is running"), app=found)
        return None


class FocusedAppsBlocker:
    """Blocks while the focused window belongs to a process matching `focused_apps`.

    Cost: asking the window system for the focused process, then one process lookup.
    """

    name = "focused apps"

    def __init__(self, apps: Sequence[str], focused_process: Callable[[], int | None],
                 names_of: NamesOf) -> None:
        self.apps = tuple(apps)
        self._focused = focused_process
        self._names_of = names_of

    def check(self) -> str | None:
        pid = self._focused()
        if pid is None:
            return None
        found = match_app(self.apps, self._names_of(pid))
        # Translators: why a nudge waits; {app} is a program's name.
        return None if found is None else English(N_("{app} has the focus"), app=found)


# -- Linux: /proc -----------------------------------------------------------------------------
def linux_names(pid: int, proc: str = "/proc") -> ProcessNames:
    """comm and the program's file name of one process; () if it is gone or hidden."""
    names: list[str] = []
    try:
        with open(f"{proc}/{pid}/comm", "rb") as file:
            names.append(file.read().decode("utf-8", "replace").rstrip("\n"))
        with open(f"{proc}/{pid}/cmdline", "rb") as file:
            argv0 = file.read(4096).split(b"\0", 1)[0].decode("utf-8", "replace")
    except OSError:  # gone, or hidden by hidepid
        return tuple(names)
    if argv0:
        names.append(program_name(argv0))
    return tuple(names)


def linux_processes(proc: str = "/proc") -> Iterator[ProcessNames]:
    """Names of every process visible in /proc (kernel threads have an empty cmdline)."""
    try:
        entries = os.listdir(proc)
    except OSError:
        return
    for entry in entries:
        if entry.isdigit():
            names = linux_names(int(entry), proc)
            if names:
                yield names
