"""One open D-Bus connection of `nudge.platform.bus` (jeepney), and what it hands out.

`Connection` sends from any thread: `call_async` (a `Pending` Future), `call` (blocks the
caller; never on the I/O thread), `send` and `emit`. Its reads and dispatch happen on the
"nudge-dbus" I/O thread that `nudge.platform.bus.BusThread` runs: a reply goes to the Future of
its call, a signal (`Signal`) to every handler of the connection, a method call to the object
exported at its path (`nudge.platform.bus_objects`). When the bus goes away, the calls still
waiting fail with `BusGone`. Signal handlers and exported methods run on the I/O thread: they
must only hand work on and never block (a blocking call there could never get its reply).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jeepney import HeaderFields, Message, MessageType, new_method_call, new_signal
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import DBusAddress

from nudge.i18n import N_, English
from nudge.platform.bus_objects import CallFailed, Exports

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread

log = logging.getLogger(__name__)
NO_AUTO_START = 2  # the header flag


@dataclass(frozen=True)
class Signal:
    """One signal as handlers see it."""

    sender: str
    path: str
    interface: str
    member: str
    body: tuple[Any, ...]


class Pending(Future[tuple[Any, ...]]):
    """A method call's Future; `sender` is the unique name that answered, once it did (a
    daemon's own name where the call went to its well-known one)."""

    sender = ""


class BusGone(ConnectionError):
    """The bus connection closed before the reply came."""


class Connection:
    """One open bus connection; its reads and dispatch happen on the I/O thread."""

    def __init__(self, owner: BusThread, kind: str) -> None:
        self.kind = kind
        self._owner = owner
        try:
            self._jeepney = open_dbus_connection(bus=kind.upper())
        except KeyError:  # jeepney reads $DBUS_SESSION_BUS_ADDRESS and has no default for it
            # English for the log; doctor's lines show it in the user's language, each after
            # its own words for what could not be reached ("no D-Bus session bus (…)").
            # Translators: {variable} is an environment variable's name.
            raise BusGone(English(N_("{variable} is not set"),
                                  variable="DBUS_SESSION_BUS_ADDRESS")) from None
        self.unique_name: str = self._jeepney.unique_name
        self._send_lock = threading.Lock()
        self._pending: dict[int, Pending] = {}
        self.handlers: list[Callable[[Signal], None]] = []
        self.exports = Exports(self)
        self.open = True

    def fileno(self) -> int:
        return int(self._jeepney.sock.fileno())

    # -- any thread ----------------------------------------------------------------------
    def call_async(self, destination: str, path: str, interface: str, member: str,
                   signature: str = "", body: tuple[Any, ...] | list[Any] = (), *,
                   auto_start: bool = True) -> Pending:
        """Send a method call; the Future gets the reply's body, CallFailed for an error
        reply, or BusGone. Any thread, the I/O thread included."""
        message = new_method_call(DBusAddress(path, destination, interface), member,
                                  signature or None, tuple(body))
        if not auto_start:
            message.header.flags |= NO_AUTO_START
        future = Pending()
        with self._send_lock:
            if not self.open:
                future.set_exception(BusGone(f"the D-Bus {self.kind} bus is gone"))
                return future
            serial = next(self._jeepney.outgoing_serial)
            self._pending[serial] = future
            try:
                self._jeepney.sock.sendall(message.serialise(serial=serial))
            except OSError as error:
                self._pending.pop(serial, None)
                future.set_exception(BusGone(str(error)))
        return future

    def call(self, destination: str, path: str, interface: str, member: str,
             signature: str = "", body: tuple[Any, ...] | list[Any] = (),
             timeout: float | None = None, *, auto_start: bool = True) -> tuple[Any, ...]:
        """Call and wait for the reply's body: CallFailed on an error reply, TimeoutError
        after `timeout` seconds (None: as long as the bus takes). Never on the I/O thread."""
        if self._owner.on_its_thread():
            raise RuntimeError("a blocking D-Bus call on the D-Bus thread would never return")
        future = self.call_async(destination, path, interface, member, signature, body,
                                 auto_start=auto_start)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise TimeoutError(f"{destination} did not answer {member} within "
                               f"{timeout:g} s") from None

    def send(self, message: Message) -> None:
        """Send a message that wants no reply (a signal, a method return). Any thread."""
        with self._send_lock:
            if self.open:
                self._jeepney.sock.sendall(message.serialise(
                    serial=next(self._jeepney.outgoing_serial)))

    def emit(self, path: str, interface: str, member: str, signature: str = "",
             body: tuple[Any, ...] = ()) -> None:
        self.send(new_signal(DBusAddress(path, interface=interface), member, signature or None,
                             body))

    def add_handler(self, handler: Callable[[Signal], None]) -> None:
        self.handlers = [*self.handlers, handler]  # swapped whole: the I/O thread iterates it

    def remove_handler(self, handler: Callable[[Signal], None]) -> None:
        self.handlers = [h for h in self.handlers if h is not handler]

    # -- I/O thread ----------------------------------------------------------------------
    def read(self) -> None:
        """Read what the socket has and dispatch every whole message in it."""
        data = self._jeepney.sock.recv(65536)
        if not data:
            raise ConnectionResetError("the bus closed the connection")
        self._jeepney.parser.add_data(data)
        self.dispatch_buffered()

    def dispatch_buffered(self) -> None:
        while (message := self._jeepney.parser.get_next_message()) is not None:
            try:
                self._dispatch(message)
            except Exception:
                log.exception("handling a D-Bus message failed")

    def _dispatch(self, message: Message) -> None:
        header = message.header
        fields = header.fields
        kind = header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            future = self._pending.pop(fields.get(HeaderFields.reply_serial, -1), None)
            if future is None or not future.set_running_or_notify_cancel():
                return
            future.sender = fields.get(HeaderFields.sender, "")
            if kind is MessageType.error:
                text = message.body[0] if message.body and isinstance(message.body[0], str) \
                    else ""
                future.set_exception(CallFailed(fields.get(HeaderFields.error_name,
                                                           "unknown error"), text))
            else:
                future.set_result(tuple(message.body))
        elif kind is MessageType.signal:
            signal = Signal(fields.get(HeaderFields.sender, ""), fields.get(HeaderFields.path, ""),
                            fields.get(HeaderFields.interface, ""),
                            fields.get(HeaderFields.member, ""), tuple(message.body))
            for handler in self.handlers:
                try:
                    handler(signal)
                except Exception:
                    log.exception("a D-Bus signal handler failed")
        elif kind is MessageType.method_call:
            reply = self.exports.answer(message)
            if reply is not None:
                self.send(reply)

    def lost(self, why: str) -> None:
        """The connection ended: fail the calls still waiting and close the socket."""
        with self._send_lock:
            self.open = False
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if future.set_running_or_notify_cancel():
                future.set_exception(BusGone(f"the D-Bus {self.kind} bus went away ({why})"))
        try:
            self._jeepney.close()
        except OSError as error:
            log.debug("closing the D-Bus connection: %r", error)
