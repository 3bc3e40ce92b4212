"""Random JSON at the command parser and at a running control server: refusals, never crashes."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from multiprocessing.connection import Client
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nudge.app.commands import (
    AnswerNudge,
    CommandError,
    GetStatus,
    LogRise,
    PauseNudges,
    Quit,
    Reply,
    ResumeNudges,
    command_from_json,
    command_to_json,
)
from nudge.control import ControlServer, send_command

NAMES = [c.name for c in (AnswerNudge, LogRise, PauseNudges, ResumeNudges, GetStatus, Quit)]
FIELDS = ["nudge_id", "answer", "reps", "snooze_seconds", "exercise", "spec"]

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20))
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)
# Mostly command-shaped, so validation gets past the name check and into the fields.
field_values = json_values | st.sampled_from(["done", "snooze", "skip", "30m"]) \
    | st.integers(min_value=-1, max_value=101) | st.floats(min_value=-1, max_value=90_000)
command_like = st.builds(
    lambda cmd, fields: {"cmd": cmd, **fields},
    st.sampled_from(NAMES) | json_values,
    st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), field_values, max_size=4),
)
documents = json_values | command_like


def test_a_list_or_object_cmd_is_a_command_error() -> None:
    with pytest.raises(CommandError):
        command_from_json({"cmd": []})
    with pytest.raises(CommandError):
        command_from_json({"cmd": {"a": 1}})


@settings(max_examples=400, deadline=None)
@given(documents)
@example({"cmd": "log", "reps": True})
@example({"cmd": "answer", "nudge_id": "n", "answer": "done", "reps": 100})
def test_command_from_json_accepts_or_raises_command_error_only(doc: Any) -> None:
    try:
        command = command_from_json(doc)
    except CommandError as error:
        assert str(error)
        return
    # Whatever it accepts survives the trip through the wire format unchanged.
    assert command_from_json(json.loads(json.dumps(command_to_json(command)))) == command


@pytest.fixture(scope="module")
def server_paths() -> Iterator[tuple[Path, Path]]:
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    address, key = root / "control.sock", root / "control.key"
    server = ControlServer(address, key, lambda command: Reply(True, command.name),
                           io_timeout=1.0)
    server.start()
    try:
        yield address, key
        assert server.serving
        assert send_command(address, key, GetStatus()).message == "status"
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _expected_ok(payload: bytes) -> bool:
    try:
        command_from_json(json.loads(payload.decode("utf-8")))
    except Exception:
        return False
    return True


def _ask(paths: tuple[Path, Path], payload: bytes) -> dict[str, Any]:
    address, key = paths
    with Client(str(address), family="AF_UNIX", authkey=key.read_bytes()) as conn:
        conn.send_bytes(payload)
        assert conn.poll(3.0), "the server did not answer"
        reply: dict[str, Any] = json.loads(conn.recv_bytes())
    return reply


@pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX")
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=documents.map(lambda doc: json.dumps(doc).encode()) | st.binary(max_size=64))
@example(payload=b'{"cmd": []}')
@example(payload=b'{"cmd": {"a": 1}}')
def test_a_running_server_answers_anything_and_stays_up(
        server_paths: tuple[Path, Path], payload: bytes) -> None:
    reply = _ask(server_paths, payload)
    assert Reply.from_json(reply).ok is _expected_ok(payload)
    if not reply["ok"]:
        assert reply["message"].startswith(("bad request: ", "bad command: "))
