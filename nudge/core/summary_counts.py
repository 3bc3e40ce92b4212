"""What the rise numbers count: the one definition every report uses (summary text, JSON,
picture, `done today` in the status). Pure; runs on whichever thread asks.

- A nudge counts once, however often it is shown again or snoozed: its offers are tied together
  by nudge id (an offer back from a snooze names the id it first had, `Event.snoozed_from`).
  It belongs to the local day it was first shown (or answered, when history lacks the offer).
- A nudge done: one that got a Done (from the popup, the tray, the terminal, or a rise logged
  while it was on screen); a second Done for the same nudge adds reps, not a rise.
- On your own: a rise logged without a nudge (`nudge log rise`, "I just did a rise"), on the
  day it was logged.
- Rises = nudges done + on your own; the rate = nudges done / nudges offered, so it can never
  pass 100 % and nudges done can never outnumber nudges offered.
- Reps: the repetitions of every Done, a stretch's left out (its `reps` are rounds of a hold,
  not repetitions; `Catalogue.held_ids`), in the status, the summary and the insights alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from nudge.core.events import OUTCOMES, Event, EventKind, Source


@dataclass(frozen=True)
class RiseCounts:
    """One day's (or a week's) rises, split by where they came from."""

    nudges_offered: int = 0
    nudges_done: int = 0  # nudges offered that got a Done; never more than nudges_offered
    on_your_own: int = 0  # rises logged without a nudge

    @property
    def rises(self) -> int:
        return self.nudges_done + self.on_your_own

    @property
    def nudge_rate(self) -> float | None:
        """Nudges done / nudges offered, 0..1; None when no nudge was offered."""
        return self.nudges_done / self.nudges_offered if self.nudges_offered else None

    def __add__(self, other: RiseCounts) -> RiseCounts:
        return RiseCounts(self.nudges_offered + other.nudges_offered,
                          self.nudges_done + other.nudges_done,
                          self.on_your_own + other.on_your_own)


def is_on_your_own(event: Event) -> bool:
    """A DONE that answered no nudge: logged by hand, or naming no nudge at all."""
    return event.kind is EventKind.DONE and (event.source is Source.MANUAL
                                             or event.nudge_id is None)


def counted_reps(event: Event, held: Container[str]) -> int:
    """The repetitions `event` adds to the reps totals: a Done's, unless its exercise is one of
    `held` (a stretch); any other event adds none."""
    if event.kind is not EventKind.DONE or (event.exercise is not None
                                            and event.exercise in held):
        return 0
    return event.reps or 0


def reps_on(events: Iterable[Event], day: date, held: Container[str]) -> int:
    """The reps of one local day, as every report counts them."""
    return sum(counted_reps(e, held) for e in events if e.at.date() == day)


def rise_counts_by_day(events: Iterable[Event]) -> dict[date, RiseCounts]:
    """Each local day's RiseCounts (days with nothing are left out)."""
    events = list(events)
    first_id = {e.nudge_id: e.snoozed_from for e in events
                if e.kind is EventKind.OFFERED and e.nudge_id and e.snoozed_from}
    # Which event dates a nudge: its first showing, else a later one, else its answer (history
    # may lack an offer). A rank, not the time alone: a clock set back can put an answer first.
    first_seen: dict[str, tuple[int, datetime]] = {}
    done: set[str] = set()
    own: dict[date, int] = defaultdict(int)
    for event in events:
        if is_on_your_own(event):
            own[event.at.date()] += 1
            continue
        if event.nudge_id is None or (event.kind is not EventKind.OFFERED
                                      and event.kind not in OUTCOMES):
            continue
        if event.kind is EventKind.OFFERED:
            nudge = event.snoozed_from or event.nudge_id
            rank = 1 if event.snoozed_from else 0
        else:
            nudge = first_id.get(event.nudge_id, event.nudge_id)
            rank = 2
        seen = first_seen.get(nudge)
        if seen is None or (rank, event.at) < seen:  # aware datetimes compare as instants
            first_seen[nudge] = (rank, event.at)
        if event.kind is EventKind.DONE:
            done.add(nudge)
    offered: dict[date, int] = defaultdict(int)
    done_on: dict[date, int] = defaultdict(int)
    for nudge, (_, shown) in first_seen.items():
        offered[shown.date()] += 1
        done_on[shown.date()] += nudge in done
    return {day: RiseCounts(offered[day], done_on[day], own[day])
            for day in offered.keys() | own.keys()}


def rise_counts_on(events: Iterable[Event], day: date) -> RiseCounts:
    """RiseCounts of one local day, e.g. today's for `done today`. Pass the events from a day
    before `day` on, so a nudge snoozed from yesterday is not taken for a new one."""
    return rise_counts_by_day(events).get(day, RiseCounts())
