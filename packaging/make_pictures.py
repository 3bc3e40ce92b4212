"""Write every built-in exercise's picture into `nudge/data/pictures/`, and optionally a
contact sheet to judge them by eye.

    .venv/bin/python packaging/make_pictures.py
    .venv/bin/python packaging/make_pictures.py --sheet artifacts/exercise-pictures.png

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


def write_contact_sheet(path: Path, only: list[str] | None = None) -> Path:
    """Each exercise in a row: light and dark at 64 px per frame, then light and dark at full
    size."""
    ids = only or list(DRAWINGS)
    rows: list[tuple[str, list[Image.Image]]] = []
    for exercise_id in ids:
        frames = DRAWINGS[exercise_id]()
        rows.append((exercise_id, [draw_strip(frames, theme, size)
                                   for size in (SHEET_SMALL, FRAME_PX) for theme in Theme]))
    return _sheet(rows, path)


def write_key_sheet(path: Path) -> Path:
    """Each exercise's key frame as a daemon shows it: the committed 256 px file scaled down to
    48 and 64 px, light and dark, then at full size."""
    ids = list(DRAWINGS)
    rows = []
    for exercise_id in ids:
        row = []
        for theme in Theme:
            full = draw_key(key_frame(exercise_id), theme, FRAME_PX)
            row += [full.resize((px, px), Image.Resampling.BILINEAR) for px in KEY_SIZES]
        row += [draw_key(key_frame(exercise_id), theme, FRAME_PX) for theme in Theme]
        rows.append((exercise_id, row))
    return _sheet(rows, path)


def _sheet(rows: list[tuple[str, list[Image.Image]]], path: Path) -> Path:
    width = max(sum(image.width for image in images) + SHEET_GAP * (len(images) + 1)
                for _, images in rows)
    height = sum(SHEET_LABEL + max(i.height for i in images) + SHEET_GAP
                 for _, images in rows) + SHEET_GAP
    sheet = Image.new("RGB", (width, height), (128, 128, 128))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=14)
    top = SHEET_GAP
    for exercise_id, images in rows:
        draw.text((SHEET_GAP, top + 2), exercise_id, fill=(0, 0, 0), font=font)
        left = SHEET_GAP
        for image in images:
            sheet.paste(image, (left, top + SHEET_LABEL))
            left += image.width + SHEET_GAP
        top += SHEET_LABEL + max(i.height for i in images) + SHEET_GAP
    return _save(sheet, path)


def _save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)  # Pillow writes no timestamp: reproducible
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=PICTURE_DIR, help="where to write")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
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
    if args.key_sheet is not None:
        print(write_key_sheet(args.key_sheet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
