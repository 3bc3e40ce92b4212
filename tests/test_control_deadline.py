"""The control channel's time limits over real Unix sockets: one deadline for a whole exchange,
and a slow client that cannot keep the others waiting."""

from __future__ import annotations

import os
import selectors
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Client
from pathlib import Path

import pytest

from nudge.app.commands import Command, GetStatus, Reply
from nudge.control import ControlServer, send_command

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX sockets")

DEADLINE = 1.5  # the server's limit for a whole exchange in these tests (the app's is 5 s)
DRIBBLE_EVERY = 0.5  # the slow client's pace: well inside any per-read timeout


@pytest.fixture
def state() -> Iterator[Path]:
    # Not tmp_path: AF_UNIX paths are limited to ~100 bytes and pytest's can be longer.
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    try:
        yield root / "state"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _closed_within(fd: int, seconds: float) -> bool:
    """True once the server hung up (`fd` readable: end of file), False after `seconds`."""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        return bool(selector.select(seconds))


class SlowLoris:
    """Authenticates, promises a 1000-byte request, then sends one byte every DRIBBLE_EVERY s
    until the server hangs up (or 15 s pass). `lasted` is how long the server put up with it."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.dribbling = threading.Event()
        self.lasted: float | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        key = (self.state / "control.key").read_bytes()
        with Client(str(self.state / "control.sock"), family="AF_UNIX", authkey=key) as conn:
            started = time.monotonic()
            fd = conn.fileno()
            os.write(fd, struct.pack("!i", 1000))
            while time.monotonic() - started < 15:
                try:
                    os.write(fd, b" ")
                except OSError:  # EPIPE: the server hung up
                    break
                self.dribbling.set()
                if _closed_within(fd, DRIBBLE_EVERY):
                    break
            self.lasted = time.monotonic() - started


def test_a_slow_client_is_dropped_at_the_deadline_while_others_are_answered(
        state: Path) -> None:
    served: list[str] = []

    def handler(command: Command) -> Reply:
        served.append(command.name)
        return Reply(True, "all quiet")

    server = ControlServer(state / "control.sock", state / "control.key", handler,
                           io_timeout=DEADLINE)
    server.start()
    try:
        slow = SlowLoris(state)
        assert slow.dribbling.wait(5)
        for _ in range(3):  # while the slow one still dribbles
            asked = time.monotonic()
            reply = send_command(state / "control.sock", state / "control.key", GetStatus(),
                                 timeout=5.0)
            assert reply.message == "all quiet"
            assert time.monotonic() - asked < 0.5  # at once, not after the slow one
        assert slow.lasted is None and slow.thread.is_alive()
        slow.thread.join(15)
        assert slow.lasted is not None
        # Cut off at the deadline for the whole exchange, though every byte came in time.
        assert DEADLINE - 0.1 <= slow.lasted < DEADLINE + 1.5
        assert served == ["status"] * 3
        assert send_command(state / "control.sock", state / "control.key", GetStatus()).ok
    finally:
        server.stop()
