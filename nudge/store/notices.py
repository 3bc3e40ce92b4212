"""The history store's messages to the user about its files (damaged, unreadable, newer): each
one given once per version of the file it is about, never twice for the same file.

Threading: called on the store's caller's thread; the once-only set is guarded, as the tray app
reads history from more than one thread. `notify` runs on that thread, after the write lock is
released, and a notifier that fails never breaks saving or reading history.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)


class Notices:
    def __init__(self, notify: Callable[[str], None] | None) -> None:
        self._notify = notify
        self._told: set[tuple[str, int]] = set()
        self._guard = threading.Lock()

    def tell_once(self, path: Path, message: str, notices: list[str]) -> None:
        """Queue `message` unless it was already given for this version of `path`."""
        try:
            version = path.stat().st_mtime_ns
        except OSError:
            version = 0
        key = (message, version)
        with self._guard:
            if key in self._told:
                return
            self._told.add(key)
        notices.append(message)

    def emit(self, notices: list[str]) -> None:
        if self._notify is None:
            return
        for message in notices:
            try:
                self._notify(message)
            except Exception:  # a broken notifier must not break saving or reading history
                logger.exception("notify callback failed")
