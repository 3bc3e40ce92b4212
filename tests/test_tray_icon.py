"""The tray icon is a pure function of the status: one look per phase, readable on any panel."""

from __future__ import annotations

import importlib.util
from itertools import combinations
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image, ImageChops

from nudge.config.keys import TRAY_ICON_CHOICES
from nudge.core.status import Phase, Status
from nudge.tray.icon import (
    PROGRESS_STEPS,
    IconState,
    Look,
    Palette,
    app_icon,
    draw_icon,
    icon_state,
    quantize,
)
from nudge.tray.icon_state import palette_for

ROOT = Path(__file__).resolve().parent.parent
TRAY_SIZES = (16, 22, 24, 32, 48, 64)
STEP = 1 / PROGRESS_STEPS


def status(phase: Phase, progress: float = 0.5) -> Status:
    return Status(phase=phase, seated_seconds=23 * 60, next_in_seconds=7 * 60, next_name="rise",
                  progress=progress)


def every_look() -> list[IconState]:
    return [IconState(Look.SITTING, 0.0), IconState(Look.SITTING, 0.25)] + [
        IconState(look) for look in Look if look is not Look.SITTING]


def make_icons() -> ModuleType:
    # `packaging/` is a folder of scripts, not a package (and "packaging" is a PyPI name).
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging/make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- icon_state --------------------------------------------------------------------------------
@pytest.mark.parametrize(("phase", "look"), [
    (Phase.SITTING, Look.SITTING),
    (Phase.STARTING, Look.SITTING),
    (Phase.DUE, Look.DUE),
    (Phase.PENDING, Look.PENDING),
    (Phase.SNOOZED, Look.SNOOZED),
    (Phase.PAUSED, Look.PAUSED),
    (Phase.AWAY, Look.AWAY),
    (Phase.OFF_HOURS, Look.OFF_HOURS),
])
def test_every_phase_has_a_look(phase, look):
    assert icon_state(status(phase)).look is look


def test_every_phase_is_mapped():
    assert {icon_state(status(phase)).look for phase in Phase} == set(Look)


@pytest.mark.parametrize(("progress", "shown"), [
    (-0.3, 0.0),
    (0.0, 0.0),
    (STEP * 0.99, 0.0),
    (STEP, STEP),
    (0.25, 0.25),
    (0.26, 0.25),
    (0.75, 0.75),
    (1 - STEP * 0.01, 1 - STEP),  # never full before it is due
    (1.0, 1.0),
    (1.7, 1.0),
])
def test_progress_is_floored_to_whole_steps(progress, shown):
    assert quantize(progress) == pytest.approx(shown)
    assert icon_state(status(Phase.SITTING, progress)).progress == pytest.approx(shown)


def test_progress_within_one_step_keeps_the_same_state_so_the_tray_does_not_redraw():
    assert icon_state(status(Phase.SITTING, 0.251)) == icon_state(status(Phase.SITTING, 0.29))
    assert icon_state(status(Phase.SITTING, 0.29)) != icon_state(status(Phase.SITTING, 0.30))


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.SITTING])
def test_only_sitting_carries_progress(phase):
    assert icon_state(status(phase, 0.2)) == icon_state(status(phase, 0.9))
    assert icon_state(status(phase, 0.9)).progress == 0.0


# -- draw_icon ---------------------------------------------------------------------------------
@pytest.mark.parametrize("size", range(16, 65))
def test_draw_icon_is_rgba_of_the_exact_size(size):
    for state in every_look():
        image = draw_icon(state, size)
        assert image.mode == "RGBA"
        assert image.size == (size, size)


def test_draw_icon_is_deterministic():
    state = IconState(Look.SITTING, 0.5)
    assert draw_icon(state, 22).tobytes() == draw_icon(state, 22).tobytes()


@pytest.mark.parametrize("size", [16, 22])
def test_every_look_draws_a_different_icon(size):
    images = {state: draw_icon(state, size).tobytes() for state in every_look()}
    for a, b in combinations(images, 2):
        assert images[a] != images[b], f"{a} and {b} look the same at {size} px"


def test_progress_shows():
    quarter = draw_icon(IconState(Look.SITTING, 0.25), 22)
    three_quarters = draw_icon(IconState(Look.SITTING, 0.75), 22)
    changed = ImageChops.difference(quarter.convert("RGB"), three_quarters.convert("RGB"))
    moved = changed.convert("L").point(lambda v: 255 if v > 40 else 0).histogram()[255]
    assert moved >= 20  # half a ring's worth of pixels


@pytest.mark.parametrize("size", TRAY_SIZES)
def test_nothing_is_clipped(size):
    # The shapes stay inside the square: the corners are empty.
    for state in every_look():
        alpha = draw_icon(state, size).getchannel("A")
        for corner in ((0, 0), (size - 1, 0), (0, size - 1), (size - 1, size - 1)):
            assert alpha.getpixel(corner) == 0


