"""Turning single exercises off, and every allowed one offered in turn (issues #18, #19).

Whole simulated weeks through the core with the shipped catalogue and a fake clock: a turned-off
exercise never comes, each allowed rise and hip-flexor stretch does, the everyday rise stays the
most frequent with never two twists in a row, and floor exercises come only with floor = true.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import ExerciseKind, Where
from nudge.core.exercise_choice import allowed, choice_problems
from nudge.core.restore import day_counts
from nudge.core.session import NudgeSession
from nudge.core.settings import ExerciseChoices, Settings

from sim import Act, Desk, Shown, Span, answer_done, at

SHIPPED = load_catalogue(None).catalogue
RISES = {e.id for e in SHIPPED.of_kind(ExerciseKind.RISE)}
HIPS = {e.id for e in SHIPPED.of_kind(ExerciseKind.HIP_FLEXOR)}
TWIST_NAMES = {v.name for v in SHIPPED.by_id("glute_rise").variations}  # type: ignore[union-attr]


@cache  # read-only for the tests: each week once
def week(floor: bool = False, off: tuple[str, ...] = ()) -> tuple[Shown, ...]:
    """Every first showing over a week from Monday 2026-11-23: long days at the desk
    reading, every nudge done; nights and the weekend away (the default hours are Mon-Fri)."""
    settings = Settings(exercises=ExerciseChoices(floor=floor, off=off))
    desk = Desk(at("2026-11-23 08:00"), settings, policy=answer_done())
    desk.session = NudgeSession(settings, SHIPPED)
    spans = []
    for _ in range(7):
        spans += [Span(Act.READING, 10 * 60), Span(Act.AWAY, 14 * 60)]
    desk.run(spans)
    return tuple(s for s in desk.shown if s.offer.times_shown == 1)


def ids(shown: tuple[Shown, ...]) -> list[str]:
    return [s.offer.exercise.id for s in shown]


def test_a_turned_off_exercise_is_never_offered_over_a_week():
    off = ("tempo_rise", "kneeling_hip_flexor", "seated_squeeze_check")
    shown = ids(week(floor=True, off=off))
    assert not set(off) & set(shown)
    assert {"glute_rise", "squat_to_chair", "hip_flexor_break"} <= set(shown)
    assert set(shown) & {"leg_lift_check", "standing_glute_squeeze"}  # other checks still come


def test_every_allowed_rise_and_hip_flexor_stretch_is_offered_within_a_week():
    shown = ids(week(floor=True))
    assert set(shown) >= RISES and set(shown) >= HIPS
    assert {"glute_rise", "tempo_rise", "squat_to_chair"} == RISES  # the new ones, not only one
    assert {"hip_flexor_break", "kneeling_hip_flexor"} == HIPS


def test_the_everyday_rise_is_most_frequent_and_never_two_twists_in_a_row():
    for floor in (False, True):
        rises = [s.offer.exercise for s in week(floor=floor)
                 if s.offer.exercise.kind is ExerciseKind.RISE]
        twist = [e.id != "glute_rise" or e.name in TWIST_NAMES for e in rises]
        assert not any(a and b for a, b in pairwise(twist))
        assert sum(twist) >= 6 and len(twist) - sum(twist) >= 3 * sum(twist)
        assert all(e.reps == SHIPPED.by_id(e.id).reps for e in rises)  # type: ignore[union-attr]


def test_floor_exercises_come_only_with_floor_true():
    where = {e.id: e.where for e in SHIPPED.exercises}
    without = ids(week(floor=False))
    assert [i for i in without if where[i] is Where.FLOOR] == []
    assert "hip_flexor_break" in without and "kneeling_hip_flexor" not in without
    assert {i for i in ids(week(floor=True)) if where[i] is Where.FLOOR} >= {
        "kneeling_hip_flexor", "leg_lift_check"}


def test_without_the_plain_rise_the_other_rises_take_its_place():
    shown = ids(week(off=("glute_rise",)))
    rises = [i for i in shown if i in RISES]
    assert "glute_rise" not in rises and {"squat_to_chair", "tempo_rise"} <= set(rises)
    assert rises.count("squat_to_chair") > rises.count("tempo_rise")  # the everyday one now


def test_a_choice_without_a_rise_or_a_hip_flexor_stretch_is_refused_naming_one_to_keep():
    no_rise = ExerciseChoices(off=tuple(sorted(RISES)))
    assert choice_problems(SHIPPED, no_rise) == [
        'turns off every rise; keep "glute_rise" on (take it out of the list)']
    standing_off = ExerciseChoices(off=("hip_flexor_break",))
    assert choice_problems(SHIPPED, standing_off) == [
        'turns off every hip-flexor stretch; keep "hip_flexor_break" on (take it out of the '
        'list), or set floor = true to be offered "kneeling_hip_flexor"']
    assert choice_problems(SHIPPED, ExerciseChoices(floor=True, off=("hip_flexor_break",))) == []
    assert choice_problems(SHIPPED, ExerciseChoices(off=("tempo_rise",))) == []


def test_a_choice_checked_against_an_older_catalogue_still_offers_each_needed_kind():
    nothing = ExerciseChoices(off=tuple(RISES | HIPS))
    assert [e.id for e in allowed(SHIPPED, nothing, ExerciseKind.RISE)] == ["glute_rise"]
    assert len(allowed(SHIPPED, nothing, ExerciseKind.HIP_FLEXOR)) == 1
    assert allowed(SHIPPED, ExerciseChoices(off=("glute_rise",)), ExerciseKind.ACTIVATION)


def test_the_hip_flexor_rotation_carries_on_after_a_restart():
    desk = Desk(at("2026-11-23 08:00"), Settings(exercises=ExerciseChoices(floor=True)),
                policy=answer_done())
    desk.session = NudgeSession(desk.settings, SHIPPED)
    desk.run([Span(Act.READING, 4 * 60)])
    hips = [i for i in desk.shown_exercises() if i in HIPS]
    counts = day_counts(desk.events, SHIPPED, desk.moment())
    assert counts.hip_breaks == len(hips) >= 2 and len(set(hips)) == 2
