"""Odd and hostile files where nudge keeps its history, state and config (issue #14, items 2,
4 and 10): named pipes, links to /dev/zero, files far too large, stretches starting in year 1,
a restored week sharing its inode with the backup, and an export over thousands of folders.

Every command runs as a real process with a timeout, so a hang fails the test instead of
stopping the suite.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env

from nudge.core.events import Event, EventKind
from nudge.core.summary import IsoWeek
from nudge.core.summary_days import History
from nudge.store import TinyDBEventStore
from nudge.store.atomic_storage import MAX_FILE_BYTES, backup_path
from nudge.store.layout import week_name

OTHER = "phone-0a1b2c"
OWN = "laptop-aaaaaa"
HANG_LIMIT_S = 20  # a command that has not finished by then is hanging


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**cli_env(home), "TZ": "UTC"}
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=HANG_LIMIT_S)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def own_device(home: Path) -> Path:
    (home / "state").mkdir(parents=True, exist_ok=True)
    (home / "state" / "device").write_text(OWN + "\n")
    return home / "data" / "history" / OWN


def this_week_file(home: Path, device: str) -> Path:
    folder = home / "data" / "history" / device
    folder.mkdir(parents=True, exist_ok=True)
    return folder / week_name(datetime.now(UTC).date())


def start_app(home: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                          env={**cli_env(home), "TZ": "UTC"}, encoding="utf-8",
                          timeout=HANG_LIMIT_S, dimensions=(40, 120))
    child.logfile_read = io.StringIO()  # the whole screen, for what it said
    child.expect("press \\? for keys")
    return child


def screen(child: pexpect.spawn) -> str:
    return " ".join(child.logfile_read.getvalue().split())  # lines wrap on a terminal


def quit_app(child: pexpect.spawn) -> None:
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def make_hostile(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path, 0o600)
    else:
        path.symlink_to("/dev/zero")


# -- item 4: pipes, devices and huge files in history --------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"])
def test_a_pipe_or_device_in_another_devices_folder_is_skipped_and_nothing_hangs(
        nudge_home: Path, kind: str) -> None:
    own_device(nudge_home)
    assert "Logged" in run(nudge_home, "log", "rise").stdout
    hostile = this_week_file(nudge_home, OTHER)
    make_hostile(hostile, kind)
    what = "named pipe" if kind == "fifo" else "symbolic link"

    for command in (["summary"], ["export"], ["status"]):
        done = run(nudge_home, *command)
        assert done.returncode == 0, done.stderr
        assert f"skipped {hostile} from device {OTHER}" in done.stderr, (command, done.stderr)
        assert what in done.stderr and "Fix:" in done.stderr
    exported = json.loads(run(nudge_home, "export").stdout)
    assert [e["kind"] for e in exported] == ["done"]  # this device's history is all there

    app = start_app(nudge_home)  # before, the app hung reading the pipe and exited
    quit_app(app)
    assert hostile.is_symlink() or hostile.is_fifo()  # another device's: left as it was


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"])
def test_a_pipe_or_device_in_this_devices_folder_is_put_aside_and_saving_goes_on(
        nudge_home: Path, kind: str) -> None:
    own_device(nudge_home)
    hostile = this_week_file(nudge_home, OWN)
    make_hostile(hostile, kind)

    done = run(nudge_home, "log", "rise", "--reps", "4")
    assert "Logged: 4 reps" in done.stdout and "moved it to" in done.stderr
    [aside] = hostile.parent.glob(hostile.name + ".corrupt-*")  # kept, never deleted
    assert aside.is_fifo() if kind == "fifo" else os.readlink(aside) == "/dev/zero"
    assert hostile.is_file() and not hostile.is_symlink()
    assert [e["reps"] for e in json.loads(run(nudge_home, "export").stdout)] == [4]
    assert "1 rise done" in run(nudge_home, "status").stdout


def _week_of_events(count: int, day: date) -> bytes:
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC).isoformat()
    doc = {"v": 1, "kind": "done", "at": at, "local": at, "date": day.isoformat(), "reps": 5,
           "exercise": "glute_rise", "source": "manual", "padding": "x" * 150}
    events = {str(n): doc for n in range(1, count + 1)}
    return json.dumps({"events": events, "_meta": {"1": {"schema": 1}}}).encode()


def test_a_week_file_over_the_size_limit_is_skipped_with_a_note(nudge_home: Path) -> None:
    own_device(nudge_home)
    run(nudge_home, "log", "rise")
    huge = this_week_file(nudge_home, OTHER)
    huge.write_bytes(_week_of_events(25_000, datetime.now(UTC).date()))  # a valid history file
    assert huge.stat().st_size > MAX_FILE_BYTES

    done = run(nudge_home, "export")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 1  # before, its 25,000 events were read whole
    assert f"skipped {huge}" in done.stderr and "larger than 4 MB" in done.stderr
    app = start_app(nudge_home)
    quit_app(app)


def test_a_stretch_starting_in_year_1_costs_only_the_days_the_summary_shows(
        nudge_home: Path) -> None:
    week = IsoWeek.parse("2025-W10")
    end = datetime.combine(week.monday + timedelta(days=2), datetime.min.time(),
                           tzinfo=UTC) + timedelta(hours=10)  # Wednesday 10:00
    stretch = Event(EventKind.STRETCH, end, start=datetime(1, 1, 1, tzinfo=UTC))
    history = History([stretch], since=week.previous().monday)
    assert min(history.stretch_parts) == week.previous().monday  # clipped, not 739,000 days
    assert len(history.stretch_parts) == 10

    folder = own_device(nudge_home)
    TinyDBEventStore(nudge_home / "data", OWN, nudge_home / "state" / "store.lock").append(
        stretch)
    assert folder.is_dir()
    summary = json.loads(run(nudge_home, "summary", "--week", str(week), "--json").stdout)
    assert [d["seated_minutes"] for d in summary["days"]] == [1440, 1440, 600, 0, 0, 0, 0]
    assert summary["previous_week"]["seated_minutes"] == 7 * 1440


# -- item 4: config and exercise files -------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"])
def test_a_config_file_that_is_a_pipe_or_device_is_refused_by_name_and_nudge_goes_on(
        nudge_home: Path, kind: str) -> None:
    config = nudge_home / "config" / "config.toml"
    config.unlink()
    make_hostile(config, kind)

    check = run(nudge_home, "config", "--check")
    assert check.returncode == 2
    assert str(config) in check.stderr and "not a regular file" in check.stderr
    assert "Fix:" in check.stderr
    app = start_app(nudge_home)
    quit_app(app)
    assert "not a regular file" in screen(app) and "default settings" in screen(app)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"])
def test_an_exercises_file_that_is_a_pipe_or_device_leaves_the_shipped_exercises(
        nudge_home: Path, kind: str) -> None:
    make_hostile(nudge_home / "config" / "exercises.toml", kind)
    assert "Logged: 5 reps" in run(nudge_home, "log", "rise").stdout
    app = start_app(nudge_home)
    quit_app(app)
    assert "not a regular file" in screen(app) and "its own exercises" in screen(app)


@pytest.mark.parametrize("name", ["state.json", "unsaved.json", "device"])
def test_a_pipe_in_the_state_folder_stops_nothing(nudge_home: Path, name: str) -> None:
    (nudge_home / "state").mkdir()
    os.mkfifo(nudge_home / "state" / name, 0o600)
    assert "Logged" in run(nudge_home, "log", "rise").stdout
    assert "1 rise done" in run(nudge_home, "status").stdout
    quit_app(start_app(nudge_home))


# -- start-up never waits on the history ----------------------------------------------------

_SLOW_APP = """
import sys, threading
from pathlib import Path
from nudge.app.root import build_app
from nudge.app.logging_setup import setup_logging
from nudge.paths import resolve_paths
from nudge.store import TinyDBEventStore, device_id

