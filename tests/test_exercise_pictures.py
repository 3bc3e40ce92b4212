"""Exercise pictures: every shipped exercise has one (the loader insists), the committed PNGs
are what the drawing makes, the drawn figures keep their feet on the floor and inside the frame,
and a user's own picture is checked with a clear message when it cannot be used."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops

from nudge.config.exercise_files import load_catalogue, parse_shipped
from nudge.config.exercise_pictures import (
    FRAME_PX,
    PICTURE_DIR,
    THEMES,
    check_png,
    picture_file,
    png_size,
)
from nudge.core.catalogue import CatalogueError
from nudge.pictures import LARGEST_FRAME_PX, SMALLEST_FRAME_PX, draw_exercise_strip
from nudge.pictures.exercises import DRAWINGS, KEY_FRAMES, key_frame
from nudge.pictures.figure import ARM_W, FLOOR, HEAD_R, LEG_W, TORSO_W, solve
from nudge.pictures.render import (
    ARROW_W,
    PALETTES,
    Frame,
    Theme,
    arrow_shape,
    draw_frame,
    draw_strip,
)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = load_catalogue(None).catalogue
ENTRY = """
[[exercise]]
id = "{id}"
name = "A rise"
cues = ["Edge of the seat.", "Squeeze, then stand."]
reps = 5
kind = "rise"
where = "chair"
"""


def make_pictures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pictures",
                                                  ROOT / "packaging/make_pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_library_has_at_least_twelve_exercises_each_drawn_and_described() -> None:
    ids = [exercise.id for exercise in SHIPPED.exercises]
    assert len(ids) >= 12
    assert sorted(ids) == sorted(DRAWINGS)  # no drawing without an exercise, nor the reverse
    for exercise in SHIPPED.exercises:
        assert exercise.alt.endswith(".") and exercise.alt.count(". ") == 0, exercise.id
        assert len(exercise.alt) <= 200


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_picture_is_a_png_strip_of_two_to_four_frames(exercise_id: str,
                                                            theme: str) -> None:
    path = PICTURE_DIR / f"{exercise_id}-{theme}.png"
    assert path.is_file(), f"{path} is missing: run packaging/make_pictures.py"
    width, height = png_size(path)
    frames = len(DRAWINGS[exercise_id]())
    assert 2 <= frames <= 4
    assert (width, height) == (frames * FRAME_PX, FRAME_PX)
    with Image.open(path) as image:
        image.verify()  # a whole, valid PNG, not just its header


def test_the_committed_pictures_are_what_the_drawing_makes(tmp_path: Path) -> None:
    """Re-run `packaging/make_pictures.py` after changing a drawing and commit the PNGs.
    Compared by pixels: a different zlib may pack the same picture into other bytes."""
    fresh = make_pictures().write_pictures(tmp_path)
    assert len(fresh) == 4 * len(DRAWINGS)  # strip and key frame, light and dark
    for path in fresh:
        committed = PICTURE_DIR / path.name
        with Image.open(path) as new, Image.open(committed) as old:
            assert new.size == old.size and new.tobytes() == old.tobytes(), path.name
    assert sorted(p.name for p in PICTURE_DIR.iterdir()) == sorted(p.name for p in fresh)


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_exercise_has_a_square_key_frame_with_its_arrow_and_muscle(exercise_id: str,
                                                                       theme: str) -> None:
    """A notification's image is drawn at icon size: one square frame, not the strip."""
    assert sorted(KEY_FRAMES) == sorted(DRAWINGS)
    path = picture_file(SHIPPED.by_id(exercise_id), theme, key=True)  # type: ignore[arg-type]
    assert path == PICTURE_DIR / f"{exercise_id}-key-{theme}.png"
    assert png_size(path) == (FRAME_PX, FRAME_PX)
    frame = key_frame(exercise_id)
    assert frame.glute or frame.flexor, "the working muscle is highlighted"
    if exercise_id != "seated_squeeze_check":  # a squeeze in place: nothing moves
        assert frame.arrows, "the movement has its arrow"


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
def test_a_key_frame_fills_the_picture_so_it_reads_at_48_px(exercise_id: str) -> None:
    """Cropped to the figure: the drawing spans most of the square, where in a strip frame it
    leaves wide empty margins, so scaled to 48 px it still has some size."""
    background = PALETTES[Theme.LIGHT].background
    with Image.open(PICTURE_DIR / f"{exercise_id}-key-light.png") as image:
        small = image.convert("RGB").resize((48, 48), Image.Resampling.BILINEAR)
    box = ImageChops.difference(small, Image.new("RGB", (48, 48), background)).getbbox()
    assert box is not None
    left, top, right, bottom = box
    assert max(right - left, bottom - top) >= 40, box
    uncropped = draw_frame(key_frame(exercise_id), Theme.LIGHT, 48)
    assert _drawn_pixels(small, background) > _drawn_pixels(uncropped, background)


