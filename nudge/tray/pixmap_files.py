"""The tray icon pre-drawn: one PNG strip per size with every icon state, read without Pillow.

Why: Pillow is ~4 MB of the long-running app's memory (bench/RESULTS.md) and the Linux tray
needs it only to turn ~31 fixed pictures into ARGB bytes. `packaging/make_icons.py` draws every
state of `nudge.tray.icon_state.all_states()` at every `TRAY_SIZES` size with
`nudge.tray.icon.draw_icon` and writes `pixmaps/tray-<size>.png` here (`tray-light-<size>.png`
and `tray-dark-<size>.png` for the other palettes): `size` wide, the states stacked top to
bottom in `all_states()` order. `tests/test_tray_pixmaps.py` checks that the
committed strips still match the drawing.

The PNGs are written by `write_strip` below with no row filters (filter type 0), so reading
them back is one `zlib.decompress`, no PNG library: `read_strip` accepts only that shape and
says so otherwise (then the caller draws with Pillow instead). They are ordinary PNGs that
any viewer opens.

Any thread, no shared state: the StatusNotifier tray reads the strips on whichever thread changes
the icon (the engine thread for a new status); `write_strip` runs in `packaging/make_icons.py`.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from nudge.platform.error_words import reason
from nudge.tray.icon_state import TRAY_SIZES, IconState, Palette, all_states

PIXMAP_DIR = Path(__file__).resolve().parent / "pixmaps"
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_RGBA8 = (8, 6, 0, 0, 0)  # bit depth 8, colour type RGBA, deflate, adaptive filters, no interlace

Pixmap = tuple[int, int, bytes]  # width, height, ARGB32 in network byte order (SNI IconPixmap)


class StripError(ValueError):
    """A strip file is missing, damaged, or not in the shape `write_strip` makes."""


def strip_path(size: int, folder: Path = PIXMAP_DIR,
               palette: Palette = Palette.COLOUR) -> Path:
    variant = "" if palette is Palette.COLOUR else f"{palette}-"
    return folder / f"tray-{variant}{size}.png"


def tray_pixmaps(state: IconState, folder: Path = PIXMAP_DIR,
                 palette: Palette = Palette.COLOUR) -> tuple[Pixmap, ...]:
    """The SNI pixmaps of `state` in `palette`, one per `TRAY_SIZES` size, smallest first.
    Raises StripError if a strip is missing or does not hold every state."""
    states = all_states()
    if state not in states:
        raise StripError(f"no pre-drawn icon for {state}")
    index = states.index(state)
    pixmaps = []
    for size in TRAY_SIZES:
        path = strip_path(size, folder, palette)
        width, height, rgba = read_strip(path)
        if width != size or height != size * len(states):
            raise StripError(f"{path} is {width}×{height}, not "
                             f"{size}×{size * len(states)}: run packaging/make_icons.py")
        one = size * size * 4
        pixmaps.append((size, size, rgba_to_argb(rgba[index * one:(index + 1) * one])))
    return tuple(pixmaps)


def rgba_to_argb(rgba: bytes) -> bytes:
    """Move each pixel's alpha byte to the front (slices run in C: no per-pixel Python)."""
    argb = bytearray(len(rgba))
    argb[0::4] = rgba[3::4]
    argb[1::4] = rgba[0::4]
    argb[2::4] = rgba[1::4]
    argb[3::4] = rgba[2::4]
    return bytes(argb)


# -- the PNG subset ----------------------------------------------------------------------------
def write_strip(path: Path, width: int, rgba: bytes) -> Path:
    """Write `rgba` (rows of `width` RGBA pixels) as an unfiltered PNG; deterministic."""
    row = width * 4
    if not rgba or len(rgba) % row:
        raise ValueError(f"{len(rgba)} bytes are not whole rows of {width} RGBA pixels")
    height = len(rgba) // row
    raw = b"".join(b"\x00" + rgba[y * row:(y + 1) * row] for y in range(height))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_SIGNATURE
                     + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, *_RGBA8))
                     + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))
    return path


def read_strip(path: Path) -> tuple[int, int, bytes]:
    """(width, height, RGBA bytes) of a PNG written by `write_strip`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StripError(f"cannot read {path}: {reason(error)}") from None
    if not data.startswith(_SIGNATURE):
        raise StripError(f"{path} is not a PNG file")
    chunks = _chunks(path, data)
    header = chunks.get(b"IHDR", b"")
    if len(header) != 13 or struct.unpack(">5B", header[8:]) != _RGBA8:
        raise StripError(f"{path} is not an 8-bit RGBA PNG without interlacing")
    width, height = struct.unpack(">II", header[:8])
    try:
        raw = zlib.decompress(chunks.get(b"IDAT", b""))
    except zlib.error as error:
        raise StripError(f"{path} has damaged image data ({error})") from None
    row = width * 4 + 1
    if len(raw) != row * height or any(raw[y * row] for y in range(height)):
        raise StripError(f"{path} has filtered or missing rows (not written by make_icons.py)")
    return width, height, b"".join(raw[y * row + 1:(y + 1) * row] for y in range(height))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body))


def _chunks(path: Path, data: bytes) -> dict[bytes, bytes]:
    """Chunk type -> body; IDAT chunks joined. CRCs checked."""
    found: dict[bytes, bytes] = {}
    at = len(_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        crc = data[at + 8 + length:at + 12 + length]
        if len(body) != length or len(crc) != 4 or zlib.crc32(kind + body) != struct.unpack(
                ">I", crc)[0]:
            raise StripError(f"{path} is damaged (bad {kind!r} chunk)")
        found[kind] = found.get(kind, b"") + body
        at += 12 + length
        if kind == b"IEND":
            return found
    raise StripError(f"{path} is cut short")
