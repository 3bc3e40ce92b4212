"""Write nudge's icon PNGs into `assets/`, and optionally a contact sheet to judge the tray icon.

    .venv/bin/python packaging/make_icons.py     # assets/icons/hicolor/…, assets/nudge.png
    .venv/bin/python packaging/make_icons.py --sheet /tmp/nudge-icons/sheet.png

Output is deterministic (same Pillow, same bytes), so the PNGs can be committed and a re-run
shows no diff. The drawing itself lives in `nudge.tray.icon`; `assets/icons/README.md` says what
the icons show.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from nudge.tray.icon import PROGRESS_STEPS, IconState, Look, app_icon, draw_icon

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
APP_ICON_SIZE = 256  # assets/nudge.png, for the .desktop file and the README
SHEET_SIZES = (16, 22, 24, 32, 48, 64)
SHEET_BACKGROUNDS = ("#ffffff", "#ececec", "#2b2b2b", "#000000")
SHEET_CELL = 72  # px per tile; small icons are scaled up by whole factors to fit it
SHEET_LABEL = 110
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def hicolor_path(assets: Path, size: int) -> Path:
    """Where the hicolor icon theme expects the `size` px app icon."""
    return assets / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "nudge.png"


def write_icons(assets: Path = ASSETS) -> list[Path]:
    """Write every hicolor size and `assets/nudge.png`; returns the files written."""
    written = []
    for size in HICOLOR_SIZES:
        written.append(_save(app_icon(size), hicolor_path(assets, size)))
    written.append(_save(app_icon(APP_ICON_SIZE), assets / "nudge.png"))
    return written


def sheet_states() -> list[IconState]:
    """Every look, with sitting at a few points of the stretch."""
    sitting = [IconState(Look.SITTING, step / PROGRESS_STEPS)
               for step in (0, 6, 18, PROGRESS_STEPS - 1)]
    return sitting + [IconState(look) for look in Look if look is not Look.SITTING]


def write_contact_sheet(path: Path) -> Path:
    """Every state × `SHEET_SIZES` × `SHEET_BACKGROUNDS`, small sizes scaled up with NEAREST
    so single pixels show."""
    states = sheet_states()
    columns = [(bg, size) for bg in SHEET_BACKGROUNDS for size in SHEET_SIZES]
    sheet = Image.new("RGB", (SHEET_LABEL + len(columns) * SHEET_CELL,
                              24 + len(states) * SHEET_CELL), "#808080")
    draw = ImageDraw.Draw(sheet)
    for column, (bg, size) in enumerate(columns):
        draw.text((SHEET_LABEL + column * SHEET_CELL + 2, 6), f"{size} {bg}", fill="black")
    for row, state in enumerate(states):
        top = 24 + row * SHEET_CELL
        draw.text((4, top + SHEET_CELL // 2 - 6), f"{state.look} {state.progress:.2f}",
                  fill="black")
        for column, (bg, size) in enumerate(columns):
            sheet.paste(_tile(state, size, bg), (SHEET_LABEL + column * SHEET_CELL, top))
    return _save(sheet, path)


def _tile(state: IconState, size: int, background: str) -> Image.Image:
    inner = SHEET_CELL - 2
    zoom = max(1, inner // size)
    icon = Image.new("RGBA", (size, size), background)
    icon.alpha_composite(draw_icon(state, size))
    icon = icon.resize((size * zoom, size * zoom), Image.Resampling.NEAREST)
    tile = Image.new("RGB", (inner, inner), background)
    offset = (inner - size * zoom) // 2
    tile.paste(icon.convert("RGB"), (offset, offset))
    return tile


def _save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)  # Pillow writes no timestamp: reproducible
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=Path, default=ASSETS, help="assets folder to write")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args(argv)
    for path in write_icons(args.assets):
        print(path)
    if args.sheet is not None:
        print(write_contact_sheet(args.sheet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
