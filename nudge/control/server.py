"""The app's end of the control channel.

Threads: `start()` and `stop()` run on the caller's thread (the composition root). A daemon
thread named "nudge-control" accepts connections and serves each on its own daemon thread
("nudge-control-client"), at most `MAX_CLIENTS` at once, so one slow client cannot keep the
others waiting. Each exchange (handshake, request, reply) has one deadline, `io_timeout`, for
all of it. `handler` is called on the client threads, possibly several at once, so it must be
thread-safe: the app's hands the command to the engine thread (`EngineLoop.submit`) and waits.
Nothing a client sends can end a thread: bad input gets an `ok: false` reply (or the
connection is dropped) and a one-line warning in the log.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

from nudge.app.commands import Command, CommandError, Reply, command_from_json
from nudge.control.auth import (
    AuthenticationError,
    ensure_private_dir,
    is_other_user,
    load_or_create_key,
    server_handshake,
)
from nudge.control.channel import Listening, connect, listen
from nudge.control.wire import (
    MAX_MESSAGE_BYTES,
    BadMessage,
    Channel,
    ControlError,
    TimedChannel,
    control_address,
    decode,
    encode,
    set_socket_timeouts,
)
from nudge.i18n import _
from nudge.platform.error_words import detail, reason

IO_TIMEOUT = 5.0  # seconds a client gets to authenticate and send its whole request
MAX_CLIENTS = 8  # connections served at once; more wait in the backlog for a free slot
_BACKLOG = 8  # CLI calls waiting while all slots are busy
_SOCKET_MODE = 0o600
_ACCEPT_RETRY = 0.2  # seconds; pause after a failed accept() so an error cannot spin the CPU
# A client's fault, worth a warning; anything else is our bug and gets a traceback.
_CLIENT_FAULTS = (AuthenticationError, EOFError, OSError, ControlError)

log = logging.getLogger(__name__)


class ControlServer:
    def __init__(self, address: Path, key_file: Path, handler: Callable[[Command], Reply],
                 *, io_timeout: float = IO_TIMEOUT) -> None:
        self.address = address
        self.key_file = key_file
        self._handler = handler
        self._io_timeout = io_timeout
        self._listen_at, self._family = control_address(address)
        self._key = b""
        self._listener: Listening | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="nudge-control", daemon=True)
        self._slots = threading.BoundedSemaphore(MAX_CLIENTS)
        self._clients: set[threading.Thread] = set()
        self._clients_guard = threading.Lock()

    @property
    def serving(self) -> bool:
        """True while the "nudge-control" thread is alive and not asked to stop."""
        return self._thread.is_alive() and not self._stopping.is_set()

    def start(self) -> None:
        """Create the key, bind (removing a stale socket) and serve. Raises ControlError if the
        address cannot be used. The caller must hold the instance lock. Runs once per object."""
        if self._thread.ident is not None or self._stopping.is_set():
            raise RuntimeError("a ControlServer starts only once")
        try:
            ensure_private_dir(self.key_file.parent)
            self._key = load_or_create_key(self.key_file)
        except OSError as error:  # e.g. a folder where the key goes, a read-only state folder
            raise ControlError(_("cannot write the control key {file} ({reason}); remove or "
                                 "fix that path, then restart nudge").format(
                                     file=self.key_file, reason=reason(error))) from None
        self._listener = self._bind()
        self._thread.start()
        log.info("control: listening on %s", self._listen_at)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and remove the socket file; waits up to `timeout` for calls in progress."""
        listener, self._listener = self._listener, None
        if listener is None or self._stopping.is_set():
            return
        self._stopping.set()
        deadline = time.monotonic() + timeout
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._wake()
            self._thread.join(timeout)
        with self._clients_guard:
            clients = [t for t in self._clients if t is not threading.current_thread()]
        for client in clients:  # e.g. the `quit` being answered: let its reply go out
            client.join(max(0.0, deadline - time.monotonic()))
        try:
            listener.close()
        except OSError as error:
            log.debug("control: closing the listener: %s", error)
        if self._family == "AF_UNIX":
            self.address.unlink(missing_ok=True)

    # -- binding (caller's thread) --

    def _bind(self) -> Listening:
        if self._family == "AF_UNIX":
            if self.address.parent != self.key_file.parent:
                ensure_private_dir(self.address.parent)
            _remove_stale_socket(self.address)
        try:
            listener = listen(self._listen_at, self._family, _BACKLOG)
        except OSError as error:
            raise ControlError(_("cannot listen on {address}: {problem}").format(
                address=self._listen_at, problem=error)) from error
        if self._family == "AF_UNIX":
            # bind() made the file with the umask's mode; the 0700 folder and the peer check
            # cover the moment until this chmod. Setting the umask instead would race other
            # threads (it is per process).
            os.chmod(self.address, _SOCKET_MODE)
        return listener

    def _wake(self) -> None:
        """Unblock accept() with a throwaway connection (closing a listener from another
        thread does not reliably wake accept() on Linux)."""
        try:
            connect(self._listen_at, self._family, 1.0).close()
        except OSError as error:
            log.debug("control: wake-up connection failed: %s", error)

    # -- serving ("nudge-control" thread) --

    def _serve(self) -> None:
        listener = self._listener
        while listener is not None and not self._stopping.is_set():
            if not self._slots.acquire(timeout=_ACCEPT_RETRY):
                continue  # all slots busy: each frees within io_timeout plus the handler's time
            try:
                connection = listener.accept()
            except OSError as error:
                self._slots.release()
                if self._stopping.is_set():
                    break
                log.warning("control: accept failed: %s", error)
                self._stopping.wait(_ACCEPT_RETRY)
                continue
            if self._stopping.is_set():
                connection.close()
                self._slots.release()
                break
            self._start_client(connection)

    def _start_client(self, connection: Channel) -> None:
        thread = threading.Thread(target=self._serve_client, args=(connection,),
                                  name="nudge-control-client", daemon=True)
        with self._clients_guard:
            self._clients.add(thread)
        try:
            thread.start()
        except RuntimeError as error:  # "can't start new thread": out of threads or memory
            log.warning("control: cannot serve a connection: %s", error)
            with self._clients_guard:
                self._clients.discard(thread)
            connection.close()
            self._slots.release()

    def _serve_client(self, connection: Channel) -> None:
        try:
            self._serve_one(connection)
        finally:
            connection.close()
            with self._clients_guard:
                self._clients.discard(threading.current_thread())
            self._slots.release()

    def _serve_one(self, channel: Channel) -> None:
        try:
            self._exchange(channel)
        except _CLIENT_FAULTS as error:
            log.warning("control: dropped a connection: %s", detail(error))
        except Exception:
            log.exception("control: unexpected error while serving a connection")

    def _exchange(self, channel: Channel) -> None:
        other = is_other_user(channel)
        if other is not None:
            raise ControlError(f"refused uid {other}: only your own programs may connect")
        set_socket_timeouts(channel, self._io_timeout)
        timed = TimedChannel(channel, self._io_timeout)
        server_handshake(timed, self._key)
        timed.send_bytes(_encode_reply(self._answer(timed)))

    def _answer(self, timed: TimedChannel) -> Reply:
        try:
            doc = decode(timed.recv_bytes(MAX_MESSAGE_BYTES))
            command = command_from_json(doc)
        except BadMessage as error:
            return _rejected(f"bad request: {error}")
        except CommandError as error:
            return _rejected(f"bad command: {error}")
        except (TypeError, ValueError, LookupError) as error:
            # command_from_json promises CommandError only; keep serving if it slips.
            return _rejected(f"bad command: {error}")
        return self._call_handler(command)

    def _call_handler(self, command: Command) -> Reply:
        try:
            reply = self._handler(command)
        except Exception as error:
            log.exception("control: the %r command failed", command.name)
            # Translators: {problem} is technical, in English.
            return Reply(False, _("internal error: {problem}").format(problem=detail(error)))
        if not isinstance(reply, Reply):
            log.error("control: the handler returned %r, not a Reply", type(reply).__name__)
            return Reply(False, _("internal error: no reply"))
        return reply


def _remove_stale_socket(address: Path) -> None:
    """Remove a socket file left by a crashed app; refuse to delete anything else."""
    try:
        mode = address.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise ControlError(_("{file} exists and is not a socket; not touching it").format(
            file=address))
    log.info("control: removing the stale socket %s", address)
    address.unlink(missing_ok=True)


def _rejected(message: str) -> Reply:
    log.warning("control: rejected a request: %s", message)
    return Reply(False, message)


def _encode_reply(reply: Reply) -> bytes:
    try:
        return encode(reply.to_json())
    except BadMessage as error:
        log.error("control: cannot send the reply to a command: %s", error)
        return encode(Reply(False, f"internal error: reply {error}").to_json())
