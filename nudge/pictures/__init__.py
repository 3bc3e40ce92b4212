"""Exercise pictures: pictogram strips drawn with Pillow.

`packaging/make_pictures.py` runs the drawings in `nudge.pictures.exercises` and writes
`nudge/data/pictures/<id>-<light|dark>.png`; the all-day app only reads those files
(`nudge.config.exercise_pictures`), so it never loads Pillow for them. A one-shot command or a
window that wants a picture at another size draws it here (`draw_exercise_strip`), crisp at
that size rather than a scaled copy of the file. Importing this package loads nothing more;
the drawing modules load on the first call. Any thread; pure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

FRAME_PX = 256  # each frame of the shipped pictures, square
SMALLEST_FRAME_PX, LARGEST_FRAME_PX = 64, 512  # what `nudge exercise show --size` offers


def draw_exercise_strip(exercise_id: str, theme: str = "light", frame_px: int = FRAME_PX) -> Image:
    """The picture of built-in exercise `exercise_id` ("light" or "dark" `theme`): its frames
    left to right, each `frame_px` square, drawn at that size (e.g. twice the shown size on a
    2x screen). Raises KeyError for an id nudge has no drawing for (a user's own exercise:
    show its picture file instead) and ValueError for a bad theme or a size under 16 px."""
    from nudge.pictures.exercises import DRAWINGS
    from nudge.pictures.render import Theme, draw_strip

    if frame_px < 16:
        raise ValueError(f"frame_px must be at least 16, not {frame_px}")
    return draw_strip(DRAWINGS[exercise_id](), Theme(theme), frame_px)
