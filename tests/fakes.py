"""Recording fakes for the ports in nudge/app/ports.py, for tests of the core and the engine."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from nudge.app.commands import Reply
from nudge.app.ports import ActivityReading
from nudge.core.decisions import NudgeOffer
from nudge.core.events import Event
from nudge.core.status import Status


@dataclass
class FakeClock:
    wall: datetime
    mono: float = 1000.0

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall = (self.wall.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(
            self.wall.tzinfo)


@dataclass
class FakeActivity:
    name: str = "fake"
    reading: ActivityReading = field(default_factory=lambda: ActivityReading(0.0))
    fail: bool = False

    def read(self) -> ActivityReading:
        if self.fail:
            raise OSError("idle source went away")
        return self.reading

    def close(self) -> None:
        pass


class FakeStoreError(Exception):
    pass


@dataclass
class FakeStore:
    events: list[Event] = field(default_factory=list)
    device: str = "laptop-aaaaaa"
    failing: str | None = None  # a message: appends raise it

    def append(self, event: Event) -> None:
        if self.failing:
            raise FakeStoreError(self.failing)
        self.events.append(event)

    def events_between(self, first: date, last: date) -> list[Event]:
        return [e for e in self.events if first <= e.local_date <= last]

    def iter_all_events(self) -> Iterator[Event]:
        return iter(list(self.events))

    def wait_for_writers(self, timeout: float) -> bool:
        return True


@dataclass
class FakeNotifier:
    name: str = "fake"
    shown: list[NudgeOffer] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    broken: bool = False

    def show(self, offer: NudgeOffer) -> None:
        if self.broken:
            raise RuntimeError("notification daemon crashed")
        self.shown.append(offer)

    def withdraw(self, nudge_id: str) -> None:
        self.withdrawn.append(nudge_id)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def confirm(self, reply: Reply) -> None:
        self.messages.append(reply.message)

    def review(self, text: str) -> None:
        self.messages.append(text)

    def close(self) -> None:
        pass


@dataclass
class FakeView:
    statuses: list[Status] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    def update(self, status: Status) -> None:
        self.statuses.append(status)

    def alert(self, message: str) -> None:
        self.alerts.append(message)


@dataclass
class FakeAppUI(FakeView):
    """An AppUI for the composition root: `run` (the main thread) calls `script`, then waits
    until the app stops it (a Quit) or 10 s pass."""

    script: Callable[[], object] = lambda: None
    stopped: threading.Event = field(default_factory=threading.Event)

    def run(self) -> int:
        self.script()
        return 0 if self.stopped.wait(10) else 1

    def stop(self) -> None:
        self.stopped.set()


if TYPE_CHECKING:  # mypy holds each fake to its port, so a fake cannot drift from it
    from nudge.app.ports import ActivitySource, Clock, EventStore, Notifier, StatusView

    def _fakes_fit_their_ports() -> tuple[Clock, ActivitySource, EventStore, Notifier,
                                          StatusView]:
        return (FakeClock(datetime.now(UTC)), FakeActivity(), FakeStore(), FakeNotifier(),
                FakeView())
