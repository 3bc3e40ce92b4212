"""A kernel file lock, dropped by the kernel the moment its holder dies (even by SIGKILL).

POSIX: `fcntl.flock` on the lock file, from the standard library (the same lock `filelock`
takes there, so versions of nudge before and after this module exclude each other). Windows:
`filelock`'s byte-range lock, imported only there, where it is the well-kept way. Used for the
app's instance lock, the history's write lock and the one-of-each window lock.

Threads: one object belongs to one thread at a time (it is not thread-safe); two objects for the
same path exclude each other, in one process or two. `acquire` nests: each success needs one
`release`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import Any

_POLL = 0.05  # seconds between tries while waiting, as filelock polls
_BUSY = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES})  # EACCES: some file systems


class KernelFileLock:
    def __init__(self, path: Path, mode: int = 0o600) -> None:
        self.path = path
        self._mode = mode
        self._fd: int | None = None
        self._count = 0
        self._windows: Any = None if os.name == "posix" else _windows_lock(path, mode)

    @property
    def held(self) -> bool:
        return self._count > 0

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, trying for at most `timeout` seconds (0: once, negative: no limit);
        False if another holder kept it. OSError if the file cannot be opened or locked."""
        if self._count:
            self._count += 1
            return True
        deadline = None if timeout < 0 else time.monotonic() + timeout
        if self._windows is not None:
            if not _windows_acquire(self._windows, timeout):
                return False
        else:
            fd = _take(self.path, self._mode, deadline)
            if fd is None:
                return False
            self._fd = fd
        self._count = 1
        return True

    def release(self, *, force: bool = False) -> None:
        """Give back one `acquire` (all of them with `force`); the lock goes with the last."""
        if not self._count:
            return
        self._count = 0 if force else self._count - 1
        if self._count:
            return
        if self._windows is not None:
            self._windows.release(force=True)
            return
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor of the open file drops its flock


def _take(path: Path, mode: int, deadline: float | None) -> int | None:
    """A descriptor holding the flock on the file now at `path`, or None at the deadline."""
    import fcntl

    fd = _open(path, mode)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in _BUSY:
                os.close(fd)
                raise  # e.g. no flock on this file system: fail, never a lock that goes stale
        else:
            if _still_at(fd, path):
                return fd
            # Removed or replaced between open and lock: a lock on it excludes nobody.
            os.close(fd)
            fd = _open(path, mode)
            continue
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            os.close(fd)
            return None
        time.sleep(_POLL if remaining is None else min(_POLL, remaining))


def _open(path: Path, mode: int) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, mode)
    if os.fstat(fd).st_mode & 0o777 != mode:  # the umask narrowed (or widened) a new file
        with contextlib.suppress(OSError):  # not ours to change: still a lock
            os.fchmod(fd, mode)
    return fd


def _still_at(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _windows_lock(path: Path, mode: int) -> Any:
    from filelock import FileLock

    # fallback_to_soft=False: fail rather than use an existence-based lock, which goes stale
    # when the holder is killed.
    return FileLock(path, mode=mode, thread_local=False, blocking=False, fallback_to_soft=False)


def _windows_acquire(lock: Any, timeout: float) -> bool:
    from filelock import Timeout

    try:
        lock.acquire(timeout=timeout, blocking=timeout != 0)
    except Timeout:
        return False
    return True
