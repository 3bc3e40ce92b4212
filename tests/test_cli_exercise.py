"""`nudge exercise list` and `nudge exercise show ID [--png FILE | --window]`: the How-to card.
The window itself: tests/test_windows_howto.py and tests/test_windows_desktop.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from nudge.cli.main import main
from nudge.config.exercise_files import load_catalogue
from nudge.config.exercise_pictures import PICTURE_DIR
from nudge.pictures import draw_exercise_strip

SHIPPED = load_catalogue(None).catalogue
IDS = [exercise.id for exercise in SHIPPED.exercises]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.mark.parametrize("exercise_id", IDS)
def test_show_prints_the_title_where_every_cue_and_the_alt_text(
        exercise_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    exercise = SHIPPED.by_id(exercise_id)
    assert exercise is not None
    assert main(["exercise", "show", exercise_id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{exercise.title}, ")
    for number, cue in enumerate(exercise.cues, start=1):
        assert f"  {number}. {cue}\n" in out
    assert f"Picture: {exercise.alt}\n" in out
    assert f"nudge exercise show {exercise_id} --png" in out


def test_list_names_every_exercise_and_where_it_is_done(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:len(IDS)]] == IDS
    assert lines[0].endswith("Glute-first chair rise — 5 reps (in your chair)")
    assert any(line.endswith("(on the floor)") for line in lines)


@pytest.mark.parametrize("dark", [False, True])
def test_png_writes_the_picture_user_only(tmp_path: Path, dark: bool,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "squat.png"
    assert main(["exercise", "show", "bodyweight_squat", "--png", str(target),
                 *(["--dark"] if dark else [])]) == 0
    theme = "dark" if dark else "light"
    assert target.read_bytes() == (PICTURE_DIR / f"bodyweight_squat-{theme}.png").read_bytes()
    assert target.stat().st_mode & 0o077 == 0
    assert f"Wrote the picture to {target}" in capsys.readouterr().out


def test_png_refuses_a_name_that_is_not_a_png_before_showing_the_card(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "show", "glute_rise", "--png", str(tmp_path / "rise.jpg")]) == 2
    said = capsys.readouterr()
    assert f"must end in .png; e.g. --png {tmp_path / 'rise.png'}" in said.err
    assert said.out == ""  # the mistake alone, not under a screenful of cues
    assert not (tmp_path / "rise.jpg").exists()


def test_png_given_a_folder_asks_for_a_file_name_in_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "show", "glute_rise", "--png", str(tmp_path)]) == 2
    said = capsys.readouterr()
    assert said.err == f"nudge: {tmp_path} is a folder; give a file name, e.g. --png " \
        f"{tmp_path / 'glute_rise.png'}\n"  # not "--png {tmp_path}.png"
    assert said.out == "" and not list(tmp_path.rglob("*.png"))


def test_an_unknown_id_is_a_clear_error_naming_the_known_ones(run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("exercise", "show", "glute_raise", check_rc=2)
    assert done.stdout == ""
    assert done.stderr.startswith("nudge: there is no exercise called 'glute_raise'. "
                                  "The exercises are: glute_rise, tempo_rise,")
    assert "`nudge exercise list`" in done.stderr


def test_window_with_an_unknown_id_gives_the_same_error_and_opens_nothing(run_cli) -> None:  # type: ignore[no-untyped-def]
    plain = run_cli("exercise", "show", "glute_raise", check_rc=2)
    windowed = run_cli("exercise", "show", "glute_raise", "--window", check_rc=2)
    assert (windowed.stdout, windowed.stderr) == ("", plain.stderr)


def test_window_where_none_can_open_says_why_and_prints_the_card_here(run_cli) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("exercise", "show", "--window", "--", "glute_rise")  # as the tray runs it
    assert done.returncode == 3  # NO_TOOLKIT: the tray then opens the picture instead
    assert done.stderr.startswith("nudge: There is no display here for a window")
    rise = SHIPPED.by_id("glute_rise")
    assert rise is not None and f"  1. {rise.cues[0]}\n" in done.stdout


def test_window_and_png_cannot_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["exercise", "show", "glute_rise", "--window", "--png", "rise.png"])
    assert ended.value.code == 2
    assert "argument --png: not allowed with argument --window" in capsys.readouterr().err


def test_a_user_exercise_without_a_picture_shows_its_cues_and_says_so(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (home / "config").mkdir(parents=True)
    (home / "config" / "exercises.toml").write_text(
        '[[exercise]]\nid = "wall_sit"\nname = "Wall sit"\ncues = ["Back to the wall.", '
        '"Slide down and hold."]\nreps = 3\nkind = "activation"\nwhere = "standing"\n')
    assert main(["exercise", "show", "wall_sit"]) == 0
    assert "This exercise has no picture." in capsys.readouterr().out
    assert main(["exercise", "show", "wall_sit", "--png", str(tmp_path / "w.png")]) == 1
    assert "'wall_sit' has no picture to write; add picture = " in capsys.readouterr().err


@pytest.mark.parametrize(("size", "dark"), [(64, True), (512, False)])
def test_png_size_draws_the_picture_at_that_size_from_the_drawing(
        tmp_path: Path, size: int, dark: bool, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rise.png"
    assert main(["exercise", "show", "tempo_rise", "--png", str(target), "--size", str(size),
                 *(["--dark"] if dark else [])]) == 0
    drawn = draw_exercise_strip("tempo_rise", "dark" if dark else "light", size)
    with Image.open(target) as written:
        assert written.size == (4 * size, size)  # four frames, each `size` square
        assert written.convert("RGB").tobytes() == drawn.tobytes()
    assert target.stat().st_mode & 0o077 == 0
    assert f"Wrote the picture to {target}" in capsys.readouterr().out


@pytest.mark.parametrize("size", ["63", "513", "0", "-256", "256.5", "big", "9" * 5000])
def test_a_size_outside_64_to_512_is_refused_naming_the_range(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              size: str) -> None:
    target = tmp_path / "rise.png"
    done = run_cli("exercise", "show", "glute_rise", "--png", str(target), "--size", size,
                   check_rc=2)
    assert "is not a size nudge can draw; give a whole number of pixels from 64 to 512" \
        in done.stderr
    assert len(done.stderr) < 400 and not target.exists()


def test_size_without_png_says_to_add_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercise", "show", "glute_rise", "--size", "512"]) == 2
    assert capsys.readouterr().err == (
        "nudge: --size is the size of the picture to write; add --png FILE, e.g. "
        "--png glute_rise.png --size 512\n")


def test_size_copies_a_user_exercises_own_picture_as_it_is(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (home / "config").mkdir(parents=True)
    Image.new("RGB", (90, 30), "white").save(home / "config" / "wall.png")
    (home / "config" / "exercises.toml").write_text(
        '[[exercise]]\nid = "wall_sit"\nname = "Wall sit"\ncues = ["Back to the wall.", '
        '"Slide down and hold."]\nreps = 3\nkind = "activation"\nwhere = "standing"\n'
        'picture = "wall.png"\n')
    target = tmp_path / "w.png"
    assert main(["exercise", "show", "wall_sit", "--png", str(target), "--size", "512"]) == 0
    assert target.read_bytes() == (home / "config" / "wall.png").read_bytes()


def test_show_help_says_the_size_range_and_that_an_own_picture_is_copied(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["exercise", "show", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--size PX with --png: draw each frame PX pixels square, 64 to 512 (default 256); " \
           "a picture file of your own is copied as it is" in help_text
