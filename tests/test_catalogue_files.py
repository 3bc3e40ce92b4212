"""The shipped exercise file and the user's own `exercises.toml` merged over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import CatalogueError, ExerciseKind, Where

USER_RISE = """
[[exercise]]
id = "glute_rise"
name = "Slow chair rise"
cues = ["Edge of the seat.", "Squeeze, then stand slowly."]
reps = 8
kind = "rise"
where = "chair"
"""
USER_EXTRA = """
[[exercise]]
id = "standing_squeeze"
name = "Standing glute squeeze"
cues = ["Stand tall.", "Squeeze both glutes for five seconds."]
reps = 3
kind = "activation"
where = "standing"
"""


def test_the_shipped_catalogue_passes_validation() -> None:
    loaded = load_catalogue(None)
    assert loaded.warnings == []
    assert len(loaded.catalogue.exercises) >= 6


@pytest.mark.parametrize(
    ("exercise_id", "kind", "where", "reps", "level"),
    [
        ("glute_rise", ExerciseKind.RISE, Where.CHAIR, 5, 0),
        ("hip_flexor_break", ExerciseKind.HIP_FLEXOR, Where.STANDING, None, 0),
        ("seated_squeeze_check", ExerciseKind.ACTIVATION, Where.CHAIR, None, 0),
        ("leg_lift_check", ExerciseKind.ACTIVATION, Where.FLOOR, None, 0),
        ("single_leg_bridge", ExerciseKind.PROGRESSION, Where.FLOOR, None, 1),
        ("bodyweight_squat", ExerciseKind.PROGRESSION, Where.STANDING, None, 2),
    ],
)
def test_the_required_exercises_ship(exercise_id: str, kind: ExerciseKind, where: Where,
                                     reps: int | None, level: int) -> None:
    exercise = load_catalogue(None).catalogue.by_id(exercise_id)
    assert exercise is not None
    assert (exercise.kind, exercise.where, exercise.level) == (kind, where, level)
    if reps is not None:
        assert exercise.reps == reps


def test_the_everyday_rise_is_the_glute_first_chair_rise() -> None:
    catalogue = load_catalogue(None).catalogue
    rise = catalogue.first_of_kind(ExerciseKind.RISE)
    assert rise.id == "glute_rise"
    assert rise.title == "Glute-first chair rise — 5 reps"
    assert catalogue.first_of_kind(ExerciseKind.PROGRESSION).id == "single_leg_bridge"


def test_shipped_text_fits_a_notification() -> None:
    for exercise in load_catalogue(None).catalogue.exercises:
        assert len(exercise.title) <= 60, exercise.title
        assert 2 <= len(exercise.cues) <= 5, exercise.id
        for cue in exercise.cues:
            assert len(cue) <= 70, cue


def test_a_missing_user_file_gives_the_shipped_catalogue(tmp_path: Path) -> None:
    assert load_catalogue(tmp_path / "exercises.toml") == load_catalogue(None)


def test_user_entries_override_by_id_and_add_new_ones(tmp_path: Path) -> None:
    user_file = tmp_path / "exercises.toml"
    user_file.write_text(USER_RISE + USER_EXTRA)
    loaded = load_catalogue(user_file)
    catalogue = loaded.catalogue
    assert loaded.warnings == []
    rise = catalogue.by_id("glute_rise")
    assert rise is not None
    assert (rise.name, rise.reps) == ("Slow chair rise", 8)
    assert catalogue.exercises[-1].id == "standing_squeeze"
    assert len(catalogue.exercises) == len(load_catalogue(None).catalogue.exercises) + 1


def test_an_empty_user_file_warns_that_it_changes_nothing(tmp_path: Path) -> None:
    user_file = tmp_path / "exercises.toml"
    user_file.write_text("# nothing yet\n")
    loaded = load_catalogue(user_file)
    assert loaded.catalogue == load_catalogue(None).catalogue
    assert loaded.warnings == [f"{user_file}: no [[exercise]] entries, so it changes nothing"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (USER_RISE.replace("reps = 8", "reps = 80"),
         "exercises.toml: exercise 1 (glute_rise): reps = 80 is not allowed; use a whole number"),
        (USER_RISE.replace('where = "chair"', 'where = "desk"'), 'where = "desk" is not known'),
        (USER_RISE + USER_RISE, 'exercise 2 (glute_rise): id "glute_rise" is already used'),
        (USER_RISE.replace("reps = 8", "reps = 8\nsets = 2"), 'unknown field "sets"'),
        ("[[exercise]]\nid = glute_rise\n", "exercises.toml:2:6: not valid TOML"),
        ("".join(USER_RISE.replace('kind = "rise"', 'kind = "activation"')
                 .replace('"glute_rise"', f'"{rise}"')
                 for rise in ("glute_rise", "tempo_rise", "squat_to_chair")),
         "exercises.toml: the exercise catalogue has no exercise of kind rise"),
    ],
)
def test_a_bad_user_file_is_a_catalogue_error_naming_it(tmp_path: Path, text: str,
                                                         expected: str) -> None:
    user_file = tmp_path / "exercises.toml"
    user_file.write_text(text)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(user_file)
    assert str(caught.value).startswith(str(user_file))
    assert expected in str(caught.value)


def test_a_folder_in_place_of_the_user_file_is_a_catalogue_error_with_the_fix(
        tmp_path: Path) -> None:
    (tmp_path / "exercises.toml").mkdir()
    with pytest.raises(CatalogueError, match=r"a folder is where nudge keeps a file\. Fix: move "
                                             "that folder away"):
        load_catalogue(tmp_path / "exercises.toml")


def test_a_bad_user_file_leaves_nudges_own_exercises_and_says_why(tmp_path: Path) -> None:
    from nudge.config.exercise_files import usable_catalogue

    user_file = tmp_path / "exercises.toml"
    user_file.write_text(USER_RISE.replace("reps = 8", "reps = -1"))

    loaded = usable_catalogue(user_file)

    assert isinstance(loaded.problem, CatalogueError) and "reps" in str(loaded.problem)
    assert loaded.catalogue == load_catalogue(None).catalogue
    assert loaded.catalogue.by_id("glute_rise").reps != 8  # type: ignore[union-attr]
    user_file.write_text(USER_RISE)
    good = usable_catalogue(user_file)
    assert good.problem is None and good.catalogue.by_id("glute_rise").reps == 8  # type: ignore[union-attr]
