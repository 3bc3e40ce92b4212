"""A reply that never arrives must not invite a duplicate: `nudge log rise` against an app that
dies or hangs up right after saving, and the request id that makes asking again safe."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env

from nudge.app.clock import SystemClock
from nudge.app.commands import Command, LogRise, Reply
from nudge.app.engine import Engine
from nudge.app.requests import REQUEST_FIELD
from nudge.config.exercise_files import load_catalogue
from nudge.control import ControlServer
from nudge.core.events import Event, EventKind, Source
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.paths import resolve_paths
from nudge.store import TinyDBEventStore, device_id

from fakes import FakeActivity, FakeNotifier, FakeView

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX sockets and a pty")

# The real app, with one change: its store ends the process the moment a logged rep is on disk,
# before the engine can reply: a kill -9 at the worst moment, every time.
APP_THAT_DIES_AFTER_SAVING = """
import os, sys
from nudge.app.root import build_app
from nudge.core.events import Source
from nudge.paths import resolve_paths
from nudge.store import TinyDBEventStore, device_id

paths = resolve_paths()
paths.ensure()

class DiesAfterSaving(TinyDBEventStore):
    def append(self, event):
        super().append(event)
        if event.source is Source.MANUAL:
            os._exit(9)

store = DiesAfterSaving(paths.data_dir, device_id(paths.state_dir), paths.store_lock)
sys.exit(build_app(paths, "terminal", store=store).run())
"""


@pytest.fixture
def home() -> Iterator[Path]:
    # Not tmp_path: the control socket lives in it, and AF_UNIX paths are limited to ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _store(home: Path) -> TinyDBEventStore:
    paths = resolve_paths({"NUDGE_HOME": str(home)})
    paths.ensure()
    return TinyDBEventStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock)


def _logged(home: Path) -> list[Event]:
    return [e for e in _store(home).iter_all_events()
            if e.kind is EventKind.DONE and e.source is Source.MANUAL]


def _log_rise(home: Path, reps: int) -> pexpect.spawn:
    cli = pexpect.spawn(sys.executable, ["-m", "nudge", "log", "rise", "--reps", str(reps)],
                        env=cli_env(home), encoding="utf-8", timeout=30)
    cli.expect(pexpect.EOF)
    cli.close()
    return cli


def test_an_app_killed_right_after_saving_a_rep_counts_it_once_and_says_it_was_logged(
        home: Path) -> None:
    app = pexpect.spawn(sys.executable, ["-c", APP_THAT_DIES_AFTER_SAVING], env=cli_env(home),
                        encoding="utf-8", timeout=20, dimensions=(40, 120))
    try:
        app.expect("press \\? for keys")
        cli = _log_rise(home, 7)
        app.expect(pexpect.EOF)
    finally:
        app.close(force=True)
    assert app.exitstatus == 9  # it died after saving, before replying
    assert cli.exitstatus == 0, cli.before
    assert "Logged: 7 reps" in cli.before and "counted once" in cli.before
    assert "closed the connection" not in cli.before and "Traceback" not in cli.before
    logged = _logged(home)
    assert [e.reps for e in logged] == [7]
    assert isinstance(logged[0].extra.get(REQUEST_FIELD), str)


class HangsUp(ControlServer):
    """A control server that carries out each command, then closes the connection instead of
    replying, the first `times` times: an app whose reply is lost after it committed."""

    def __init__(self, home: Path, handler: object, times: int) -> None:
        paths = resolve_paths({"NUDGE_HOME": str(home)})
        super().__init__(paths.control_socket, paths.control_key, handler)  # type: ignore[arg-type]
        self.times = times

    def _call_handler(self, command: Command) -> Reply:
        reply = super()._call_handler(command)
        if self.times > 0:
            self.times -= 1
            raise EOFError("hung up after committing")  # the server drops the connection
        return reply


class RealEngine:
    """The real engine on the real store in `home`, called by the control threads in turn."""

    def __init__(self, home: Path) -> None:
        self.engine = Engine(session=NudgeSession(Settings(), load_catalogue(None).catalogue),
                             clock=SystemClock(), activity=FakeActivity(), store=_store(home),
                             notifier=FakeNotifier(), views=[FakeView()],
                             pause_file=home / "pause.json")
        self.engine.start()
        self.received: list[Command] = []
        self._guard = threading.Lock()

    def __call__(self, command: Command) -> Reply:
        with self._guard:
            self.received.append(command)
            return self.engine.handle(command)


def test_a_lost_reply_is_asked_for_again_and_the_rep_counts_once(home: Path) -> None:
    engine = RealEngine(home)
    server = HangsUp(home, engine, times=1)
    server.start()
    try:
        cli = _log_rise(home, 6)
    finally:
        server.stop()
    assert cli.exitstatus == 0, cli.before
    assert "Logged: 6 reps" in cli.before
    assert [e.reps for e in _logged(home)] == [6]
    first, second = engine.received
    assert isinstance(first, LogRise) and first.request_id and first == second


def test_when_no_reply_comes_at_all_the_cli_says_what_is_known_not_failed(home: Path) -> None:
    engine = RealEngine(home)
    server = HangsUp(home, engine, times=100)
    server.start()
    try:
        cli = _log_rise(home, 6)
    finally:
        server.stop()
    assert cli.exitstatus == 1
    assert "the rep may have been saved: check `nudge status` before logging it again" in \
        cli.before
    assert "fail" not in cli.before.lower() and "Traceback" not in cli.before
    asked = engine.received
    assert 2 <= len(asked) <= 4 and all(c == asked[0] for c in asked)  # a few tries, then words
    assert [e.reps for e in _logged(home)] == [6]  # asked again and again, logged once


def test_the_same_request_id_is_logged_once_also_after_a_restart(home: Path) -> None:
    first = RealEngine(home).engine
    reply = first.handle(LogRise(reps=8, request_id="r-1"))
    assert reply.ok and "Logged: 8 reps" in reply.message
    assert first.handle(LogRise(reps=8, request_id="r-1")) == reply  # the original reply
    assert first.handle(LogRise(reps=8, request_id="r-2")).ok  # another request counts
    assert first.handle(LogRise(reps=8)).ok  # and one without an id (older CLIs)
    assert len(_logged(home)) == 3
    again = RealEngine(home).engine  # the app restarted: the id is read from the history
    repeat = again.handle(LogRise(reps=8, request_id="r-1"))
    assert repeat.ok and repeat.message.startswith("Logged: 8 reps")
    assert len(_logged(home)) == 3
    assert again.status().done_today == first.status().done_today
