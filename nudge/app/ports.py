"""The small interfaces between the engine and the outside world (ports).

Each has real adapters in its own package (`nudge/activity/`, `nudge/store/`, `nudge/notify/`,
`nudge/tray/`, `nudge/terminal/`) and a recording fake in `tests/fakes.py`. The engine only
ever sees these.

The engine calls every port on the engine thread; a method that may be called on another thread says
so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from nudge.app.commands import Reply
from nudge.core.decisions import NudgeOffer
from nudge.core.events import Event
from nudge.core.status import Status


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes back (it may stop during suspend)."""
        ...

    def now(self) -> datetime:
        """The wall time, aware, in the user's current local zone."""
        ...


@dataclass(frozen=True)
class ActivityReading:
    idle_seconds: float
    locked: bool = False
    inhibited: bool = False
    resumed: bool = False  # a resume from suspend happened since the previous reading


class ActivitySource(Protocol):
    """Where idle time, lock state and inhibitors come from on this desktop."""

    name: str

    def read(self) -> ActivityReading: ...

    def close(self) -> None: ...


class EventStore(Protocol):
    device: str  # this device's name: what it appends is read back tagged with it

    def append(self, event: Event) -> None:
        """Store durably: when this returns, the event is on disk. Raises StoreWriteError."""
        ...

    def events_between(self, first: date, last: date) -> list[Event]: ...

    def iter_all_events(self) -> Iterator[Event]:
        """Every event of every device, each week file read once (the all-time rise count)."""
        ...

    def wait_for_writers(self, timeout: float) -> bool:
        """Wait at most `timeout` s for a write in progress in another process to end (so a
        read right after sees it); False if one still was."""
        ...


class Notifier(Protocol):
    """Shows the one current nudge. Answers come back as commands through the engine loop."""

    name: str

    def show(self, offer: NudgeOffer) -> None:
        """Show or replace the nudge on screen. Called on the engine thread; must not block."""
        ...

    def withdraw(self, nudge_id: str) -> None: ...

    def message(self, text: str) -> None:
        """A plain note for the user (no buttons); any thread, must not block."""
        ...

    def confirm(self, reply: Reply) -> None:
        """Say what became of an answer (from a button or the tray menu); any thread."""
        ...

    def review(self, text: str) -> None:
        """The weekly review's line: a note that opens insights when clicked, where the
        notifier can; any thread, must not block."""
        ...

    def close(self) -> None: ...


class StatusView(Protocol):
    """A UI that displays the status (tray icon and menu, terminal status line)."""

    def update(self, status: Status) -> None:
        """Called on the engine thread after every change; must not block."""
        ...

    def alert(self, message: str) -> None:
        """Tell the user something that needs attention (e.g. data could not be saved)."""
        ...


class AppUI(StatusView, Protocol):
    """What the composition root needs of a UI: a status view that owns the main thread."""

    def run(self) -> int:
        """Main thread: show the UI until it is stopped or the user quits; the exit code."""
        ...

    def stop(self) -> None:
        """Any thread: end `run()` (after `nudge quit`, a signal, a display gone)."""
        ...
