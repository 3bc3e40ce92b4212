"""A suspend or an absence is a break, even when the core hears of it late.

The tracker can leave and come back within one sample (a suspend), and a command (Done, a logged
rise, a pause) can reach the core after a resume or an absence but before the sample that would
show it. Either way the nudge in flight ends as missed at the break, a due one is dropped, and the
time away never counts as sitting. Found by, and cross-checked in, `test_properties_core.py`.
"""

from __future__ import annotations

from datetime import time, timedelta
from itertools import pairwise

import pytest

from nudge.core.activity import ActivitySample, Moment
from nudge.core.decisions import Answer, Decision, Record, Show, Withdraw
from nudge.core.events import BreakReason, Event, EventKind, Source
from nudge.core.session import NudgeSession
from nudge.core.settings import Goals, Schedule, Settings, TimeRange
from nudge.core.status import Phase
from nudge.core.summary import IsoWeek, build_weekly_summary
from nudge.core.tracker import SittingTracker, StretchEnded

from sim import Act, Desk, Span, at, catalogue

ALL_DAY = (TimeRange(time(0), None),)


def test_a_nudge_on_screen_when_the_machine_suspends_ends_as_missed_at_the_break():
    desk = Desk(at("2026-11-23 09:00")).run(
        [Span(Act.TYPING, 32), Span(Act.SUSPEND, 60), Span(Act.TYPING, 20)])
    # Shown at 09:31:30; suspended 09:32-10:32: withdrawn as missed at the resume, never re-shown.
    assert desk.shown_times(first_only=False) == ["09:31"]
    [missed] = desk.kinds(EventKind.MISSED)
    assert f"{missed.at:%H:%M}" == "10:32" and missed.reason == "away"
    assert desk.withdrawn == [missed.nudge_id]
    [brk] = desk.kinds(EventKind.BREAK)
    assert brk.reason == BreakReason.SUSPEND.value


def test_a_rise_due_before_a_suspend_waits_a_full_interval_after_it():
    desk = Desk(at("2026-11-23 09:00")).run(
        [Span(Act.TYPING, 30.5), Span(Act.SUSPEND, 60), Span(Act.TYPING, 40)])
    # Due at 09:30 (typing without pauses: waits up to pause_wait); suspended 09:30:30-10:30:30.
    # The due rise is dropped: the next one is due after rise_every (30 min) of new sitting,
    # at 11:00:30, and shown after pause_wait (90 s) of typing without a pause.
    assert desk.shown_times() == ["11:02"]
    assert desk.kinds(EventKind.MISSED) == []  # it was never on screen


class Recorder:
    """A session driven by hand, keeping every event it records."""

    def __init__(self, schedule: Schedule | None = None) -> None:
        self.session = NudgeSession(Settings(schedule or Schedule(), Goals()), catalogue())
        self.events: list[Event] = []
        self.shown: list[str] = []

    def keep(self, decisions: list[Decision]) -> list[Decision]:
        self.events += [d.event for d in decisions if isinstance(d, Record)]
        self.shown += [d.offer.nudge_id for d in decisions if isinstance(d, Show)]
        return decisions

    def typing(self, start: Moment, minutes: int) -> Moment:
        """A sample every minute, input a second before each; returns the last moment."""
        now = start
        for minute in range(minutes + 1):
            now = Moment(start.mono + 60 * minute, start.wall + timedelta(minutes=minute))
            self.keep(self.session.observe(ActivitySample(now, idle_seconds=1)))
        return now

    def seated_minutes(self) -> float:
        day = self.events[0].at.date()
        return build_weekly_summary(self.events, IsoWeek.containing(day), Schedule(), Goals(),
                                    day).totals.seated_minutes

    def of(self, kind: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind is kind]


def test_a_rise_logged_right_after_a_resume_does_not_count_the_suspend_as_sitting():
    """The command wins the race with the resume's first sample (the engine handles queued
    commands first): it must still see the suspend, not restart the stretch at 11:20."""
    desk = Recorder()
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 20)
    resumed = Moment(last.mono, last.wall + timedelta(hours=2))  # the monotonic clock stood
    desk.keep(desk.session.log_manual(resumed))
    desk.keep(desk.session.observe(ActivitySample(resumed, idle_seconds=0, resumed=True)))
    [stretch] = desk.of(EventKind.STRETCH)
    assert f"{stretch.at:%H:%M:%S}" == "09:19:59" and stretch.reason == "suspend"
    assert desk.seated_minutes() == pytest.approx(20 - 1 / 60)
    [brk] = desk.of(EventKind.BREAK)
    assert brk.reason == BreakReason.SUSPEND.value
    [done] = desk.of(EventKind.DONE)
    assert done.source is Source.MANUAL and done.at == resumed.wall
    # Back at once: the new stretch runs from the resume, and the suspend is not seated time.
    assert desk.session.status(resumed).phase is Phase.SITTING
    later = Moment(resumed.mono + 600, resumed.wall + timedelta(minutes=10))
    assert desk.session.status(later).seated_seconds == pytest.approx(600)


