"""Drawing for the charts: the palette, and a `Pen` that draws in logical pixels times `scale`.

Text uses pillow's built-in scalable font (`ImageFont.load_default(size=...)`, Pillow >= 10.1),
or `font_file` when the language needs glyphs it lacks (`nudge.charts.fonts`).

Runs on the thread that draws the picture; a `Pen` is never shared between threads.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

Colour = tuple[int, int, int]
BACKGROUND: Colour = (244, 246, 248)
CARD: Colour = (255, 255, 255)
CARD_EDGE: Colour = (225, 230, 235)
INK: Colour = (30, 41, 51)
MUTED: Colour = (104, 117, 130)
FAINT: Colour = (214, 220, 226)
DONE: Colour = (38, 132, 121)  # calm teal
OFFERED: Colour = (209, 228, 224)
OWN: Colour = (128, 190, 179)  # rises done on your own: the rise colour, lighter
GOAL: Colour = (214, 137, 48)
BETTER: Colour = (38, 132, 90)
WORSE: Colour = (176, 104, 58)  # muted, not alarming: we encourage, we do not scold
WORK_CELL: Colour = (231, 236, 240)
OFF_CELL: Colour = (247, 248, 250)

Box = tuple[float, float, float, float]
# The built-in font (Aileron) has no dashes or minus sign; "·" and "…" are fine.
_NO_GLYPH = str.maketrans({"–": "-", "—": "-", "−": "-"})


class Pen:
    """Draws in logical pixels on a `width` x `height` picture; every coordinate and font size
    is multiplied by `scale`."""

    def __init__(self, scale: int, width: int, height: int,
                 font_file: Path | None = None) -> None:
        self.scale = scale
        self.font_file = font_file
        self.image = Image.new("RGB", (width * scale, height * scale), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self._fonts: dict[float, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}

    def font(self, size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if size not in self._fonts:
            self._fonts[size] = (
                ImageFont.load_default(size=size * self.scale) if self.font_file is None
                else ImageFont.truetype(str(self.font_file), size * self.scale))
        return self._fonts[size]

    def width(self, text: str, size: float) -> float:
        return self.draw.textlength(text.translate(_NO_GLYPH), font=self.font(size)) / self.scale

    def text(self, xy: tuple[float, float], text: str, size: float, fill: Colour,
             anchor: str = "la", max_width: float | None = None) -> float:
        """Write `text`, shrinking it (then cutting it with …) to fit `max_width`; returns width."""
        if max_width is not None:
            while size > 8 and self.width(text, size) > max_width:
                size -= 0.5
            while len(text) > 1 and self.width(text, size) > max_width:
                text = text[:-2].rstrip() + "…"
        s = self.scale
        self.draw.text((xy[0] * s, xy[1] * s), text.translate(_NO_GLYPH), font=self.font(size),
                       fill=fill, anchor=anchor)
        return self.width(text, size)

    def box(self, box: Box, fill: Colour, radius: float = 0, outline: Colour | None = None,
            corners: tuple[bool, bool, bool, bool] | None = None) -> None:
        s = self.scale
        x0, y0, x1, y1 = (round(v * s) for v in box)
        if x1 <= x0 or y1 <= y0:
            return
        radius = min(radius * s, (x1 - x0) / 2, (y1 - y0) / 2)
        self.draw.rounded_rectangle((x0, y0, x1 - 1, y1 - 1), radius=round(radius), fill=fill,
                                    outline=outline, width=s if outline else 0, corners=corners)

    def dot(self, centre: tuple[float, float], radius: float, fill: Colour) -> None:
        x, y = centre
        s = self.scale
        self.draw.ellipse(((x - radius) * s, (y - radius) * s, (x + radius) * s,
                           (y + radius) * s), fill=fill)

    def line(self, start: tuple[float, float], end: tuple[float, float], fill: Colour,
             width: float = 1, dash: float = 0) -> None:
        s = self.scale
        (x0, y0), (x1, y1) = start, end
        if not dash:
            self.draw.line((x0 * s, y0 * s, x1 * s, y1 * s), fill=fill, width=round(width * s))
            return
        x = x0  # dashes are only needed for horizontal lines
        while x < x1:
            self.draw.line((x * s, y0 * s, min(x + dash, x1) * s, y1 * s), fill=fill,
                           width=round(width * s))
            x += 2 * dash

    def card(self, box: Box) -> None:
        self.box(box, CARD, radius=10, outline=CARD_EDGE)