release = Path(sys.argv[1])

class SlowDiskStore(TinyDBEventStore):  # history on a disk that takes its time
    def events_between(self, first, last):
        while not release.exists():
            threading.Event().wait(0.05)
        return super().events_between(first, last)

paths = resolve_paths()
paths.ensure()
setup_logging(paths.log_file)
store = SlowDiskStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock)
sys.exit(build_app(paths, "terminal", store=store).run())
"""


def test_a_history_too_slow_to_read_at_start_does_not_stop_the_app(nudge_home: Path,
                                                                    tmp_path: Path) -> None:
    release = tmp_path / "release"
    assert "Logged" in run(nudge_home, "log", "rise").stdout
    child = pexpect.spawn(sys.executable, ["-c", _SLOW_APP, str(release)],
                          env={**cli_env(nudge_home), "TZ": "UTC"}, encoding="utf-8",
                          timeout=HANG_LIMIT_S, dimensions=(40, 120))
    try:
        child.expect("press \\? for keys")  # before: TimeoutError after 4 s, the app exited
        assert child.isalive()
        release.touch()  # the start finishes on the engine thread; commands come after it
        status = json.loads(run(nudge_home, "status", "--json").stdout)
        assert status["running"] and status["done_today"] == 1  # restored, late
        quit_app(child)
    finally:
        if child.isalive():
            child.kill(signal.SIGKILL)
    log = (nudge_home / "logs" / "nudge.log").read_text()
    assert "reading the history took over 4 s" in log


# -- item 2: a restored week never shares its inode with the backup --------------------------


@pytest.mark.parametrize("command", ["summary", "status", "export"])
def test_after_a_restore_an_in_place_write_to_the_week_file_spares_the_backup(
        nudge_home: Path, command: str) -> None:
    own_device(nudge_home)
    run(nudge_home, "log", "rise", "--reps", "1")
    run(nudge_home, "log", "rise", "--reps", "2")
    week = this_week_file(nudge_home, OWN)
    week.write_text("{damaged")

    restored = run(nudge_home, command)  # restores the backup (the file with the first rep)
    assert "restored the previous copy" in restored.stderr
    backup = backup_path(week)
    assert week.stat().st_ino != backup.stat().st_ino
    kept = backup.read_bytes()
    with week.open("r+b") as handle:  # what a shell `>`, an editor or a sync tool does
        handle.truncate(0)
        handle.write(b"{also damaged")
    assert backup.read_bytes() == kept

    run(nudge_home, "log", "rise", "--reps", "3")  # repairs from the intact backup again
    assert [e["reps"] for e in json.loads(run(nudge_home, "export").stdout)] == [1, 3]
