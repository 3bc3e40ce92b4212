"""The queue of answers not yet saved: events the store refused (a full disk, a week file from a
newer nudge), kept in order in memory and retried every tick, and kept in a file
(`nudge.state.unsaved_answers`) when the app quits before a retry worked.

Engine thread only, like the engine that owns it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from nudge.app.ports import EventStore
from nudge.core.events import Event
from nudge.i18n import _, ngettext
from nudge.platform.error_words import reason
from nudge.state.unsaved_answers import clear_held, load_held, save_held

log = logging.getLogger(__name__)


class UnsavedQueue:
    def __init__(self, store: EventStore, held_file: Path | None,
                 alert: Callable[[str], None]) -> None:
        """`held_file`: where the events wait for the next start if the app quits (None: they
        are lost then); `alert` tells the user (every view)."""
        self._store = store
        self.held_file = held_file
        self._alert = alert
        self.events: list[Event] = []  # in order: the oldest is saved first
        self.reason = ""  # why the last save failed, in the store's words
        self._on_disk = False  # held_file has events in it

    def load(self) -> None:
        """At start: the events the last run kept go first."""
        if self.held_file is not None:
            held = load_held(self.held_file)
            self.events[:0] = held
            self._on_disk = bool(held)

    def save(self, event: Event) -> bool:
        """Append `event` to the store after any older unsaved ones; False if it is queued."""
        if self.events:  # keep the order: older unsaved events go first
            self.events.append(event)
            self.retry()
            return not self.events
        try:
            self._store.append(event)
            return True
        except Exception as error:
            self.reason = str(error)
            self.events.append(event)
            log.error("could not save a %s event: %s", event.kind.value, error)
            self._alert(_("nudge could not save your history: {error}").format(error=error))
            return False

    def retry(self) -> None:
        while self.events:
            try:
                self._store.append(self.events[0])
            except Exception as error:
                self.reason = str(error)
                return
            self.events.pop(0)
            if not self.events:
                self._alert(_("nudge saved the history it was holding. All good again."))
                self._forget_held()

    def keep(self) -> str:
        """Before quitting: try once more, then keep the rest for the next start. Returns what
        to add to the user's reply ("" when nothing is held)."""
        self.retry()
        if not self.events:
            return ""
        n = len(self.events)
        if self.held_file is None:
            # Translators: {reason} says why the history could not be written.
            return " " + ngettext(
                "{n} entry for your history could not be saved ({reason}) and is lost.",
                "{n} entries for your history could not be saved ({reason}) and are lost.",
                n).format(n=n, reason=self.reason)
        try:
            save_held(self.held_file, self.events)
        except OSError as error:
            log.error("could not keep %d unsaved events: %s", n, error)
            # Translators: {reason} says why the history could not be written, {problem} why
            # the file {path} could not be either.
            return " " + ngettext(
                "{n} entry for your history could not be saved ({reason}), nor kept for later "
                "({problem}: {path}), and is lost.",
                "{n} entries for your history could not be saved ({reason}), nor kept for later "
                "({problem}: {path}), and are lost.",
                n).format(n=n, reason=self.reason, problem=reason(error), path=self.held_file)
        self._on_disk = True
        # Translators: {reason} says why the history could not be written.
        return " " + ngettext(
            "{n} entry for your history could not be saved ({reason}); it is kept in {path} and "
            "saved when nudge starts again.",
            "{n} entries for your history could not be saved ({reason}); they are kept in {path} "
            "and saved when nudge starts again.",
            n).format(n=n, reason=self.reason, path=self.held_file)

    def _forget_held(self) -> None:
        if self._on_disk and self.held_file is not None:
            try:
                clear_held(self.held_file)
            except OSError as error:  # saved twice on the next start, never lost
                log.warning("could not remove %s: %s", self.held_file, error)
                return
            self._on_disk = False
