"""nudge's own control-channel framing and handshake against `multiprocessing.connection`'s.

The channel no longer loads `multiprocessing`, but it speaks its protocol byte for byte: these
pit nudge's client against the standard library's `Listener(authkey=...)` (the server side is
checked by tests/test_control.py, whose raw client is the stdlib's), and nudge's
`SocketChannel` against the stdlib `Connection` on both ends of a socket pair."""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing import AuthenticationError
from multiprocessing.connection import Connection, Listener
from pathlib import Path

import pytest

from nudge.app.commands import GetStatus, Reply
from nudge.control import ControlError, auth, send_command
from nudge.control.channel import SocketChannel
from nudge.control.wire import decode, encode

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="AF_UNIX sockets")


@pytest.fixture
def state() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="nudge-compat-"))  # short: AF_UNIX paths are short
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stdlib_app(address: Path, key: bytes, seen: list[object]) -> tuple[Listener, threading.Thread]:
    """A one-connection app written with the stdlib: handshake, one JSON request, one reply."""
    listener = Listener(str(address), family="AF_UNIX", authkey=key)

    def serve() -> None:
        try:
            with listener.accept() as conn:
                seen.append(decode(conn.recv_bytes()))
                conn.send_bytes(encode(Reply(True, "from the stdlib", {"n": 1}).to_json()))
        except (AuthenticationError, EOFError, OSError) as error:
            seen.append(error)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_nudges_client_talks_to_a_stdlib_listener(state: Path) -> None:
    key_file = state / "control.key"
    key = auth.load_or_create_key(key_file)
    seen: list[object] = []
    listener, thread = _stdlib_app(state / "control.sock", key, seen)
    try:
        reply = send_command(state / "control.sock", key_file, GetStatus(), timeout=5.0)
        thread.join(5)
    finally:
        listener.close()

    assert reply == Reply(True, "from the stdlib", {"n": 1})
    assert seen == [{"cmd": "status"}]


def test_a_stdlib_listener_with_another_key_is_told_apart(state: Path) -> None:
    key_file = state / "control.key"
    auth.load_or_create_key(key_file)
    seen: list[object] = []
    listener, thread = _stdlib_app(state / "control.sock", b"x" * 32, seen)
    try:
        with pytest.raises(ControlError, match="rejected the control key"):
            send_command(state / "control.sock", key_file, GetStatus(), timeout=5.0)
        thread.join(5)
    finally:
        listener.close()

    assert len(seen) == 1 and isinstance(seen[0], AuthenticationError)


@pytest.mark.parametrize("size", [0, 5, 16384, 16385, 300_000])
def test_messages_cross_between_socket_channel_and_stdlib_connection(size: int) -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ours, theirs = SocketChannel(left), Connection(right.detach())
    payload = bytes(range(256)) * (size // 256) + b"z" * (size % 256)
    with ours, theirs:
        sender = threading.Thread(target=ours.send_bytes, args=(payload,))
        sender.start()
        assert theirs.recv_bytes() == payload
        sender.join(5)
        sender = threading.Thread(target=theirs.send_bytes, args=(payload,))
        sender.start()
        assert ours.recv_bytes() == payload
        sender.join(5)


def test_an_oversize_message_is_refused_and_the_channel_marked_unreadable() -> None:
    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ours, theirs = SocketChannel(left), Connection(right.detach())
    with ours, theirs:
        theirs.send_bytes(b"y" * 300)
        with pytest.raises(OSError, match="bad message length"):
            ours.recv_bytes(256)
        assert not ours.readable


def test_the_handshake_matches_the_stdlibs_in_both_directions() -> None:
    from multiprocessing.connection import answer_challenge, deliver_challenge

    from nudge.control.wire import TimedChannel

    key = b"k" * 32
    for our_side, their_side in ((auth.deliver_challenge, answer_challenge),
                                 (auth.answer_challenge, deliver_challenge)):
        left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        ours, theirs = SocketChannel(left), Connection(right.detach())
        with ours, theirs:
            peer = threading.Thread(target=their_side, args=(theirs, key))
            peer.start()
            our_side(TimedChannel(ours, 5.0), key)  # raises if the stdlib's peer disagrees
            peer.join(5)
            assert not peer.is_alive()
