"""A simulated desk: scripted activity traces driven through the pure core with a fake clock.

`Desk` runs a `NudgeSession` the way the engine does (sample when the session asks, at most every
`MAX_WAIT` seconds), but in simulated time, so a whole workday runs in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from nudge.core.activity import ActivitySample, Moment
from nudge.core.catalogue import Catalogue, Exercise, ExerciseKind, Where
from nudge.core.decisions import Answer, Decision, NudgeOffer, Record, Show, Withdraw
from nudge.core.events import Event, EventKind
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings

MAX_WAIT = 300.0  # the engine never sleeps longer than this
BERLIN = ZoneInfo("Europe/Berlin")


class Act(Enum):
    TYPING = "typing"  # input every 2 s
    READING = "reading"  # input every 3 min (short pauses still count as sitting)
    AWAY = "away"  # no input
    LOCKED = "locked"
    VIDEO = "video"  # no input, idle inhibitor active
    SUSPEND = "suspend"  # machine asleep: no samples, monotonic clock stops
    CLOCK_SET = "clock_set"  # a zero-length marker: wall clock jumps by `jump` seconds


@dataclass
class Span:
    act: Act
    minutes: float
    jump: float = 0.0
    busy: str | None = None  # a blocker: the user must not be interrupted (a call, fullscreen)


INPUT_EVERY = {Act.TYPING: 2.0, Act.READING: 180.0}


def catalogue() -> Catalogue:
    def ex(id_: str, kind: ExerciseKind, where: Where, level: int = 0) -> Exercise:
        return Exercise(id_, id_.replace("_", " ").capitalize(), ("cue one", "cue two"), 5, kind,
                        where, level)

    return Catalogue((
        ex("glute_rise", ExerciseKind.RISE, Where.CHAIR),
        ex("hip_flexor_break", ExerciseKind.HIP_FLEXOR, Where.STANDING),
        ex("seated_squeeze_check", ExerciseKind.ACTIVATION, Where.CHAIR),
        ex("leg_lift_check", ExerciseKind.ACTIVATION, Where.FLOOR),
        ex("single_leg_bridge", ExerciseKind.PROGRESSION, Where.FLOOR, 1),
        ex("bodyweight_squat", ExerciseKind.PROGRESSION, Where.STANDING, 2),
    ))


AnswerPolicy = Callable[[NudgeOffer, "Desk"], tuple[Answer, float] | None]


def answer_done(after: float = 20.0) -> AnswerPolicy:
    """Press Done `after` seconds after each nudge appears."""
    return lambda offer, desk: (Answer.DONE, after)


def ignore() -> AnswerPolicy:
    return lambda offer, desk: None


@dataclass
class Shown:
    wall: datetime
    offer: NudgeOffer


@dataclass
class Desk:
    """Drives a session through a script of spans starting at `start` (aware local time)."""

    start: datetime
    settings: Settings = field(default_factory=Settings)
    policy: AnswerPolicy = field(default_factory=ignore)
    streak_days: int = 0
    session: NudgeSession = field(init=False)
    mono: float = 1000.0
    wall: datetime = field(init=False)
    last_input_mono: float = 0.0
    shown: list[Shown] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    _answer_at: tuple[float, str, Answer] | None = None
    _resumed: bool = False

    def __post_init__(self) -> None:
        self.session = NudgeSession(self.settings, catalogue(), streak_days=self.streak_days)
        self.wall = self.start
        self.last_input_mono = self.mono

    # -- driving -------------------------------------------------------------------------
    def run(self, spans: list[Span]) -> Desk:
        if self.session.tracker.next_check() is None and spans:
            self._sample(spans[0].act)  # the app samples once at start-up
        for span in spans:
            self._run_span(span)
        return self

    def moment(self) -> Moment:
        return Moment(self.mono, self.wall)

    def apply(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            if isinstance(decision, Show):
                self.shown.append(Shown(self.wall, decision.offer))
                reply = self.policy(decision.offer, self)
                if reply is not None:
                    answer, delay = reply
                    self._answer_at = (self.mono + delay, decision.offer.nudge_id, answer)
            elif isinstance(decision, Withdraw):
                self.withdrawn.append(decision.nudge_id)
            elif isinstance(decision, Record):
                self.events.append(decision.event)

    def _advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall = _add(self.wall, seconds)

    def _run_span(self, span: Span) -> None:
        if span.act is Act.CLOCK_SET:
            self.wall = _add(self.wall, span.jump)
            return
        if span.act is Act.SUSPEND:
            self.wall = _add(self.wall, span.minutes * 60)  # monotonic clock stands still
            self._resumed = True
            return
        end = self.mono + span.minutes * 60
        every = INPUT_EVERY.get(span.act)
        while self.mono < end:
            if every is not None and self.mono - self.last_input_mono >= every:
                self.last_input_mono = self.mono
            wake = self._next_wake(end, every)
            self._advance(max(0.0, wake - self.mono))
            if every is not None and self.mono - self.last_input_mono >= every:
                self.last_input_mono = self.mono
            self._maybe_answer()
            self._sample(span.act, span.busy)

    def _next_wake(self, end: float, every: float | None) -> float:
        wanted = self.session.next_check(self.moment())
        wake = self.mono + MAX_WAIT if wanted is None else min(wanted, self.mono + MAX_WAIT)
        if self._answer_at is not None:
            wake = min(wake, self._answer_at[0])
        if every is not None:
            wake = min(wake, self.last_input_mono + every)
        return max(min(wake, end), self.mono + 0.5)

    def _maybe_answer(self) -> None:
        if self._answer_at is not None and self.mono >= self._answer_at[0]:
            _, nudge_id, answer = self._answer_at
            self._answer_at = None
            self.apply(self.session.answer(self.moment(), nudge_id, answer))

    def _sample(self, act: Act, busy: str | None = None) -> None:
        idle = self.mono - self.last_input_mono
        # Like the engine: blockers are only looked at while a nudge is due.
        interruption = busy if self.session.nudge_due(self.moment()) else None
        sample = ActivitySample(self.moment(), idle_seconds=idle, locked=act is Act.LOCKED,
                                inhibited=act is Act.VIDEO, resumed=self._resumed,
                                interruption=interruption)
        self._resumed = False
        self.apply(self.session.observe(sample))

    # -- reading results -----------------------------------------------------------------
    def shown_times(self, first_only: bool = True) -> list[str]:
        return [f"{s.wall:%H:%M}" for s in self.shown if not first_only or s.offer.times_shown == 1]

    def shown_exercises(self) -> list[str]:
        return [s.offer.exercise.id for s in self.shown if s.offer.times_shown == 1]

    def kinds(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]


def _add(wall: datetime, seconds: float) -> datetime:
    """Wall arithmetic in UTC, shown in the zone's local time (so DST shifts are real)."""
    tz = wall.tzinfo
    return (wall.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(tz)


def at(text: str, tz: ZoneInfo = BERLIN) -> datetime:
    """`at("2026-11-23 09:00")` in the given zone."""
    return datetime.fromisoformat(text).replace(tzinfo=tz)
