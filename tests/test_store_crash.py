"""Real processes against real files: kill -9 mid-write, two writers at once, a refused write.

The writer is tests/store_writer.py, started with this interpreter; it prints each sequence number
only after `append` returned, so every printed number must be in the store.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from filelock import FileLock

from nudge.core.events import Event, EventKind
from nudge.store import StoreWriteError, TinyDBEventStore
from nudge.store.atomic_storage import backup_path, load_tables

REPO = Path(__file__).resolve().parent.parent
WRITER = REPO / "tests" / "store_writer.py"
DEVICE = "laptop-aaaaaa"
ALL_TIME = (date(2000, 1, 1), date(2100, 1, 1))
NOON = datetime(2024, 6, 12, 12, tzinfo=timezone(timedelta(hours=2)))

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL and RLIMIT_FSIZE")


def _start_writer(tmp_path: Path, first: int, count: int, *options: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        str(WRITER),
        str(tmp_path / "data"),
        str(tmp_path / "lock"),
        DEVICE,
        str(first),
        str(count),
        *options,
    ]
    with (tmp_path / f"writer-{first}.err").open("w") as stderr:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env)


def _wait_ready(proc: subprocess.Popen[str], tmp_path: Path, first: int) -> None:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line == "ready\n", (tmp_path / f"writer-{first}.err").read_text()


def _acknowledged(output: str) -> set[int]:
    lines = output.split("\n")[:-1]  # a last line without "\n" was cut off by the kill
    return {int(line) for line in lines if line.isdigit()}


def _store(tmp_path: Path, notices: list[str]) -> TinyDBEventStore:
    return TinyDBEventStore(tmp_path / "data", DEVICE, tmp_path / "lock", notify=notices.append)


def _week_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "history" / DEVICE).glob("*-W*.json"))


def _first_acknowledged(proc: subprocess.Popen[str], count: int, timeout: float = 30
                        ) -> set[int]:
    """The first `count` numbers the writer acknowledged (it writes without pause)."""
    assert proc.stdout is not None
    hung = threading.Timer(timeout, proc.kill)  # a writer that hangs ends the reading with EOF
    hung.start()
    try:
        lines = [proc.stdout.readline() for _ in range(count)]
    finally:
        hung.cancel()
    assert all(line.strip().isdigit() for line in lines), lines
    return {int(line) for line in lines}


def test_sigkill_at_random_moments_never_loses_an_acknowledged_event(
        tmp_path: Path, torture_seed: int) -> None:
    seed = torture_seed  # `pytest --seed N` replays a run
    rng = random.Random(seed)
    acknowledged: set[int] = set()
    for round_number in range(10):
        first = round_number * 1000
        # One event per hour: a new week file every 168 events, so kills also hit file creation.
        proc = _start_writer(tmp_path, first, 0, "--minutes-per-event", "60")
        _wait_ready(proc, tmp_path, first)
        # A few writes first, so each round proves something however loaded the machine is.
        acknowledged |= _first_acknowledged(proc, 3)
        time.sleep(rng.uniform(0.05, 0.4))  # the scenario: the kill comes at a random moment
        proc.send_signal(signal.SIGKILL)
        output, _ = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        acknowledged |= _acknowledged(output)

    notices: list[str] = []
    store = _store(tmp_path, notices)
    stored = [e.nudge_id for e in store.events_between(*ALL_TIME)]
    assert len(acknowledged) > 20, "the writer barely ran; the test proves nothing"
    lost = {f"seq-{n}" for n in acknowledged} - set(stored)
    assert not lost, f"acknowledged but lost (random seed {seed}): {sorted(lost)}"
    assert len(stored) == len(set(stored))
    assert notices == []
    for path in _week_files(tmp_path):
        assert load_tables(path) is not None
    assert list((tmp_path / "data").rglob("*.corrupt-*")) == []

    store.append(Event(EventKind.DONE, store.events_between(*ALL_TIME)[-1].at, "after"))
    assert list((tmp_path / "data").rglob(".*.tmp")) == []  # killed writers' temp files swept


def test_two_processes_appending_at_once_lose_nothing(tmp_path: Path) -> None:
    writers = [_start_writer(tmp_path, first, 100) for first in (0, 100_000)]
    outputs = [proc.communicate(timeout=60)[0] for proc in writers]
    assert [proc.returncode for proc in writers] == [0, 0]
    assert _acknowledged(outputs[0]) == set(range(100))
    assert _acknowledged(outputs[1]) == set(range(100_000, 100_100))

    notices: list[str] = []
    stored = [e.nudge_id for e in _store(tmp_path, notices).events_between(*ALL_TIME)]
    expected = {f"seq-{n}" for n in [*range(100), *range(100_000, 100_100)]}
    assert sorted(stored) == sorted(expected)
    assert notices == []
    for path in _week_files(tmp_path):
        assert load_tables(path) is not None


def test_a_write_the_disk_refuses_raises_a_clear_error_and_keeps_old_data(tmp_path: Path) -> None:
    seed = _start_writer(tmp_path, 0, 30)
    seed.communicate(timeout=30)
    [week_file] = _week_files(tmp_path)
    before = week_file.read_bytes()
    backup_before = backup_path(week_file).read_bytes()
    assert len(before) > 2048

    refused = _start_writer(tmp_path, 30, 1, "--fsize-limit", "1024")
    output, _ = refused.communicate(timeout=30)
    lines = output.splitlines()
    assert lines[0] == "ready"
    assert len(lines) == 2, output
    message = lines[1].removeprefix("error: ")
    assert message.startswith(f"nudge could not save your history to {week_file}: ")
    assert "size this system allows" in message
    assert "Fix: " in message

    assert week_file.read_bytes() == before
    assert backup_path(week_file).read_bytes() == backup_before
    assert list(week_file.parent.glob(".*.tmp")) == []
    notices: list[str] = []
    assert len(_store(tmp_path, notices).events_between(*ALL_TIME)) == 30


def test_a_lock_held_too_long_gives_a_clear_error(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); "
            "lock.acquire(); print('held', flush=True); sys.stdin.read()",
            str(tmp_path / "lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        store = TinyDBEventStore(tmp_path / "data", DEVICE, tmp_path / "lock", lock_timeout=0.2)
        with pytest.raises(StoreWriteError, match="another nudge process has held the lock"):
            store.append(Event(EventKind.DONE, NOON, "x"))
    finally:
        holder.communicate(input="", timeout=10)
    # Once the holder is gone the lock is free again.
    with FileLock(tmp_path / "lock", timeout=1):
        pass
