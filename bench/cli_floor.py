"""The floor under `nudge status` with the app running: the standard library alone asks it.

Run as `python bench/cli_floor.py` with NUDGE_HOME set. It does what `nudge status` does on
the wire and nothing else: reads the control key, connects to the socket, runs the key
handshake of `nudge.control.auth` (HMAC with Python's built-in hashes, as the CLI does), sends
`{"cmd": "status"}` and prints the reply's message. No nudge module, no logging, no
translations, no dataclasses, no pathlib, no platformdirs: what is left is the interpreter,
`json`, `socket`, `hmac` and the app's own answer. bench/cli_bench.py times it beside the real
command, so the gap between them is what nudge's own layers cost (issue #22). Prints "not
running" and exits 0 when nothing listens. Main thread.
"""

from __future__ import annotations

import os
import sys

sys.modules["_hashlib"] = None  # type: ignore[assignment]  # as nudge.platform.openssl_guard
import hmac  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402

CHALLENGE, WELCOME = b"#CHALLENGE#", b"#WELCOME#"


def send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(struct.pack("!i", len(data)) + data)


def receive(sock: socket.socket) -> bytes:
    (size,) = struct.unpack("!i", sock.recv(4, socket.MSG_WAITALL))
    return sock.recv(size, socket.MSG_WAITALL)


def answer_challenge(sock: socket.socket, key: bytes) -> None:
    message = receive(sock)[len(CHALLENGE):]
    if message.startswith(b"{"):  # Python 3.12's named digest: "{sha256}" + 40 bytes
        name = message[1:message.index(b"}")].decode("ascii")
        send(sock, b"{%s}" % name.encode("ascii") + hmac.new(key, message, name).digest())
    else:
        send(sock, hmac.new(key, message, "md5").digest())
    if receive(sock) != WELCOME:
        raise SystemExit("the app rejected the key")


def deliver_challenge(sock: socket.socket, key: bytes) -> None:
    challenge = os.urandom(20)
    send(sock, CHALLENGE + challenge)
    if not hmac.compare_digest(receive(sock), hmac.new(key, challenge, "md5").digest()):
        raise SystemExit("the app does not know the key")
    send(sock, WELCOME)


def main() -> int:
    state = os.path.join(os.environ["NUDGE_HOME"], "state")
    try:
        with open(os.path.join(state, "control.key"), "rb") as file:
            key = file.read()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(5)
        sock.connect(os.path.join(state, "control.sock"))
    except (FileNotFoundError, ConnectionRefusedError):
        print("not running")
        return 0
    with sock:
        answer_challenge(sock, key)
        deliver_challenge(sock, key)
        send(sock, json.dumps({"cmd": "status"}).encode("utf-8"))
        print(json.loads(receive(sock))["message"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
