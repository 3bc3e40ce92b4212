"""Property tests of the pure core: random days of samples must never break its promises.

A small driver (`Run`) plays a random script against a `NudgeSession` the way the engine does:
it samples when the session asks (never later than the engine's `MAX_WAIT`, sometimes a little
late, sometimes early because a command made the engine tick), and answers nudges at random.
The scripts mix typing, reading, idle, a locked screen, video, calls (blockers), suspends from a
second to days (reported by the OS or only seen as a clock gap), wall-clock jumps of hours both
ways, a time-zone change while running, pauses, manual rises and stale answers, starting near the
DST changes of three zones, midnight and the end of an ISO week.

Promises checked after every step (see docs/RELIABILITY.md):
- no Show while away, locked, paused, in a scheduled pause, outside work hours or while the user
  must not be interrupted; Shows only ever come from a sample, never from a command;
- two first-shows (new nudge ids) are never closer than `min_gap` of real (monotonic) time;
- the seated stretch is never negative nor longer than the monotonic time elapsed;
- at most one first-show in the `rise_every` (or the shorter `hip_flexor_every`) after a resume
  or clock jump, until the user acts;
- every OFFERED has at most one outcome, outcomes only follow an OFFERED, one nudge in flight;
- a nudge in flight when the user goes away (idle, lock, suspend) has its outcome at once, and
  the next first-show needs a full interval of new sitting;
- the weekly summary's totals equal what the events add up to; each nudge counts once however
  often it was snoozed, and nudges done never outnumber nudges offered.
Commands race the first sample after a suspend or clock jump both ways, as in the engine.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nudge.core.activity import ActivitySample, Moment
from nudge.core.decisions import Answer, Decision, Record, Show, Withdraw
from nudge.core.events import OUTCOMES, BreakReason, Event, EventKind, Source
from nudge.core.pauses import Pause, pause_until
from nudge.core.session import NudgeSession
from nudge.core.settings import Goals, Schedule, ScheduledPause, Settings, TimeRange
from nudge.core.summary import IsoWeek, build_weekly_summary
from nudge.core.tracker import CLOCK_TOLERANCE

from sim import catalogue

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Sydney")
OTHER_ZONES = (*ZONES, "UTC", "Asia/Kolkata", "Pacific/Chatham")
MAX_WAIT = 300.0  # the engine's longest sleep (nudge/app/engine_loop.py)
EPS = 1e-6

# -- start moments: DST changes, midnight, the end of an ISO week ------------------------------


@cache
def dst_changes(zone_name: str, year: int = 2026) -> tuple[datetime, ...]:
    """The instants (UTC) in `year` where the zone's UTC offset changes."""
    zone = ZoneInfo(zone_name)
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(zone).utcoffset()
    while moment.year == year:
        moment += timedelta(hours=1)
        offset = moment.astimezone(zone).utcoffset()
        if offset != previous:
            found.append(moment)
        previous = offset
    return tuple(found)


@st.composite
def start_moments(draw: st.DrawFn) -> datetime:
    zone_name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(zone_name)
    anchor = draw(st.sampled_from(["dst", "midnight", "week_end", "anywhere"]))
    if anchor == "dst":
        change = draw(st.sampled_from(dst_changes(zone_name)))
        start = change - timedelta(minutes=draw(st.integers(0, 20 * 60)))
        return start.astimezone(zone)
    if anchor == "anywhere":
        day = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    else:
        day = date(2026, 1, 4) + timedelta(days=7 * draw(st.integers(0, 50)))  # Sundays
        if anchor == "midnight":
            day -= timedelta(days=draw(st.integers(1, 6)))
    minute = draw(st.integers(22 * 60, 24 * 60 - 1)) if anchor != "anywhere" \
        else draw(st.integers(0, 24 * 60 - 1))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)


# -- settings within what config.toml accepts --------------------------------------------------

ALL_DAY = (TimeRange(time(0), None),)
OFFICE = (TimeRange(time(8), time(18)),)


