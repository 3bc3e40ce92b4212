"""The real app in terminal mode on a pty: the whole sit → nudge → answer → history loop."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env
from waiting import wait_for

from nudge.core.events import OUTCOMES, EventKind
from nudge.store import TinyDBEventStore


def start_app(home: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                          env=cli_env(home), encoding="utf-8", timeout=20,
                          dimensions=(40, 120))
    child.expect("press \\? for keys")
    return child


def history(home: Path) -> list:
    devices = list((home / "data" / "history").iterdir())
    assert len(devices) == 1
    store = TinyDBEventStore(home / "data", devices[0].name, home / "state" / "store.lock")
    return list(store.iter_all_events())


@pytest.fixture
def app(nudge_home: Path):
    child = start_app(nudge_home)
    yield child
    if child.isalive():
        child.kill(signal.SIGKILL)


def test_nudge_appears_after_the_seated_time_and_done_is_saved(app, nudge_home, run_cli):
    app.expect("Glute-first chair rise — 5 reps")  # rise_every = 3s in the test config
    app.expect("\\[d\\] done \\(5 reps\\)")
    app.send("d")  # a single key, no Enter: raw mode
    app.expect("Saved: 5 reps")
    done = [e for e in history(nudge_home) if e.kind is EventKind.DONE]
    assert [(e.reps, e.source) for e in done] == [(5, "prompt")]

    status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
    assert status["running"] is True and status["done_today"] == 1
    assert "Logged: 6 reps" in run_cli("log", "rise", "--reps", "6", check_rc=0).stdout
    assert "already running" in run_cli("run", check_rc=1).stderr
    assert "paused" in run_cli("pause", "1h", check_rc=0).stdout
    app.expect("Paused until")
    assert "quitting" in run_cli("quit", check_rc=0).stdout
    app.expect(pexpect.EOF)
    app.close()
    assert app.exitstatus == 0
    kinds = [e.kind for e in history(nudge_home)]
    assert kinds.count(EventKind.DONE) == 2 and EventKind.PAUSE in kinds


def test_snooze_and_skip_keys_are_recorded(app, nudge_home):
    app.expect("Glute-first chair rise")
    app.send("1")  # snooze for the first choice, 5 minutes
    app.expect("Snoozed until")
    app.send("q")
    app.expect(pexpect.EOF)
    kinds = [e.kind for e in history(nudge_home)]
    assert kinds == [EventKind.OFFERED, EventKind.SNOOZED]


def test_after_kill_9_the_next_start_closes_the_open_nudge_and_runs(nudge_home):
    first = start_app(nudge_home)
    first.expect("Glute-first chair rise")
    first.kill(signal.SIGKILL)  # the kernel lock dies with the process
    first.close()
    second = start_app(nudge_home)
    second.expect("Glute-first chair rise")
    second.send("k")
    second.expect("Skipped")
    second.send("q")
    second.expect(pexpect.EOF)
    events = history(nudge_home)
    assert [(e.kind, e.reason) for e in events if e.kind is EventKind.MISSED] == \
        [(EventKind.MISSED, "restart")]
    assert sum(1 for e in events if e.kind is EventKind.SKIPPED) == 1


def test_done_snooze_and_skip_commands_answer_the_nudge_on_screen(app, nudge_home, run_cli):
    """Without a tray (or with the notification gone), `nudge done|snooze|skip` answer the
    nudge the running app offers; with none offered, or the app stopped, they say so."""

    def next_offer(after: str | None) -> str:
        def offered() -> str | None:
            found = json.loads(run_cli("status", "--json", check_rc=0).stdout)["nudge_id"]
            return found if found and found != after else None

        return str(wait_for(offered, timeout=20, what="the next nudge"))

    nothing = run_cli("skip", check_rc=1).stderr  # started a moment ago: nothing due yet
    assert "No nudge is waiting for an answer right now" in nothing
    first = next_offer(None)  # rise_every = 3s in the test config
    assert "Snoozed until" in run_cli("snooze", "2s", check_rc=0).stdout
    second = next_offer(first)  # back after the 2 s snooze
    assert "Saved: 5 reps" in run_cli("done", check_rc=0).stdout
    next_offer(second)
    assert "Skipped" in run_cli("skip", check_rc=0).stdout
    assert "not a snooze length nudge can use" in run_cli("snooze", "25h", check_rc=2).stderr
    assert "not a duration" in run_cli("snooze", "soon", check_rc=2).stderr
    assert "quitting" in run_cli("quit", check_rc=0).stdout
    app.expect(pexpect.EOF)
    kinds = [e.kind for e in history(nudge_home)]
    assert [k for k in kinds if k in OUTCOMES] == \
        [EventKind.SNOOZED, EventKind.DONE, EventKind.SKIPPED]
    stopped = run_cli("done", check_rc=1).stderr
    assert "nudge is not running" in stopped and "start it with `nudge`" in stopped
