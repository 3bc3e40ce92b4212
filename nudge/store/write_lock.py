"""The history's write lock: one kernel file lock that writers (the tray app and the CLI) take
around each read-modify-write; the kernel drops it if the holder is killed.

Threading: used by `TinyDBEventStore` (nudge/store/event_store.py) on the caller's thread;
taking it may block up to its timeout. Each thread has its own hold (as filelock's thread-local
locks had), so two threads of one process exclude each other too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nudge.paths import make_private_dir
from nudge.platform.file_lock import KernelFileLock
from nudge.store.atomic_storage import FILE_MODE
from nudge.store.messages import StoreWriteError, lock_timeout_message


class WriteLock:
    def __init__(self, path: Path, timeout: float) -> None:
        self._path = path
        self._timeout = timeout
        self._local = threading.local()

    @property
    def _lock(self) -> KernelFileLock:
        lock: KernelFileLock | None = getattr(self._local, "lock", None)
        if lock is None:
            lock = self._local.lock = KernelFileLock(self._path, FILE_MODE)
        return lock

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock (it nests); StoreWriteError if it stays busy past the timeout."""
        make_private_dir(self._path.parent)
        if not self._lock.acquire(self._timeout):
            raise StoreWriteError(lock_timeout_message(self._path, self._timeout), self._path)
        try:
            yield
        finally:
            self._lock.release()

    def wait(self, timeout: float) -> bool:
        """Wait at most `timeout` s until no other process holds the lock; False if it still
        does."""
        try:
            if not self._lock.acquire(timeout):
                return False
        except OSError:  # no lock file can be made here, so no writer can be holding it
            return True
        self._lock.release()
        return True