@st.composite
def work_hours(draw: st.DrawFn) -> tuple[tuple[TimeRange, ...], ...]:
    shape = draw(st.sampled_from(["always", "always", "always", "office", "random"]))
    if shape == "always":
        return (ALL_DAY,) * 7
    if shape == "office":
        return (OFFICE,) * 5 + ((), ())
    days = []
    for _ in range(7):
        start = draw(st.integers(0, 22))
        end = draw(st.integers(start + 1, 24))
        days.append(draw(st.sampled_from([(), (TimeRange(time(start), None if end == 24
                                                           else time(end)),)])))
    return tuple(days)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    minutes = st.integers(1, 60).map(lambda m: m * 60.0)
    typing_pause = float(draw(st.integers(1, 30)))
    away_after = draw(st.floats(max(60.0, typing_pause + 1), 15 * 60))
    snooze_choices = tuple(sorted(set(draw(st.lists(minutes, min_size=1, max_size=3)))))
    pauses = ()
    if draw(st.booleans()):
        start = draw(st.integers(0, 22))
        pauses = (ScheduledPause(draw(st.integers(0, 6)),
                                 TimeRange(time(start), time(start + 1))),)
    return Schedule(
        rise_every=draw(st.integers(2, 60)) * 60.0,
        hip_flexor_every=draw(st.integers(5, 120)) * 60.0,
        away_after=away_after,
        pause_wait=float(draw(st.integers(0, 300))),
        typing_pause=typing_pause,
        snooze=draw(minutes),
        snooze_choices=snooze_choices,
        reshow_after=draw(st.integers(1, 20)) * 60.0,
        min_gap=draw(st.integers(0, 30)) * 60.0,
        activation_check_at_offer=draw(st.integers(1, 4)),
        work_hours=draw(work_hours()),
        scheduled_pauses=pauses,
    )


# -- the script ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    kind: str
    seconds: float = 0.0
    value: object = None


ACTIVITIES = ("typing", "reading", "idle", "locked", "video", "busy")


@st.composite
def scripts(draw: st.DrawFn, schedule: Schedule) -> list[Op]:
    """Mostly typing, in stretches long enough for nudges to fall due, mixed with the rest."""
    interval = min(schedule.rise_every, schedule.hip_flexor_every)
    typing = st.builds(Op, st.just("typing"),
                       st.sampled_from([2.5, 1.2, 4, 0.9, 1.5, 0.3]).map(lambda k: k * interval))
    other = st.builds(Op, st.sampled_from(ACTIVITIES),
                      st.integers(1, 180).map(lambda m: m * 60.0) | st.floats(1, 600))
    suspend = st.builds(Op, st.just("suspend"),
                        st.floats(1, 120) | st.floats(120, 3 * 86400), st.booleans())
    jump = st.builds(Op, st.just("jump"),
                     st.floats(120, 12 * 3600).flatmap(lambda s: st.sampled_from([s, -s])))
    command = st.one_of(
        st.builds(Op, st.just("tz"), value=st.sampled_from(OTHER_ZONES)),
        st.builds(Op, st.just("pause"), value=st.sampled_from(
            ["20m", "30m", "1h", "2h", "until-tomorrow", "until-resumed"])),
        st.builds(Op, st.just("resume")),
        st.builds(Op, st.just("log"), value=st.none() | st.integers(1, 100)),
        st.builds(Op, st.just("stale_answer"), value=st.sampled_from(list(Answer))),
    )
    blocks = draw(st.lists(st.tuples(typing, st.lists(st.one_of(other, suspend, jump, command),
                                                      max_size=2)), min_size=1, max_size=15))
    return [op for first, rest in blocks for op in (first, *rest)]


@dataclass
class Policy:
    answer_chance: float
    max_delay: float


policies = st.builds(Policy, st.floats(0, 1), st.floats(1, 20 * 60))


# -- the driver and its checks ---------------------------------------------------------------


class Broken(AssertionError):
    pass


