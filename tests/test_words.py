"""Counted nouns read right: `1 rep`, `5 reps`, in every reply and title that shows a count; a
held stretch (`HELD_KINDS`) is counted in rounds, never reps."""

from __future__ import annotations

from dataclasses import replace

from nudge.app.engine_status import answer_reply, logged_reply
from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import Exercise, ExerciseKind
from nudge.core.decisions import Answer, NudgeOffer, Record
from nudge.core.events import Event, EventKind, Source
from nudge.core.status import Phase, Status
from nudge.tray.menu import build_menu

from sim import at, catalogue

CATALOGUE = catalogue()


def _exercise(exercise_id: str) -> Exercise:
    exercise = CATALOGUE.by_id(exercise_id)
    assert exercise is not None
    return exercise


def test_a_title_for_one_rep_is_singular() -> None:
    rise = _exercise("glute_rise")
    assert rise.title == "Glute rise — 5 reps"
    assert replace(rise, reps=1).title == "Glute rise — 1 rep"


def test_a_held_stretch_is_counted_in_rounds_and_a_rise_in_reps() -> None:
    stretch, rise = _exercise("hip_flexor_break"), _exercise("glute_rise")
    assert stretch.held and not rise.held
    assert [stretch.count_words(n) for n in (1, 2)] == ["1 round", "2 rounds"]
    assert [rise.count_words(n) for n in (1, 2)] == ["1 rep", "2 reps"]
    assert stretch.title == "Hip flexor break — 5 rounds"
    assert replace(stretch, reps=1).title == "Hip flexor break — 1 round"
    assert CATALOGUE.count_words("hip_flexor_break", 2) == "2 rounds"
    assert CATALOGUE.count_words("glute_rise", 2) == "2 reps"
    assert CATALOGUE.count_words("gone_from_the_file", 2) == "2 reps"  # unknown: reps
    assert CATALOGUE.count_words(None, 1) == "1 rep"


def test_every_other_kind_is_counted_in_reps() -> None:
    for exercise in CATALOGUE.exercises:
        if exercise.kind is not ExerciseKind.HIP_FLEXOR:
            assert exercise.count_words(3) == "3 reps", exercise.id


def test_an_offer_title_is_the_exercise_title_with_the_offer_count() -> None:
    stretch = _exercise("hip_flexor_break")
    offer = NudgeOffer("n1", stretch, 3, 1, (300.0,), 300.0)
    assert offer.title == stretch.title_for(3) == "Hip flexor break — 3 rounds"
    assert NudgeOffer("n2", stretch, 1, 1, (300.0,), 300.0).title.endswith("— 1 round")


def _done(reps: int, source: Source, exercise: str = "glute_rise") -> list[Record]:
    return [Record(Event(EventKind.DONE, at("2026-11-23 10:00"), nudge_id="n1",
                         exercise=exercise, reps=reps, source=source))]


def test_replies_after_one_rep_are_singular() -> None:
    saved = answer_reply(Answer.DONE, _done(1, Source.PROMPT), True, "", CATALOGUE)
    logged = logged_reply(_done(1, Source.MANUAL), True, "", CATALOGUE)
    assert saved.message == "Saved: 1 rep. Nice work."
    assert logged.message.startswith("Logged: 1 rep. ")
    assert answer_reply(Answer.DONE, _done(5, Source.PROMPT), True, "", CATALOGUE).message == (
        "Saved: 5 reps. Nice work.")


def test_a_shipped_hip_flexor_nudge_says_rounds_in_title_tray_and_replies() -> None:
    shipped = load_catalogue(None).catalogue
    stretch = shipped.first_of_kind(ExerciseKind.HIP_FLEXOR)
    offer = NudgeOffer("n1", stretch, 2, 1, (300.0, 600.0), 300.0)
    assert offer.title == f"{stretch.name} — 2 rounds"
    status = Status(Phase.PENDING, 0, 0, "", 1.0, offer=offer)
    labels = [item.label for item in build_menu(status, autostart=False)]
    assert "Done (2 rounds)" in labels
    other = next(item for item in build_menu(status, autostart=False)
                 if item.label == "Done, another count")
    assert [child.label for child in other.children][:2] == ["1 round", "2 rounds"]
    done = _done(2, Source.PROMPT, stretch.id)
    assert answer_reply(Answer.DONE, done, True, "", shipped).message == (
        "Saved: 2 rounds. Nice work.")
    # "I just did a rise" while the stretch's nudge is on screen answers that nudge
    assert logged_reply(done, True, "", shipped).message.startswith("Logged: 2 rounds. ")
    assert answer_reply(Answer.DONE, _done(2, Source.PROMPT), True, "", shipped).message == (
        "Saved: 2 reps. Nice work.")
