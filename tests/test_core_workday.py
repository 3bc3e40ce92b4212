"""Whole simulated workdays through the pure core: exactly which nudges fire when."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest

from nudge.core.decisions import Answer
from nudge.core.events import OUTCOMES, EventKind
from nudge.core.pauses import Pause
from nudge.core.settings import ExerciseChoices, Schedule, ScheduledPause, Settings, TimeRange

from sim import Act, Desk, Span, answer_done, at, ignore

ALL_DAY = tuple((TimeRange(time(0, 0), None),) for _ in range(7))


def settings(**schedule: object) -> Settings:
    return Settings(schedule=replace(Schedule(), **schedule))  # type: ignore[arg-type]


def assert_one_outcome_per_offer(desk: Desk) -> None:
    offered = [e.nudge_id for e in desk.kinds(EventKind.OFFERED)]
    outcomes = [e.nudge_id for e in desk.events if e.kind in OUTCOMES]
    assert len(set(offered)) == len(offered)
    assert sorted(outcomes) == sorted(offered) or sorted(outcomes) == sorted(offered[:-1])


def test_typing_all_morning_with_done_gives_a_rise_every_half_hour_and_hip_flexor_at_90():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([Span(Act.TYPING, 200)])
    # Due at 09:30, but typing never pauses for 5 s: shown after the 90 s pause_wait.
    assert desk.shown_times() == ["09:31", "10:03", "10:31", "11:03", "11:35", "12:03"]
    assert desk.shown_exercises() == [
        "glute_rise", "glute_rise", "hip_flexor_break", "seated_squeeze_check", "glute_rise",
        "hip_flexor_break",
    ]
    done = desk.kinds(EventKind.DONE)
    assert [e.reps for e in done] == [5] * 6
    assert all(e.source == "prompt" for e in done)
    assert_one_outcome_per_offer(desk)


def test_a_pause_in_typing_shows_the_nudge_at_once():
    # The user stops typing at 09:29:30, so at 09:30 they are idle for more than 5 s.
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run(
        [Span(Act.TYPING, 29.5), Span(Act.AWAY, 2)])
    assert [f"{s.wall:%H:%M:%S}" for s in desk.shown] == ["09:30:00"]


def test_typing_without_a_pause_waits_pause_wait_at_most():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([Span(Act.TYPING, 33)])
    assert [f"{s.wall:%H:%M:%S}" for s in desk.shown] == ["09:31:30"]


def test_short_pauses_count_as_sitting_but_away_after_five_minutes_is_a_break():
    desk = Desk(at("2026-11-23 09:00")).run([
        Span(Act.TYPING, 15), Span(Act.AWAY, 4), Span(Act.TYPING, 3),  # 4 min: still sitting
        Span(Act.AWAY, 12), Span(Act.TYPING, 10),  # 12 min: a natural break
    ])
    breaks = desk.kinds(EventKind.BREAK)
    assert len(breaks) == 1 and breaks[0].reason == "idle"
    assert f"{breaks[0].start:%H:%M}" == "09:22"  # the stretch ends at the last input
    stretch = desk.kinds(EventKind.STRETCH)[0]
    assert (stretch.at - stretch.start) == timedelta(minutes=22)
    assert desk.shown == []  # never 30 minutes of sitting in one stretch


def test_meeting_away_and_lunch_locked_give_no_nudge_and_restart_the_count():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 25), Span(Act.AWAY, 60),  # meeting
        Span(Act.TYPING, 100), Span(Act.LOCKED, 60),  # lunch with the screen locked
        Span(Act.TYPING, 35),
    ])
    # Back at 10:25: rises at 10:56 and 11:28, the hip-flexor break 90 min after the return
    # (11:56), nothing over lunch, and the count restarts after it.
    assert desk.shown_times() == ["10:56", "11:28", "11:56", "13:36"]
    reasons = [e.reason for e in desk.kinds(EventKind.BREAK)]
    assert reasons == ["idle", "locked"]


def test_video_call_without_input_still_counts_as_sitting():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 10), Span(Act.VIDEO, 30),
    ])
    assert desk.kinds(EventKind.BREAK) == []
    assert desk.shown_times() == ["09:31"]  # no typing pause is visible while inhibited


def test_suspend_is_a_break_and_resume_gives_no_stale_burst():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([
        Span(Act.TYPING, 29), Span(Act.SUSPEND, 120), Span(Act.TYPING, 40),
    ])
    assert [e.reason for e in desk.kinds(EventKind.BREAK)] == ["suspend"]
    # Back at 11:29: the first nudge comes after a fresh half hour of sitting.
    assert desk.shown_times() == ["12:00"]


def test_wall_clock_jump_forward_is_treated_like_a_suspend_and_gives_at_most_one_nudge():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 29), Span(Act.CLOCK_SET, 0, jump=3 * 3600), Span(Act.TYPING, 40),
    ])
    assert [e.reason for e in desk.kinds(EventKind.BREAK)] == ["suspend"]
    assert len(desk.shown) == 1  # a fresh half hour after the jump, not the stale one


def test_wall_clock_set_back_restarts_the_count_without_recording_a_break():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 20), Span(Act.CLOCK_SET, 0, jump=-2 * 3600), Span(Act.TYPING, 20),
    ])
    assert desk.kinds(EventKind.BREAK) == []
    assert [e.reason for e in desk.kinds(EventKind.STRETCH)] == ["clock_jump"]
    assert desk.shown == []


def test_no_nudge_outside_work_hours_and_one_nudge_when_they_begin():
    desk = Desk(at("2026-11-23 06:30"), policy=answer_done()).run([Span(Act.TYPING, 100)])
    # Seated since 06:30; work starts 08:00: exactly one nudge then (hip-flexor is due first).
    assert desk.shown_times() == ["08:01"]
    assert desk.shown_exercises() == ["hip_flexor_break"]
    evening = Desk(at("2026-11-23 17:45"), policy=answer_done()).run([Span(Act.TYPING, 90)])
    assert evening.shown == []


def test_a_weekend_day_is_off_by_default():
    desk = Desk(at("2026-11-28 09:00"), policy=answer_done()).run([Span(Act.TYPING, 120)])
    assert desk.shown == []


def test_pause_withdraws_the_shown_nudge_as_missed_and_holds_until_it_ends():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([Span(Act.TYPING, 32)])
    assert len(desk.shown) == 1
    now = desk.moment()
    desk.apply(desk.session.set_pause(now, Pause(now.wall, now.wall + timedelta(hours=1))))
    assert desk.withdrawn == [desk.shown[0].offer.nudge_id]
    missed = desk.kinds(EventKind.MISSED)
    assert [e.reason for e in missed] == ["paused"]
    desk.run([Span(Act.TYPING, 75)])
    # Paused 09:32-10:32; due again at once when it ends, then a typing pause is awaited.
    assert desk.shown_times() == ["09:31", "10:33"]
    assert [e.kind for e in desk.events if e.kind in (EventKind.PAUSE,)] == [EventKind.PAUSE]


def test_pause_until_resumed_and_resume():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done())
    desk.run([Span(Act.TYPING, 1)])
    now = desk.moment()
    desk.apply(desk.session.set_pause(now, Pause(now.wall, None)))
    desk.run([Span(Act.TYPING, 120)])
    assert desk.shown == []
    desk.apply(desk.session.set_pause(desk.moment(), None))
    assert desk.kinds(EventKind.RESUME)
    desk.run([Span(Act.TYPING, 5)])
    assert desk.shown_exercises() == ["hip_flexor_break"]  # one nudge, not a burst


def test_scheduled_weekly_pause_blocks_nudges():
    weekly = ScheduledPause(weekday=1, hours=TimeRange(time(14, 0), time(15, 0)))  # Tuesday
    desk = Desk(at("2026-11-24 13:40"), settings=settings(scheduled_pauses=(weekly,)),
                policy=answer_done()).run([Span(Act.READING, 90)])
    # Due at 14:10, held through the pause; the engine's calendar wake-up is not simulated
    # here, so it shows at the first sample after 15:00 (the next input, 15:01).
    assert desk.shown_times() == ["15:01"]


def test_snooze_brings_the_same_exercise_back_after_the_chosen_minutes():
    def snooze_then_done(offer, desk):
        return (Answer.SNOOZE, 10.0) if len(desk.shown) == 1 else (Answer.DONE, 10.0)

    desk = Desk(at("2026-11-23 09:00"), policy=snooze_then_done).run([Span(Act.READING, 75)])
    assert desk.shown_times() == ["09:30", "09:40", "10:10"]
    snoozed = desk.kinds(EventKind.SNOOZED)[0]
    assert f"{snoozed.until:%H:%M}" == "09:40"


def test_a_hip_flexor_break_due_during_a_snooze_takes_the_snoozed_rises_place():
    def snooze_then_done(offer, desk):
        return (Answer.SNOOZE, 10.0) if len(desk.shown) == 1 else (Answer.DONE, 10.0)

    desk = Desk(at("2026-11-23 09:00"), settings=settings(snooze=65 * 60),
                policy=snooze_then_done).run([Span(Act.READING, 130)])
    # The rise at 09:30 is snoozed until 10:35; the hip-flexor break came due at 10:30, so it
    # comes at 10:35 instead of the rise (before: the rise, then the break 5 minutes later).
    assert desk.shown_times()[:3] == ["09:30", "10:35", "11:05"]
    assert desk.shown_exercises()[:2] == ["glute_rise", "hip_flexor_break"]


def test_no_answer_is_shown_once_more_then_missed():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([Span(Act.READING, 45)])
    assert desk.shown_times(first_only=False) == ["09:30", "09:35"]
    missed = desk.kinds(EventKind.MISSED)
    assert len(missed) == 1 and f"{missed[0].at:%H:%M}" == "09:40"
    assert missed[0].reason == "no_answer"
    assert desk.withdrawn == [missed[0].nudge_id]


def test_skip_is_recorded_and_restarts_the_interval():
    # With adapt off; the spacing after skips is pinned in tests/test_core_pacing.py.
    desk = Desk(at("2026-11-23 09:00"), settings(adapt=False),
                policy=lambda o, d: (Answer.SKIP, 5.0)).run([Span(Act.READING, 65)])
    assert desk.shown_times() == ["09:30", "10:00"]
    assert len(desk.kinds(EventKind.SKIPPED)) == 2


def test_walking_away_from_a_shown_nudge_counts_as_missed_and_as_a_break():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([
        Span(Act.READING, 31), Span(Act.AWAY, 10),
    ])
    assert [e.reason for e in desk.kinds(EventKind.MISSED)] == ["away"]
    assert len(desk.kinds(EventKind.BREAK)) == 1


def test_a_stale_answer_from_an_old_notification_is_ignored():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([Span(Act.READING, 31)])
    old_id = desk.shown[0].offer.nudge_id
    assert desk.session.answer(desk.moment(), old_id, Answer.DONE) == []


def test_manual_rise_is_done_with_reps_and_restarts_the_count():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([Span(Act.READING, 20)])
    desk.apply(desk.session.log_manual(desk.moment(), reps=8))
    desk.run([Span(Act.READING, 40)])
    manual = desk.kinds(EventKind.DONE)[0]
    assert (manual.source, manual.reps) == ("manual", 8)
    assert desk.shown_times() == ["09:50"]


def test_manual_rise_while_a_nudge_is_shown_answers_it():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([Span(Act.READING, 31)])
    desk.apply(desk.session.log_manual(desk.moment()))
    done = desk.kinds(EventKind.DONE)
    assert len(done) == 1 and done[0].nudge_id == desk.shown[0].offer.nudge_id


def test_activation_check_once_a_day_and_progression_only_after_a_streak():
    day = [Span(Act.READING, 8 * 60)]
    plain = Desk(at("2026-11-23 08:00"), policy=answer_done()).run(day)
    kinds = plain.shown_exercises()
    assert kinds.count("seated_squeeze_check") + kinds.count("leg_lift_check") == 1
    assert "single_leg_bridge" not in kinds and "bodyweight_squat" not in kinds
    floor = Settings(exercises=ExerciseChoices(floor=True))  # the bridge is done on the floor
    keen = Desk(at("2026-11-23 08:00"), settings=floor, policy=answer_done(),
                streak_days=5).run(day)
    assert keen.shown_exercises().count("single_leg_bridge") == 1
    seasoned = Desk(at("2026-11-23 08:00"), policy=answer_done(), streak_days=12).run(day)
    assert seasoned.shown_exercises().count("bodyweight_squat") == 1
    assert "single_leg_bridge" not in seasoned.shown_exercises()


def test_day_counters_reset_at_midnight_and_a_stretch_across_midnight_is_one_stretch():
    desk = Desk(at("2026-11-23 23:40"), settings=settings(work_hours=ALL_DAY),
                policy=answer_done()).run([Span(Act.READING, 40)])
    stretch = desk.kinds(EventKind.STRETCH)[0]
    assert stretch.start.date().isoformat() == "2026-11-23"
    assert stretch.at.date().isoformat() == "2026-11-24"
    assert desk.session.planner.day.day.isoformat() == "2026-11-24"


@pytest.mark.parametrize("start", ["2026-03-29 01:15", "2026-10-25 01:15"])
def test_dst_change_does_not_shift_the_seated_interval(start):
    desk = Desk(at(start), settings=settings(work_hours=ALL_DAY), policy=answer_done()).run(
        [Span(Act.READING, 95)])
    # Real seconds after the start: rise, rise 30 min after the first was done, hip-flexor at
    # 90 min, whether the night was 23 or 25 hours long.
    offsets = [round(s.wall.timestamp() - desk.start.timestamp()) for s in desk.shown]
    assert offsets == [1805, 3625, 5405]  # +5 s: input lands on the due time, a pause follows
    assert desk.kinds(EventKind.BREAK) == []  # the DST shift is not mistaken for a clock jump
