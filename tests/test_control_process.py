"""The control channel between real processes: a CLI process asking, an app that quits or dies."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge.app.commands import GetStatus, Quit, Reply
from nudge.control import AppNotRunning, ControlServer, send_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX and SIGKILL")
REPO = Path(__file__).resolve().parents[1]

APP = """
import os, sys, threading
from pathlib import Path
from nudge.app.commands import Quit, Reply
from nudge.control import ControlServer

state = Path(sys.argv[1])
quitting = threading.Event()

def handle(command):
    if isinstance(command, Quit):
        quitting.set()
        return Reply(True, "bye")
    return Reply(True, "pong", {"pid": os.getpid()})

server = ControlServer(state / "control.sock", state / "control.key", handle)
server.start()
print("ready", flush=True)
quitting.wait(30)
server.stop()
"""

CLI = """
import json, sys
from pathlib import Path
from nudge.app.commands import LogRise
from nudge.control import send_command

state = Path(sys.argv[1])
reply = send_command(state / "control.sock", state / "control.key", LogRise(reps=7))
print(json.dumps(reply.to_json()))
"""


@pytest.fixture
def state() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    try:
        yield root / "state"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _python(script: str, state: Path, **options: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, str(state)], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, **options)  # type: ignore[call-overload]


def _start_app(state: Path) -> subprocess.Popen[str]:
    app = _python(APP, state)
    assert app.stdout is not None and app.stdout.readline().strip() == "ready"
    return app


def test_a_cli_process_talks_to_the_app(state: Path) -> None:
    received = []

    def handle(command: object) -> Reply:
        received.append(command)
        return Reply(True, "logged", {"reps": 7})

    server = ControlServer(state / "control.sock", state / "control.key", handle)
    server.start()
    try:
        cli = _python(CLI, state)
        out, _ = cli.communicate(timeout=10)
        assert cli.returncode == 0
        assert json.loads(out) == {"ok": True, "message": "logged", "data": {"reps": 7}}
        assert [c.name for c in received] == ["log"]  # type: ignore[attr-defined]
    finally:
        server.stop()


def test_quit_is_answered_and_then_the_app_is_gone(state: Path) -> None:
    app = _start_app(state)
    try:
        status = send_command(state / "control.sock", state / "control.key", GetStatus())
        assert status.data == {"pid": app.pid}
        assert send_command(state / "control.sock", state / "control.key", Quit()).message == "bye"
        assert app.wait(timeout=10) == 0
    finally:
        app.kill()
    assert not (state / "control.sock").exists()
    with pytest.raises(AppNotRunning):
        send_command(state / "control.sock", state / "control.key", GetStatus())


def test_after_the_app_is_sigkilled_it_is_not_running_and_a_new_one_starts(state: Path) -> None:
    app = _start_app(state)
    os.kill(app.pid, signal.SIGKILL)
    app.wait(timeout=10)
    assert (state / "control.sock").exists()  # the crash left its socket behind
    with pytest.raises(AppNotRunning):
        send_command(state / "control.sock", state / "control.key", GetStatus(), timeout=2.0)
    again = _start_app(state)
    try:
        reply = send_command(state / "control.sock", state / "control.key", GetStatus())
        assert reply.data == {"pid": again.pid}
        send_command(state / "control.sock", state / "control.key", Quit())
        assert again.wait(timeout=10) == 0
    finally:
        again.kill()
