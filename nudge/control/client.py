"""The CLI's end of the control channel: one command, one reply, within one time limit.

Runs on the caller's thread (the CLI's main thread) and blocks for at most about `timeout`
seconds: connecting, the key handshake, and waiting for the reply all share one deadline, so a
hung app cannot hang the terminal.
"""

from __future__ import annotations

from pathlib import Path

from nudge.app.commands import Command, CommandError, Reply, command_to_json
from nudge.control.auth import client_handshake, read_key
from nudge.control.channel import connect
from nudge.control.wire import (
    MAX_MESSAGE_BYTES,
    AppNotRunning,
    BadMessage,
    Channel,
    ControlError,
    NoReply,
    TimedChannel,
    control_address,
    decode,
    encode,
    set_socket_timeouts,
)
from nudge.i18n import N_, _
from nudge.platform.error_words import reason

# How far an exchange got when it broke, and what is said for each (whole sentences).
_AUTH, _SEND, _REPLY = "auth", "send", "reply"
_CLOSED = {_AUTH: N_("nudge closed the connection during authentication"),
           _SEND: N_("nudge closed the connection before nudge had the command"),
           _REPLY: N_("nudge closed the connection before answering")}
# Translators: {reason} is the system's reason, e.g. "Connection reset by peer".
_FAILED = {_AUTH: N_("control connection failed during authentication: {reason}"),
           _SEND: N_("control connection failed before nudge had the command: {reason}"),
           _REPLY: N_("control connection failed before answering: {reason}")}


def send_command(address: Path, key_file: Path, command: Command,
                 timeout: float = 5.0) -> Reply:
    """Ask the running app; raises AppNotRunning or ControlError (the app did not get the
    command), or NoReply (it may have): each a ControlError with a one-line message."""
    request = _encode_request(command)
    key = _key(key_file)
    channel = _connect(address, timeout)
    try:
        set_socket_timeouts(channel, timeout)
        timed = TimedChannel(channel, timeout)
        _authenticate(timed, key)
        try:
            timed.send_bytes(request)
        except (OSError, EOFError, TimeoutError) as error:  # not all of it went: not acted on
            raise ControlError(_failure(_SEND, error, timeout)) from None
        try:
            data = timed.recv_bytes(MAX_MESSAGE_BYTES)
        except (OSError, EOFError, TimeoutError, BadMessage) as error:
            raise NoReply(_failure(_REPLY, error, timeout),
                          timed_out=isinstance(error, TimeoutError | BlockingIOError)) from None
    finally:
        channel.close()
    return _decode_reply(data)


def is_listening(address: Path, timeout: float = 1.0) -> bool:
    """True if the app's control channel accepts connections at `address` now. Connects and
    hangs up at once, sending nothing (the app logs a dropped connection)."""
    try:
        _connect(address, timeout).close()
    except AppNotRunning:
        return False
    except ControlError:  # busy, slow or odd: something is there
        return True
    return True


def _encode_request(command: Command) -> bytes:
    try:
        return encode(command_to_json(command))
    except BadMessage as error:
        # Translators: {command} is a command name in quotes; {problem} is technical, in English.
        raise ControlError(_("cannot send the {command} command: {problem}").format(
            command=repr(command.name), problem=error)) from None


def _key(key_file: Path) -> bytes:
    try:
        return read_key(key_file)
    except FileNotFoundError:
        raise AppNotRunning(_("nudge is not running (no control key at {file})").format(
            file=key_file)) from None
    except ControlError:
        raise
    except OSError as error:
        raise ControlError(_("cannot read the control key {file}: {reason}").format(
            file=key_file, reason=reason(error))) from None


def _connect(address: Path, timeout: float) -> Channel:
    where, family = control_address(address)
    try:
        return connect(where, family, timeout)
    except (FileNotFoundError, ConnectionRefusedError):
        raise AppNotRunning(_("nudge is not running (nothing listens at {address})").format(
            address=where)) from None
    except BlockingIOError:  # AF_UNIX backlog full: Linux refuses at once instead of waiting
        raise ControlError(_("nudge is busy with other requests; try again")) from None
    except TimeoutError:
        raise ControlError(_("nudge did not accept the connection within {seconds} s").format(
            seconds=f"{timeout:g}")) from None
    except OSError as error:
        raise ControlError(_("cannot reach nudge at {address}: {reason}").format(
            address=where, reason=reason(error))) from None


def _authenticate(timed: TimedChannel, key: bytes) -> None:
    try:
        client_handshake(timed, key)
    except (OSError, EOFError, TimeoutError, BadMessage) as error:
        raise ControlError(_failure(_AUTH, error, timed.seconds)) from None


def _failure(stage: str, error: BaseException, timeout: float) -> str:
    if isinstance(error, TimeoutError | BlockingIOError):  # BlockingIOError: SO_RCVTIMEO expired
        return _("nudge did not answer within {seconds} s").format(seconds=f"{timeout:g}")
    if isinstance(error, EOFError | ConnectionResetError | BrokenPipeError):
        return _(_CLOSED[stage])
    if isinstance(error, BadMessage):
        return _bad_reply(error)
    return _(_FAILED[stage]).format(reason=reason(error))


def _bad_reply(error: Exception) -> str:
    # Translators: {problem} is technical, in English (e.g. "not valid JSON …").
    return _("bad reply from nudge: {problem}").format(problem=error)


def _decode_reply(data: bytes) -> Reply:
    try:
        return Reply.from_json(decode(data))
    except (BadMessage, CommandError) as error:
        raise ControlError(_bad_reply(error)) from None

