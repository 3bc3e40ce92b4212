"""Local control channel: the CLI asks the running app (`nudge status`, `nudge pause 30m`, …).

Same user only, no network, no pickle: a Unix socket in the 0700 state folder (a named pipe on
Windows), a shared-key HMAC handshake, then one UTF-8 JSON request and one reply per connection.
The app runs `ControlServer` (its own "nudge-control" threads); the CLI calls `send_command`.
"""

from typing import TYPE_CHECKING

from nudge.control.client import is_listening, send_command
from nudge.control.wire import (
    MAX_MESSAGE_BYTES,
    AppNotRunning,
    ControlError,
    NoReply,
    control_address,
)

if TYPE_CHECKING:
    from nudge.control.server import ControlServer


def __getattr__(name: str) -> object:
    """The server on first use: the CLI, which only sends, never loads it (#22)."""
    if name == "ControlServer":
        from nudge.control.server import ControlServer

        return ControlServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_MESSAGE_BYTES",
    "AppNotRunning",
    "ControlError",
    "ControlServer",
    "NoReply",
    "control_address",
    "is_listening",
    "send_command",
]
