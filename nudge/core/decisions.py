"""What the core asks the edge to do: show or withdraw a nudge, record history, reset a stretch."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `nudge status` asking the app loads neither (#22)
    from nudge.core.catalogue import Exercise
    from nudge.core.events import Event


class Answer(StrEnum):
    DONE = "done"
    SNOOZE = "snooze"
    SKIP = "skip"


@dataclass(frozen=True)
class NudgeOffer:
    """A nudge to show. A re-show of the same `nudge_id` replaces the one on screen."""

    nudge_id: str
    exercise: Exercise
    reps: int
    times_shown: int  # 1 the first time, 2 for the one re-show
    snooze_choices: tuple[float, ...]
    default_snooze: float

    @property
    def title(self) -> str:
        """The exercise's title with this nudge's count (`Exercise.title_for`)."""
        return self.exercise.title_for(self.reps)


@dataclass(frozen=True)
class Show:
    offer: NudgeOffer


@dataclass(frozen=True)
class Withdraw:
    nudge_id: str


@dataclass(frozen=True)
class Record:
    event: Event


@dataclass(frozen=True)
class RestartStretch:
    """The user stood up for an exercise: end the seated stretch now."""


Decision = Show | Withdraw | Record | RestartStretch
