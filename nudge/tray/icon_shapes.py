"""The tray icon's shapes: hard-edged masks on a supersampled canvas, for `nudge.tray.icon`.

Each shape is drawn at `SUPERSAMPLE`× with whole-pixel radii and widths (`Ring`, `whole`), then
`nudge.tray.icon` downsamples it with LANCZOS, so straight edges land on pixel boundaries even at
16 px; `nudge.tray.icon` gives each its colour and halo. Pure and thread-agnostic.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

SUPERSAMPLE = 4

# A shape as a function of how far it is grown outwards (supersampled pixels) to a hard-edged
# "L" mask. A halo is the same shape grown by the halo width, so it follows every edge exactly.
Shape = Callable[[int], Image.Image]


@dataclass(frozen=True)
class Ring:
    """Ring geometry, in supersampled pixels, always whole target pixels."""

    canvas: int
    outer: int  # outer radius of the coloured band
    band: int  # width of the coloured band
    halo: int

    @classmethod
    def for_size(cls, size: int, scale: float = 1) -> Ring:
        halo = max(1, round(size / 32))
        band = max(2, round(size * 0.14))
        margin = 0 if size <= 24 else round(size / 32)  # small panels need every pixel
        odd = size % 2 / 2  # an odd size centres on a pixel: radii end in a half pixel
        outer = size / 2 - margin - halo
        if scale != 1:
            band, outer = max(2, round(band * scale)), round(outer * scale - odd) + odd
        k = SUPERSAMPLE
        return cls(canvas=size * k, outer=round(outer * k), band=band * k, halo=halo * k)

    @property
    def centre(self) -> float:
        return self.canvas / 2

    @property
    def inner(self) -> int:
        return self.outer - self.band

    def centred(self, length: float) -> int:
        """Half of a centred glyph's side: whole pixels, plus half a pixel on an odd size,
        so the glyph's edges land on pixel boundaries."""
        return whole(length) + (self.canvas // SUPERSAMPLE % 2) * SUPERSAMPLE // 2


def whole(length: float, least: int = 1) -> int:
    """A supersampled `length` rounded to whole target pixels, at least `least` of them."""
    return max(least, round(length / SUPERSAMPLE)) * SUPERSAMPLE


def blank(canvas: int) -> Image.Image:
    return Image.new("L", (canvas, canvas), 0)


def box(x: float, y: float, radius: float) -> tuple[float, float, float, float]:
    # Pillow boxes are inclusive: a disc covering pixels [c-r, c+r) ends at c+r-1.
    return (x - radius, y - radius, x + radius - 1, y + radius - 1)


def disc(ring: Ring, radius: int) -> Shape:
    def shape(grow: int) -> Image.Image:
        mask = blank(ring.canvas)
        if radius + grow > 0:
            ImageDraw.Draw(mask).ellipse(box(ring.centre, ring.centre, radius + grow), 255)
        return mask
    return shape


def arcs(ring: Ring, spans: list[tuple[float, float]]) -> Shape:
    """The ring cut to `spans`, in turns clockwise from 12 o'clock."""
    def shape(grow: int) -> Image.Image:
        wedges = blank(ring.canvas)
        draw = ImageDraw.Draw(wedges)
        pad = math.degrees(grow / (ring.outer - ring.band / 2))  # grow the ends along the ring
        for start, end in spans:
            if end - start >= 1:
                draw.rectangle((0, 0, ring.canvas, ring.canvas), fill=255)
            else:  # Pillow's angles run clockwise from 3 o'clock
                draw.pieslice(box(ring.centre, ring.centre, ring.canvas),
                              start * 360 - 90 - pad, end * 360 - 90 + pad, fill=255)
        hole = ImageChops.invert(disc(ring, ring.inner - grow)(0))
        return ImageChops.multiply(ImageChops.multiply(wedges, disc(ring, ring.outer)(grow)),
                                   hole)
    return shape


def bars(ring: Ring, half: int) -> Shape:
    """The pause glyph: two upright bars filling a centred square of side 2 × `half`."""
    gap = whole(2 * half / 3)
    if (2 * half - gap) // SUPERSAMPLE % 2:  # keep bar, gap, bar whole pixels
        gap = max(SUPERSAMPLE, gap - SUPERSAMPLE)
    bar = (2 * half - gap) // 2

    def shape(grow: int) -> Image.Image:
        mask = blank(ring.canvas)
        c = ring.centre
        for left in (c - half, c + gap / 2):
            ImageDraw.Draw(mask).rectangle(
                (left - grow, c - half - grow, left + bar + grow - 1, c + half + grow - 1), 255)
        return mask
    return shape


def zed(ring: Ring, half: int, stroke: int) -> Shape:
    """A "z" filling a centred square of side 2 × `half`."""
    def shape(grow: int) -> Image.Image:
        mask = blank(ring.canvas)
        c, inset = ring.centre, stroke / 2
        left, right = c - half, c + half - 1
        top, bottom = c - half + inset, c + half - inset - 1
        points = [(left, top), (right, top), (left, bottom), (right, bottom)]
        draw = ImageDraw.Draw(mask)
        draw.line(points, fill=255, width=stroke + 2 * grow, joint="curve")
        if grow:  # round the halo's ends so it wraps them too
            for x, y in (points[0], points[-1]):
                draw.ellipse(box(x + 0.5, y + 0.5, stroke / 2 + grow), fill=255)
        return mask
    return shape
