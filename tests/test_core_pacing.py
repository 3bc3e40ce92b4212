"""Pacing that adapts (issue #20): whole simulated days through the core with a fake clock.

After each skip or unanswered nudge in a row the next interval grows by half of the base, up to
twice it (or `max_spacing`); a Done brings it back; a snooze is neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

from nudge.core.catalogue import ExerciseKind
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.events import OUTCOMES, EventKind
from nudge.core.pacing import NO_RUN, Run, pacing_from, spaced_interval
from nudge.core.settings import Schedule, Settings

from sim import Act, Desk, Span, at, catalogue

HOUR = 3600.0
MINUTE = 60.0


def settings(**schedule: object) -> Settings:
    # The hip-flexor break far away, so only rises come due unless a test wants the break.
    base: dict[str, object] = {"hip_flexor_every": 8 * HOUR}
    base.update(schedule)
    return Settings(schedule=replace(Schedule(), **base))  # type: ignore[arg-type]


def scripted(*answers: Answer | None):  # type: ignore[no-untyped-def]
    """Answer the first shows with `answers` in order (None: no answer), 5 s after each."""
    queue: Iterator[Answer | None] = iter(answers)

    def policy(offer: NudgeOffer, desk: Desk) -> tuple[Answer, float] | None:
        if offer.times_shown > 1:
            return None
        answer = next(queue, Answer.DONE)
        return None if answer is None else (answer, 5.0)

    return policy


def waits_in_minutes(desk: Desk) -> list[int]:
    """For each new nudge after the first (not one back from a snooze): minutes since the
    outcome before it."""
    outcomes: list[datetime] = [e.at for e in desk.events
                                if e.kind in OUTCOMES and e.kind is not EventKind.SNOOZED]
    shows = [e.at for e in desk.kinds(EventKind.OFFERED) if e.snoozed_from is None]
    waits = []
    for shown in shows[1:]:
        before = max(o for o in outcomes if o < shown)
        waits.append(round((shown - before).total_seconds() / 60))
    return waits


def test_skip_45_skip_60_skip_60_done_30_exactly():
    desk = Desk(at("2026-11-23 08:00"), settings(),
                policy=scripted(Answer.SKIP, Answer.SKIP, Answer.SKIP, Answer.DONE, Answer.DONE)
                ).run([Span(Act.READING, 5 * 60)])
    kinds = [e.kind for e in desk.events if e.kind in OUTCOMES]
    assert kinds[:5] == [EventKind.SKIPPED] * 3 + [EventKind.DONE] * 2
    assert waits_in_minutes(desk)[:4] == [45, 60, 60, 30]


def test_with_adapt_off_every_wait_is_rise_every():
    desk = Desk(at("2026-11-23 08:00"), settings(adapt=False),
                policy=scripted(Answer.SKIP, Answer.SKIP, Answer.SKIP, Answer.DONE)
                ).run([Span(Act.READING, 3 * 60)])
    assert waits_in_minutes(desk)[:4] == [30, 30, 30, 30]


def test_unanswered_nudges_space_out_like_skips_and_max_spacing_caps():
    # No answer: shown again after 5 min, missed 5 min later; the wait counts from the miss.
    desk = Desk(at("2026-11-23 08:00"), settings(max_spacing=50 * MINUTE),
                policy=scripted(None, None, None, Answer.DONE)).run([Span(Act.READING, 5 * 60)])
    missed = desk.kinds(EventKind.MISSED)
    assert [e.reason for e in missed][:3] == ["no_answer"] * 3
    assert waits_in_minutes(desk)[:4] == [45, 50, 50, 30]


def test_a_done_resets_the_spacing_at_once():
    desk = Desk(at("2026-11-23 08:00"), settings(),
                policy=scripted(Answer.SKIP, Answer.SKIP, Answer.DONE, Answer.SKIP, Answer.DONE)
                ).run([Span(Act.READING, 5 * 60)])
    assert waits_in_minutes(desk)[:5] == [45, 60, 30, 45, 30]


def test_a_snooze_is_not_a_skip():
    # Snoozed (10 min) and then skipped: one skip, so the wait after it is 45, not 60.
    desk = Desk(at("2026-11-23 08:00"), settings(),
                policy=scripted(Answer.SNOOZE, Answer.SKIP, Answer.DONE)
                ).run([Span(Act.READING, 3 * 60)])
    kinds = [e.kind for e in desk.events if e.kind in OUTCOMES]
    assert kinds[:3] == [EventKind.SNOOZED, EventKind.SKIPPED, EventKind.DONE]
    assert waits_in_minutes(desk)[:2] == [45, 30]
    assert desk.session.planner.day.pacing.rise == NO_RUN


def test_the_hip_flexor_break_keeps_its_own_run():
    def policy(offer: NudgeOffer, desk: Desk) -> tuple[Answer, float] | None:
        skip = offer.exercise.kind is ExerciseKind.HIP_FLEXOR
        return (Answer.SKIP if skip else Answer.DONE), 5.0

    desk = Desk(at("2026-11-23 08:00"), settings(hip_flexor_every=60 * MINUTE),
                policy=policy).run([Span(Act.TYPING, 4 * 60)])
    pacing = desk.session.planner.day.pacing
    assert pacing.rise == NO_RUN and pacing.hip.skipped >= 2
    rules = desk.session.planner.rules
    assert rules.spacing(ExerciseKind.HIP_FLEXOR, desk.session.planner.day) == 120 * MINUTE
    assert rules.spacing(ExerciseKind.RISE, desk.session.planner.day) == 30 * MINUTE


def test_the_status_says_the_next_rise_is_spaced_out_and_why():
    desk = Desk(at("2026-11-23 08:00"), settings(activation_check_at_offer=10),
                policy=scripted(Answer.SKIP, Answer.SKIP)).run([Span(Act.READING, 115)])
    # Skipped at 08:30 and 09:15 (+5 s); the next rise at 10:15, 60 min after the second skip.
    status = desk.session.status(desk.moment())
    assert status.spaced_after == "2 skips"
    assert status.line().endswith("— spaced out after 2 skips")
    assert "next rise in 20 min" in status.line()


def test_the_run_in_words():
    assert Run(skipped=1).words() == "1 skip"
    assert Run(missed=2).words() == "2 missed nudges"
    assert Run(skipped=1, missed=2).words() == "3 skipped or missed nudges"


def test_spaced_interval_grows_by_half_and_stops_at_the_cap():
    base = 30 * MINUTE
    assert [spaced_interval(base, Run(skipped=n), 0) / MINUTE for n in range(5)] == \
        [30, 45, 60, 60, 60]
    assert spaced_interval(base, Run(skipped=9), 20 * MINUTE) == base  # never below the base
    assert spaced_interval(base, Run(skipped=9), 100 * MINUTE) == 100 * MINUTE


def test_spacing_is_rebuilt_from_todays_history_after_a_restart():
    desk = Desk(at("2026-11-23 08:00"), settings(),
                policy=scripted(Answer.SKIP, None, Answer.SNOOZE)).run([Span(Act.READING, 140)])
    kinds = {exercise.id: exercise.kind for exercise in catalogue().exercises}
    rebuilt = pacing_from(reversed(desk.events), lambda exercise_id: kinds.get(exercise_id or ""))
    assert rebuilt == desk.session.planner.day.pacing
    assert rebuilt.rise == Run(skipped=1, missed=1)
