"""The sitting tracker: turns activity samples into seated stretches and natural breaks.

Rules (from the product brief):
- Input pauses shorter than `away_after` count as sitting. Idle for `away_after` or longer means
  the user got up: the stretch ends at the last input and a natural break is recorded.
- A locked screen counts as away at once; so does a suspend, seen as an OS resume signal, a gap
  between samples much longer than the sampling period, or the wall and monotonic clocks
  disagreeing (the wall clock moved while the monotonic one did not, or the other way round).
- Idle while an inhibitor (video, call) is active still counts as sitting.

A command (an answer, a logged rise, a pause) can reach the core after a resume but before the
next sample. `catch_up` applies to it what that sample would have shown, from what the tracker
already knows: a suspend or clock jump seen in the clocks, or an idle time past `away_after` since
the last known input (unless an idle inhibitor was on), ends the stretch at the last input. The
next sample says when the user came back, so a suspend or an absence is never counted as sitting,
whichever comes first.

The tracker also says when it next needs a sample (`next_check`): exactly when the idle time would
cross `away_after` if no more input arrives, so an absence is noticed on time with one wake-up per
`away_after` while the user types, and a slow poll while the user is away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nudge.core.activity import ActivitySample, Moment
from nudge.core.events import BreakReason

CLOCK_TOLERANCE = 60.0  # seconds the two clocks may drift apart between samples (NTP slews less)
GAP_SLACK = 60.0  # a gap this much longer than the longest planned interval means a suspend
AWAY_POLL = 15.0  # seconds between samples while the user is away


@dataclass(frozen=True)
class StretchEnded:
    """A seated stretch ended at `end`; `seconds` is measured on the monotonic clock."""

    start: datetime
    end: datetime
    seconds: float
    reason: BreakReason


@dataclass(frozen=True)
class WentAway:
    """The user left the desk at `left_at` (their last input)."""

    left_at: datetime
    reason: BreakReason


@dataclass(frozen=True)
class CameBack:
    at: datetime


TrackerChange = StretchEnded | WentAway | CameBack


@dataclass(frozen=True)
class SeatView:
    """What the planner needs to know about sitting right now."""

    present: bool
    stretch_start: float | None  # mono; reset by a natural break or a done rise
    present_since: float | None  # mono; reset only by a natural break
    last_input: float | None  # mono
    idle_seconds: float


class SittingTracker:
    def __init__(self, away_after: float, away_poll: float = AWAY_POLL) -> None:
        self._away_after = away_after
        self.away_poll = away_poll
        self._planned_gap: float | None = None  # max_gap before away_after last changed
        self._last_at: Moment | None = None  # the last sample, or a command that saw a jump
        self._present = False
        self._stretch_start: Moment | None = None
        self._present_since: float | None = None
        self._last_input: Moment | None = None
        self._idle = 0.0
        self._inhibited = False  # the last sample had an idle inhibitor (video, call)
        self._ended: Moment | None = None  # where the last seated stretch ended
        self._resumed_after: float | None = None  # no stretch starts before (mono): a resume
        self._saw_interruption = False  # the last sample saw a suspend or a clock jump

    @property
    def away_after(self) -> float:
        return self._away_after

    @away_after.setter
    def away_after(self, seconds: float) -> None:
        # The sample already planned came due under the old value: its gap is judged by it, or
        # a shorter away_after (an edited config) would make an ordinary gap look like a suspend.
        self._planned_gap = max(self._planned_gap or 0.0, self.max_gap())
        self._away_after = seconds

    # -- reading -------------------------------------------------------------------------
    @property
    def present(self) -> bool:
        return self._present

    def view(self) -> SeatView:
        return SeatView(
            present=self._present,
            stretch_start=self._stretch_start.mono if self._stretch_start else None,
            present_since=self._present_since,
            last_input=self._last_input.mono if self._last_input else None,
            idle_seconds=self._idle,
        )

    def seated_seconds(self, mono: float) -> float:
        """Length of the current seated stretch at `mono` (0 while away)."""
        if not self._present or self._stretch_start is None:
            return 0.0
        return max(0.0, mono - self._stretch_start.mono)

    def next_check(self) -> float | None:
        """Monotonic time of the next sample the tracker needs (None before the first one)."""
        if self._last_at is None:
            return None
        if self._present and self._last_input is not None:
            return max(self._last_at.mono, self._last_input.mono + self.away_after)
        return self._last_at.mono + self.away_poll

    def max_gap(self) -> float:
        """The longest gap between samples that is not a suspend."""
        return max(max(self.away_after, self.away_poll) + GAP_SLACK, self._planned_gap or 0.0)

    # -- feeding -------------------------------------------------------------------------
    def observe(self, sample: ActivitySample) -> list[TrackerChange]:
        """Take one sample; return what changed (stretch ended, went away, came back)."""
        changes: list[TrackerChange] = []
        previous = self._last_at
        saw_interruption = False
        if previous is not None:
            # A resume flag that comes a sample late is the suspend the clocks already showed.
            resumed = sample.resumed and not self._saw_interruption
            jump = self._interruption(previous, sample.at, resumed)
            if jump is not None:
                changes += self._leave_for(jump, sample.at)
                saw_interruption = True
        self._saw_interruption = saw_interruption
        self._planned_gap = None
        self._last_at = sample.at
        self._inhibited = sample.inhibited
        now = sample.at
        idle = 0.0 if sample.inhibited else max(0.0, sample.idle_seconds)
        input_mono = now.mono - idle
        if self._last_input is not None and input_mono < self._last_input.mono:
            input_mono = self._last_input.mono  # idle readings never move input back in time
        if self._last_input is None or input_mono > self._last_input.mono:
            self._last_input = Moment(input_mono, now.wall_at(input_mono))
        self._idle = now.mono - self._last_input.mono

        if sample.locked:
            changes += self._leave(BreakReason.LOCKED)
        elif self._idle >= self.away_after:
            changes += self._leave(BreakReason.IDLE)
        elif not self._present:
            changes += self._arrive(now, first=previous is None)
        return changes

    def catch_up(self, now: Moment) -> list[TrackerChange]:
        """A command at `now`, before the next sample: leave if that sample would have.

        The user is evidently back (they gave a command), but only the next sample says since
        when, so the tracker stays away until then.
        """
        if self._last_at is None:
            return []
        jump = self._interruption(self._last_at, now, resumed=False)
        if jump is not None:
            changes = self._leave_for(jump, now)
            self._last_at = now  # the next sample must not report this jump a second time
            self._saw_interruption = True  # nor a resume flag that comes with it
            return changes
        if self._inhibited or self._last_input is None:
            return []  # an inhibitor (video, call) still running would make the idle time sitting
        if now.mono - self._last_input.mono >= self.away_after:
            self._idle = now.mono - self._last_input.mono
            return self._leave(BreakReason.IDLE)
        return []

    def restart_stretch(self, now: Moment) -> StretchEnded | None:
        """The user did a rise: the seated stretch ends now and a new one starts."""
        if not self._present or self._stretch_start is None:
            return None
        ended = self._stretch_ended(now, BreakReason.RISE)
        self._stretch_start = now
        return ended

    # -- internals -----------------------------------------------------------------------
    def _interruption(self, previous: Moment, now: Moment, resumed: bool) -> BreakReason | None:
        mono_gap = now.mono - previous.mono
        wall_gap = previous.seconds_until(now.wall)
        if resumed or mono_gap > self.max_gap():
            return BreakReason.SUSPEND
        if wall_gap - mono_gap > CLOCK_TOLERANCE:
            # The wall clock ran on while the monotonic one stood still: Linux and macOS stop
            # CLOCK_MONOTONIC in suspend. A manual clock change forward looks the same.
            return BreakReason.SUSPEND
        if mono_gap - wall_gap > CLOCK_TOLERANCE:
            return BreakReason.CLOCK_JUMP
        return None

    def _leave_for(self, jump: BreakReason, seen: Moment) -> list[TrackerChange]:
        changes = self._leave(jump)
        # Idle and input times from before the interruption mean nothing now, and no new stretch
        # starts before `seen`, the first look after it: the monotonic clock stands still in a
        # suspend, so an idle reading after it reaches back to input from before it (typing at
        # 09:20:51, the lid shut at 09:24, idle 200 s at the resume an hour later), and nothing
        # tells that input from input since the resume.
        self._last_input = None
        self._resumed_after = seen.mono
        return changes

    def _leave(self, reason: BreakReason) -> list[TrackerChange]:
        if not self._present or self._stretch_start is None:
            return []
        end = self._last_input if self._last_input is not None else self._stretch_start
        if end.mono < self._stretch_start.mono:
            end = self._stretch_start
        ended = self._stretch_ended(end, reason)
        self._present = False
        self._stretch_start = None
        self._present_since = None
        return [ended, WentAway(left_at=end.wall, reason=reason)]

    def _arrive(self, now: Moment, first: bool) -> list[TrackerChange]:
        assert self._last_input is not None
        # At start-up we cannot know how long the user sat before: count from now.
        start = now if first else self._last_input
        if self._resumed_after is not None and start.mono < self._resumed_after:
            start = Moment(self._resumed_after, now.wall_at(self._resumed_after))
        ended = self._ended
        if ended is not None and start.wall < ended.wall <= now.wall:
            # One cannot sit twice: the idle reading may reach back past a rise logged just
            # before (a command is not always input on this machine).
            start = Moment(now.mono - ended.seconds_until(now.wall), ended.wall)
        self._present = True
        self._stretch_start = start
        self._present_since = start.mono
        return [] if first else [CameBack(at=start.wall)]

    def _stretch_ended(self, end: Moment, reason: BreakReason) -> StretchEnded:
        assert self._stretch_start is not None
        start = self._stretch_start
        self._ended = end
        return StretchEnded(start=start.wall, end=end.wall, seconds=max(0.0, end.mono - start.mono),
                            reason=reason)
