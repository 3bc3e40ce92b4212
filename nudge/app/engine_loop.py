"""The engine thread: the one thread that changes engine state.

Threading contract: the tray owns the main thread (macOS requires it), notification callbacks
arrive on the notifier's asyncio thread, the control channel serves on its own thread, and the
calendar scheduler has its own. None of them touch the engine: they `submit()` work here, and
this thread runs it in order, between timed ticks. Waits use the monotonic clock (a wall-clock
change cannot stall them) and never exceed `MAX_WAIT`, a safety net for a missed wake-up.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

MAX_WAIT = 300.0  # seconds; the longest the loop sleeps without looking

T = TypeVar("T")
log = logging.getLogger(__name__)


class EngineLoop:
    def __init__(self, tick: Callable[[], float | None] | None,
                 monotonic: Callable[[], float]) -> None:
        """`tick` runs on this thread and returns the monotonic time it wants to run again; None
        if it is given to `start` (the engine, built after the UIs that submit to this loop)."""
        self._tick = tick
        self._monotonic = monotonic
        self._queue: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = \
            queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="nudge-engine", daemon=True)
        self._stopping = False
        self._thread_id: int | None = None
        self._first: Callable[[], object] | None = None
        self._first_done: Future[object] = Future()

    def start(self, tick: Callable[[], float | None] | None = None,
              first: Callable[[], object] | None = None) -> Future[object]:
        """Start the thread. `first` (the engine's start: restoring from history) runs before
        anything else, the first tick included; then work submitted before this, in order.
        The returned future holds `first`'s outcome."""
        if tick is not None:
            self._tick = tick
        if self._tick is None:
            raise ValueError("the engine loop needs a tick to start")
        self._first = first
        self._thread.start()
        return self._first_done

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Run `work` on the engine thread; safe to call from any thread."""
        future: Future[T] = Future()
        if self._stopping:
            future.set_exception(RuntimeError("nudge is shutting down"))
            return future
        self._queue.put((work, future))
        return future

    def wake(self) -> None:
        """Tick now (e.g. after a resume from suspend, or a calendar boundary)."""
        self.submit(lambda: None)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping = True
        self._queue.put(None)
        if self._thread.is_alive() and threading.get_ident() != self._thread_id:
            self._thread.join(timeout)

    def on_engine_thread(self) -> bool:
        """True when called on this loop's thread (the engine asserts it at its entry points)."""
        return threading.get_ident() == self._thread_id

    def _run(self) -> None:
        self._thread_id = threading.get_ident()
        if self._first_done.set_running_or_notify_cancel():
            try:
                self._first_done.set_result(self._first() if self._first else None)
            except BaseException as error:  # handed to whoever waits on the future
                self._first_done.set_exception(error)
        next_tick = self._safe_tick()
        while True:
            wait = MAX_WAIT if next_tick is None else next_tick - self._monotonic()
            try:
                item = self._queue.get(timeout=min(MAX_WAIT, max(0.0, wait)))
            except queue.Empty:
                next_tick = self._safe_tick()
                continue
            if item is None:
                return
            work, future = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # handed to whoever waits on the future
                    future.set_exception(error)
            # Any command can change what is due: always re-evaluate.
            next_tick = self._safe_tick()

    def _safe_tick(self) -> float | None:
        assert self._tick is not None  # checked by start()
        try:
            return self._tick()
        except Exception:
            # Never let one bad tick end the app; the log keeps the details for a bug report.
            log.exception("engine tick failed; trying again shortly")
            return self._monotonic() + 30.0