def _drawn_pixels(image: Image.Image, background: tuple[int, int, int]) -> int:
    """Pixels clearly not the card: how much figure, chair and arrow there is to see."""
    diff = ImageChops.difference(image, Image.new("RGB", image.size, background)).convert("L")
    return sum(diff.histogram()[61:])  # pixels whose difference is over 60


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
@pytest.mark.parametrize("theme", THEMES)
def test_every_picture_draws_crisp_from_64_to_512_px_from_the_one_drawing(exercise_id: str,
                                                                           theme: str) -> None:
    """`draw_exercise_strip` (what `nudge exercise show --size` and a window on a 2x screen
    call) draws at the size asked: at 512 px its edges are as sharp as at 256 px, where the
    shipped 256 px file scaled up to 512 px blurs each edge over twice the pixels."""
    frames = len(DRAWINGS[exercise_id]())
    for size in (SMALLEST_FRAME_PX, LARGEST_FRAME_PX):
        strip = draw_exercise_strip(exercise_id, theme, size)
        assert strip.size == (frames * size, size)
        assert len(strip.getcolors(maxcolors=1 << 20) or ()) > 8  # anti-aliased, not blank
    with Image.open(PICTURE_DIR / f"{exercise_id}-{theme}.png") as shipped:
        upscaled = shipped.convert("RGB").resize(strip.size, Image.Resampling.LANCZOS)
    assert _sharpness(strip) > 0.05
    assert _sharpness(strip) > 3 * _sharpness(upscaled)


def _sharpness(image: Image.Image) -> float:
    """Of the neighbouring pixel pairs that differ at all, the share that jump by over 100
    grey levels: an edge drawn at this size, not one spread by scaling."""
    grey = image.convert("L")
    width, height = grey.size
    steps = ImageChops.difference(grey.crop((0, 0, width - 1, height)),
                                  grey.crop((1, 0, width, height))).histogram()
    return sum(steps[101:]) / max(1, sum(steps[10:]))


def _frames_and_key(exercise_id: str) -> list[tuple[str, Frame]]:
    frames = [(f"frame {n}", frame) for n, frame in enumerate(DRAWINGS[exercise_id](), 1)]
    return [*frames, ("key frame", key_frame(exercise_id))]


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
def test_no_limb_goes_through_the_floor_or_out_of_the_frame(exercise_id: str) -> None:
    for name, frame in _frames_and_key(exercise_id):
        body = solve(frame.pose)
        reach = [(body.hip, TORSO_W / 2), (body.shoulder, TORSO_W / 2), (body.head, HEAD_R)]
        for leg in (body.near_leg, body.far_leg):
            reach += [(leg.middle, LEG_W / 2), (leg.end, LEG_W / 2)]
            reach += [(p, LEG_W * 0.4) for p in (leg.heel, leg.toe) if p is not None]
        for arm in (body.near_arm, body.far_arm):
            reach += [(arm.middle, ARM_W / 2), (arm.end, ARM_W / 2)]
        for (x, y), half_width in reach:
            where = f"{exercise_id} {name}: a joint at ({x:.1f}, {y:.1f})"
            assert y + half_width <= FLOOR + 1.2, f"{where} is below the floor"
            assert x - half_width >= 0 and x + half_width <= 100, f"{where} is out of frame"
            assert y - half_width >= 0, f"{where} is out of frame"


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
def test_every_arrow_stays_above_the_floor_and_inside_the_frame(exercise_id: str) -> None:
    """Every point of the drawn arrow, its shaft's stroke and its head, in the strip's frames
    and the key frame: an arrow through the floor line reads as a movement into the ground."""
    for name, frame in _frames_and_key(exercise_id):
        for arrow in frame.arrows:
            shaft, head = arrow_shape(arrow)
            outline = [(p, ARROW_W / 2) for p in shaft] + [(p, 0.0) for p in head]
            for (x, y), half_width in outline:
                where = f"{exercise_id} {name}: an arrow at ({x:.1f}, {y:.1f})"
                assert y + half_width <= FLOOR - 1.0, f"{where} touches or crosses the floor"
                assert half_width <= x - 1.0 and x + half_width <= 99.0, f"{where} is out of frame"
                assert y - half_width >= 1.0, f"{where} is out of frame"


