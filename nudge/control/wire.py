"""What travels on the control channel and how: address, size limit, JSON framing, time limits.

Both ends use these helpers, on whichever thread calls them: the CLI's main thread for
`send_command`, the app's "nudge-control" thread for `ControlServer`. Messages are
`multiprocessing.connection`'s byte messages (a 4-byte length prefix; `nudge.control.channel`)
holding UTF-8 JSON. Nothing is ever unpickled: that runs code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import selectors
import socket
import struct
import time
from pathlib import Path
from typing import Any, Protocol

MAX_MESSAGE_BYTES = 64 * 1024  # a status reply is a few hundred bytes; anything this big is wrong
_PIPE_PREFIX = "\\\\.\\pipe\\"

log = logging.getLogger(__name__)


class ControlError(Exception):
    """The running app could not be asked: timeout, failed authentication, bad reply."""


class AppNotRunning(ControlError):
    """Nothing listens: no socket or pipe, connection refused, or no control key."""


class NoReply(ControlError):
    """The request went out but no reply came back: it may have been carried out or not.
    `timed_out` tells a silent app (still busy, perhaps) from one that hung up (perhaps died)."""

    def __init__(self, message: str, *, timed_out: bool) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class BadMessage(ControlError):
    """A message that is not a small UTF-8 JSON document; the text says what is wrong."""


class Channel(Protocol):
    """A `channel.SocketChannel`, or on Windows a `multiprocessing` `PipeConnection`."""

    @property
    def readable(self) -> bool: ...

    def send_bytes(self, buf: bytes) -> None: ...

    def recv_bytes(self, maxlength: int | None = None) -> bytes: ...

    def poll(self, timeout: float | None = 0.0) -> bool: ...

    def fileno(self) -> int: ...

    def close(self) -> None: ...


def control_address(path: Path, *, windows: bool | None = None,
                    user: str | None = None) -> tuple[str, str]:
    """The listener address and family for the socket path `path`.

    POSIX: the path itself (AF_UNIX). Windows: a named pipe (AF_PIPE), which lives outside the
    file system, so its name is derived from the user name plus a hash of `path`; two state folders
    (e.g. a test `NUDGE_HOME`) then get two pipes.
    """
    if not (os.name == "nt" if windows is None else windows):
        return str(path), "AF_UNIX"
    who = re.sub(r"[^A-Za-z0-9_.-]", "_", user if user is not None else _user_name())
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{_PIPE_PREFIX}nudge-{who}-{digest}", "AF_PIPE"


def _user_name() -> str:
    import getpass  # Windows only: POSIX addresses are paths

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        return "user"


def encode(doc: dict[str, Any]) -> bytes:
    """Strict JSON (no NaN/Infinity) as UTF-8; raises BadMessage if unencodable or too large."""
    try:
        data = json.dumps(doc, allow_nan=False, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise BadMessage(f"not encodable as JSON ({error})") from None
    if len(data) > MAX_MESSAGE_BYTES:
        raise BadMessage(f"{len(data)} bytes, more than the {MAX_MESSAGE_BYTES} allowed")
    return data


def decode(data: bytes) -> Any:
    """Parse a message; raises BadMessage naming the problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadMessage(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise BadMessage(f"not valid JSON ({error.msg} at line {error.lineno} "
                         f"column {error.colno})") from None
    except RecursionError:
        raise BadMessage("JSON nested too deeply") from None
    except ValueError as error:  # e.g. an integer longer than Python's 4300-digit limit
        raise BadMessage(f"not valid JSON ({error})") from None


def _reject_constant(name: str) -> Any:
    raise BadMessage(f"not strict JSON ({name} is not allowed)")


class TimedChannel:
    """A channel with one deadline for a whole exchange.

    It also has the two methods the handshake (`auth.deliver_challenge`,
    `auth.answer_challenge`) calls, so the handshake itself cannot hang on a silent peer. On POSIX
    the deadline also covers the bytes of a message, not only its start: a peer that sends a byte
    every few seconds is cut off when the time is up (a per-read socket timeout alone would let
    it go on for ever).
    """

    def __init__(self, channel: Channel, seconds: float) -> None:
        self.channel = channel
        self.seconds = seconds
        self._deadline = time.monotonic() + seconds

    def send_bytes(self, buf: bytes) -> None:
        self.channel.send_bytes(buf)

    def recv_bytes(self, maxlength: int | None = None) -> bytes:
        """Wait at most until the deadline; TimeoutError after, BadMessage if too big."""
        if os.name == "posix":
            return self._recv_framed(maxlength)
        if not self._wait_readable():
            raise TimeoutError(f"no answer within {self.seconds:g} s")
        try:
            return self.channel.recv_bytes(maxlength)
        except OSError:
            # recv_bytes raises a bare OSError("bad message length") for an oversize message and
            # then marks the connection unreadable (still writable, so a reply can go back).
            if maxlength is not None and not self.channel.readable:
                raise BadMessage(f"larger than the {maxlength} bytes allowed") from None
            raise

    def _wait_readable(self) -> bool:
        remaining = self._deadline - time.monotonic()
        return remaining > 0 and self.channel.poll(remaining)

    def _recv_framed(self, maxlength: int | None) -> bytes:
        # The framing of `Connection.recv_bytes`: a 4-byte big-endian length, then the bytes
        # (-1 announces an 8-byte length, for messages far larger than we accept).
        (size,) = struct.unpack("!i", self._read_exactly(4))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read_exactly(8))
        if size < 0 or (maxlength is not None and size > maxlength):
            raise BadMessage(f"larger than the {maxlength} bytes allowed")
        return self._read_exactly(size)

    def _read_exactly(self, size: int) -> bytes:
        chunks: list[bytes] = []
        missing = size
        fd = self.channel.fileno()
        while missing:
            if not _readable_before(fd, self._deadline):
                raise TimeoutError(f"no complete message within {self.seconds:g} s")
            chunk = os.read(fd, min(missing, 65536))
            if not chunk:
                raise EOFError("the other end closed the connection")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)


def _readable_before(fd: int, deadline: float) -> bool:
    """Wait until `fd` has data (or end of file) or the monotonic `deadline` passes."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        return bool(selector.select(remaining))


def set_socket_timeouts(channel: Channel, seconds: float) -> None:
    """POSIX: bound every read and write at the socket, so a peer that stops reading cannot hang
    a reply (`TimedChannel` bounds whole reads by its deadline). Best effort; no-op elsewhere."""
    if os.name != "posix":
        return
    timeval = struct.pack("ll", int(seconds), int((seconds % 1) * 1_000_000))
    try:
        # fromfd duplicates the descriptor; options set through the duplicate apply to the socket.
        with socket.fromfd(channel.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
    except OSError as error:
        log.debug("control: cannot set socket timeouts: %s", error)
