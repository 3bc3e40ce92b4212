"""Disk and file faults on real files: a full disk, files deleted, replaced or damaged.

The tests run as root, where chmod cannot make a folder unwritable, so a full disk is made
two ways: RLIMIT_FSIZE in a child process (the kernel refuses to grow a file: EFBIG), and a
tiny tmpfs filled to the brim (ENOSPC), used only where this machine lets us mount one.

What must hold: the user is told in words (never a traceback), nothing is silently discarded
(a damaged file is moved aside, never deleted, and unreadable entries stay in the file), a rep
that could not be saved is kept and saved once the cause is gone, and the app keeps running.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env

from nudge.core.events import EventKind
from nudge.i18n import fold_spaces
from nudge.store import TinyDBEventStore
from nudge.store.atomic_storage import backup_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE, mount and a pty")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

# -- a full disk while the engine runs (RLIMIT_FSIZE in a child) -----------------------------

ENGINE_CHILD = r"""
import json, resource, signal, sys
from pathlib import Path

from fakes import FakeActivity, FakeClock, FakeNotifier, FakeView
from sim import at, catalogue
from nudge.app.commands import AnswerNudge
from nudge.core.decisions import Answer
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.app.engine import Engine
from nudge.app.ports import ActivityReading
from nudge.store import TinyDBEventStore

root = Path(sys.argv[1])
store = TinyDBEventStore(root / "data", "laptop-aaaaaa", root / "store.lock")
clock = FakeClock(at("2026-11-23 09:00"))
view = FakeView()
engine = Engine(session=NudgeSession(Settings(), catalogue()), clock=clock,
                activity=FakeActivity(reading=ActivityReading(idle_seconds=10.0)), store=store,
                notifier=FakeNotifier(), views=[view], pause_file=root / "state.json")
engine.start()
engine.tick()
while not engine.notifier.shown:
    clock.advance(60)
    engine.tick()
nudge_id = engine.notifier.shown[-1].nudge_id
[week] = (root / "data" / "history" / "laptop-aaaaaa").glob("*.json")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write() instead of a kill
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (week.stat().st_size, hard))  # no room to grow
out = {"nudge_id": nudge_id}
reply = engine.handle(AnswerNudge(nudge_id, Answer.DONE, reps=7))
out["reply"] = [reply.ok, reply.message]
out["alerts_while_full"] = list(view.alerts)
out["held"] = [e.kind.value for e in engine.unsaved]
for _ in range(3):
    clock.advance(60)
    engine.tick()