# The frame and leg that lift off the floor, and how high: a foot a few pixels up reads as a
# step or a wide stance at 48-64 px.
LIFTED_FEET = {"standing_hip_extension": 1, "standing_hip_abduction": 1}


@pytest.mark.parametrize("exercise_id", sorted(LIFTED_FEET))
def test_a_lifted_foot_is_clearly_off_the_floor(exercise_id: str) -> None:
    frame = DRAWINGS[exercise_id]()[LIFTED_FEET[exercise_id]]
    leg = solve(frame.pose).near_leg
    assert FLOOR - leg.end[1] >= 12.0, f"the ankle is only {FLOOR - leg.end[1]:.1f} % up"
    outline = [(leg.end, LEG_W / 2)] + [(p, LEG_W * 0.4) for p in (leg.heel, leg.toe)
                                        if p is not None]
    lowest = max(y + half_width for (_, y), half_width in outline)
    assert FLOOR - lowest >= 8.0, f"the foot's lowest edge is only {FLOOR - lowest:.1f} % up"


# The legs the cues call straight: (exercise, frame index, "near" or "far").
STRAIGHT_LEGS = [("side_lying_abduction", 0, "near"), ("side_lying_abduction", 0, "far"),
                 ("side_lying_abduction", 1, "near"), ("side_lying_abduction", 1, "far"),
                 ("standing_hip_extension", 1, "near"), ("standing_hip_abduction", 1, "near"),
                 ("single_leg_bridge", 1, "far")]


@pytest.mark.parametrize(("exercise_id", "index", "side"), STRAIGHT_LEGS)
def test_a_leg_the_cue_calls_straight_is_drawn_straight(exercise_id: str, index: int,
                                                        side: str) -> None:
    body = solve(DRAWINGS[exercise_id]()[index].pose)
    leg = body.near_leg if side == "near" else body.far_leg
    (x0, y0), (x1, y1), (x, y) = leg.root, leg.end, leg.middle
    off_line = abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / math.hypot(x1 - x0, y1 - y0)
    assert off_line < 0.3, f"{exercise_id} frame {index + 1}: the knee is {off_line:.1f} off"


def test_a_shipped_exercise_without_a_picture_is_rejected(tmp_path: Path) -> None:
    import tomllib

    doc = tomllib.loads(ENTRY.format(id="glute_rise") + 'alt = "A figure rises."\n'
                        + ENTRY.format(id="undrawn"))
    for theme in THEMES:
        (tmp_path / f"glute_rise-{theme}.png").write_bytes(
            (PICTURE_DIR / f"glute_rise-{theme}.png").read_bytes())
    with pytest.raises(CatalogueError) as caught:
        parse_shipped(doc, tmp_path)
    assert caught.value.problems == (
        "nudge/data/exercises.toml: exercise 'undrawn' has no picture; draw one in "
        "nudge/pictures/exercises.py and run packaging/make_pictures.py",
        "nudge/data/exercises.toml: exercise 'undrawn' has no alt text; add alt = \"one "
        "sentence saying what the picture shows\"")
    (tmp_path / "glute_rise-dark.png").unlink()  # one theme missing is missing too
    with pytest.raises(CatalogueError, match="'glute_rise' has no picture"):
        parse_shipped(tomllib.loads(ENTRY.format(id="glute_rise") + 'alt = "A rise."\n'),
                      tmp_path)


def test_a_user_exercise_may_have_no_picture_or_its_own(tmp_path: Path) -> None:
    user_file = tmp_path / "exercises.toml"
    Image.new("RGB", (90, 30), "white").save(tmp_path / "mine.png")
    user_file.write_text(ENTRY.format(id="plain_rise")
                         + ENTRY.format(id="drawn_rise") + 'picture = "mine.png"\n')
    loaded = load_catalogue(user_file)
    assert loaded.warnings == []
    plain = loaded.catalogue.by_id("plain_rise")
    drawn = loaded.catalogue.by_id("drawn_rise")
    assert plain is not None and picture_file(plain) is None  # a text-only nudge
    assert drawn is not None and picture_file(drawn) == tmp_path / "mine.png"


def test_an_override_of_a_shipped_exercise_keeps_its_picture_and_alt(tmp_path: Path) -> None:
    user_file = tmp_path / "exercises.toml"
    user_file.write_text(ENTRY.format(id="glute_rise"))
    rise = load_catalogue(user_file).catalogue.by_id("glute_rise")
    assert rise is not None and rise.name == "A rise"
    assert picture_file(rise) == PICTURE_DIR / "glute_rise-light.png"
    assert rise.alt == SHIPPED.by_id("glute_rise").alt  # type: ignore[union-attr]


