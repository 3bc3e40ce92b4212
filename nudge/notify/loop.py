"""The asyncio loop desktop-notifier lives on (Windows and macOS), and the glue to reach it from
other threads: a private "nudge-notify" loop thread. Work handed in from other threads runs
"guarded": an exception in a handler is logged, never lost in the loop and never fatal.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from nudge.notify.failures import guarded

T = TypeVar("T")
log = logging.getLogger(__name__)


class LoopThread:
    """A private asyncio loop in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="nudge-notify",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not threading.current_thread():
            self._thread.join(2.0)


class NotifyLoop:
    """`call` and `relay` reach the loop from any thread; `spawn` and `cancel_pending` are for
    the loop thread itself, which keeps the tasks it started until they end."""

    def __init__(self) -> None:
        self._own = LoopThread()
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._own.loop

    def call(self, fn: Callable[..., None], *args: Any) -> None:
        """Any thread: run `fn(*args)` on the loop soon; returns at once."""
        try:
            self.loop.call_soon_threadsafe(guarded, fn, *args)
        except RuntimeError as error:  # the loop is already closed (shutdown)
            log.debug("notifier loop gone: %s", error)

    def relay(self, fn: Callable[..., None], *args: Any) -> None:
        """For desktop-notifier's user callbacks: run `fn` on the loop thread (on macOS, read,
        they come on the main thread)."""
        loop = self.loop
        try:
            here = asyncio.get_running_loop() is loop
        except RuntimeError:
            here = False
        if here:
            guarded(fn, *args)
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed at exit
                loop.call_soon_threadsafe(guarded, fn, *args)

    def run(self, coro: Coroutine[Any, Any, T], timeout: float) -> T:
        """Another thread: run `coro` on the loop and wait at most `timeout` seconds."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        """Loop thread: start `coro` as a task; a failure is logged when it ends."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("notification task failed: %r", task.exception())

    async def cancel_pending(self) -> None:
        """Loop thread: end the tasks still running (sends stuck on a hung daemon, closes in
        flight) before the loop stops."""
        pending = [task for task in self._tasks if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def close(self) -> None:
        """Stop the loop thread."""
        self._own.close()
