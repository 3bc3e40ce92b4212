"""Connections of the control channel: listen, accept, connect, and length-prefixed messages.

POSIX speaks the framing of `multiprocessing.connection.Connection` over a plain AF_UNIX socket
(a 4-byte big-endian length, or -1 then an 8-byte one, then the bytes), so a CLI and an app of
the same version, or the standard library's `Client`, understand each other byte for byte;
`multiprocessing` itself (~0.6 MB and ~8 ms of imports) is not loaded. Windows keeps
`multiprocessing.connection` for its named pipes (overlapped I/O there is not small to redo),
imported only there. The functions run on the caller's thread; a `SocketChannel` is used by one
thread at a time (the app's "nudge-control-client" thread or the CLI's main thread).
"""

from __future__ import annotations

import selectors
import socket
import struct
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from nudge.control.wire import Channel

_SMALL = 16384  # up to this size the header and the bytes go out in one write, as in the stdlib


class Listening(Protocol):
    """The part of `multiprocessing.connection.Listener` used here."""

    def accept(self) -> Channel: ...

    def close(self) -> None: ...


class SocketChannel:
    """A connected stream socket carrying length-prefixed byte messages (blocking mode)."""

    readable = True

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def send_bytes(self, buf: bytes) -> None:
        size = len(buf)
        header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
        if size <= _SMALL:
            self._sock.sendall(header + buf)
        else:
            self._sock.sendall(header)
            self._sock.sendall(buf)

    def recv_bytes(self, maxlength: int | None = None) -> bytes:
        (size,) = struct.unpack("!i", self._read(4))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read(8))
        if size < 0 or (maxlength is not None and size > maxlength):
            self.readable = False  # the rest of that message is still in the way, as in the stdlib
            raise OSError("bad message length")
        return self._read(size)

    def _read(self, size: int) -> bytes:
        chunks: list[bytes] = []
        while size:
            chunk = self._sock.recv(min(size, 65536))
            if not chunk:
                raise EOFError("the other end closed the connection")
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def poll(self, timeout: float | None = 0.0) -> bool:
        with selectors.DefaultSelector() as selector:
            selector.register(self._sock, selectors.EVENT_READ)
            return bool(selector.select(timeout))

    def fileno(self) -> int:
        return self._sock.fileno()

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> SocketChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class UnixListener:
    """A listening AF_UNIX socket at `path` (the caller removes the file after `close`)."""

    def __init__(self, path: str, backlog: int) -> None:
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._sock.bind(path)
            self._sock.listen(backlog)
        except BaseException:
            self._sock.close()
            raise

    def accept(self) -> Channel:
        connection, _ = self._sock.accept()
        connection.setblocking(True)
        return SocketChannel(connection)

    def close(self) -> None:
        self._sock.close()


def listen(where: str, family: str, backlog: int) -> Listening:
    """A listener at `where` (a socket path on POSIX, a pipe name on Windows)."""
    if family == "AF_UNIX":
        return UnixListener(where, backlog)
    from multiprocessing.connection import Listener  # Windows named pipes

    return Listener(where, family=family, backlog=backlog)


def connect(where: str, family: str, timeout: float) -> Channel:
    """A connection to `where`; `timeout` bounds connecting on POSIX (the pipe client of
    Windows waits for a free pipe instance on its own)."""
    if family != "AF_UNIX":
        from multiprocessing.connection import Client

        return Client(where, family=family)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(where)
        sock.setblocking(True)  # reads and writes are bounded by SO_RCVTIMEO/SO_SNDTIMEO
    except BaseException:
        sock.close()
        raise
    return SocketChannel(sock)