GOOD_PNG = (PICTURE_DIR / "glute_rise-key-light.png").read_bytes()
DAMAGED = "it is damaged or cut short; save the picture again as a PNG"


@pytest.mark.parametrize(("content", "problem"), [
    (None, "there is no such file"),
    (b"GIF89a not a png at all, really", "it is not a PNG image; save the picture as a PNG"),
    (b"\x89PNG\r\n\x1a\n", "it is not a PNG image; save the picture as a PNG"),  # cut short
    # A good header, then junk; a real picture cut in the middle; one byte of its pixels flipped
    (GOOD_PNG[:33] + b"junk after a good header" * 4, DAMAGED),
    (GOOD_PNG[:len(GOOD_PNG) // 2], DAMAGED),
    (GOOD_PNG[:60] + bytes([GOOD_PNG[60] ^ 1]) + GOOD_PNG[61:], DAMAGED),
    (GOOD_PNG[:-12], DAMAGED),  # no end marker
])
def test_a_missing_or_bad_user_picture_is_a_warning_and_a_text_only_nudge(
        tmp_path: Path, content: bytes | None, problem: str) -> None:
    user_file = tmp_path / "exercises.toml"
    if content is not None:
        (tmp_path / "lunge.png").write_bytes(content)
    user_file.write_text(ENTRY.format(id="my_rise") + 'picture = "lunge.png"\n')
    loaded = load_catalogue(user_file)
    mine = loaded.catalogue.by_id("my_rise")
    assert mine is not None and mine.picture == "" and picture_file(mine) is None
    assert loaded.warnings == [
        f"{user_file}: exercise 'my_rise': picture '{tmp_path / 'lunge.png'}' cannot be used: "
        f"{problem}. Its nudge shows without it until you fix the file or remove the picture "
        "line."]


def test_check_png_accepts_every_shipped_picture() -> None:
    assert all(check_png(path) is None for path in PICTURE_DIR.glob("*.png"))


@pytest.mark.parametrize("exercise_id", sorted(DRAWINGS))
@pytest.mark.parametrize("theme", THEMES)
def test_a_strip_has_dividers_between_its_frames_and_none_at_its_edge(exercise_id: str,
                                                                     theme: str) -> None:
    background = PALETTES[Theme(theme)].background
    with Image.open(PICTURE_DIR / f"{exercise_id}-{theme}.png") as image:
        strip = image.convert("RGB")
    frames = strip.width // FRAME_PX

    def column(x: int) -> set[tuple[int, int, int]]:
        return {strip.getpixel((x, y)) for y in range(strip.height)}  # type: ignore[misc]

    assert column(strip.width - 1) == {background}, "a stray divider at the strip's right edge"
    for boundary in range(1, frames):
        assert column(boundary * FRAME_PX - 1) != {background}, f"no divider before {boundary + 1}"


def test_contact_sheets_show_every_exercise_light_and_dark_full_size_and_at_64_px() -> None:
    """The sheets to judge the pictures by eye (issue #19), kept in artifacts/: every shipped
    exercise's strip at full size, and its key frame (as a daemon scales it) and strip at
    64 px per frame; each cell is that exercise's picture, in the catalogue's every row."""
    module = make_pictures()
    artifacts = ROOT / "artifacts"
    full = module.write_contact_sheet(artifacts / "exercise-pictures.png")
    small = module.write_small_sheet(artifacts / "exercise-pictures-64.png")
    ids = list(DRAWINGS)
    assert sorted(ids) == sorted(exercise.id for exercise in SHIPPED.exercises)

    def committed(name: str) -> Image.Image:
        with Image.open(PICTURE_DIR / name) as image:
            return image.convert("RGB")

    full_rows = [[committed(f"{i}-{theme}.png") for theme in THEMES] for i in ids]
    small_rows = [[committed(f"{i}-key-{theme}.png").resize((64, 64), Image.Resampling.BILINEAR)
                   for theme in THEMES]
                  + [draw_strip(DRAWINGS[i](), Theme(theme), 64) for theme in THEMES]
                  for i in ids]
    for path, rows in ((full, full_rows), (small, small_rows)):
        size, cells = module.sheet_cells(rows)
        with Image.open(path) as image:
            sheet = image.convert("RGB")
        assert sheet.size == size  # one row per exercise
        for exercise_id, images, places in zip(ids, rows, cells, strict=True):
            for image, (x, y) in zip(images, places, strict=True):
                cell = sheet.crop((x, y, x + image.width, y + image.height))
                assert cell.tobytes() == image.tobytes(), f"{path.name}: {exercise_id}"