@dataclass
class Run:
    settings: Settings
    start: datetime
    policy: Policy
    seed: int
    streak_days: int = 0
    session: NudgeSession = field(init=False)
    mono: float = 5000.0
    wall: datetime = field(init=False)
    last_input: float = field(init=False)
    events: list[Event] = field(default_factory=list)
    # What the driver knows independently of the core:
    pause: Pause | None = None
    resumed: bool = False
    answer_at: tuple[float, str, Answer, int | None, float | None] | None = None
    first_shows: list[float] = field(default_factory=list)  # mono
    seen_ids: set[str] = field(default_factory=set)
    open_offers: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)
    windows: list[list[float]] = field(default_factory=list)  # [start, end, first-shows]
    backward_jumps: int = 0
    last_sample: ActivitySample | None = None
    back_from_break: float | None = None  # mono of the last natural break
    clock_moved: bool = False  # a suspend or jump the core has not seen in a sample yet
    unseen_drift: float = 0.0  # the clocks may disagree this much unnoticed (by design)
    # mono of the last sample with an idle inhibitor (video): seated then, whatever the idle time
    # said, so an absence after it counts from there (the tracker's rule), until a resume or jump.
    seated_at: float | None = None

    def __post_init__(self) -> None:
        self.session = NudgeSession(self.settings, catalogue(), streak_days=self.streak_days)
        self.rng = random.Random(self.seed)
        self.wall = self.start
        self.mono0 = self.mono
        self.last_input = self.mono

    @property
    def schedule(self) -> Schedule:
        return self.settings.schedule

    def moment(self) -> Moment:
        return Moment(self.mono, self.wall)

    # -- time ----------------------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall = _add(self.wall, seconds)

    def play(self, script: list[Op]) -> Run:
        self.sample("typing")  # the app samples once at start-up
        for op in script:
            if op.kind in ACTIVITIES:
                self.span(op.kind, op.seconds)
            else:
                self.command(op)
        return self

    def span(self, activity: str, seconds: float) -> None:
        end = self.mono + seconds
        while self.mono < end - EPS:
            wanted = self.session.next_check(self.moment())
            wake = self.mono + MAX_WAIT if wanted is None else min(wanted, self.mono + MAX_WAIT)
            if self.answer_at is not None:
                wake = min(wake, self.answer_at[0])
            roll = self.rng.random()
            if roll < 0.15:
                wake += self.rng.uniform(0, 3)  # the OS woke us a little late
            elif roll < 0.25:
                wake = self.mono + self.rng.uniform(0.5, 60)  # a command made the engine tick
            wake = max(min(wake, end), self.mono + 0.5)
            self.advance(wake - self.mono)
            self.maybe_answer()
            self.sample(activity)

    def command(self, op: Op) -> None:
        now = self.moment()
        if op.kind == "suspend":
            self.wall = _add(self.wall, op.seconds)  # the monotonic clock stands still
            self.resumed = self.resumed or bool(op.value)
            self.clock_moved = True
            self.unseen_drift += CLOCK_TOLERANCE  # the most a clock change can hide
            if self.rng.random() < 0.5:  # back at the keyboard at once, or not yet
                self.last_input = self.mono
            return
        if op.kind == "jump":
            self.wall = _add(self.wall, op.seconds)
            self.backward_jumps += op.seconds < 0
            self.clock_moved = True
            self.unseen_drift += CLOCK_TOLERANCE
            return
        if op.kind == "tz":
            self.wall = self.wall.astimezone(ZoneInfo(str(op.value)))
            return
        self.see_clock_first()
        now = self.moment()
        self.close_windows()  # the user acted: what follows is their choice
        if op.kind == "log":
            self.back_from_break = None  # a logged rise restarts the stretch: its own rules
        if op.kind == "pause":
            self.pause = Pause(now.wall, pause_until(str(op.value), now.wall))
            self.step(self.session.set_pause(now, self.pause), "command")
        elif op.kind == "resume":
            self.pause = None
            self.step(self.session.set_pause(now, None), "command")
        elif op.kind == "log":
            reps = op.value if isinstance(op.value, int) else None
            self.step(self.session.log_manual(now, None, reps), "command")
        elif op.kind == "stale_answer":
            old = self.rng.choice(sorted(self.closed)) if self.closed else "never-shown"
            decisions = self.session.answer(now, old, Answer(str(op.value)))
            # Only what the core saw of a suspend or absence before the answer may come back.
            if [d for d in decisions if not _catching_up(d)]:
                raise Broken(f"an answer to the closed nudge {old} changed something: "
                             f"{decisions}")
            self.step(decisions, "command")
        self.sample("typing")  # the engine ticks after every command

    def maybe_answer(self) -> None:
        if self.answer_at is None or self.mono < self.answer_at[0]:
            return
        _, nudge_id, answer, reps, snooze = self.answer_at
        self.answer_at = None
        self.see_clock_first()
        self.close_windows()
        decisions = self.session.answer(self.moment(), nudge_id, answer, reps, snooze)
        self.step(decisions, "command")

    def see_clock_first(self) -> None:
        """After a suspend or jump, the engine may sample before a command (logind's resume
        signal woke it) or handle a queued command first: either may win the race."""
        if self.clock_moved and self.rng.random() < 0.5:
            self.sample("typing")

    def sample(self, activity: str) -> None:
        self.clock_moved = False
        if self.pause is not None and not self.pause.active(self.wall):
            self.pause = None  # an ended pause stays ended, even if the clock is set back
        idle = self.idle_for(activity)
        busy = "a call" if activity == "busy" else None
        sample = ActivitySample(self.moment(), idle, locked=activity == "locked",
                                inhibited=activity == "video", resumed=self.resumed,
                                interruption=busy)
        previous, self.last_sample = self.last_sample, sample
        if previous is not None and (sample.resumed or abs(
                previous.at.seconds_until(sample.at.wall) - (sample.at.mono - previous.at.mono))
                > CLOCK_TOLERANCE):
            self.open_window()  # the core can see this resume or jump (tracker's rules)
            self.seated_at = None
        if sample.inhibited:
            self.seated_at = self.mono
        self.resumed = False
        self.step(self.session.observe(sample), "sample", sample)

    def idle_for(self, activity: str) -> float:
        since = self.mono - self.last_input
        if activity in ("typing", "busy"):
            roll = self.rng.random()
            if roll < 0.6:
                idle = self.rng.uniform(0, 2)
            elif roll < 0.9:
                tp = self.schedule.typing_pause
                idle = self.rng.uniform(tp, 2 * tp)
            else:
                idle = self.rng.uniform(0, 0.9 * self.schedule.away_after)
            idle = min(idle, since)
        elif activity == "reading":
            idle = since % 180.0  # a scroll every 3 minutes
        else:
            idle = since
        self.last_input = self.mono - idle
        return idle

    # -- checks --------------------------------------------------------------------------
    def step(self, decisions: list[Decision], source: str,
             sample: ActivitySample | None = None) -> None:
        now = self.moment()
        offered_now = {d.event.nudge_id for d in decisions
                       if isinstance(d, Record) and d.event.kind is EventKind.OFFERED}
        open_at_break: set[str] = set()  # in flight when the user went away: must end now
        for decision in decisions:
            if isinstance(decision, Show):
                self.check_show(decision, source, sample, offered_now)
            elif isinstance(decision, Record):
                self.check_record(decision.event)
                if decision.event.kind is EventKind.BREAK:
                    open_at_break |= self.open_offers
                    # A sample can see the break late (the resume flag comes with it) and the
                    # user back for a full interval already: a new nudge may follow at once.
                    self.back_from_break = self.mono
            elif isinstance(decision, Withdraw) and decision.nudge_id not in self.seen_ids:
                raise Broken(f"withdrew {decision.nudge_id}, which was never shown")
        if len(self.open_offers) > 1:
            raise Broken(f"more than one nudge in flight: {self.open_offers}")
        if open_at_break & self.open_offers:
            raise Broken(f"{open_at_break & self.open_offers} still open after the user went away")
        self.check_status(now)
        self.schedule_answer(decisions)

    def check_show(self, show: Show, source: str, sample: ActivitySample | None,
                   offered_now: set[str | None]) -> None:
        nudge_id = show.offer.nudge_id
        if source != "sample" or sample is None:
            raise Broken(f"a command showed a nudge: {show}")
        idle = sample.idle_seconds if self.seated_at is None \
            else min(sample.idle_seconds, self.mono - self.seated_at)
        wall = sample.at.wall
        why = [reason for reason, bad in (
            ("locked", sample.locked),
            ("away", idle >= self.schedule.away_after),
            ("paused", self.pause is not None and self.pause.active(wall)),
            ("in a scheduled pause", self.schedule.scheduled_pause_at(wall) is not None),
            ("outside work hours", not self.schedule.is_work_time(wall)),
            ("while the user must not be interrupted", sample.interruption is not None),
        ) if bad]
        if why:
            raise Broken(f"showed {nudge_id} at {wall} {' and '.join(why)}")
        if nudge_id in self.seen_ids:  # a re-show: only of the nudge still in flight
            if nudge_id not in self.open_offers:
                raise Broken(f"re-showed {nudge_id}, which already had its outcome")
            return
        if nudge_id not in offered_now:
            raise Broken(f"first show of {nudge_id} without an OFFERED record")
        if self.first_shows and self.mono - self.first_shows[-1] < self.schedule.min_gap - EPS:
            raise Broken(f"two nudges {self.mono - self.first_shows[-1]:.0f}s apart, "
                         f"min_gap is {self.schedule.min_gap:.0f}s")
        if self.back_from_break is not None:
            schedule = self.schedule
            earliest = (self.back_from_break - schedule.away_after
                        + min(schedule.rise_every, schedule.hip_flexor_every))
            if self.mono < earliest - EPS:
                raise Broken(f"{nudge_id} shown {self.mono - self.back_from_break:.0f}s after "
                             "a break, before a full interval of new sitting")
        self.first_shows.append(self.mono)
        self.seen_ids.add(nudge_id)
        for window in self.windows:
            if window[0] <= self.mono < window[1]:
                window[2] += 1
                if window[2] > 1:
                    raise Broken("two first-shows within rise_every after a resume or clock "
                                 f"jump at mono {window[0]}")

    def check_record(self, event: Event) -> None:
        if event.at.tzinfo is None:
            raise Broken(f"naive time in {event}")
        self.events.append(event)
        if event.kind is EventKind.OFFERED:
            if event.nudge_id in self.open_offers or event.nudge_id in self.closed:
                raise Broken(f"{event.nudge_id} offered twice")
            self.open_offers.add(str(event.nudge_id))
        elif event.kind in OUTCOMES and not (event.kind is EventKind.DONE
                                             and event.source is Source.MANUAL):
            if event.nudge_id not in self.open_offers:
                raise Broken(f"{event.kind.value} for {event.nudge_id}, which is not an open "
                             f"offer (closed already: {event.nudge_id in self.closed})")
            self.open_offers.discard(event.nudge_id)
            self.closed.add(event.nudge_id)
        elif event.kind is EventKind.DONE and event.nudge_id is not None:
            raise Broken(f"a manual DONE names a nudge: {event}")
        elif event.kind is EventKind.STRETCH:
            seconds = event.extra["seconds"]
            if not -0.5 <= seconds <= self.mono - self.mono0 + 0.5:
                raise Broken(f"stretch of {seconds}s after {self.mono - self.mono0:.0f}s")
            if event.start is None:
                raise Broken(f"stretch without a start: {event}")
            wall_span = event.at.timestamp() - event.start.timestamp()
            if abs(wall_span - seconds) > 1 + self.unseen_drift:
                raise Broken(f"stretch of {seconds}s on the monotonic clock spans {wall_span}s "
                             f"of real time: {event}")

    def check_status(self, now: Moment) -> None:
        status = self.session.status(now)
        elapsed = now.mono - self.mono0
        if not 0.0 <= status.seated_seconds <= elapsed + EPS:
            raise Broken(f"seated {status.seated_seconds}s after {elapsed}s")
        if not 0.0 <= status.progress <= 1.0:
            raise Broken(f"progress {status.progress}")
        if status.next_in_seconds is not None and status.next_in_seconds < 0:
            raise Broken(f"next in {status.next_in_seconds}s")
        status.line()
        wanted = self.session.next_check(now)
        if wanted is not None and wanted != wanted:  # NaN
            raise Broken("next_check is NaN")

    def schedule_answer(self, decisions: list[Decision]) -> None:
        for decision in decisions:
            if not isinstance(decision, Show) or self.answer_at is not None:
                continue
            if self.rng.random() >= self.policy.answer_chance:
                continue
            offer = decision.offer
            answer = self.rng.choice(list(Answer))
            reps = self.rng.choice([None, self.rng.randint(1, 100)])
            snooze = self.rng.choice([None, *offer.snooze_choices])
            delay = self.rng.uniform(1, self.policy.max_delay)
            self.answer_at = (self.mono + delay, offer.nudge_id, answer, reps, snooze)

    def open_window(self) -> None:
        interval = min(self.schedule.rise_every, self.schedule.hip_flexor_every)
        self.windows.append([self.mono, self.mono + interval, 0])

    def close_windows(self) -> None:
        for window in self.windows:
            window[1] = min(window[1], self.mono)


