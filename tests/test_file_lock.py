"""nudge's kernel file lock (`fcntl.flock` on POSIX) with real processes: it excludes other
processes and filelock's lock (nudge before this module), the kernel drops it at SIGKILL, a
wait ends at its timeout, and each thread of one process holds the history's lock on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge.platform.file_lock import KernelFileLock
from nudge.store.write_lock import WriteLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps filelock")

OURS = ("import sys; from pathlib import Path; from nudge.platform.file_lock import "
        "KernelFileLock; lock = KernelFileLock(Path(sys.argv[1])); assert lock.acquire(); "
        "print('held', flush=True); sys.stdin.read()")
FILELOCKS = ("import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
             "lock.acquire(); print('held', flush=True); sys.stdin.read()")


def _holder(code: str, path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline() == "held\n"
    return process


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "some.lock"


@pytest.mark.parametrize("code", [OURS, FILELOCKS], ids=["nudge", "filelock"])
def test_a_lock_held_by_another_process_is_refused_until_sigkill_drops_it(
        path: Path, code: str) -> None:
    holder = _holder(code, path)
    lock = KernelFileLock(path)
    try:
        assert not lock.acquire()
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
        assert lock.acquire(timeout=5.0)  # the kernel dropped it with the process
    finally:
        holder.kill()
        holder.wait(10)
        lock.release()


def test_filelock_waits_for_ours(path: Path) -> None:
    from filelock import FileLock, Timeout

    lock = KernelFileLock(path)
    assert lock.acquire()
    try:
        with pytest.raises(Timeout):
            FileLock(str(path)).acquire(timeout=0)
    finally:
        lock.release()
    other = FileLock(str(path))
    other.acquire(timeout=0)
    other.release()


def test_a_wait_ends_at_its_timeout_and_a_release_lets_a_waiter_in(path: Path) -> None:
    holder = _holder(OURS, path)
    try:
        began = time.monotonic()
        assert not KernelFileLock(path).acquire(timeout=0.3)
        assert 0.3 <= time.monotonic() - began < 3.0
        got = threading.Event()

        def wait() -> None:
            if KernelFileLock(path).acquire(timeout=10.0):
                got.set()

        waiter = threading.Thread(target=wait)
        waiter.start()
        assert holder.stdin is not None
        holder.stdin.close()  # the holder ends, and with it its lock
        waiter.join(15)
        assert got.is_set()
    finally:
        holder.kill()
        holder.wait(10)


def test_acquire_nests_and_the_file_is_private(path: Path) -> None:
    lock, other = KernelFileLock(path), KernelFileLock(path)
    assert lock.acquire() and lock.acquire()
    lock.release()
    assert lock.held and not other.acquire()  # one release of two: still held
    lock.release()
    assert not lock.held and other.acquire()
    other.release()
    assert os.stat(path).st_mode & 0o077 == 0


def test_a_lock_on_a_file_since_replaced_at_its_path_is_not_trusted(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nudge.platform import file_lock

    opened = threading.Event()
    real_open = file_lock._open

    def open_and_tell(where: Path, mode: int) -> int:
        fd = real_open(where, mode)
        opened.set()
        return fd

    monkeypatch.setattr(file_lock, "_open", open_and_tell)
    holder = _holder(OURS, path)  # holds the file now at `path`
    result: list[bool] = []
    waiter = threading.Thread(target=lambda: result.append(KernelFileLock(path).acquire(1.0)))
    try:
        waiter.start()
        assert opened.wait(10)  # the waiter has the old file open and waits for its lock
        os.rename(path, path.with_name("old.lock"))
        second = KernelFileLock(path)
        assert second.acquire()  # a new file at `path`, locked here
        holder.kill()  # the old file's lock goes; the waiter must not count it
        waiter.join(10)
        assert result == [False]
        second.release()
    finally:
        holder.kill()
        holder.wait(10)


def test_the_history_lock_is_held_per_thread(path: Path) -> None:
    lock = WriteLock(path, timeout=0.2)
    entered = threading.Event()
    leave = threading.Event()
    outcome: list[str] = []

    def hold() -> None:
        with lock.held():
            entered.set()
            leave.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert entered.wait(10)
        assert not lock.wait(0.1)  # another thread of this process holds it
        with lock.held(), lock.held():  # this thread waits for it, then would nest its own
            outcome.append("never")
    except Exception as error:  # the store's busy error is the expected outcome
        outcome.append(type(error).__name__)
    finally:
        leave.set()
        holder.join(10)
    assert outcome == ["StoreWriteError"]
    with lock.held(), lock.held():
        assert lock.wait(0.0)  # nested in this thread: held, so free for this thread
