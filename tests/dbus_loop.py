"""A test tool now: the dbus-fast + asyncio D-Bus thread of old, beside nudge's jeepney transport.

nudge itself no longer uses it (the app, doctor and the pickers make a plain
`nudge.platform.bus.BusThread`); the tests use it to run their own D-Bus service doubles with
dbus-fast. A `DbusLoop` is a `BusThread` (so it can be handed to nudge's code) that also runs,
lazily, an asyncio loop with dbus-fast connections on its own thread ("nudge-dbus-aio"):
- `run(coro, timeout)` waits for a result (after the jeepney thread handled what it had);
- `spawn(coro)` fires and forgets;
- `bus(kind)` is the dbus-fast connection (on the asyncio thread).
Making a `DbusLoop` imports dbus-fast whole on the calling thread (`import_dbus_fast`): its
modules import one another in a circle, and threads started later must not import it at once.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from nudge.platform.bus import BusThread

if TYPE_CHECKING:
    import asyncio

    from dbus_fast.aio import MessageBus

T = TypeVar("T")
log = logging.getLogger(__name__)

# dbus-fast's modules import one another in a circle: a thread that imports it while another is
# half-way through gets a half-initialised module ("cannot import name HandlerType").
DBUS_FAST_MODULES = ("dbus_fast", "dbus_fast.aio", "dbus_fast.service")


def import_dbus_fast() -> None:
    """Import dbus-fast whole on this thread, before other threads want it; cheap when done.
    Raises ImportError where it is not installed."""
    for name in DBUS_FAST_MODULES:
        importlib.import_module(name)


class DbusLoop(BusThread):
    def __init__(self) -> None:
        super().__init__()
        with contextlib.suppress(ImportError):  # said where it is used, as "not installed"
            import_dbus_fast()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._aio_thread: threading.Thread | None = None
        self._aio_lock = threading.Lock()
        self._buses: dict[str, MessageBus] = {}
        self._watchers: set[asyncio.Task[None]] = set()
        self._aio_closing = False

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        import asyncio

        with self._aio_lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._aio_thread = threading.Thread(target=self._loop.run_forever,
                                                    name="nudge-dbus-aio", daemon=True)
                self._aio_thread.start()
            return self._loop

    def on_its_thread(self) -> bool:
        """True on either D-Bus thread (where `run` or a blocking call would deadlock)."""
        return super().on_its_thread() or (
            self._aio_thread is not None and threading.current_thread() is self._aio_thread)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 5.0) -> T:
        """Run `coro` on the D-Bus thread and wait for it (never call this from that thread)."""
        if self.on_its_thread():
            raise RuntimeError("DbusLoop.run() called on the D-Bus thread itself; await instead")
        import asyncio

        if self._thread is not None:  # what the jeepney thread was handed is handled first
            handled = threading.Event()
            self.call_soon(handled.set)
            handled.wait(timeout)
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def spawn(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        import asyncio

        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        future.add_done_callback(_log_failure)
        return future

    async def bus(self, kind: str = "session") -> MessageBus:
        """The shared connection to the "session" or "system" bus (on the D-Bus thread)."""
        import asyncio

        bus = self._buses.get(kind)
        if bus is None or not bus.connected:
            from dbus_fast import BusType
            from dbus_fast.aio import MessageBus

            bus_type = BusType.SESSION if kind == "session" else BusType.SYSTEM
            lost = bus is not None
            bus = await MessageBus(bus_type=bus_type).connect()
            self._buses[kind] = bus
            # The jeepney connection too, to the same bus (the environment names it now).
            with contextlib.suppress(Exception):  # said where it is used
                self.connection(kind)
            if lost:
                log.info("connected to the D-Bus %s bus again", kind)
            watcher = asyncio.get_running_loop().create_task(self._watch(kind, bus))
            self._watchers.add(watcher)
            watcher.add_done_callback(self._watchers.discard)
        return bus

    def connected(self, kind: str = "session") -> bool:
        """Whether the shared connection to that bus is open: False before its first use and
        once the bus went away (until a later `bus()` reconnects). Any thread; a snapshot."""
        bus = self._buses.get(kind)
        return super().connected(kind) or (bus is not None and bool(bus.connected))

    async def _watch(self, kind: str, bus: MessageBus) -> None:
        """Say in the log when a bus goes away under us (dbus-daemon killed, session ended):
        everything that needs it stops working, but tracking and recording go on."""
        try:
            await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]
            why = "it closed the connection"
        except Exception as error:
            why = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        if not self._aio_closing:
            log.warning("lost the D-Bus %s bus (%s): notifications with buttons, the tray menu "
                        "and the checks that use it stop until it is back; nudge keeps "
                        "tracking and recording", kind, why)

    def close(self) -> None:
        super().close()
        loop = self._loop
        if loop is None:
            return
        self._aio_closing = True
        buses, self._buses = list(self._buses.values()), {}

        def shut() -> None:
            for bus in buses:
                try:
                    bus.disconnect()
                except Exception as error:  # already gone
                    log.debug("D-Bus disconnect: %r", error)
            for watcher in list(self._watchers):
                watcher.cancel()
            loop.call_soon(loop.stop)  # one more turn: the cancelled watchers end first

        loop.call_soon_threadsafe(shut)
        if self._aio_thread is not None and self._aio_thread is not threading.current_thread():
            self._aio_thread.join(2.0)
        self._loop = None


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("D-Bus task failed: %s", future.exception())
