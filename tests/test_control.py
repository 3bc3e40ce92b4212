"""The local control channel over real Unix sockets: round trips, bad input, keys and modes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from multiprocessing.connection import Client
from pathlib import Path

import pytest

from nudge.app.commands import (
    AnswerNudge,
    Command,
    GetStatus,
    LogRise,
    PauseNudges,
    Quit,
    Reply,
    ResumeNudges,
)
from nudge.app.root import BUSY_REPLY, reply_in_time
from nudge.control import (
    MAX_MESSAGE_BYTES,
    AppNotRunning,
    ControlError,
    ControlServer,
    auth,
    control_address,
    send_command,
)
from nudge.control import server as server_module
from nudge.core.decisions import Answer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX paths and modes")


class RecordingHandler:
    """A fake engine: records each command and answers with a reply carrying rich data."""

    def __init__(self) -> None:
        self.received: list[Command] = []

    def __call__(self, command: Command) -> Reply:
        self.received.append(command)
        return Reply(True, f"did {command.name}", {"name": command.name, "n": [1, 2.5, None],
                                                   "text": "Gesäß 💪", "nested": {"ok": True}})


class Setup:
    def __init__(self, root: Path) -> None:
        self.state = root / "state"
        self.socket = self.state / "control.sock"
        self.key = self.state / "control.key"
        self.handler = RecordingHandler()

    def server(self, handler: object = None, io_timeout: float = 2.0) -> ControlServer:
        return ControlServer(self.socket, self.key, handler or self.handler,  # type: ignore[arg-type]
                             io_timeout=io_timeout)

    def send(self, command: Command, timeout: float = 3.0) -> Reply:
        return send_command(self.socket, self.key, command, timeout=timeout)

    def raw(self, payload: bytes) -> dict[str, object]:
        """Send any bytes after a correct handshake (the stdlib client, as a stranger would)."""
        with Client(str(self.socket), family="AF_UNIX", authkey=self.key.read_bytes()) as conn:
            # An oversized message: the server answers after its header and hangs up.
            with contextlib.suppress(BrokenPipeError):
                conn.send_bytes(payload)
            assert conn.poll(3.0)
            reply: dict[str, object] = json.loads(conn.recv_bytes())
        return reply


@pytest.fixture
def setup() -> Iterator[Setup]:
    # Not tmp_path: AF_UNIX paths are limited to ~100 bytes and pytest's can be longer.
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    try:
        yield Setup(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def running(setup: Setup) -> Iterator[Setup]:
    server = setup.server(io_timeout=0.5)
    server.start()
    try:
        yield setup
    finally:
        server.stop()
    assert not server.serving


EVERY_COMMAND: list[Command] = [
    AnswerNudge("n-1", Answer.DONE, reps=8),
    AnswerNudge("n-2", Answer.SNOOZE, snooze_seconds=600.0),
    AnswerNudge("n-3", Answer.SKIP),
    LogRise(),
    LogRise(reps=12, exercise="clamshell"),
    PauseNudges("30m"),
    PauseNudges("until-tomorrow"),
    ResumeNudges(),
    GetStatus(),
    Quit(),
]


def test_every_command_type_arrives_intact_and_the_reply_data_comes_back(running: Setup) -> None:
    for command in EVERY_COMMAND:
        reply = running.send(command)
        assert reply.ok and reply.message == f"did {command.name}"
        assert reply.data == {"name": command.name, "n": [1, 2.5, None], "text": "Gesäß 💪",
                              "nested": {"ok": True}}
    assert running.handler.received == EVERY_COMMAND
    assert isinstance(running.handler.received[0], AnswerNudge)
    assert running.handler.received[0].answer is Answer.DONE


def test_nothing_listening_means_app_not_running(setup: Setup) -> None:
    with pytest.raises(AppNotRunning, match="not running"):
        setup.send(GetStatus())
    setup.state.mkdir(mode=0o700)
    auth.load_or_create_key(setup.key)  # a key from an earlier run, but no socket
    with pytest.raises(AppNotRunning, match="nothing listens"):
        setup.send(GetStatus())


def test_a_stale_socket_from_a_crash_means_not_running_and_is_replaced_on_start(
        setup: Setup) -> None:
    setup.state.mkdir(mode=0o700)
    auth.load_or_create_key(setup.key)
    _leave_stale_socket(setup.socket)
    with pytest.raises(AppNotRunning):
        setup.send(GetStatus())
    server = setup.server()
    server.start()
    try:
        assert setup.send(GetStatus()).ok
    finally:
        server.stop()
    assert not setup.socket.exists()


def test_start_refuses_to_delete_a_file_that_is_not_a_socket(setup: Setup) -> None:
    setup.state.mkdir(mode=0o700)
    setup.socket.write_text("precious")
    with pytest.raises(ControlError, match="not a socket"):
        setup.server().start()
    assert setup.socket.read_text() == "precious"


def test_wrong_key_is_rejected_and_the_next_good_client_is_served(
        running: Setup, tmp_path: Path) -> None:
    other_key = tmp_path / "other.key"
    auth.load_or_create_key(other_key)
    with pytest.raises(ControlError, match="rejected the control key"):
        send_command(running.socket, other_key, GetStatus(), timeout=2.0)
    assert running.send(GetStatus()).ok
    assert running.handler.received == [GetStatus()]


BAD_REQUESTS = [
    pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="garbage-bytes"),
    pytest.param(b"status please", "not valid JSON", id="not-json"),
    pytest.param(b"", "not valid JSON", id="empty"),
    pytest.param(b'["status"]', "must be a JSON object", id="json-array"),
    pytest.param(b'"status"', "must be a JSON object", id="json-string"),
    pytest.param(b'{"cmd": "jump"}', "unknown command 'jump'", id="unknown-cmd"),
    pytest.param(b"{}", "unknown command None", id="no-cmd"),
    pytest.param(b'{"cmd": "log", "reps": -1}', "reps must be", id="reps-negative"),
    pytest.param(b'{"cmd": "log", "reps": "5"}', "reps must be", id="reps-string"),
    pytest.param(b'{"cmd": "log", "reps": true}', "reps must be", id="reps-bool"),
    pytest.param(b'{"cmd": "log", "reps": 5.0}', "reps must be", id="reps-float"),
    pytest.param(b'{"cmd": "log", "colour": "red"}', "unexpected field", id="extra-field"),
    pytest.param(b'{"cmd": "pause"}', "pause", id="missing-field"),
    pytest.param(b'{"cmd": "answer", "nudge_id": "x", "answer": "maybe"}', "answer must be",
                 id="bad-answer"),
    pytest.param(b'{"cmd": "answer", "nudge_id": "x", "answer": "snooze", '
                 b'"snooze_seconds": NaN}', "NaN is not allowed", id="nan"),
    pytest.param(b'{"cmd": "log", "reps": ' + b"9" * 5000 + b"}", "not valid JSON",
                 id="huge-int"),
    pytest.param(b"[" * 5000 + b"]" * 5000, "nested too deeply", id="deep-nesting"),
    pytest.param(b'{"cmd": "status"' + b" " * MAX_MESSAGE_BYTES + b"}", "larger than",
                 id="oversized"),
]


@pytest.mark.parametrize(("payload", "problem"), BAD_REQUESTS)
def test_bad_requests_get_a_clear_refusal_and_the_server_keeps_serving(
        running: Setup, payload: bytes, problem: str, caplog: pytest.LogCaptureFixture) -> None:
    reply = running.raw(payload)
    assert reply["ok"] is False
    assert problem in str(reply["message"])
    assert running.handler.received == []
    assert any(problem in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert running.send(GetStatus()).ok


def test_a_client_that_says_nothing_is_dropped_after_the_io_timeout(running: Setup) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.connect(str(running.socket))
        started = time.monotonic()
        assert running.send(GetStatus(), timeout=3.0).ok
        assert time.monotonic() - started < 2.0  # the 0.5 s server limit, not the client's 3 s


def test_a_client_that_stops_mid_message_is_dropped(running: Setup) -> None:
    with Client(str(running.socket), family="AF_UNIX", authkey=running.key.read_bytes()) as c:
        os.write(c.fileno(), struct.pack("!i", 100) + b'{"cmd"')  # promises 100 bytes, sends 6
        assert running.send(GetStatus(), timeout=3.0).ok


def test_an_app_that_accepts_but_never_answers_times_out(setup: Setup) -> None:
    setup.state.mkdir(mode=0o700)
    auth.load_or_create_key(setup.key)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as mute:
        mute.bind(str(setup.socket))
        mute.listen(1)  # the kernel completes connects; nobody ever reads or writes
        started = time.monotonic()
        with pytest.raises(ControlError, match=r"did not answer within 0\.3 s"):
            setup.send(GetStatus(), timeout=0.3)
        assert time.monotonic() - started < 1.5


def test_a_handler_that_hangs_times_the_client_out_and_serving_resumes(setup: Setup) -> None:
    release = threading.Event()

    def slow(command: Command) -> Reply:
        if isinstance(command, Quit):
            release.wait(5)
        return Reply(True, "ok")

    server = setup.server(slow)
    server.start()
    try:
        with pytest.raises(ControlError, match="did not answer"):
            setup.send(Quit(), timeout=0.3)
        release.set()
        assert setup.send(GetStatus()).ok
    finally:
        server.stop()


def test_handler_exceptions_become_internal_error_replies(
        setup: Setup, caplog: pytest.LogCaptureFixture) -> None:
    def broken(command: Command) -> Reply:
        raise RuntimeError("engine exploded")

    server = setup.server(broken)
    server.start()
    try:
        reply = setup.send(GetStatus())
        assert not reply.ok and reply.message == "internal error: RuntimeError: engine exploded"
        assert any(r.exc_info for r in caplog.records)  # the traceback is logged
        assert server.serving
    finally:
        server.stop()


def test_unencodable_reply_data_becomes_an_internal_error(setup: Setup) -> None:
    server = setup.server(lambda command: Reply(True, "ok", {"when": object()}))
    server.start()
    try:
        reply = setup.send(GetStatus())
        assert not reply.ok and reply.message.startswith("internal error: reply not encodable")
    finally:
        server.stop()


def test_socket_and_key_are_private_and_a_missing_folder_is_made_0700(running: Setup) -> None:
    assert stat.S_IMODE(running.state.stat().st_mode) == 0o700
    socket_mode = running.socket.stat().st_mode
    assert stat.S_ISSOCK(socket_mode) and stat.S_IMODE(socket_mode) == 0o600
    key_info = running.key.stat()
    assert stat.S_IMODE(key_info.st_mode) == 0o600 and key_info.st_size == auth.KEY_BYTES


def test_the_key_survives_a_restart_but_an_unsafe_one_is_replaced(setup: Setup) -> None:
    for _ in range(2):
        server = setup.server()
        server.start()
        server.stop()
    key = setup.key.read_bytes()
    assert len(key) == auth.KEY_BYTES
    setup.key.chmod(0o644)
    with pytest.raises(ControlError, match="readable by other users"):
        setup.send(GetStatus())  # the client refuses a key others could have read
    assert auth.load_or_create_key(setup.key) != key
    assert stat.S_IMODE(setup.key.stat().st_mode) == 0o600
    setup.key.write_bytes(b"short")
    assert len(auth.load_or_create_key(setup.key)) == auth.KEY_BYTES
    assert not [p for p in setup.state.iterdir() if p.name.endswith(".tmp")]


def test_an_open_state_folder_is_warned_about(
        setup: Setup, caplog: pytest.LogCaptureFixture) -> None:
    setup.state.mkdir(mode=0o755)
    setup.state.chmod(0o755)
    server = setup.server()
    server.start()
    server.stop()
    assert any("open to other users" in r.getMessage() for r in caplog.records)


def test_stop_removes_the_socket_and_is_idempotent(setup: Setup) -> None:
    server = setup.server()
    server.start()
    assert server.serving and setup.socket.exists()
    assert any(t.name == "nudge-control" and t.daemon for t in threading.enumerate())
    server.stop()
    server.stop()
    assert not server.serving and not setup.socket.exists()
    with pytest.raises(RuntimeError, match="only once"):
        server.start()
    with pytest.raises(AppNotRunning):
        setup.send(GetStatus())


def test_peer_credentials_are_read_from_the_kernel(running: Setup) -> None:
    if not hasattr(socket, "SO_PEERCRED"):
        pytest.skip("SO_PEERCRED is Linux-only")
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        assert auth.peer_uid(left) == os.geteuid()  # type: ignore[arg-type]


def test_another_users_connection_is_dropped_before_the_handshake(
        running: Setup, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(server_module, "is_other_user", lambda channel: 4242)
    with pytest.raises(ControlError, match="closed the connection during authentication"):
        running.send(GetStatus())
    assert any("refused uid 4242" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    assert running.send(GetStatus()).ok


@pytest.mark.skipif(not hasattr(socket, "SO_PEERCRED") or os.geteuid() != 0,
                    reason="needs Linux and root to connect as another user")
def test_a_real_other_user_gets_no_challenge(running: Setup) -> None:
    for folder in (running.state.parent, running.state):
        folder.chmod(0o711)  # let the other user reach the socket, so only SO_PEERCRED
    running.socket.chmod(0o666)  # stands between them and the handshake
    script = ("import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.settimeout(3)\n"
              "s.connect(sys.argv[1])\nsys.stdout.write(repr(s.recv(64)))")
    python = next((p for p in ("/usr/bin/python3", "/usr/local/bin/python3") if Path(p).exists()),
                  None)
    if python is None:
        pytest.skip("no system python3 another user can run")
    try:
        done = subprocess.run([python, "-c", script, str(running.socket)], user=65534,
                              group=65534, capture_output=True, text=True, timeout=10,
                              check=False)
    except OSError as error:
        pytest.skip(f"cannot run as another user here: {error}")
    if done.returncode != 0:
        pytest.skip(f"cannot run as another user here: {done.stderr.strip()[-200:]}")
    assert done.stdout == "b''"  # closed at once; the handshake would start with #CHALLENGE#


def test_windows_pipe_names_come_from_the_user_and_the_path() -> None:
    posix = control_address(Path("/home/ann/.local/state/nudge/control.sock"), windows=False)
    assert posix == ("/home/ann/.local/state/nudge/control.sock", "AF_UNIX")
    first, family = control_address(Path(r"C:\Users\Ann\nudge\control.sock"), windows=True,
                                    user="Ann Lee")
    second, _ = control_address(Path(r"D:\portable\control.sock"), windows=True, user="Ann Lee")
    assert family == "AF_PIPE"
    assert first.startswith("\\\\.\\pipe\\nudge-Ann_Lee-") and len(first.rsplit("-", 1)[1]) == 16
    assert first != second


def test_a_command_too_large_to_send_is_refused_locally(running: Setup) -> None:
    with pytest.raises(ControlError, match="cannot send"):
        running.send(LogRise(exercise="x" * (MAX_MESSAGE_BYTES + 1)))
    assert running.handler.received == []


def _leave_stale_socket(path: Path) -> None:
    """What a SIGKILLed app leaves: a socket file nobody listens on."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()
    assert stat.S_ISSOCK(path.lstat().st_mode)


def test_a_command_the_engine_has_not_answered_in_time_is_told_as_still_coming() -> None:
    # The app's control handler: it used to let TimeoutError through ("internal error"), and a
    # user who retried logged the rep twice, as the first one was still queued.
    pending: Future[Reply] = Future()
    late = reply_in_time(pending, timeout=0.01)
    assert not late.ok and late.message == BUSY_REPLY
    assert "nudge status" in late.message and "twice" in late.message
    pending.set_result(Reply(True, "Logged: 5 reps."))
    assert reply_in_time(pending, timeout=0.01) == Reply(True, "Logged: 5 reps.")