def test_done_on_a_nudge_left_on_screen_over_a_suspend_finds_it_missed_at_the_break():
    desk = Recorder(Schedule(rise_every=10 * 60, work_hours=(ALL_DAY,) * 7))
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 20)
    [nudge_id] = set(desk.shown)  # shown at 09:11:30, re-shown once at 09:16:30
    resumed = Moment(last.mono, last.wall + timedelta(hours=2))
    decisions = desk.keep(desk.session.answer(resumed, nudge_id, Answer.DONE))
    assert Withdraw(nudge_id) in decisions
    [missed] = desk.of(EventKind.MISSED)
    assert missed.nudge_id == nudge_id and missed.reason == "away" and missed.at == resumed.wall
    assert desk.of(EventKind.DONE) == []
    assert desk.seated_minutes() == pytest.approx(20 - 1 / 60)


def test_a_command_after_an_unsampled_absence_ends_the_stretch_at_the_last_input():
    """The sample due when the idle time crossed away_after had not run yet: the command ends
    the stretch where that sample would have, and the user is back at the next sample."""
    schedule = Schedule(away_after=5 * 60, work_hours=(ALL_DAY,) * 7)
    desk = Recorder(schedule)
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 20)  # last input 09:19:59
    late = Moment(last.mono + 302, last.wall + timedelta(seconds=302))
    desk.keep(desk.session.log_manual(late))
    [stretch] = desk.of(EventKind.STRETCH)
    assert f"{stretch.at:%H:%M:%S}" == "09:19:59" and stretch.reason == "idle"
    assert [b.reason for b in desk.of(EventKind.BREAK)] == ["idle"]
    desk.keep(desk.session.observe(ActivitySample(late, idle_seconds=0)))
    assert desk.session.status(late).phase is Phase.SITTING


def test_a_command_past_away_after_while_a_video_plays_keeps_the_stretch():
    """An idle inhibitor at the last sample: the idle time since then is still sitting."""
    desk = Recorder(Schedule(away_after=5 * 60, work_hours=(ALL_DAY,) * 7))
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 10)
    video = Moment(last.mono + 60, last.wall + timedelta(minutes=1))
    desk.keep(desk.session.observe(ActivitySample(video, idle_seconds=61, inhibited=True)))
    late = Moment(video.mono + 302, video.wall + timedelta(seconds=302))
    desk.keep(desk.session.log_manual(late))
    [stretch] = desk.of(EventKind.STRETCH)
    assert stretch.at == late.wall and stretch.reason == "rise"
    assert desk.of(EventKind.BREAK) == []


def test_a_command_inside_away_after_restarts_the_stretch_at_the_command():
    desk = Recorder(Schedule(away_after=5 * 60, work_hours=(ALL_DAY,) * 7))
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 20)
    soon = Moment(last.mono + 200, last.wall + timedelta(seconds=200))
    desk.keep(desk.session.log_manual(soon))
    [stretch] = desk.of(EventKind.STRETCH)
    assert stretch.at == soon.wall and stretch.reason == "rise"
    assert desk.of(EventKind.BREAK) == []


def test_the_same_break_by_idle_or_lock_already_ends_the_nudge():
    """The contrast: when the absence spans samples, the planner does withdraw the nudge."""
    for act in (Act.LOCKED, Act.AWAY):
        desk = Desk(at("2026-11-23 09:00")).run(
            [Span(Act.TYPING, 32), Span(act, 60), Span(Act.TYPING, 20)])
        [brk] = desk.kinds(EventKind.BREAK)
        [missed] = desk.kinds(EventKind.MISSED)
        assert missed.reason == "away" and missed.at <= brk.at + timedelta(minutes=6)
        assert all(shown.wall < missed.at for shown in desk.shown)


def test_a_stretch_after_a_rise_and_a_short_suspend_never_starts_before_the_rise():
    """A rise logged after a suspend too short to see in the clocks, then the resume's sample
    with an idle time reaching back past the rise: the two stretches must not overlap."""
    desk = Recorder(Schedule(work_hours=(ALL_DAY,) * 7))
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 10)
    rise = Moment(last.mono, last.wall + timedelta(seconds=1))  # a 1 s suspend
    desk.keep(desk.session.log_manual(rise))
    desk.keep(desk.session.observe(ActivitySample(rise, idle_seconds=20, resumed=True)))
    back = desk.typing(Moment(rise.mono + 60, rise.wall + timedelta(minutes=1)), 9)
    desk.keep(desk.session.observe(ActivitySample(
        Moment(back.mono + 60, back.wall + timedelta(minutes=1)), idle_seconds=30, locked=True)))
    stretches = [(e.start, e.at) for e in desk.of(EventKind.STRETCH)]
    for (_, end), (start, _) in pairwise(stretches):
        assert start >= end
    assert stretches[-1][0] == rise.wall
    # Sitting 09:00:00 to the rise at 09:10:01, then until the last input at 09:20:31.
    assert desk.seated_minutes() == pytest.approx(20 + 31 / 60)


