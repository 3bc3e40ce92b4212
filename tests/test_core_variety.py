"""Variety (issue #20): fresh wordings in rotation, and now and then a twist on the rise.

Whole simulated days through the core with the shipped catalogue and a fake clock.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from itertools import pairwise

from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import Exercise, ExerciseKind, Variation, Where
from nudge.core.decisions import Answer
from nudge.core.session import NudgeSession
from nudge.core.settings import Schedule, Settings
from nudge.core.variety import PLAIN_RISES_BETWEEN, Variety

from sim import Act, Desk, Span, answer_done, at

SHIPPED = load_catalogue(None).catalogue


def test_every_shipped_exercise_has_at_least_three_different_wordings():
    for exercise in SHIPPED.exercises:
        assert len(set(exercise.wordings)) >= 3, exercise.id
    rise = SHIPPED.first_of_kind(ExerciseKind.RISE)
    assert len(rise.variations) >= 3
    assert all(len(f"{v.name} — 5 reps") <= 60 for v in rise.variations)


@cache  # read-only for the tests below: three simulated days once
def shipped_desk(days: int = 3) -> Desk:
    desk = Desk(at("2026-11-23 08:00"), Settings(schedule=Schedule()), policy=answer_done())
    desk.session = NudgeSession(desk.settings, SHIPPED)
    spans = []
    for _ in range(days):  # a long day at the desk, then the night away
        spans += [Span(Act.TYPING, 10 * 60), Span(Act.AWAY, 14 * 60)]
    return desk.run(spans)


def test_the_same_wording_is_never_shown_twice_in_a_row_for_an_exercise():
    desk = shipped_desk()
    by_exercise: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for shown in desk.shown:
        if shown.offer.times_shown == 1:
            offer = shown.offer.exercise
            by_exercise.setdefault(offer.id, []).append((offer.name, offer.cues))
    assert by_exercise["glute_rise"] and by_exercise["hip_flexor_break"]
    for exercise_id, seen in by_exercise.items():
        assert all(a != b for a, b in pairwise(seen)), exercise_id
    # Every wording of the rise came round at least once.
    rise = SHIPPED.first_of_kind(ExerciseKind.RISE)
    assert {cues for _, cues in by_exercise["glute_rise"]} >= set(rise.wordings)


def test_variations_come_now_and_then_never_two_in_a_row_and_count_as_the_rise():
    desk = shipped_desk()
    rise = SHIPPED.first_of_kind(ExerciseKind.RISE)
    variation_names = {v.name for v in rise.variations}
    rises = [s.offer.exercise for s in desk.shown
             if s.offer.times_shown == 1 and s.offer.exercise.id == "glute_rise"]
    twists = [e.name in variation_names for e in rises]
    assert sum(twists) >= 3 and not all(twists)
    assert not any(a and b for a, b in pairwise(twists))
    assert {e.name for e in rises} >= variation_names  # each variation came round
    assert all(e.id == "glute_rise" and e.reps == rise.reps for e in rises)
    done = [e for e in desk.events if e.kind.value == "done"]
    assert {e.exercise for e in done} <= {x.id for x in SHIPPED.exercises}


def test_a_variation_waits_for_enough_plain_rises():
    rise = Exercise("r", "Rise", ("a", "b"), 5, ExerciseKind.RISE, Where.CHAIR,
                    more_cues=(("c", "d"),), variations=(Variation("Twist", ("e", "f")),))
    variety, names = Variety(), []
    for _ in range(2 * (PLAIN_RISES_BETWEEN + 1)):
        shown, variety = variety.dress(rise, seed=0)
        names.append(shown.name)
    plain = ["Rise"] * PLAIN_RISES_BETWEEN
    assert names == [*plain, "Twist", *plain, "Twist"]


def test_a_nudge_back_from_a_snooze_keeps_its_words():
    def snooze_once(offer, desk):  # type: ignore[no-untyped-def]
        first = not desk.events or all(e.kind.value != "snoozed" for e in desk.events)
        return (Answer.SNOOZE if first else Answer.DONE), 5.0

    desk = Desk(at("2026-11-23 08:00"), policy=snooze_once)
    desk.session = NudgeSession(desk.settings, replace(SHIPPED))
    desk.run([Span(Act.TYPING, 50)])
    first, back = [s.offer for s in desk.shown if s.offer.times_shown == 1][:2]
    assert back.exercise.cues == first.exercise.cues and back.nudge_id != first.nudge_id
