"""One running nudge app per state folder.

`InstanceLock` holds a kernel file lock (`KernelFileLock`: flock on POSIX, a byte-range lock
on Windows). The kernel drops it the moment the holder dies, even by SIGKILL, so a crash never
leaves a stale lock: whether the lock *file* exists means nothing. The holder's pid goes into a
sibling `<lock>.pid` file, only so messages can say "already running (process 1234)".

Threads: the composition root acquires on the main thread; any thread may release (the lock is
not thread-local). `running_pid` may be called from anywhere, including the CLI.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from types import TracebackType

from nudge.platform.atomic_write import write_atomically
from nudge.platform.file_lock import KernelFileLock
from nudge.platform.safe_files import read_regular

UNKNOWN_PID = 0  # held, but the pid file could not be read; for messages only, never os.kill it
_PID_WAIT = 0.5  # seconds running_pid waits for a new holder to write its pid
_PID_POLL = 0.05
_LOCK_MODE = 0o600

log = logging.getLogger(__name__)


class LockHeld(RuntimeError):
    """Another process holds the instance lock (raised by `with InstanceLock(...)`)."""

    def __init__(self, pid: int | None) -> None:
        who = f" (process {pid})" if pid else ""
        super().__init__(f"nudge is already running{who}")
        self.pid = pid


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_file = pid_file_for(path)
        self._lock = KernelFileLock(path, _LOCK_MODE)
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def acquire(self) -> bool:
        """Take the lock without waiting; False if another process holds it."""
        if self._held:
            return True
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self._lock.acquire():
            return False
        self._held = True
        try:
            write_atomically(self.pid_file, f"{os.getpid()}\n".encode("ascii"), _LOCK_MODE)
        except OSError as error:  # the pid is only for messages; the lock is what counts
            log.warning("cannot write %s: %s", self.pid_file, error)
        return True

    def release(self) -> None:
        """Release (idempotent). The pid file goes first, so it never names the next holder's
        predecessor for longer than a crash would."""
        if not self._held:
            return
        if read_pid(self.pid_file) == os.getpid():
            self.pid_file.unlink(missing_ok=True)
        self._held = False
        self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        if not self.acquire():
            raise LockHeld(running_pid(self.path))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()


def running_pid(path: Path) -> int | None:
    """The pid of the process holding the lock at `path`; None if nobody holds it.

    Holders whose pid file cannot be read (yet) give `UNKNOWN_PID`. Probes by taking and at
    once releasing the lock, so it is only a snapshot.
    """
    if not path.exists():
        return None  # nobody has ever locked here (Windows also removes the file on release)
    probe = KernelFileLock(path, _LOCK_MODE)
    if probe.acquire():
        probe.release(force=True)
        return None
    deadline = time.monotonic() + _PID_WAIT
    while True:
        pid = read_pid(pid_file_for(path))
        if pid is not None and _alive(pid):
            return pid
        if time.monotonic() >= deadline:
            return UNKNOWN_PID
        time.sleep(_PID_POLL)  # the holder may be between taking the lock and writing its pid


def pid_file_for(path: Path) -> Path:
    return path.with_name(path.name + ".pid")


def read_pid(pid_file: Path) -> int | None:
    try:
        raw = read_regular(pid_file, 64, follow_links=False)  # a pipe there must not hang
        text = "" if raw is None else raw.decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None


def _alive(pid: int) -> bool:
    """False only when we know `pid` is gone (a stale pid file from a killed holder)."""
    if os.name != "posix":
        return True  # on Windows os.kill(pid, 0) would *terminate* the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True
