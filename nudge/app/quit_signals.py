"""Logout, shutdown, `kill` and a closed terminal end the app the way `nudge quit` does.

SIGTERM (logout, shutdown, `kill`) and SIGHUP (the terminal went away) would end the app at
once, dropping the answers it holds because the disk refused them: only a clean quit keeps those
in `state/unsaved.json` for the next start. `quit_on_signals` turns both into a quit request.

Threads: install and leave on the main thread (only it may set handlers). Python runs a handler
on the main thread between two steps of whatever that thread was doing (a key read, a wait,
even a log call), so the handler only hands `request_quit` the signal's name: that must queue
the quit on the thread that carries it out and return, never wait, log or take a lock.
A signal the app was started with ignored stays ignored (`nohup` ignores SIGHUP on purpose).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

QUIT_SIGNALS = ("SIGTERM", "SIGHUP")  # SIGHUP does not exist on Windows


@contextmanager
def quit_on_signals(request_quit: Callable[[str], object]) -> Iterator[list[str]]:
    """While open, SIGTERM and SIGHUP call `request_quit(name)` instead of ending the process.
    Yields the names handled (none off the main thread, where handlers cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield []
        return

    def on_signal(number: int, _frame: FrameType | None) -> None:
        request_quit(signal.Signals(number).name)

    previous: dict[int, Any] = {}
    for name in QUIT_SIGNALS:
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) == signal.SIG_IGN:
            continue
        previous[number] = signal.signal(number, on_signal)
    try:
        yield [signal.Signals(number).name for number in previous]
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