def _catching_up(decision: Decision) -> bool:
    """A decision from a break the core noticed at a command: the stretch, the break, and the
    nudge in flight withdrawn and missed."""
    if isinstance(decision, Withdraw):
        return True
    if not isinstance(decision, Record):
        return False
    kind, reason = decision.event.kind, decision.event.reason
    return (kind is EventKind.BREAK or (kind is EventKind.MISSED and reason == "away")
            or (kind is EventKind.STRETCH and reason != BreakReason.RISE.value))


def _add(wall: datetime, seconds: float) -> datetime:
    return (wall.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(wall.tzinfo)


def check_summary(run: Run) -> None:
    """Every week's totals are what its events add up to (counted by their local date)."""
    if not run.events:
        return
    days = sorted({e.at.date() for e in run.events}
                  | {e.start.astimezone(e.at.tzinfo).date() for e in run.events if e.start})
    week, last = IsoWeek.containing(days[0]), IsoWeek.containing(days[-1])
    stretch_minutes = sum(max(0.0, e.at.timestamp() - e.start.timestamp()) / 60
                          for e in run.events if e.kind is EventKind.STRETCH and e.start)
    seated_total = 0.0
    while week <= last:
        summary = build_weekly_summary(run.events, week, run.schedule, run.settings.goals,
                                       days[-1])
        mine = [e for e in run.events if week.monday <= e.at.date() <= week.sunday]
        counts = Counter(e.kind for e in mine)
        totals = summary.totals
        assert (totals.offered, totals.done, totals.snoozed, totals.skipped, totals.missed) == (
            counts[EventKind.OFFERED], counts[EventKind.DONE], counts[EventKind.SNOOZED],
            counts[EventKind.SKIPPED], counts[EventKind.MISSED]), str(week)
        assert totals.reps == sum(e.reps or 0 for e in mine if e.kind is EventKind.DONE)
        assert totals.prompted_done <= totals.offered
        # Each nudge once, on the day first shown: a snoozed one shown again names its first id.
        first_shows = [e for e in mine if e.kind is EventKind.OFFERED and not e.snoozed_from]
        assert totals.nudges_offered == len(first_shows), str(week)
        assert totals.nudges_done <= totals.nudges_offered
        assert totals.on_your_own == sum(e.kind is EventKind.DONE and e.source is Source.MANUAL
                                         for e in mine)
        assert totals.rises == totals.nudges_done + totals.on_your_own
        assert totals.nudge_rate is None or 0.0 <= totals.nudge_rate <= 1.0
        seated_total += totals.seated_minutes
        week = IsoWeek.containing(week.sunday + timedelta(days=1))
    # One person cannot sit twice: only a clock set back makes stretches overlap in real time.
    if run.backward_jumps == 0:
        assert seated_total == pytest.approx(stretch_minutes, abs=1e-6)
    else:
        assert seated_total <= stretch_minutes + 1e-6


@st.composite
def cases(draw: st.DrawFn) -> tuple[Schedule, list[Op]]:
    schedule = draw(schedules())
    return schedule, draw(scripts(schedule))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), start_moments(), policies, st.integers(0, 2**32 - 1), st.integers(0, 15))
