"""Write every built-in exercise's picture into `nudge/data/pictures/`, and optionally a
contact sheet to judge them by eye.

    .venv/bin/python packaging/make_pictures.py
    .venv/bin/python packaging/make_pictures.py --sheet artifacts/exercise-pictures.png \
        --small-sheet artifacts/exercise-pictures-64.png

Per exercise and theme, `<id>-light.png` and `<id>-dark.png`: a strip of its 2–4 frames left
to right, each `FRAME_PX` square (so the file is FRAME_PX high and a whole number of FRAME_PX
wide); and `<id>-key-light.png` / `<id>-key-dark.png`: its key frame alone (`KEY_FRAMES`),
for notifications, which daemons draw at icon size. `--key-sheet` shows those at 48 and 64 px.
The drawing is `nudge/pictures/` (one function per exercise in
`exercises.py`). Output is deterministic (same Pillow, same bytes): commit the PNGs, and
`tests/test_exercise_pictures.py` checks they still match the drawing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from nudge.config.exercise_pictures import FRAME_PX, PICTURE_DIR, picture_name
from nudge.pictures.exercises import DRAWINGS, key_frame
from nudge.pictures.render import Theme, draw_key, draw_strip

SHEET_SMALL = 64  # the notification-sized look, drawn at that size (not scaled down)
KEY_SIZES = (48, 64)  # where daemons draw a notification's image: the key frame scaled down
SHEET_GAP = 12
SHEET_LABEL = 22
SHEET_BACKGROUND = (128, 128, 128)  # between the two themes: each card's edge shows


def write_pictures(folder: Path = PICTURE_DIR, size: int = FRAME_PX) -> list[Path]:
    """Every drawing in both themes; returns the files written."""
    written = []
    for exercise_id, drawing in DRAWINGS.items():
        frames = drawing()
        for theme in Theme:
            written.append(_save(draw_strip(frames, theme, size),
                                 folder / picture_name(exercise_id, theme.value)))
            written.append(_save(draw_key(key_frame(exercise_id), theme, size),
                                 folder / picture_name(exercise_id, theme.value, key=True)))
    return written


def write_contact_sheet(path: Path, only: list[str] | None = None,
                        size: int = FRAME_PX) -> Path:
    """Each exercise in a row: its strip, light then dark, `size` px per frame."""
    rows = [(exercise_id, contact_row(exercise_id, size)) for exercise_id in only or DRAWINGS]
    return _sheet(rows, path)


def contact_row(exercise_id: str, size: int) -> list[Image.Image]:
    frames = DRAWINGS[exercise_id]()
    return [draw_strip(frames, theme, size) for theme in Theme]


def write_small_sheet(path: Path, only: list[str] | None = None) -> Path:
    """The notification-sized look, each exercise in a row: its key frame light and dark as a
    daemon shows it (the `FRAME_PX` file scaled down to `SHEET_SMALL`), then its strip light
    and dark drawn at `SHEET_SMALL` px per frame."""
    rows = [(exercise_id, small_row(exercise_id)) for exercise_id in only or DRAWINGS]
    return _sheet(rows, path)


def small_row(exercise_id: str) -> list[Image.Image]:
    keys = [_as_daemon_shows(draw_key(key_frame(exercise_id), theme, FRAME_PX), SHEET_SMALL)
            for theme in Theme]
    return keys + contact_row(exercise_id, SHEET_SMALL)


def _as_daemon_shows(image: Image.Image, px: int) -> Image.Image:
    return image.resize((px, px), Image.Resampling.BILINEAR)


def write_key_sheet(path: Path) -> Path:
    """Each exercise's key frame as a daemon shows it: the committed 256 px file scaled down to
    48 and 64 px, light and dark, then at full size."""
    rows = []
    for exercise_id in DRAWINGS:
        row = []
        for theme in Theme:
            full = draw_key(key_frame(exercise_id), theme, FRAME_PX)
            row += [_as_daemon_shows(full, px) for px in KEY_SIZES]
        row += [draw_key(key_frame(exercise_id), theme, FRAME_PX) for theme in Theme]
        rows.append((exercise_id, row))
    return _sheet(rows, path)


def sheet_cells(rows: list[list[Image.Image]]) -> tuple[tuple[int, int],
                                                         list[list[tuple[int, int]]]]:
    """The sheet's size and where each row's images go: a label line above each row."""
    width = max(sum(image.width for image in images) + SHEET_GAP * (len(images) + 1)
                for images in rows)
    cells: list[list[tuple[int, int]]] = []
    top = SHEET_GAP
    for images in rows:
        left = SHEET_GAP
        places: list[tuple[int, int]] = []
        for image in images:
            places.append((left, top + SHEET_LABEL))
            left += image.width + SHEET_GAP
        cells.append(places)
        top += SHEET_LABEL + max(i.height for i in images) + SHEET_GAP
    return (width, top), cells


def _sheet(rows: list[tuple[str, list[Image.Image]]], path: Path) -> Path:
    size, cells = sheet_cells([images for _, images in rows])
    sheet = Image.new("RGB", size, SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    for (exercise_id, images), places in zip(rows, cells, strict=True):
        draw.text((SHEET_GAP, places[0][1] - SHEET_LABEL + 2), exercise_id, fill=(0, 0, 0),
                  font=font)
        for image, place in zip(images, places, strict=True):
            sheet.paste(image, place)
    return _save(sheet, path)


def _save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)  # Pillow writes no timestamp: reproducible
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=PICTURE_DIR, help="where to write")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    parser.add_argument("--small-sheet", type=Path,
                        help=f"also write a sheet of key frames and strips at {SHEET_SMALL} px")
    parser.add_argument("--key-sheet", type=Path,
                        help="also write a sheet of the key frames at 48, 64 and 256 px here")
    parser.add_argument("--only", nargs="*", help="sheet: just these exercise ids")
    parser.add_argument("--sheet-only", action="store_true", help="do not write the pictures")
    args = parser.parse_args(argv)
    if not args.sheet_only:
        for path in write_pictures(args.folder):
            print(path)
    if args.sheet is not None:
        print(write_contact_sheet(args.sheet, args.only))
    if args.small_sheet is not None:
        print(write_small_sheet(args.small_sheet, args.only))
    if args.key_sheet is not None:
        print(write_key_sheet(args.key_sheet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
