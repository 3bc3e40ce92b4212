"""nudge's D-Bus transport on Linux: jeepney connections served by one blocking I/O thread.

One connection per bus ("session"; "system" for logind), opened lazily by `BusThread.connection`
and again after the bus went away. One daemon thread ("nudge-dbus") waits in `select` on the
sockets and a wake-up pipe with no timeout (no timers due: no wake-ups at all) and dispatches
what arrives: a reply to the `Future` of its call, a signal to every handler of that
connection, a method call to the object exported at its path (`nudge.platform.bus_objects`).
The other threads reach it with `call_soon` / `call_later` (they run on it) and with
`Connection.call` (blocks the caller; never on this thread) or `call_async` (a Future); the
connection, its `Signal`, `Pending` and `BusGone` live in `nudge.platform.bus_connection`.

Signal handlers, exported methods and `call_soon` work run on the I/O thread: like the
handlers of the asyncio loop before, they must only hand work to the engine and never block
(a blocking call there could never get its reply).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import logging
import os
import selectors
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nudge.platform.bus_connection import BusGone, Connection
from nudge.platform.error_words import detail

log = logging.getLogger(__name__)
THREAD_NAME = "nudge-dbus"


@dataclass(order=True)
class Timer:
    when: float
    order: int
    fn: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class BusThread:
    """The bus connections and the I/O thread that serves them (created lazily)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._thread: threading.Thread | None = None
        self._selector: selectors.BaseSelector | None = None
        self._wake_r, self._wake_w = -1, -1
        self._ready: list[Callable[[], None]] = []
        self._timers: list[Timer] = []
        self._order = itertools.count()
        self._closing = False

    def on_its_thread(self) -> bool:
        """True on the I/O thread (where a blocking call would deadlock)."""
        return self._on_io_thread()

    def _on_io_thread(self) -> bool:  # not overridden: the wake-up pipe depends on it
        return self._thread is not None and threading.current_thread() is self._thread

    def connection(self, kind: str = "session") -> Connection:
        """The open connection to the "session" or "system" bus, opened now if it is not.
        Any thread; raises OSError (or jeepney's errors) when the bus cannot be reached."""
        with self._lock:
            existing = self._connections.get(kind)
            if existing is not None and existing.open:
                return existing
            if self._closing:
                raise BusGone("the D-Bus connections are closed")
            connection = Connection(self, kind)
            self._connections[kind] = connection
            self._start()
        if existing is not None:
            log.info("connected to the D-Bus %s bus again", kind)
        self.call_soon(self._serve_connection, connection)
        return connection

    def connected(self, kind: str = "session") -> bool:
        """Whether that bus's connection is open (False before its first use and once the bus
        went away until `connection` opens it again). Any thread; a snapshot."""
        connection = self._connections.get(kind)
        return connection is not None and connection.open

    def call_soon(self, fn: Callable[..., None], *args: Any) -> None:
        """Run `fn(*args)` on the I/O thread soon (after the message it handles now, if it is
        on it). Any thread; a failure is logged."""
        with self._lock:
            self._ready.append(lambda: fn(*args))
            self._start()
        self._wake()

    def call_later(self, delay: float, fn: Callable[..., None], *args: Any) -> Timer:
        """Run `fn(*args)` on the I/O thread after `delay` seconds unless cancelled first."""
        timer = Timer(_now() + delay, next(self._order), lambda: fn(*args))
        with self._lock:
            heapq.heappush(self._timers, timer)
            self._start()
        self._wake()
        return timer

    def close(self) -> None:
        """Close the connections and end the I/O thread (waits for it, unless called on it)."""
        with self._lock:
            self._closing = True
            thread = self._thread
        self._wake()
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)

    # -- the I/O thread ------------------------------------------------------------------
    def _start(self) -> None:
        """Under the lock: the thread and its wake-up pipe, once."""
        if self._thread is not None:
            return
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._wake_r, selectors.EVENT_READ, None)
        self._thread = threading.Thread(target=self._serve, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def _wake(self) -> None:
        if self._on_io_thread():
            return
        with self._lock, contextlib.suppress(OSError):  # awake already (the pipe is full)
            if self._wake_w >= 0:
                os.write(self._wake_w, b"\0")

    def _serve_connection(self, connection: Connection) -> None:
        """Serve a new connection: messages that came with its Hello reply first."""
        if self._selector is None or not connection.open:
            return
        self._selector.register(connection.fileno(), selectors.EVENT_READ, connection)
        self._guarded(connection, connection.dispatch_buffered)

    def _serve(self) -> None:
        selector = self._selector
        assert selector is not None
        while not self._closing:
            for key, _events in selector.select(self._timeout()):
                if key.data is None:
                    os.read(self._wake_r, 4096)
                else:
                    self._guarded(key.data, key.data.read)
            self._run_due()
        for connection in list(self._connections.values()):
            connection.lost("nudge is closing")
        selector.close()
        with self._lock:  # no late `_wake` may write into a reused descriptor
            wake_r, wake_w, self._wake_r, self._wake_w = self._wake_r, self._wake_w, -1, -1
        os.close(wake_r)
        os.close(wake_w)

    def _guarded(self, connection: Connection, step: Callable[[], None]) -> None:
        try:
            step()
        except OSError as error:
            self._drop(connection, detail(error))

    def _drop(self, connection: Connection, why: str) -> None:
        """Say in the log when a bus goes away under us (dbus-daemon killed, session ended):
        what needs it stops working, but tracking and recording go on."""
        if self._selector is not None:
            with contextlib.suppress(KeyError, ValueError, OSError):
                self._selector.unregister(connection.fileno())
        if not self._closing:  # said before the connection shows as lost to other threads
            log.warning("lost the D-Bus %s bus (%s): notifications with buttons, the tray "
                        "menu and the checks that use it stop until it is back; nudge keeps "
                        "tracking and recording", connection.kind, why)
        connection.lost(why)

    def _timeout(self) -> float | None:
        with self._lock:
            if self._ready or self._closing:
                return 0
            while self._timers and self._timers[0].cancelled:
                heapq.heappop(self._timers)
            return max(0.0, self._timers[0].when - _now()) if self._timers else None

    def _run_due(self) -> None:
        with self._lock:
            ready, self._ready = self._ready, []
            now = _now()
            while self._timers and self._timers[0].when <= now:
                timer = heapq.heappop(self._timers)
                if not timer.cancelled:
                    ready.append(timer.fn)
        for fn in ready:
            try:
                fn()
            except Exception:
                log.exception("D-Bus thread work failed")


_now = time.monotonic
