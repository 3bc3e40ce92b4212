"""The welcome's "Try a nudge now": a real nudge on screen at once, its answer never recorded,
and the day's plan untouched."""

from __future__ import annotations

from pathlib import Path

from test_engine import make_rig

from nudge.app.commands import AnswerNudge, TryNudge, command_from_json, command_to_json
from nudge.core.decisions import Answer

from fakes import FakeStore


def test_a_tried_nudge_shows_now_and_its_answer_is_not_recorded(tmp_path: Path) -> None:
    engine, _clock = make_rig(tmp_path, FakeStore())
    before = list(engine.store.events)

    reply = engine.handle(command_from_json(command_to_json(TryNudge())))

    assert reply.ok
    shown = engine.notifier.shown[-1]
    assert shown.nudge_id.startswith("try-")
    assert shown.title == "Glute rise — 5 reps"  # the test catalogue's rise
    answered = engine.handle(AnswerNudge(shown.nudge_id, Answer.DONE))
    assert answered.ok and "nothing was recorded" in answered.message
    assert engine.store.events == before
    assert engine.notifier.withdrawn == [shown.nudge_id]
    assert engine.status().offer is None  # the plan has no nudge open because of it


def test_the_tried_nudge_is_the_everyday_rise_the_user_allows(tmp_path: Path) -> None:
    from dataclasses import replace

    from nudge.core.catalogue import Catalogue, ExerciseKind
    from nudge.core.settings import ExerciseChoices

    engine, _clock = make_rig(tmp_path, FakeStore())
    session = engine.session
    rise = session.catalogue.first_of_kind(ExerciseKind.RISE)
    tempo = replace(rise, id="tempo_rise", name="Tempo rise")
    session.reload(replace(session.settings, exercises=ExerciseChoices(off=("glute_rise",))),
                   Catalogue((*session.catalogue.exercises, tempo)))

    assert engine.handle(TryNudge()).ok
    assert engine.notifier.shown[-1].title == "Tempo rise — 5 reps"  # glute_rise is off
