"""Who may use the control channel: the same user, proven three ways.

1. The socket lives in the 0700 state folder and is itself 0600 (POSIX); Windows pipes refuse
   write access to other users by default.
2. Linux: the kernel tells us the peer's uid (SO_PEERCRED) and other users are dropped before a
   single byte is read.
3. Both ends prove they know a 32-byte key from a 0600 file, with the HMAC challenge of
   `multiprocessing.connection` (`deliver_challenge`/`answer_challenge`, the exchange
   `Listener(authkey=...)` does), written out here byte for byte so that `multiprocessing` is not
   loaded. It runs after the uid check and under a deadline, because `Listener.accept()` would
   wait forever for a peer that connects and says nothing.

The server creates the key on the caller's thread in `ControlServer.start()`; the handshakes run
on the "nudge-control" thread (server) or the CLI's main thread (client).
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import socket
import stat
import struct
import sys
from pathlib import Path

from nudge.control.wire import Channel, ControlError, TimedChannel
from nudge.i18n import _
from nudge.platform.atomic_write import write_atomically

KEY_BYTES = 32
_PRIVATE_FILE_MODE = 0o600
_PRIVATE_DIR_MODE = 0o700
_POSIX = os.name == "posix"

# The challenge words of `multiprocessing.connection`. Python 3.12 names the digest in braces
# ("{sha256}" before 40 random bytes) and answers a bare challenge (3.11's: 20 bytes) with a bare
# HMAC-MD5, so peers of either kind understand each other.
_CHALLENGE, _WELCOME, _FAILURE = b"#CHALLENGE#", b"#WELCOME#", b"#FAILURE#"
_NAMED_DIGEST = sys.version_info >= (3, 12)
_LEGACY_LENGTHS = (16, 20)  # a bare challenge, or a bare HMAC-MD5 answer
_DIGESTS = frozenset({"md5", "sha256", "sha384", "sha3_256", "sha3_384"})
_DIGEST_NAME = re.compile(rb"\{([a-z0-9_]{1,8})\}")
_MAX_HANDSHAKE_MESSAGE = 256

log = logging.getLogger(__name__)


class AuthenticationError(ControlError):
    """The peer does not know the key (same meaning as `multiprocessing.AuthenticationError`)."""


class NotAChallenge(ControlError):
    """The first message was not a challenge: the peer speaks another protocol."""


class BadKeyFile(ControlError):
    """The key file exists but is unsafe or damaged; the text says how."""


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` as 0700 if missing; warn (but carry on) if it is open to others."""
    if not folder.is_dir():
        folder.mkdir(mode=_PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        if _POSIX:
            folder.chmod(_PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
        return
    if _POSIX and folder.stat().st_mode & 0o077:
        # The socket and key are 0600 and the peer is checked, so this is not fatal.
        log.warning("control: %s is open to other users (mode %o); 0700 is expected",
                    folder, stat.S_IMODE(folder.stat().st_mode))


def read_key(key_file: Path) -> bytes:
    """The key; FileNotFoundError if missing, BadKeyFile if not ours, not private or wrong size."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(key_file, flags)
    try:
        info = os.fstat(fd)
        _check_key_file(key_file, info)
        data = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) != KEY_BYTES:
        raise BadKeyFile(_("control key {file} is damaged ({size} bytes, expected "
                           "{expected})").format(file=key_file, size=len(data),
                                                 expected=KEY_BYTES))
    return data


def _check_key_file(key_file: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise BadKeyFile(_("control key {file} is not a regular file").format(file=key_file))
    if not _POSIX:
        return  # Windows: the per-user AppData folder's ACL protects it
    if info.st_uid != _own_uid():
        # Translators: {uid} is another user's number on this computer.
        raise BadKeyFile(_("control key {file} belongs to uid {uid}, not to you").format(
            file=key_file, uid=info.st_uid))
    if info.st_mode & 0o077:
        # Translators: {mode} is an octal file mode like 644; keep 600.
        raise BadKeyFile(_("control key {file} is readable by other users (mode {mode}, "
                           "expected 600)").format(file=key_file,
                                                   mode=f"{stat.S_IMODE(info.st_mode):o}"))


def load_or_create_key(key_file: Path) -> bytes:
    """Server side: reuse a sound key, else write a fresh 0600 one and move it into place."""
    try:
        return read_key(key_file)
    except FileNotFoundError:
        pass
    except (BadKeyFile, OSError) as error:  # OSError: e.g. ELOOP, a symlink where the key goes
        log.warning("control: replacing the control key: %s", error)
    key = os.urandom(KEY_BYTES)  # `secrets.token_bytes`, without loading `secrets`
    # Born private (no window with a wider mode); readers see the old key or the new one.
    write_atomically(key_file, key, _PRIVATE_FILE_MODE)
    return key


def _own_uid() -> int:
    return os.geteuid()


def peer_uid(channel: Channel) -> int | None:
    """The connected peer's uid where the kernel tells (Linux SO_PEERCRED), else None."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    with socket.fromfd(channel.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        raw = sock.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", raw)
    return int(uid)


def is_other_user(channel: Channel) -> int | None:
    """The peer's uid if it is known and not ours, else None."""
    uid = peer_uid(channel)
    return uid if uid is not None and uid != _own_uid() else None


def server_handshake(channel: TimedChannel, key: bytes) -> None:
    """Check the client knows the key, then prove we do.

    Raises AuthenticationError, EOFError, TimeoutError or OSError. Same order as
    `Listener.accept()`, so a stdlib `Client(authkey=...)` can talk to us too.
    """
    deliver_challenge(channel, key)
    answer_challenge(channel, key)


def client_handshake(channel: TimedChannel, key: bytes) -> None:
    """Prove we know the key, then check the server does (mirror of `server_handshake`).

    Raises ControlError saying which side failed, or EOFError, TimeoutError, OSError.
    """
    try:
        answer_challenge(channel, key)
    except AuthenticationError:
        raise ControlError(_("the running nudge rejected the control key; restart nudge or "
                             "check that both use the same state folder")) from None
    except NotAChallenge:
        raise ControlError(_("the listening process does not speak nudge's control "
                             "protocol")) from None
    try:
        deliver_challenge(channel, key)
    except AuthenticationError:
        raise ControlError(_("the listening process could not prove it knows the control key; "
                             "it is not the nudge you started")) from None


def deliver_challenge(channel: TimedChannel, key: bytes) -> None:
    """Send a random challenge and check the peer's HMAC of it (as the stdlib does)."""
    message = b"{sha256}" + os.urandom(40) if _NAMED_DIGEST else os.urandom(20)
    channel.send_bytes(_CHALLENGE + message)
    response = channel.recv_bytes(_MAX_HANDSHAKE_MESSAGE)
    try:
        name, mac = _split_digest_name(response)
        expected = hmac.new(key, message, name or "md5").digest()
    except (AuthenticationError, ValueError):  # ValueError: a digest this Python lacks
        expected, mac = b"", b"-"
    if not hmac.compare_digest(expected, mac):
        channel.send_bytes(_FAILURE)
        raise AuthenticationError("digest received was wrong")
    channel.send_bytes(_WELCOME)


def answer_challenge(channel: TimedChannel, key: bytes) -> None:
    """Answer the peer's challenge with the HMAC of it and wait to be welcomed."""
    message = channel.recv_bytes(_MAX_HANDSHAKE_MESSAGE)
    if not message.startswith(_CHALLENGE):
        raise NotAChallenge(f"message = {message[:40]!r}")
    message = message[len(_CHALLENGE):]
    if len(message) < 20:
        raise AuthenticationError(f"challenge too short: {len(message)} bytes")
    name = _split_digest_name(message)[0]
    try:
        if name:  # the MAC covers the whole message, digest name included
            digest = b"{%s}" % name.encode("ascii") + hmac.new(key, message, name).digest()
        else:
            digest = hmac.new(key, message, "md5").digest()
    except ValueError:
        raise AuthenticationError(f"digest {name or 'md5'} is not available") from None
    channel.send_bytes(digest)
    if channel.recv_bytes(_MAX_HANDSHAKE_MESSAGE) != _WELCOME:
        raise AuthenticationError("digest sent was rejected")


def _split_digest_name(message: bytes) -> tuple[str, bytes]:
    """("sha256", rest) for b"{sha256}rest", ("", message) for a bare (legacy) one."""
    if len(message) in _LEGACY_LENGTHS:
        return "", message
    found = _DIGEST_NAME.match(message)
    if found is None or found.group(1).decode("ascii") not in _DIGESTS:
        raise AuthenticationError("unsupported message length, missing digest prefix, or "
                                  "unsupported digest")
    return found.group(1).decode("ascii"), message[found.end():]
