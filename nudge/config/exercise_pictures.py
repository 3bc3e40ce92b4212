"""Where an exercise's picture is: the one shipped for its id, or the user's own file.

Shipped pictures are `nudge/data/pictures/<id>-<light|dark>.png`, drawn at build time by
`packaging/make_pictures.py`: a strip of 2–4 frames, each `FRAME_PX` square, and beside it
`<id>-key-<light|dark>.png`, the one `FRAME_PX` square frame that shows the movement best, for
places that draw the image at icon size. A user exercise
may name its own PNG (`picture = "…"` in exercises.toml, relative to that file's folder); it is
checked when the catalogue loads (`check_png`), so a nudge never points at a missing or broken
file: its header, and every chunk's checksum up to the end marker, so a file cut short or
damaged is caught as well. The standard library does it, which keeps Pillow out of the app.
Any thread; reads files.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from nudge import pictures
from nudge.core.catalogue import Exercise
from nudge.i18n import N_, English

FRAME_PX = pictures.FRAME_PX
THEMES = ("light", "dark")
# Beside the code, as the tray pixmaps and translations: `importlib.resources` would bring
# `zipfile` and `tempfile` into the all-day app for a folder that is always on disk.
PICTURE_DIR = Path(__file__).resolve().parent.parent / "data" / "pictures"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_USER_PICTURE_BYTES = 8 * 1024 * 1024  # a notification image; anything bigger is a mistake


def picture_name(exercise_id: str, theme: str, key: bool = False) -> str:
    """The strip's file name, or with `key` the one square key frame's (for small images)."""
    return f"{exercise_id}-key-{theme}.png" if key else f"{exercise_id}-{theme}.png"


def shipped_picture(exercise_id: str, theme: str = "light",
                    folder: Path = PICTURE_DIR, key: bool = False) -> Path | None:
    """The shipped picture for `exercise_id`, or None when nudge has none for it."""
    path = folder / picture_name(exercise_id, theme, key)
    return path if path.is_file() else None


def picture_file(exercise: Exercise, theme: str = "light", key: bool = False) -> Path | None:
    """The picture to show for `exercise`: the user's own file (checked at load), else the one
    shipped for its id (its key frame with `key`: one square frame for icon-sized images),
    else None (a text-only nudge)."""
    if exercise.picture:
        return Path(exercise.picture)
    return shipped_picture(exercise.id, theme, key=key)


class NotPng(ValueError):
    """A file that is not a usable PNG: str() says so in the user's language, `said` in English
    too (for the log)."""

    def __init__(self, said: English) -> None:
        super().__init__(said.shown())
        self.said = said


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header. Raises NotPng (a ValueError) if it is not a PNG,
    OSError if it cannot be read."""
    with path.open("rb") as file:
        head = file.read(24)
    if len(head) < 24 or head[:8] != _PNG_SIGNATURE or head[12:16] != b"IHDR":
        raise NotPng(English(N_("it is not a PNG image; save the picture as a PNG")))
    width, height = struct.unpack(">II", head[16:24])
    if not width or not height:
        raise NotPng(English(N_("it is a PNG image with no pixels; save the picture as a PNG")))
    return width, height


def check_chunks(data: bytes) -> None:
    """Raise NotPng unless `data`, a PNG with a good header, is whole: each chunk complete with
    its checksum right, image data present, and the end marker (IEND) reached."""
    at, seen_data = 8, False
    while True:
        if at + 12 > len(data):
            break
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data) or struct.unpack(">I", data[end - 4:end])[0] != \
                zlib.crc32(data[at + 4:end - 4]):
            break
        seen_data = seen_data or kind == b"IDAT"
        if kind == b"IEND":
            if seen_data:
                return
            break
        at = end
    raise NotPng(English(N_("it is damaged or cut short; save the picture again as a PNG")))


def check_png(path: Path) -> English | None:
    """What is wrong with `path` as a picture (English; `shown()` in the user's language), or
    None if it is a usable PNG."""
    from nudge.platform.error_words import reason

    # Translators: each says what is wrong with a picture file an exercise names.
    try:
        if not path.is_file():
            return English(N_("there is no such file")) if not path.exists() else \
                English(N_("it is not a file"))
        if path.stat().st_size > MAX_USER_PICTURE_BYTES:
            return English(N_("it is larger than {megabytes} MB"),
                           megabytes=MAX_USER_PICTURE_BYTES // (1024 * 1024))
        png_size(path)
        check_chunks(path.read_bytes())
    except NotPng as problem:
        return problem.said
    except OSError as error:
        return English(N_("it cannot be read ({reason})"), reason=reason(error))
    return None
