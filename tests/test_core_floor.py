"""Floor exercises (lie face down, a bridge on your back) only when the user allows them:
`[exercises] floor`, off by default; the seated check takes their place otherwise."""

from __future__ import annotations

from datetime import timedelta

from nudge.config import parse_config
from nudge.core.catalogue import Where
from nudge.core.settings import ExerciseChoices, Settings

from sim import Act, Desk, Span, answer_done, at, catalogue

WHERE = {e.id: e.where for e in catalogue().exercises}


def office_weeks(settings: Settings, weeks: int = 2, streak: int = 12) -> list[str]:
    """Every exercise shown over `weeks` of workdays (08:00-18:00 reading, every nudge done),
    with progressions unlocked (a streak long enough for every level)."""
    shown: list[str] = []
    first = at("2026-11-23 08:00")
    for day in range(weeks * 7):
        start = first + timedelta(days=day)
        if start.weekday() >= 5:
            continue
        desk = Desk(start, settings=settings, policy=answer_done(), streak_days=streak)
        desk.run([Span(Act.READING, 10 * 60)])
        shown += desk.shown_exercises()
    return shown


def test_the_default_config_never_offers_a_floor_exercise_over_two_weeks():
    shown = office_weeks(parse_config({}, "config.toml").config.settings)
    assert "seated_squeeze_check" in shown  # the activation check still comes, seated
    assert "bodyweight_squat" in shown  # and the standing progression
    assert [e for e in shown if WHERE[e] is Where.FLOOR] == []


def test_with_floor_allowed_the_floor_check_and_bridge_can_come():
    settings = parse_config({"exercises": {"floor": True}}, "config.toml").config.settings
    assert settings.exercises == ExerciseChoices(floor=True)
    shown = office_weeks(settings)
    assert "leg_lift_check" in shown and "seated_squeeze_check" in shown
    assert "single_leg_bridge" in office_weeks(settings, weeks=1, streak=5)


def test_without_floor_a_streak_that_only_unlocks_the_bridge_offers_no_progression():
    shown = office_weeks(Settings(), weeks=1, streak=5)
    assert not {"single_leg_bridge", "bodyweight_squat", "leg_lift_check"} & set(shown)


def test_floor_must_be_true_or_false():
    from nudge.config import ConfigError

    try:
        parse_config({"exercises": {"floor": "yes"}}, "config.toml")
    except ConfigError as error:
        assert "[exercises] floor" in str(error) and "true or false" in str(error)
    else:
        raise AssertionError("a text value for floor was accepted")
