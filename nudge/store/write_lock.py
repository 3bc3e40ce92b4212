"""The history's write lock: one kernel file lock that writers (the tray app and the CLI) take
around each read-modify-write; the kernel drops it if the holder is killed.

Threading: used by `TinyDBEventStore` (nudge/store/event_store.py) on the caller's thread;
taking it may block up to its timeout.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.paths import make_private_dir
from nudge.store.atomic_storage import FILE_MODE
from nudge.store.messages import StoreWriteError, lock_timeout_message

if TYPE_CHECKING:
    from filelock import FileLock


class WriteLock:
    """filelock is imported at the first write or wait (~15 ms, with `decimal` and `platform`):
    `nudge status` with the app not running only reads the history."""

    def __init__(self, path: Path, timeout: float) -> None:
        self._path = path
        self._timeout = timeout
        self._file_lock: FileLock | None = None

    @property
    def _lock(self) -> FileLock:
        if self._file_lock is None:
            from filelock import FileLock

            self._file_lock = FileLock(self._path, timeout=self._timeout, mode=FILE_MODE)
        return self._file_lock

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock (it nests); StoreWriteError if it stays busy past the timeout."""
        from filelock import Timeout

        make_private_dir(self._path.parent)
        try:
            self._lock.acquire()
        except Timeout as err:
            raise StoreWriteError(lock_timeout_message(self._path, self._timeout),
                                  self._path) from err
        try:
            yield
        finally:
            self._lock.release()

    def wait(self, timeout: float) -> bool:
        """Wait at most `timeout` s until no other process holds the lock; False if it still
        does."""
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=timeout)
        except Timeout:
            return False
        except OSError:  # no lock file can be made here, so no writer can be holding it
            return True
        self._lock.release()
        return True