out["held_after_ticks"] = [e.kind.value for e in engine.unsaved]
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # the cause is gone
clock.advance(60)
engine.tick()
out["held_at_the_end"] = [e.kind.value for e in engine.unsaved]
out["alerts"] = list(view.alerts)
print(json.dumps(out))
"""


def test_a_full_disk_tells_the_user_keeps_the_rep_and_saves_it_when_space_returns(
        tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": f"{TESTS}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, "-c", ENGINE_CHILD, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    ok, message = out["reply"]
    assert not ok and "could not save" in message.lower() and "will retry" in message
    assert "size this system allows" in message and "Fix:" in message
    assert any("could not save your history" in alert for alert in out["alerts_while_full"])
    assert out["held"] == ["done", "stretch"] == out["held_after_ticks"]
    assert out["held_at_the_end"] == []
    assert "saved the history it was holding" in out["alerts"][-1]

    store = TinyDBEventStore(tmp_path / "data", "laptop-aaaaaa", tmp_path / "store.lock")
    events = list(store.iter_all_events())
    done_events = [e for e in events if e.kind is EventKind.DONE]
    assert [(e.nudge_id, e.reps) for e in done_events] == [(out["nudge_id"], 7)]
    kinds = [e.kind for e in events]
    assert kinds.index(EventKind.DONE) == kinds.index(EventKind.STRETCH) - 1  # order kept


# -- the real app: a full disk, files deleted or replaced while it runs ---------------------


def _spawn_app(home: Path) -> tuple[pexpect.spawn, io.StringIO]:
    """The terminal-mode app on a pty; all it writes is kept in the returned buffer."""
    screen = io.StringIO()
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                          env=cli_env(home), encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.logfile_read = screen
    return child, screen


def _start_app(home: Path) -> pexpect.spawn:
    child, _ = _spawn_app(home)
    child.expect("press \\? for keys")
    return child


@pytest.fixture
def app(nudge_home: Path):
    child = _start_app(nudge_home)
    yield child
    if child.isalive():
        child.kill(signal.SIGKILL)
    child.close()


def _history(home: Path) -> list:
    [device] = [p.name for p in (home / "data" / "history").iterdir()]
    store = TinyDBEventStore(home / "data", device, home / "state" / "store.lock")
    return list(store.iter_all_events())


def _manual_reps(home: Path) -> list[int | None]:
    return [e.reps for e in _history(home) if e.kind is EventKind.DONE]


def _week_file(home: Path) -> Path:
    [week] = (home / "data" / "history").glob("*/*-W*.json")
    return week


def _quit(app: pexpect.spawn, run_cli) -> None:
    assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["running"] is True
    run_cli("quit", check_rc=0)
    app.expect(pexpect.EOF)
    app.close()
    assert app.exitstatus == 0


@pytest.fixture
def tiny_disk(nudge_home: Path):
    """NUDGE_HOME/data on a 1 MB tmpfs, or skip where mounting is not allowed."""
    data = nudge_home / "data"
    data.mkdir(mode=0o700)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
                              str(data)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield data
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_really_full_disk_while_the_app_runs(tiny_disk: Path, nudge_home: Path, app,
                                               run_cli) -> None:
    assert "Logged: 4 reps" in run_cli("log", "rise", "--reps", "4", check_rc=0).stdout
    filler = _fill(tiny_disk)
    refused = run_cli("log", "rise", "--reps", "9", check_rc=1)
    assert "the disk is full" in refused.stderr and "free some disk space" in refused.stderr
    assert "will retry" in refused.stderr
    app.expect("could not save your history")  # told on screen too
    filler.unlink()  # the user frees space
    app.expect("saved the history it was holding", timeout=20)
    assert _manual_reps(nudge_home).count(9) == 1
    assert "Logged: 5 reps" in run_cli("log", "rise", "--reps", "5", check_rc=0).stdout
    _quit(app, run_cli)
    assert [r for r in _manual_reps(nudge_home) if r in (4, 5, 9)] == [4, 9, 5]


def test_history_deleted_or_replaced_while_the_app_runs(nudge_home: Path, app, run_cli) -> None:
    run_cli("log", "rise", "--reps", "11", check_rc=0)
    run_cli("log", "rise", "--reps", "12", check_rc=0)
    week = _week_file(nudge_home)

    garbage = b'{"events": {"1": {"v": 1, "kind": "do\x00\xff'
    week.write_bytes(garbage)  # replaced by something that is not a history file
    run_cli("log", "rise", "--reps", "13", check_rc=0)
    app.expect("damaged history file and moved it to")
    [moved] = week.parent.glob(f"{week.name}.corrupt-*")
    assert moved.read_bytes() == garbage  # kept, byte for byte
    assert 13 in _manual_reps(nudge_home) and 11 in _manual_reps(nudge_home)

    older = backup_path(week).read_bytes()
    week.write_bytes(older)  # replaced by an older but sound copy (a sync tool, a restore)
    run_cli("log", "rise", "--reps", "14", check_rc=0)
    assert 14 in _manual_reps(nudge_home)

    week.unlink()  # deleted
    backup_path(week).unlink()
    run_cli("log", "rise", "--reps", "15", check_rc=0)
    assert 15 in _manual_reps(nudge_home)

    import shutil

    shutil.rmtree(nudge_home / "data")  # the whole data folder deleted
    run_cli("log", "rise", "--reps", "16", check_rc=0)
    assert _manual_reps(nudge_home) == [16]
    _quit(app, run_cli)
    assert "Traceback" not in (app.before or "")


# -- damaged files: every kind gets words, and nothing is thrown away --------------------------

def _seed(run_cli, home: Path) -> Path:
    run_cli("log", "rise", "--reps", "3", check_rc=0)
    run_cli("log", "rise", "--reps", "4", check_rc=0)
    return _week_file(home)


def _future_file(week: Path) -> bytes:
    data = json.loads(week.read_text())
    data["_meta"]["1"]["schema"] = 99
    return json.dumps(data).encode()


def _future_entry(week: Path) -> bytes:
    data = json.loads(week.read_text())
    data["events"]["999"] = {"v": 99, "kind": "teleport", "at": "2099-01-01T00:00:00Z"}
    return json.dumps(data).encode()


def _odd_entry(week: Path) -> bytes:
    data = json.loads(week.read_text())
    data["events"]["998"] = {"v": 1, "kind": "dancing", "local": "yesterday"}
    return json.dumps(data).encode()


MOVED_ASIDE = {  # the file cannot be read at all: moved aside, the backup brought back
    "truncated": lambda week: week.read_bytes()[: len(week.read_bytes()) // 2],
    "garbage": lambda week: b"\x89PNG\r\n\x1a\n\x00\xff" * 50,
    "empty": lambda week: b"",
    "a list, not tables": lambda week: b"[1, 2, 3]",
    "tables of strings": lambda week: b'{"events": {"1": "done"}, "_meta": []}',
    "huge junk (50 MB)": lambda week: b"{" + os.urandom(50 * 1024 * 1024),
}


@pytest.mark.parametrize("kind", list(MOVED_ASIDE))
def test_an_unreadable_history_file_is_moved_aside_named_and_the_backup_restored(
        kind: str, run_cli, nudge_home: Path) -> None:
    week = _seed(run_cli, nudge_home)
    bad = MOVED_ASIDE[kind](week)
    week.write_bytes(bad)

    logged = run_cli("log", "rise", "--reps", "9", check_rc=0)
    assert "Logged: 9 reps" in logged.stdout
    [moved] = week.parent.glob(f"{week.name}.corrupt-*")
    assert f"damaged history file and moved it to {moved}" in logged.stderr
    assert "restored the previous copy" in logged.stderr
    assert moved.read_bytes() == bad  # nothing discarded
    assert _manual_reps(nudge_home) == [3, 9]  # the backup held rep 3; rep 4 is in `moved`
    exported = json.loads(run_cli("export", check_rc=0).stdout)
    assert [e["reps"] for e in exported if e["kind"] == "done"] == [3, 9]
    assert run_cli("summary", "--json", check_rc=0).stderr == ""  # told once, not again


def test_a_file_from_a_newer_nudge_is_left_untouched_refused_and_usable_once_moved(
        run_cli, nudge_home: Path) -> None:
    week = _seed(run_cli, nudge_home)
    newer = _future_file(week)
    week.write_bytes(newer)
    refused = fold_spaces(run_cli("log", "rise", "--reps", "9", check_rc=1).stderr)
    assert "written by a newer nudge" in refused and "upgrade nudge" in refused
    assert week.read_bytes() == newer  # untouched
    assert [e["reps"] for e in json.loads(run_cli("export", check_rc=0).stdout)] == [3, 4]
    week.rename(week.with_name("kept-by-the-user.json"))  # the cause is gone
    assert "Logged: 9 reps" in run_cli("log", "rise", "--reps", "9", check_rc=0).stdout


@pytest.mark.parametrize(("make", "told"), [
    (_future_entry, "1 entry in {week} was written by a newer nudge and is not shown"),
    (_odd_entry, "1 damaged entry in {week} was skipped"),
])
def test_unreadable_entries_are_skipped_with_a_notice_and_kept_in_the_file(
        make, told: str, run_cli, nudge_home: Path) -> None:
    week = _seed(run_cli, nudge_home)
    week.write_bytes(make(week))
    logged = run_cli("log", "rise", "--reps", "9", check_rc=0)
    assert "Logged: 9 reps" in logged.stdout
    exported = run_cli("export", check_rc=0)
    assert told.format(week=week) in exported.stderr
    assert [e["reps"] for e in json.loads(exported.stdout)] == [3, 4, 9]
    stored = json.loads(week.read_text())["events"]
    assert "999" in stored or "998" in stored  # still there for a newer nudge or a person
    assert list(week.parent.glob("*.corrupt-*")) == []


def test_a_folder_where_the_history_file_should_be_gets_words_not_a_traceback(
        run_cli, nudge_home: Path) -> None:
    week = _seed(run_cli, nudge_home)
    week.unlink()
    week.mkdir()
    refused = run_cli("log", "rise", "--reps", "9", check_rc=1)
    assert str(week) in refused.stderr
    exported = run_cli("export", check_rc=0)
    assert f"could not read {week}" in exported.stderr
    week.rmdir()  # the cause is gone
    assert "Logged: 9 reps" in run_cli("log", "rise", "--reps", "9", check_rc=0).stdout


def test_a_deeply_nested_history_file_is_moved_aside_like_any_damaged_one(
        run_cli, nudge_home: Path) -> None:
    week = _seed(run_cli, nudge_home)
    week.write_bytes(b"[" * 100_000)
    logged = run_cli("log", "rise", "--reps", "9")
    assert logged.returncode == 0, logged.stderr
    assert list(week.parent.glob("*.corrupt-*"))


# -- damaged state and config files do not stop the app ------------------------------------


def test_damaged_state_and_exercise_files_do_not_stop_the_app(nudge_home: Path,
                                                              run_cli) -> None:
    run_cli("log", "rise", "--reps", "3", check_rc=0)
    state = nudge_home / "state"
    (state / "state.json").write_bytes(b'{"paused": true, "since": "soon"')  # truncated
    (state / "device").write_text("Anna's Laptop!!\n")  # hand-edited
    (state / "app.lock.pid").write_text("not a pid")
    key = os.open(state / "control.key", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(key, b"short")  # the wrong size
    os.close(key)
    (nudge_home / "config" / "exercises.toml").write_bytes(b"[[exercise]]\nid = \xff\n")
    app, screen = _spawn_app(nudge_home)
    try:
        app.expect("press \\? for keys")
        # Told: the file is skipped, with where and why, and the shipped exercises are used.
        assert "exercises.toml: not UTF-8 text" in fold_spaces(screen.getvalue())
        assert "using its own exercises" in fold_spaces(screen.getvalue())
        assert "Logged: 6 reps" in run_cli("log", "rise", "--reps", "6", check_rc=0).stdout
        status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
        assert status["running"] is True and status["phase"] != "paused"
        _quit(app, run_cli)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    assert 6 in _manual_reps_all(nudge_home)


def _manual_reps_all(home: Path) -> list[int | None]:
    reps = []
    for device in (home / "data" / "history").iterdir():
        store = TinyDBEventStore(home / "data", device.name, home / "state" / "store.lock")
        reps += [e.reps for e in store.iter_all_events() if e.kind is EventKind.DONE]
    return reps


def test_a_folder_where_the_control_key_goes_leaves_the_app_running_and_says_why(
        nudge_home: Path, run_cli) -> None:
    state = nudge_home / "state"
    state.mkdir(parents=True, exist_ok=True)
    (state / "control.key").mkdir()
    app, screen = _spawn_app(nudge_home)
    try:
        # It used to stop at start with "unexpected error: [Errno 21] Is a directory".
        app.expect("cannot write the control key")
        app.expect("press \\? for keys")
        shown = fold_spaces(screen.getvalue())
        assert f"control key {state / 'control.key'} (Is a directory)" in shown
        assert app.isalive()
    finally:
        app.kill(signal.SIGKILL)
        app.wait()


@pytest.mark.parametrize("command", [("pause", "30m"), ("resume",)])
def test_a_folder_where_the_pause_state_goes_gets_words_and_the_fix(
        nudge_home: Path, run_cli, command: tuple[str, ...]) -> None:
    state = nudge_home / "state"
    state.mkdir(parents=True, exist_ok=True)
    (state / "state.json.tmp").mkdir()  # the old fixed temp name: harmless now
    (state / "state.json").mkdir()
    failed = run_cli(*command, check_rc=1)
    assert failed.stderr == (f"nudge: could not use {state / 'state.json'}: a folder is where "
                             "nudge keeps a file. Fix: move that folder away, then try again.\n")


def test_a_rep_held_on_a_full_disk_at_quit_is_saved_by_the_next_start(
        tiny_disk: Path, nudge_home: Path, app, run_cli) -> None:
    run_cli("log", "rise", "--reps", "4", check_rc=0)
    filler = _fill(tiny_disk)
    assert "will retry" in run_cli("log", "rise", "--reps", "9", check_rc=1).stderr
    held = nudge_home / "state" / "unsaved.json"

    # it used to quit and drop the held rep (the reply is wrapped at 80 columns)
    said = fold_spaces(run_cli("quit", check_rc=0).stdout)
    app.expect(pexpect.EOF)
    assert "2 entries for your history could not be saved" in said
    assert "the disk is full" in said and f"they are kept in {held}" in said
    assert held.exists()

    filler.unlink()  # space comes back while nudge is not running
    again = _start_app(nudge_home)
    try:
        assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["running"] is True
        assert [r for r in _manual_reps(nudge_home) if r in (4, 9)] == [4, 9]
        assert not held.exists()
        _quit(again, run_cli)
    finally:
        if again.isalive():
            again.kill(signal.SIGKILL)
