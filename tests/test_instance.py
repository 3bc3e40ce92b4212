"""Single instance: a kernel lock another process cannot take and SIGKILL cannot leave stale."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge.app.instance import UNKNOWN_PID, InstanceLock, LockHeld, pid_file_for, running_pid

REPO = Path(__file__).resolve().parents[1]
HOLDER = """
import sys, time
from pathlib import Path
from nudge.app.instance import InstanceLock

lock = InstanceLock(Path(sys.argv[1]))
print("held" if lock.acquire() else "busy", flush=True)
time.sleep(60)
"""


@pytest.fixture
def lock_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "app.lock"


@pytest.fixture
def holder(lock_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that takes the lock and keeps it until killed."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_path)], cwd=REPO,
                               text=True, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)


def test_acquire_writes_the_pid_and_release_frees_the_lock(lock_path: Path) -> None:
    assert running_pid(lock_path) is None  # no file at all yet
    lock = InstanceLock(lock_path)
    assert lock.acquire() and lock.held
    assert lock.acquire()  # already ours
    assert pid_file_for(lock_path).read_text().strip() == str(os.getpid())
    assert stat.S_IMODE(lock_path.stat().st_mode) == 0o600
    assert running_pid(lock_path) == os.getpid()
    lock.release()
    lock.release()
    assert not lock.held and not pid_file_for(lock_path).exists()
    assert running_pid(lock_path) is None


def test_a_second_lock_object_cannot_take_a_held_lock(lock_path: Path) -> None:
    held = f"already running \\(process {os.getpid()}\\)"
    with InstanceLock(lock_path), pytest.raises(LockHeld, match=held), InstanceLock(lock_path):
        pytest.fail("entered a lock another object holds")
    assert InstanceLock(lock_path).acquire()


def test_another_process_holding_it_blocks_us_and_is_named(
        lock_path: Path, holder: subprocess.Popen[str]) -> None:
    assert not InstanceLock(lock_path).acquire()
    assert running_pid(lock_path) == holder.pid


def test_after_the_holder_is_sigkilled_a_new_acquire_succeeds(
        lock_path: Path, holder: subprocess.Popen[str]) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path.exists() and pid_file_for(lock_path).exists()  # left behind, and harmless
    assert running_pid(lock_path) is None
    lock = InstanceLock(lock_path)
    assert lock.acquire()
    assert running_pid(lock_path) == os.getpid()
    lock.release()


def test_a_held_lock_with_an_unreadable_or_stale_pid_file_gives_unknown_pid(
        lock_path: Path) -> None:
    lock = InstanceLock(lock_path)
    assert lock.acquire()
    pid_file_for(lock_path).unlink()
    assert running_pid(lock_path) == UNKNOWN_PID
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    pid_file_for(lock_path).write_text(f"{dead.pid}\n")
    assert running_pid(lock_path) == UNKNOWN_PID
    lock.release()


def test_another_thread_may_release(lock_path: Path) -> None:
    lock = InstanceLock(lock_path)
    assert lock.acquire()
    closer = threading.Thread(target=lock.release)
    closer.start()
    closer.join()
    assert running_pid(lock_path) is None