def luma(rgb: tuple[int, ...]) -> float:
    return (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255


def contrasting_pixels(state: IconState, size: int, background: str, threshold: float,
                       palette: Palette = Palette.COLOUR) -> int:
    tile = Image.new("RGBA", (size, size), background)
    tile.alpha_composite(draw_icon(state, size, palette))
    base = luma(Image.new("RGB", (1, 1), background).getpixel((0, 0)))
    rgb = tile.convert("RGB")
    return sum(abs(luma(rgb.getpixel((x, y))) - base) > threshold
               for x in range(size) for y in range(size))


@pytest.mark.parametrize("background", ["#ffffff", "#000000"])
@pytest.mark.parametrize("size", [16, 22, 32])
def test_every_look_stands_out_on_white_and_black_panels(background, size):
    for state in every_look():
        enough = max(3, size * size // 100)
        found = contrasting_pixels(state, size, background, 0.4)
        assert found >= enough, f"{state} on {background} at {size} px: {found} pixels"


@pytest.mark.parametrize("background", ["#ececec", "#2b2b2b"])
def test_every_look_shows_on_mid_grey_panels(background):
    for state in every_look():
        if state == IconState(Look.SITTING, 0.0):
            continue  # the empty track is meant to be quiet; its nub is tested on white/black
        assert contrasting_pixels(state, 22, background, 0.3) >= 10, state


# -- the light and dark palettes ----------------------------------------------------------------
@pytest.mark.parametrize(("choice", "on_gnome", "palette"), [
    ("auto", True, Palette.LIGHT),
    ("auto", False, Palette.COLOUR),
    ("colour", True, Palette.COLOUR),
    ("light", False, Palette.LIGHT),
    ("dark", True, Palette.DARK),
])
def test_the_config_choice_picks_the_palette(choice, on_gnome, palette):
    assert choice in TRAY_ICON_CHOICES
    assert palette_for(choice, on_gnome) is palette


def bright_luma(state: IconState, size: int, palette: Palette) -> float:
    """Mean luminance of the icon's visible pixels composited on a black panel."""
    tile = Image.new("RGBA", (size, size), "#000000")
    icon = draw_icon(state, size, palette)
    tile.alpha_composite(icon)
    rgb, alpha = tile.convert("RGB"), icon.getchannel("A")
    shown = [luma(rgb.getpixel((x, y))) for x in range(size) for y in range(size)
             if alpha.getpixel((x, y)) > 128]
    return sum(shown) / len(shown)


@pytest.mark.parametrize("size", [16, 22, 32])
def test_the_light_palette_is_bright_on_a_black_top_bar(size):
    # GNOME's top bar is black: the colour palette's sitting track and halo vanish into it.
    assert bright_luma(IconState(Look.SITTING, 0.25), 22, Palette.COLOUR) < 0.45
    for state in every_look():
        assert bright_luma(state, size, Palette.LIGHT) > 0.55, state


@pytest.mark.parametrize(("palette", "backgrounds"), [
    (Palette.LIGHT, ["#000000", "#2b2b2b"]),
    (Palette.DARK, ["#ffffff", "#ececec"]),
])
@pytest.mark.parametrize("size", [16, 22, 32])
def test_every_look_stands_out_in_its_palette(palette, backgrounds, size):
    for background in backgrounds:
        for state in every_look():
            found = contrasting_pixels(state, size, background, 0.35, palette)
            assert found >= size * size // 10, f"{state} on {background} at {size} px: {found}"


@pytest.mark.parametrize("palette", [Palette.LIGHT, Palette.DARK])
@pytest.mark.parametrize("size", [16, 22])
def test_every_look_differs_in_each_palette(palette, size):
    images = {state: draw_icon(state, size, palette).tobytes() for state in every_look()}
    for a, b in combinations(images, 2):
        assert images[a] != images[b], f"{a} and {b} look the same at {size} px in {palette}"


# -- app icon and the files ---------------------------------------------------------------------
@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256])
def test_app_icon_is_an_opaque_rounded_square(size):
    image = app_icon(size)
    assert image.mode == "RGBA"
    assert image.size == (size, size)
    assert image.getpixel((0, 0))[3] == 0  # rounded corner
    assert image.getpixel((size // 2, size // 2))[3] == 255


def test_make_icons_writes_the_hicolor_layout(tmp_path):
    written = make_icons().write_icons(tmp_path)
    expected = [f"icons/hicolor/{n}x{n}/apps/nudge.png" for n in (16, 22, 24, 32, 48, 64, 128, 256)]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        [*expected, "nudge.png"])
    for path in written:
        with Image.open(path) as image:
            side = 256 if path.name == "nudge.png" and path.parent == tmp_path else int(
                path.parent.parent.name.split("x")[0])
            assert image.size == (side, side)
            assert image.mode == "RGBA"


def test_make_icons_output_is_reproducible(tmp_path):
    first = make_icons().write_icons(tmp_path / "a")
    second = make_icons().write_icons(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_committed_icons_match_the_drawing(tmp_path):
    # Re-run `packaging/make_icons.py` after changing the app icon. Compared by pixels, with a
    # little slack, so a Pillow upgrade that re-encodes or rounds differently does not fail.
    for fresh in make_icons().write_icons(tmp_path):
        committed = ROOT / "assets" / fresh.relative_to(tmp_path)
        assert committed.exists(), f"{committed} is missing: run packaging/make_icons.py"
        with Image.open(committed) as old, Image.open(fresh) as new:
            diff = ImageChops.difference(old.convert("RGBA"), new.convert("RGBA"))
            assert max(high for _, high in diff.getextrema()) <= 8, committed


def test_contact_sheet_has_every_state_size_and_background(tmp_path):
    module = make_icons()
    path = module.write_contact_sheet(tmp_path / "sheet.png")
    with Image.open(path) as sheet:
        rows = len(module.sheet_states()) * len(Palette)
        columns = len(module.SHEET_SIZES) * len(module.SHEET_BACKGROUNDS)
        assert sheet.size == (module.SHEET_LABEL + columns * module.SHEET_CELL,
                              24 + rows * module.SHEET_CELL)
    assert {s.look for s in module.sheet_states()} == set(Look)