def test_random_days_keep_every_promise_of_the_core(case, start, policy, seed, streak):
    schedule, script = case
    run = Run(Settings(schedule, Goals()), start, policy, seed, streak_days=streak)
    run.play(script)
    check_summary(run)
    event(f"first shows: {min(len(run.first_shows), 5)}")
    event(f"answered: {len(run.closed) > 0}")
    event(f"a resume or jump window saw a nudge: {any(w[2] for w in run.windows)}")
    event(f"weeks: {len({IsoWeek.containing(e.at.date()) for e in run.events})}")
    offsets = {e.at.utcoffset() for e in run.events}
    event(f"several UTC offsets: {len(offsets) > 1}")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(ZONES), st.integers(0, 1), st.integers(1, 40), st.integers(0, 1))
def test_a_seated_stretch_across_a_dst_change_counts_real_minutes(zone_name, which, before,
                                                                  answered):
    """Sitting straight through a DST change: stretch seconds are real seconds, not wall ones."""
    change = dst_changes(zone_name)[which]
    zone = ZoneInfo(zone_name)
    start = (change - timedelta(minutes=before)).astimezone(zone)
    always = Schedule(work_hours=(ALL_DAY,) * 7)
    policy = Policy(answer_chance=float(answered), max_delay=30)
    run = Run(Settings(always, Goals()), start, policy, seed=before).play(
        [Op("typing", 2 * 3600), Op("locked", 600)])
    [*_, last] = [e for e in run.events if e.kind is EventKind.STRETCH]
    real = last.at.timestamp() - last.start.timestamp()
    assert last.extra["seconds"] == pytest.approx(real, abs=1)
    assert last.reason == BreakReason.LOCKED.value
