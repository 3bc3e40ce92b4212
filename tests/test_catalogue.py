"""Parsing and validating `[[exercise]]` documents, and merging the user's over the shipped ones."""

from __future__ import annotations

from typing import Any

import pytest

from nudge.core.catalogue import (
    Catalogue,
    CatalogueError,
    Exercise,
    ExerciseKind,
    Where,
    merge_exercises,
    parse_catalogue,
)

ORIGIN = "exercises.toml"


def entry(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "glute_rise",
        "name": "Glute-first chair rise",
        "cues": ["Scoot to the edge.", "Squeeze and stand."],
        "reps": 5,
        "kind": "rise",
        "where": "chair",
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def exercise(exercise_id: str, kind: ExerciseKind, level: int = 0) -> Exercise:
    return Exercise(exercise_id, exercise_id.title(), ("a", "b"), 5, kind, Where.CHAIR, level)


def problem_for(*entries: Any, doc: dict[str, Any] | None = None) -> str:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(doc if doc is not None else {"exercise": list(entries)}, ORIGIN)
    return str(caught.value)


def test_a_valid_entry_becomes_an_exercise() -> None:
    (parsed,) = parse_catalogue({"exercise": [entry(cues=[" Scoot. ", "Stand."])]}, ORIGIN)
    assert parsed == Exercise("glute_rise", "Glute-first chair rise", ("Scoot.", "Stand."), 5,
                              ExerciseKind.RISE, Where.CHAIR)
    assert parsed.title == "Glute-first chair rise — 5 reps"


def test_a_progression_keeps_its_level() -> None:
    (parsed,) = parse_catalogue(
        {"exercise": [entry(id="bridge", kind="progression", where="floor", level=2)]}, ORIGIN)
    assert parsed.level == 2


def test_no_entries_is_an_empty_catalogue_document() -> None:
    assert parse_catalogue({}, ORIGIN) == ()


@pytest.mark.parametrize(
    ("bad_entry", "expected"),
    [
        (entry(colour="red"), 'exercise 1 (glute_rise): unknown field "colour"; the fields'),
        (entry(reps=None), "exercise 1 (glute_rise): missing reps; every exercise needs id, name"),
        (entry(id=None, name=None), "exercise 1: missing id, name;"),
        (entry(id="Glute Rise"), "use lowercase letters, digits and underscores"),
        (entry(id=""), "is not a valid id"),
        (entry(id=7), "is not a valid id"),
        (entry(id="x" * 41), "keep it within 40 characters"),
        (entry(name=""), 'name = "" must be non-empty text'),
        (entry(name=5), "name = 5 must be non-empty text"),
        (entry(name="n" * 49), "name is 49 characters long; keep it within 48"),
        (entry(cues=["only one"]), "cues has 1 line; write 2 to 5 short lines"),
        (entry(cues=["a", "b", "c", "d", "e", "f"]), "cues has 6 lines; write 2 to 5"),
        (entry(cues="Squeeze."), "cues is not a list; write 2 to 5 short lines"),
        (entry(cues=["a", 3]), "cue 2 = 3 must be non-empty text"),
        (entry(cues=["a", "  "]), 'cue 2 = "  " must be non-empty text'),
        (entry(cues=["a", "c" * 81]), "cue 2 is 81 characters long; keep each cue within 80"),
        (entry(reps=0), "reps = 0 is not allowed; use a whole number from 1 to 50"),
        (entry(reps=51), "reps = 51 is not allowed; use a whole number from 1 to 50"),
        (entry(reps=True), "reps = true is not allowed"),
        (entry(reps="5"), 'reps = "5" is not allowed'),
        (entry(reps=2.5), "reps = 2.5 is not allowed"),
        (entry(kind="stretch"), 'kind = "stretch" is not known; use one of rise, hip_flexor,'),
        (entry(where="desk"), 'where = "desk" is not known; use one of chair, standing, floor'),
        (entry(level=1), "only progression exercises have a level"),
        (entry(kind="progression"), "a progression needs a level; add level = 1"),
        (entry(kind="progression", level=0), "level = 0 is not allowed; use a whole number from 1"),
        ("glute_rise", "exercise 1: is not a table; write each one under its own [[exercise]]"),
    ],
)
def test_validation_names_origin_entry_and_fix(bad_entry: Any, expected: str) -> None:
    message = problem_for(bad_entry)
    assert message.startswith(f"{ORIGIN}: exercise 1")
    assert expected in message


def test_duplicate_ids_are_refused() -> None:
    message = problem_for(entry(), entry(reps=8))
    assert message == (f'{ORIGIN}: exercise 2 (glute_rise): id "glute_rise" is already used by '
                       "exercise 1; give each exercise its own id")


def test_unknown_top_level_keys_are_refused() -> None:
    message = problem_for(doc={"exercises": [entry()]})
    assert 'unknown top-level key "exercises"; only [[exercise]] entries belong here' in message


def test_exercise_must_be_a_list() -> None:
    message = problem_for(doc={"exercise": {"id": "glute_rise"}})
    assert "exercise is not a list of tables; write each entry under its own [[exercise]]" \
        in message


def test_every_problem_is_kept_and_the_message_stays_short() -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue({"exercise": [entry(reps=0), entry(id="b", kind="nap"), "x"]}, ORIGIN)
    assert len(caught.value.problems) == 3
    assert caught.value.problems[1].startswith(f"{ORIGIN}: exercise 2 (b): kind")
    assert str(caught.value).splitlines()[1] == "(and 2 more problems)"


# --- merging ----------------------------------------------------------------------------------

BASE = (
    exercise("glute_rise", ExerciseKind.RISE),
    exercise("hip_flexor_break", ExerciseKind.HIP_FLEXOR),
    exercise("bridge", ExerciseKind.PROGRESSION, level=1),
)


def test_same_id_replaces_in_place_and_new_ids_are_added() -> None:
    stronger = Exercise("glute_rise", "Rise", ("a", "b"), 10, ExerciseKind.RISE, Where.CHAIR)
    extra = exercise("wall_sit", ExerciseKind.ACTIVATION)
    merged = merge_exercises(BASE, (stronger, extra))
    assert [e.id for e in merged.exercises] == ["glute_rise", "hip_flexor_break", "bridge",
                                                "wall_sit"]
    assert merged.by_id("glute_rise") == stronger
    assert merged.first_of_kind(ExerciseKind.ACTIVATION) == extra


def test_no_overrides_keeps_the_base() -> None:
    assert merge_exercises(BASE, ()) == Catalogue(BASE)


@pytest.mark.parametrize("kind", ["rise", "hip_flexor"])
def test_the_merged_catalogue_needs_a_rise_and_a_hip_flexor_break(kind: str) -> None:
    remaining = tuple(e for e in BASE if e.kind != kind)
    with pytest.raises(CatalogueError, match=f"no exercise of kind {kind}; keep at least one"):
        merge_exercises(remaining, ())


def test_an_override_that_changes_the_only_rise_kind_is_refused() -> None:
    turned = exercise("glute_rise", ExerciseKind.ACTIVATION)
    with pytest.raises(CatalogueError, match="did an override change an exercise's kind"):
        merge_exercises(BASE, (turned,))


def test_catalogue_error_without_problems_still_reads() -> None:
    assert str(CatalogueError()) == "invalid exercise catalogue"


def test_other_wordings_and_variations_parse_and_are_checked():
    exercise, = parse_catalogue({"exercise": [entry(
        more_cues=[["Edge of the seat.", "Glutes on, then up."]],
        variations=[{"name": "Slow rise", "cues": ["Up.", "Down in three seconds."]}])]}, ORIGIN)
    assert exercise.wordings == (("Scoot to the edge.", "Squeeze and stand."),
                                 ("Edge of the seat.", "Glutes on, then up."))
    assert exercise.variations[0].name == "Slow rise"
    with pytest.raises(CatalogueError, match="more_cues 1: cues has 1 line;"):
        parse_catalogue({"exercise": [entry(more_cues=[["one"]])]}, ORIGIN)
    with pytest.raises(CatalogueError, match="only rise exercises have variations"):
        parse_catalogue({"exercise": [entry(kind="activation", variations=[
            {"name": "x", "cues": ["a", "b"]}])]}, ORIGIN)
    with pytest.raises(CatalogueError, match="variation 1 needs exactly a name and cues"):
        parse_catalogue({"exercise": [entry(variations=[{"name": "x"}])]}, ORIGIN)
