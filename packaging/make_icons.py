"""Write nudge's icon PNGs into `assets/`, and optionally a contact sheet to judge the tray icon.

    .venv/bin/python packaging/make_icons.py     # assets/icons/hicolor/…, assets/nudge.png,
                                                 # nudge/tray/pixmaps/tray-[light-|dark-]NN.png
    .venv/bin/python packaging/make_icons.py --sheet /tmp/nudge-icons/sheet.png

Output is deterministic (same Pillow, same bytes), so the PNGs can be committed and a re-run
shows no diff. The drawing itself lives in `nudge.tray.icon`; `assets/icons/README.md` says what
the icons show. The Windows `.ico` and macOS `.icns` are not committed: the PyInstaller spec
writes them into its build folder with `write_windows_icon` / `write_macos_icon`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from nudge.tray.icon import (
    PROGRESS_STEPS,
    TRAY_SIZES,
    IconState,
    Look,
    Palette,
    all_states,
    app_icon,
    draw_icon,
)
from nudge.tray.pixmap_files import PIXMAP_DIR, strip_path, write_strip

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
APP_ICON_SIZE = 256  # assets/nudge.png, for the .desktop file and the README
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Windows picks from for taskbar, tray, Explorer
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # Pillow's ICNS writer takes these
SHEET_SIZES = (16, 22, 24, 32, 48, 64)
SHEET_BACKGROUNDS = ("#ffffff", "#ececec", "#2b2b2b", "#000000")
SHEET_CELL = 72  # px per tile; small icons are scaled up by whole factors to fit it
SHEET_LABEL = 150
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


def write_tray_pixmaps(folder: Path = PIXMAP_DIR) -> list[Path]:
    """Every tray icon state at every tray size in every palette, one strip per size and
    palette, for the Linux tray to read without Pillow (`nudge/tray/pixmap_files.py`);
    returns the files written."""
    return [write_strip(strip_path(size, folder, palette), size,
                        b"".join(draw_icon(state, size, palette).tobytes()
                                 for state in all_states()))
            for palette in Palette for size in TRAY_SIZES]


def write_windows_icon(path: Path) -> Path:
    """A multi-size `.ico` of the app icon, each size drawn at that size (not scaled)."""
    images = [app_icon(size) for size in ICO_SIZES]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[-1].save(path, format="ICO", sizes=[(size, size) for size in ICO_SIZES],
                    append_images=images[:-1])
    return path


def write_macos_icon(path: Path) -> Path:
    """A `.icns` of the app icon for the macOS bundle, each size drawn at that size."""
    images = [app_icon(size) for size in ICNS_SIZES]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[-1].save(path, format="ICNS", append_images=images[:-1])
    return path


def sheet_states() -> list[IconState]:
    """Every look, with sitting at a few points of the stretch."""
    sitting = [IconState(Look.SITTING, step / PROGRESS_STEPS)
               for step in (0, 6, 18, PROGRESS_STEPS - 1)]
    return sitting + [IconState(look) for look in Look if look is not Look.SITTING]


def write_contact_sheet(path: Path, palettes: tuple[Palette, ...] = tuple(Palette)) -> Path:
    """Every palette × state (rows) × `SHEET_SIZES` × `SHEET_BACKGROUNDS` (columns), small
    sizes scaled up with NEAREST so single pixels show."""
    states = [(palette, state) for palette in palettes for state in sheet_states()]
    columns = [(bg, size) for bg in SHEET_BACKGROUNDS for size in SHEET_SIZES]
    sheet = Image.new("RGB", (SHEET_LABEL + len(columns) * SHEET_CELL,
                              24 + len(states) * SHEET_CELL), "#808080")
    draw = ImageDraw.Draw(sheet)
    for column, (bg, size) in enumerate(columns):
        draw.text((SHEET_LABEL + column * SHEET_CELL + 2, 6), f"{size} {bg}", fill="black")
    for row, (palette, state) in enumerate(states):
        top = 24 + row * SHEET_CELL
        draw.text((4, top + SHEET_CELL // 2 - 6),
                  f"{palette} {state.look} {state.progress:.2f}", fill="black")
        for column, (bg, size) in enumerate(columns):
            sheet.paste(_tile(state, size, bg, palette),
                        (SHEET_LABEL + column * SHEET_CELL, top))
    return _save(sheet, path)


def _tile(state: IconState, size: int, background: str, palette: Palette) -> Image.Image:
    inner = SHEET_CELL - 2
    zoom = max(1, inner // size)
    icon = Image.new("RGBA", (size, size), background)
    icon.alpha_composite(draw_icon(state, size, palette))
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
    parser.add_argument("--palette", choices=[str(p) for p in Palette], action="append",
                        help="only these palettes on the sheet (default: all)")
    args = parser.parse_args(argv)
    for path in write_icons(args.assets):
        print(path)
    for path in write_tray_pixmaps():
        print(path)
    if args.sheet is not None:
        palettes = tuple(Palette(p) for p in args.palette) if args.palette else tuple(Palette)
        print(write_contact_sheet(args.sheet, palettes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
