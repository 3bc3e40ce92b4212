"""Every transition of the planner's state machine, one row each (docs/planner-states.md).

A `Bench` drives a bare `NudgePlanner` through its public methods only: each starting state is
reached by real transitions from a fresh planner, never by setting attributes. A row reads:
from this state, on this trigger, the planner is in that state and has said these things
("offered", "done", ... are the events it records; "show", "withdraw", "restart" the rest).
Times: the stretch starts at mono 1000 (09:00), the rise is due after 10 minutes (mono 1600).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest

from nudge.core.activity import Moment
from nudge.core.catalogue import ExerciseKind
from nudge.core.decisions import Answer, Decision, Record, RestartStretch, Show, Withdraw
from nudge.core.nudge_states import (
    Counting,
    HeldAfterShown,
    HeldBeforeShown,
    NudgeState,
    OnScreen,
    Returning,
    Snoozed,
    Waiting,
    answerable,
)
from nudge.core.pauses import Pause
from nudge.core.planner import NudgePlanner
from nudge.core.settings import Schedule, Settings, TimeRange
from nudge.core.status import Phase
from nudge.core.tracker import SeatView

from sim import BERLIN, catalogue

START = 1000.0
SCHEDULE = Schedule(rise_every=600, hip_flexor_every=5400, pause_wait=90, typing_pause=5,
                    reshow_after=300, min_gap=300, snooze=600,
                    work_hours=((TimeRange(time(0), None),),) * 7)
CALL = "a call is on"
RISE = catalogue().first_of_kind(ExerciseKind.RISE)


@dataclass
class Bench:
    planner: NudgePlanner
    mono: float = START
    said: tuple[str, ...] = ()

    @classmethod
    def fresh(cls) -> Bench:
        bench = cls(NudgePlanner(Settings(schedule=SCHEDULE), catalogue()))
        bench.look(idle=0.0)
        return bench

    def now(self) -> Moment:
        return Moment(self.mono, datetime(2026, 11, 23, 9, tzinfo=BERLIN)
                      + timedelta(seconds=self.mono - START))

    def seat(self, idle: float, present: bool = True) -> SeatView:
        if not present:
            return SeatView(False, None, None, self.mono - idle, idle)
        return SeatView(True, START, START, self.mono - idle, idle)

    def hear(self, decisions: list[Decision]) -> Bench:
        self.said = tuple(_word(d) for d in decisions)
        return self

    def look(self, idle: float, blocker: str | None = None, after: float = 1.0,
             present: bool = True) -> Bench:
        self.mono += after
        return self.hear(self.planner.update(self.now(), self.seat(idle, present), blocker))

    def answer(self, answer: Answer, nudge_id: str | None = None) -> Bench:
        if nudge_id is None:
            shown = answerable(self.planner.state)
            assert shown is not None, self.planner.state
            nudge_id = shown.nudge_id
        return self.hear(self.planner.answer(self.now(), nudge_id, answer))


    def restart_intervals(self) -> Bench:
        self.planner.restart_intervals()  # says nothing
        return self.hear([])


def _word(decision: Decision) -> str:
    match decision:
        case Show():
            return "show"
        case Withdraw():
            return "withdraw"
        case Record(event=event):
            return event.kind.value
        case RestartStretch():
            return "restart"
    raise AssertionError(decision)


# -- starting states, each reached through the planner's own transitions ----------------------

def counting() -> Bench:
    return Bench.fresh()


def waiting() -> Bench:  # due at 1600 while the user types
    return counting().look(idle=0.0, after=599.0)


def held_before() -> Bench:
    return counting().look(idle=10.0, blocker=CALL, after=599.0)


def on_screen() -> Bench:
    return waiting().look(idle=10.0)


def shown_twice() -> Bench:
    return on_screen().look(idle=0.0, after=300.0)


def held_after() -> Bench:
    return on_screen().look(idle=10.0, blocker=CALL)


def returning() -> Bench:
    return held_after().look(idle=0.0)


def snoozed() -> Bench:
    return on_screen().answer(Answer.SNOOZE)


# -- triggers --------------------------------------------------------------------------------

Trigger = Callable[[Bench], Bench]
TRIGGERS: dict[str, Trigger] = {
    "a second of typing": lambda b: b.look(idle=0.0),
    "a pause in typing": lambda b: b.look(idle=10.0),
    "a blocker": lambda b: b.look(idle=10.0, blocker=CALL),
    "pause_wait of typing": lambda b: b.look(idle=0.0, after=90.0),
    "due, typing": lambda b: b.look(idle=0.0, after=599.0),
    "due, a pause in typing": lambda b: b.look(idle=10.0, after=599.0),
    "due, a blocker": lambda b: b.look(idle=10.0, blocker=CALL, after=599.0),
    "snooze over, typing": lambda b: b.look(idle=0.0, after=600.0),
    "snooze over, a pause": lambda b: b.look(idle=10.0, after=600.0),
    "snooze over, a blocker": lambda b: b.look(idle=10.0, blocker=CALL, after=600.0),
    "reshow_after, no answer": lambda b: b.look(idle=0.0, after=300.0),
    "away": lambda b: b.look(idle=400.0, present=False),
    "done": lambda b: b.answer(Answer.DONE),
    "skip": lambda b: b.answer(Answer.SKIP),
    "snooze": lambda b: b.answer(Answer.SNOOZE),
    "a stale answer": lambda b: b.answer(Answer.DONE, nudge_id="20261123T080000-9"),
    "pause": lambda b: b.hear(b.planner.set_pause(b.now(), Pause(b.now().wall, None))),
    "natural break": lambda b: b.hear(b.planner.on_natural_break(b.now())),
    "clock set back": lambda b: b.restart_intervals(),
    "log a rise": lambda b: b.hear(b.planner.log_manual(b.now(), RISE)),
}

MISSED = ("withdraw", "missed")
ROWS: list[tuple[Callable[[], Bench], str, type, tuple[str, ...]]] = [
    # from          on                          to               said
    (counting,      "a second of typing",       Counting,        ()),
    (counting,      "due, typing",              Waiting,         ()),
    (counting,      "due, a pause in typing",   OnScreen,        ("offered", "show")),
    (counting,      "due, a blocker",           HeldBeforeShown, ()),
    (counting,      "log a rise",               Counting,        ("done", "restart")),
    (waiting,       "a second of typing",       Waiting,         ()),
    (waiting,       "a pause in typing",        OnScreen,        ("offered", "show")),
    (waiting,       "pause_wait of typing",     OnScreen,        ("offered", "show")),
    (waiting,       "a blocker",                HeldBeforeShown, ()),
    (waiting,       "away",                     Counting,        ()),
    (waiting,       "pause",                    Counting,        ("pause",)),
    (waiting,       "natural break",            Counting,        ()),
    (waiting,       "log a rise",               Counting,        ("done", "restart")),
    (waiting,       "a stale answer",           Waiting,         ()),
    (held_before,   "a blocker",                HeldBeforeShown, ()),
    (held_before,   "a second of typing",       Waiting,         ()),
    (held_before,   "a pause in typing",        OnScreen,        ("offered", "show")),
    (held_before,   "away",                     Counting,        ()),
    (held_before,   "log a rise",               Counting,        ("done", "restart")),
    (on_screen,     "a pause in typing",        OnScreen,        ()),
    (on_screen,     "reshow_after, no answer",  OnScreen,        ("show",)),
    (on_screen,     "done",                     Counting,        ("withdraw", "done", "restart")),
    (on_screen,     "skip",                     Counting,        ("withdraw", "skipped")),
    (on_screen,     "snooze",                   Snoozed,         ("withdraw", "snoozed")),
    (on_screen,     "a stale answer",           OnScreen,        ()),
    (on_screen,     "a blocker",                HeldAfterShown,  ("withdraw",)),
    (on_screen,     "away",                     Counting,        MISSED),
    (on_screen,     "pause",                    Counting,        (*MISSED, "pause")),
    (on_screen,     "natural break",            Counting,        MISSED),
    (on_screen,     "log a rise",               Counting,        ("withdraw", "done", "restart")),
    (on_screen,     "clock set back",           OnScreen,        ()),
    (shown_twice,   "reshow_after, no answer",  Counting,        MISSED),
    (held_after,    "a blocker",                HeldAfterShown,  ()),
    (held_after,    "a second of typing",       Returning,       ()),
    (held_after,    "a pause in typing",        OnScreen,        ("show",)),
    (held_after,    "done",                     Counting,        ("withdraw", "done", "restart")),
    (held_after,    "away",                     Counting,        MISSED),
    (returning,     "a second of typing",       Returning,       ()),
    (returning,     "a pause in typing",        OnScreen,        ("show",)),
    (returning,     "pause_wait of typing",     OnScreen,        ("show",)),
    (returning,     "a blocker",                HeldAfterShown,  ()),
    (returning,     "snooze",                   Snoozed,         ("withdraw", "snoozed")),
    (returning,     "pause",                    Counting,        (*MISSED, "pause")),
    (snoozed,       "a pause in typing",        Snoozed,         ()),
    (snoozed,       "snooze over, typing",      Waiting,         ()),
    (snoozed,       "snooze over, a pause",     OnScreen,        ("offered", "show")),
    (snoozed,       "snooze over, a blocker",   HeldBeforeShown, ()),
    (snoozed,       "pause",                    Snoozed,         ("pause",)),
    (snoozed,       "natural break",            Counting,        ()),
    (snoozed,       "clock set back",           Counting,        ()),
    (snoozed,       "log a rise",               Counting,        ("done", "restart")),
]


@pytest.mark.parametrize(("start", "trigger", "end", "said"), ROWS,
                         ids=[f"{s.__name__}-{t}" for s, t, _, _ in ROWS])
def test_each_transition(start: Callable[[], Bench], trigger: str, end: type,
                         said: tuple[str, ...]) -> None:
    bench = start()
    assert isinstance(bench.planner.state, _STATE_OF[start])  # the starting state is as named
    TRIGGERS[trigger](bench)
    assert (type(bench.planner.state), bench.said) == (end, said)


_STATE_OF: dict[Callable[[], Bench], type] = {
    counting: Counting, waiting: Waiting, held_before: HeldBeforeShown, on_screen: OnScreen,
    shown_twice: OnScreen, held_after: HeldAfterShown, returning: Returning, snoozed: Snoozed,
}


@pytest.mark.parametrize(("start", "phase"), [
    (counting, Phase.SITTING), (waiting, Phase.DUE), (held_before, Phase.DEFERRED),
    (on_screen, Phase.ON_SCREEN), (held_after, Phase.DEFERRED), (returning, Phase.DUE),
    (snoozed, Phase.SNOOZED),
], ids=lambda v: getattr(v, "__name__", str(v)))
def test_each_state_has_its_phase(start: Callable[[], Bench], phase: Phase) -> None:
    bench = start()
    assert bench.planner.status(bench.now(), bench.seat(idle=0.0)).phase is phase


def test_a_nudge_keeps_its_offer_through_a_hold_and_its_first_id_through_a_snooze() -> None:
    bench = on_screen()
    first: NudgeState = bench.planner.state
    assert isinstance(first, OnScreen) and first.nudge.times_shown == 1
    TRIGGERS["a blocker"](bench)
    TRIGGERS["a pause in typing"](bench)
    back = bench.planner.state
    assert isinstance(back, OnScreen) and back.nudge == first.nudge  # same id, same count
    TRIGGERS["snooze"](bench)
    TRIGGERS["snooze over, a pause"](bench)
    again = bench.planner.state
    assert isinstance(again, OnScreen) and again.nudge.nudge_id != first.nudge.nudge_id
    assert again.nudge.first_id == first.nudge.nudge_id


def test_held_states_carry_the_latest_reason() -> None:
    bench = held_after()
    bench.look(idle=10.0, blocker="a fullscreen window")
    state = bench.planner.state
    assert isinstance(state, HeldAfterShown) and state.held_by == "a fullscreen window"
    status = bench.planner.status(bench.now(), bench.seat(idle=10.0))
    assert status.held_by == "a fullscreen window"


@pytest.mark.parametrize("name", ["state", "pause", "day", "streak_days", "rules"])
def test_the_planner_state_changes_only_through_its_methods(name: str) -> None:
    planner = Bench.fresh().planner
    with pytest.raises(AttributeError):
        setattr(planner, name, getattr(planner, name))