def test_after_a_suspend_the_new_stretch_starts_at_the_resume_not_in_the_suspend():
    """An idle reading after a resume can reach back past it (the monotonic clock stood still):
    the suspended hour must not become seated time."""
    desk = Recorder(Schedule(work_hours=(ALL_DAY,) * 7))
    last = desk.typing(Moment(1000.0, at("2026-11-23 09:00")), 20)
    resumed = Moment(last.mono, last.wall + timedelta(hours=1))
    desk.keep(desk.session.observe(ActivitySample(resumed, idle_seconds=20, resumed=True)))
    back = desk.typing(Moment(resumed.mono + 60, resumed.wall + timedelta(minutes=1)), 9)
    desk.keep(desk.session.observe(ActivitySample(
        Moment(back.mono + 60, back.wall + timedelta(minutes=1)), idle_seconds=30, locked=True)))
    [_, after] = desk.of(EventKind.STRETCH)[-2:]
    assert after.start == resumed.wall  # 10:20:00, not 10:19:40
    assert desk.seated_minutes() == pytest.approx(20 - 1 / 60 + 10.5)


# -- the tracker alone: late resume flags, input from before a suspend, an edited away time ---

NINE = at("2026-11-23 09:00")


def _sample(mono: float, wall_seconds: float, idle: float, **flags: bool) -> ActivitySample:
    return ActivitySample(Moment(mono, NINE + timedelta(seconds=wall_seconds)), idle, **flags)


def _breaks(changes: list) -> list[BreakReason]:
    return [c.reason for c in changes if isinstance(c, StretchEnded)]


def test_input_from_before_a_suspend_does_not_start_the_stretch_after_it():
    tracker = SittingTracker(away_after=300)
    tracker.observe(_sample(1000, 0, 0))
    tracker.observe(_sample(1200, 200, 0))  # typing; last look at 09:03:20
    # Typing until mono 1251, the lid shut at mono 1450, opened an hour later: the idle reading
    # at the resume (200 s) reaches back to the typing before the suspend.
    resumed = _sample(1451, 451 + 3600, 200, resumed=True)
    assert _breaks(tracker.observe(resumed)) == [BreakReason.SUSPEND]
    assert tracker.view().stretch_start == 1451  # was 1251: 200 s "seated" inside the suspend
    assert tracker.seated_seconds(1451) == 0


def test_a_resume_flag_a_sample_after_the_clocks_showed_the_suspend_is_not_a_second_break():
    tracker = SittingTracker(away_after=300)
    tracker.observe(_sample(1000, 0, 0))
    assert _breaks(tracker.observe(_sample(1010, 3610, 0))) == [BreakReason.SUSPEND]
    # logind's PrepareForSleep(false) reached the source after that sample.
    assert tracker.observe(_sample(1020, 3620, 0, resumed=True)) == []
    assert tracker.present
    # A later resume is a new suspend again.
    assert _breaks(tracker.observe(_sample(1030, 3630, 0, resumed=True))) == [
        BreakReason.SUSPEND]


def test_a_resume_flag_after_a_command_saw_the_suspend_is_not_a_second_break():
    tracker = SittingTracker(away_after=300)
    tracker.observe(_sample(1000, 0, 0))
    assert _breaks(tracker.catch_up(Moment(1005, NINE + timedelta(seconds=3605)))) == [
        BreakReason.SUSPEND]
    assert _breaks(tracker.observe(_sample(1010, 3610, 0, resumed=True))) == []


def test_a_shorter_away_time_from_an_edited_config_does_not_make_the_planned_gap_a_suspend():
    tracker = SittingTracker(away_after=300)
    tracker.observe(_sample(1000, 0, 0))
    tracker.observe(_sample(1010, 10, 0))
    planned = tracker.next_check()
    assert planned == 1310  # one look per away_after while the user types
    tracker.away_after = 120  # the config was edited to 2m before that look
    assert tracker.observe(_sample(1310, 310, 1)) == []  # was: a 300 s gap > 180 s, a "suspend"
    assert tracker.present and tracker.max_gap() == 180
    assert _breaks(tracker.observe(_sample(1500, 500, 1))) == [BreakReason.SUSPEND]
