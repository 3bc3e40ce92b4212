"""A rise logged while the app starts is counted in its "done today".

`nudge log rise` asks the running app, and writes the files itself when nothing answers. A
starting app reads today's history once; a CLI that found no app and wrote just after that read
left its rep on disk but out of the app's count. The moments are chosen, not timed: an audit
hook (`sitecustomize.py` on PYTHONPATH, the CLI only) holds the CLI right after it found no
app, until the app is up; and a writer holds the store's lock while the engine starts.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from conftest import cli_env
from test_reliability_disk import _manual_reps, _quit, _start_app

from nudge.app.engine import Engine
from nudge.core.events import Event, EventKind, Source
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.store import TinyDBEventStore

from fakes import FakeActivity, FakeClock, FakeNotifier, FakeView
from sim import at, catalogue

HOLD = """
import os, sys

_AT = os.environ.get("NUDGE_TEST_HOLD_AT", "")
_held = []


def _hold(event, args):
    if event == "import" and args[0] == _AT and not _held:
        _held.append(1)
        sys.stderr.write("held\\n")
        sys.stderr.flush()
        sys.stdin.readline()  # until the test says go


if _AT:
    sys.addaudithook(_hold)
"""


def _held_cli(tmp_path: Path, home: Path, at_import: str, *args: str) -> subprocess.Popen[str]:
    """A `nudge` command held at its first import of `at_import`, once it is there."""
    (tmp_path / "hook").mkdir()
    (tmp_path / "hook" / "sitecustomize.py").write_text(HOLD, encoding="utf-8")
    env = {**cli_env(home), "PYTHONPATH": str(tmp_path / "hook"), "NUDGE_TEST_HOLD_AT": at_import}
    cli = subprocess.Popen([sys.executable, "-m", "nudge", *args], env=env, text=True,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert cli.stderr is not None
    ready, _, _ = select.select([cli.stderr], [], [], 30)
    assert ready and cli.stderr.readline() == "held\n", "the CLI never got there"
    return cli


def test_a_rise_logged_by_a_cli_that_found_no_app_just_before_it_started_is_counted(
        tmp_path: Path, nudge_home: Path, run_cli) -> None:
    # Held once it found no app to ask and turned to the files (it imports cli_offline then).
    cli = _held_cli(tmp_path, nudge_home, "nudge.cli.offline", "log", "rise", "--reps", "7")
    app = _start_app(nudge_home)  # up: today's history is read and its keys are read
    try:
        out, err = cli.communicate("\n", timeout=30)
        assert (cli.returncode, err) == (0, ""), err
        assert out.startswith("Logged: 7 reps")
        status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
        assert status["done_today"] == 1  # it used to be on disk but 0 here until a restart
        assert _manual_reps(nudge_home) == [7]  # once
        _quit(app, run_cli)
    finally:
        if cli.poll() is None:
            cli.kill()
        if app.isalive():
            app.kill(9)


class _Reading(TinyDBEventStore):
    """The app's store, telling when the engine reads history."""

    def __init__(self, data: Path, device: str, lock: Path) -> None:
        super().__init__(data, device, lock)
        self.read = threading.Event()

    def events_between(self, first: date, last: date) -> list[Event]:
        self.read.set()
        return super().events_between(first, last)


def test_the_start_reads_history_only_after_a_write_in_progress_has_landed(
        tmp_path: Path) -> None:
    data, lock = tmp_path / "data", tmp_path / "state" / "store.lock"
    clock = FakeClock(at("2026-11-23 09:00"))
    store = _Reading(data, "laptop-aaaaaa", lock)
    engine = Engine(session=NudgeSession(Settings(), catalogue()), clock=clock,
                    activity=FakeActivity(), store=store, notifier=FakeNotifier(),
                    views=[FakeView()], pause_file=tmp_path / "state.json")
    writer = TinyDBEventStore(data, "laptop-aaaaaa", lock)  # a `nudge log rise` process
    rise = Event(EventKind.DONE, clock.now(), exercise="rise", reps=7, source=Source.MANUAL)
    starting = threading.Thread(target=engine.start)
    with writer.writing():  # it found no app and is writing
        starting.start()
        assert not store.read.wait(1.0)  # the start waits: it used to read at once
        writer.append(rise)
    starting.join(10)
    assert store.read.is_set() and not starting.is_alive()
    assert engine.status().done_today == 1
