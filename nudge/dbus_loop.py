"""One asyncio thread for all D-Bus traffic (notifications, tray, idle, logind), Linux only.

dbus-fast is asyncio-based; nudge's engine is not. Everything that talks D-Bus runs its
coroutines on this loop ("nudge-dbus" daemon thread). From other threads:
- `run(coro, timeout)` waits for a result (used by sources the engine thread reads);
- `spawn(coro)` fires and forgets (used for signals and notification sends).
Signal handlers and D-Bus service methods run on this thread: they must only submit work to
the engine loop, never touch engine state. The bus connections are opened once, lazily.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class DbusLoop:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._buses: dict[str, Any] = {}

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(target=self._loop.run_forever,
                                                name="nudge-dbus", daemon=True)
                self._thread.start()
            return self._loop

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 5.0) -> T:
        """Run `coro` on the D-Bus thread and wait for it (never call this from that thread)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("DbusLoop.run() called on the D-Bus thread itself; await instead")
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def spawn(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        future.add_done_callback(_log_failure)
        return future

    async def bus(self, kind: str = "session") -> Any:
        """The shared connection to the "session" or "system" bus (on the D-Bus thread)."""
        bus = self._buses.get(kind)
        if bus is None or not bus.connected:
            from dbus_fast import BusType
            from dbus_fast.aio import MessageBus

            bus_type = BusType.SESSION if kind == "session" else BusType.SYSTEM
            bus = await MessageBus(bus_type=bus_type).connect()
            self._buses[kind] = bus
        return bus

    def close(self) -> None:
        loop = self._loop
        if loop is None:
            return
        for bus in list(self._buses.values()):
            loop.call_soon_threadsafe(bus.disconnect)
        self._buses.clear()
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2.0)
        self._loop = None


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("D-Bus task failed: %s", future.exception())
