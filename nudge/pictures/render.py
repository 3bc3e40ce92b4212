"""Draw a picture's frames: the figure, the chair and the floor, the working muscle in the
accent colour, and amber arrows for the movement; a light and a dark theme.

Each frame is 100 × 100 logical units (see nudge/pictures/figure.py), drawn at `SUPERSAMPLE`×
the target size and downsampled with LANCZOS like the tray icons, so it is crisp at 64 px and
at 512 px. A picture is one strip: its frames left to right, start → movement → end, each with
its number in the corner. Build time only; pure, no thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from PIL import Image, ImageChops, ImageDraw, ImageFont

from nudge.pictures.figure import (
    ARM_W,
    FLOOR,
    FRONT_TORSO_W,
    HEAD_R,
    LEG_W,
    TORSO_W,
    Body,
    Chain,
    Point,
    Pose,
    add,
    lerp,
    scale,
    solve,
    sub,
    toward,
)

SUPERSAMPLE = 4
UNITS = 100.0
Colour = tuple[int, int, int]

# The chair, side view, facing +x: `Chair(x)` has its seat's front edge at x.
SEAT_TOP = FLOOR - 20.0
SEAT_DEPTH, SEAT_THICK = 21.0, 3.5
BACK_HEIGHT, CHAIR_LEG = 27.0, 3.0
SIT_HIP_UP = 4.5  # a seated hip joint this far above the seat


class Theme(StrEnum):
    LIGHT = "light"  # dark figure on a light card
    DARK = "dark"  # light figure on a dark card


@dataclass(frozen=True)
class Palette:
    background: Colour
    ink: Colour  # the figure
    far: Colour  # the limbs on the far side
    furniture: Colour  # chair and floor
    accent: Colour  # the working muscle: the app's teal
    arrow: Colour  # the movement: the app's amber
    label: Colour  # frame numbers and short labels


PALETTES = {
    # Teal and amber from the tray icon (nudge/tray/icon.py) and the charts
    # (nudge/charts/pen.py); each a shade that holds its contrast on its background.
    Theme.LIGHT: Palette(background=(247, 249, 250), ink=(30, 41, 51), far=(138, 150, 162),
                         furniture=(176, 186, 196), accent=(22, 160, 124),
                         arrow=(222, 135, 30), label=(104, 117, 130)),
    Theme.DARK: Palette(background=(30, 41, 51), ink=(232, 237, 241), far=(133, 147, 160),
                        furniture=(92, 108, 122), accent=(38, 201, 160),
                        arrow=(255, 186, 20), label=(150, 163, 175)),
}


@dataclass(frozen=True)
class Chair:
    x: float  # the seat's front edge


def seated_hip(chair: Chair, back_from_edge: float) -> Point:
    """Where the hip joint is when sitting `back_from_edge` units behind the seat's edge."""
    return (chair.x - back_from_edge, SEAT_TOP - SIT_HIP_UP)


@dataclass(frozen=True)
class Arrow:
    """The path of a movement; the head is at the last point."""

    points: tuple[Point, ...]


def straight(start: Point, end: Point) -> Arrow:
    return Arrow((start, end))


def curved(centre: Point, radius: float, start: float, end: float) -> Arrow:
    """An arc around `centre` from angle `start` to `end` (figure.py's angles)."""
    steps = max(4, int(abs(end - start) / 6))
    return Arrow(tuple(add(centre, toward(start + (end - start) * i / steps, radius))
                       for i in range(steps + 1)))


@dataclass(frozen=True)
class Frame:
    pose: Pose
    chair: Chair | None = None
    arrows: tuple[Arrow, ...] = ()
    glute: bool = False  # the near-side glute (side view) or the near hip's side (front view)
    flexor: str | None = None  # "near" or "far": the front of that hip, stretched
    labels: tuple[tuple[Point, str], ...] = ()
    extra: tuple[Point, ...] = field(default=())  # squeeze marks around this point


def draw_strip(frames: tuple[Frame, ...], theme: Theme, size: int) -> Image.Image:
    """The frames side by side, each `size` px square, as one RGB image."""
    strip = Image.new("RGB", (size * len(frames), size))
    for index, frame in enumerate(frames):
        divider = index < len(frames) - 1  # between frames only: none at the strip's edge
        strip.paste(draw_frame(frame, theme, size, index + 1, divider), (index * size, 0))
    return strip


def draw_frame(frame: Frame, theme: Theme, size: int, number: int = 0,
               divider: bool = False) -> Image.Image:
    return _render(frame, theme, size * SUPERSAMPLE, number, divider=divider).resize(
        (size, size), Image.Resampling.LANCZOS)


def draw_key(frame: Frame, theme: Theme, size: int) -> Image.Image:
    """One frame alone, cropped square to the figure, its chair and arrows (plus the floor
    under them) so they fill the picture: a daemon draws it at 32–64 px, where the empty
    margins of a strip frame would shrink the figure to a few pixels."""
    px = size * SUPERSAMPLE
    k = px / UNITS
    left, top, right, bottom = _content_box(frame, theme, px)
    bottom = max(bottom, (FLOOR + 3.0) * k)  # keep the floor line under the feet
    side = min(px, max(right - left, bottom - top) + KEY_MARGIN * 2 * k)
    x0 = min(max(0.0, (left + right - side) / 2), px - side)
    y0 = min(max(0.0, bottom + KEY_MARGIN * k - side), px - side)
    box = (round(x0), round(y0), round(x0 + side), round(y0 + side))
    return _render(frame, theme, px).crop(box).resize((size, size), Image.Resampling.LANCZOS)


KEY_MARGIN = 4.0  # units of empty card around a key frame's content


def _content_box(frame: Frame, theme: Theme, px: int) -> tuple[float, float, float, float]:
    drawn = _render(frame, theme, px, floor=False)
    blank = Image.new("RGB", drawn.size, PALETTES[theme].background)
    box = ImageChops.difference(drawn, blank).getbbox() or (0, 0, px, px)
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _render(frame: Frame, theme: Theme, px: int, number: int = 0, floor: bool = True,
            divider: bool = False) -> Image.Image:
    palette = PALETTES[theme]
    pen = _Pen(px, palette)
    pen.draw.rectangle((0, 0, pen.px - 1, pen.px - 1), fill=palette.background)
    if number:
        pen.text((6.5, 9.0), str(number), 9.0, palette.label)
    if divider:  # on the right edge, where the next frame begins
        pen.line([(99.6, 4.0), (99.6, 96.0)], 0.8, palette.furniture)
    if floor:
        pen.line([(4.0, FLOOR + 0.9), (96.0, FLOOR + 0.9)], 1.8, palette.furniture, cap=False)
    if frame.chair is not None:
        _chair(pen, frame.chair, palette.furniture)
    body = solve(frame.pose)
    if body.pose.front:
        _front(pen, body, frame, palette)
    else:
        _side(pen, body, frame, palette)
    for centre in frame.extra:
        _squeeze_marks(pen, centre, palette.arrow)
    for arrow in frame.arrows:
        _arrow(pen, arrow, palette.arrow)
    for at, text in frame.labels:
        pen.text(at, text, 8.5, palette.arrow)
    return pen.image


class _Pen:
    def __init__(self, px: int, palette: Palette) -> None:
        self.px = px
        self.k = px / UNITS
        self.image = Image.new("RGB", (px, px), palette.background)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, p: Point) -> tuple[float, float]:
        return (p[0] * self.k, p[1] * self.k)

    def line(self, points: list[Point], width: float, colour: Colour, cap: bool = True) -> None:
        self.draw.line([self._xy(p) for p in points], fill=colour,
                       width=max(1, round(width * self.k)), joint="curve")
        if cap:
            for p in (points[0], points[-1]):
                self.disc(p, width / 2, colour)

    def disc(self, centre: Point, radius: float, colour: Colour) -> None:
        x, y = self._xy(centre)
        r = radius * self.k
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def polygon(self, points: list[Point], colour: Colour) -> None:
        self.draw.polygon([self._xy(p) for p in points], fill=colour)

    def text(self, at: Point, text: str, height: float, colour: Colour) -> None:
        font = ImageFont.load_default(size=max(1, round(height * self.k)))
        self.draw.text(self._xy(at), text, fill=colour, font=font, anchor="mm")


def _limb(pen: _Pen, chain: Chain, width: float, colour: Colour) -> None:
    pen.line([chain.root, chain.middle, chain.end], width, colour)
    pen.disc(chain.middle, width / 2, colour)
    if chain.heel is not None and chain.toe is not None:
        pen.line([chain.heel, chain.toe], width * 0.8, colour)


def _side(pen: _Pen, body: Body, frame: Frame, palette: Palette) -> None:
    _limb(pen, body.far_arm, ARM_W, palette.far)
    _limb(pen, body.far_leg, LEG_W, palette.far)
    if frame.flexor == "far":
        _flexor(pen, body, body.far_leg, palette.accent)
    pen.line([body.hip, body.shoulder], TORSO_W, palette.ink)
    _limb(pen, body.near_leg, LEG_W, palette.ink)
    if frame.flexor == "near":
        _flexor(pen, body, body.near_leg, palette.accent)
    if frame.glute:
        pen.disc(add(body.hip, scale(body.back, 1.4)), TORSO_W * 0.55, palette.accent)
    _limb(pen, body.near_arm, ARM_W, palette.ink)
    pen.disc(body.head, HEAD_R, palette.ink)


def _front(pen: _Pen, body: Body, frame: Frame, palette: Palette) -> None:
    for leg in (body.far_leg, body.near_leg):
        _limb(pen, leg, LEG_W, palette.ink)
    pen.line([body.hip, body.shoulder], FRONT_TORSO_W, palette.ink)
    for arm in (body.far_arm, body.near_arm):
        _limb(pen, arm, ARM_W, palette.ink)
    if frame.glute:  # the side of the hip that lifts the leg out, over a hand resting on it
        out = sub(body.near_leg.root, body.hip)
        length = math.hypot(*out) or 1.0
        pen.disc(add(body.near_leg.root, scale(out, 3.2 / length)), 4.6, palette.accent)
    pen.disc(body.head, HEAD_R, palette.ink)


def _flexor(pen: _Pen, body: Body, leg: Chain, accent: Colour) -> None:
    """The front of the hip and the top of the thigh: where a hip-flexor stretch is felt."""
    pen.line([leg.root, lerp(leg.root, leg.middle, 0.6)], LEG_W, accent)
    front = scale(body.back, -1)
    pen.disc(add(body.hip, add(scale(front, 2.0), toward(body.pose.torso, 2.5))), 3.6, accent)


def _chair(pen: _Pen, chair: Chair, colour: Colour) -> None:
    front, rear = chair.x, chair.x - SEAT_DEPTH
    seat_bottom = SEAT_TOP + SEAT_THICK
    pen.polygon([(rear, SEAT_TOP), (front, SEAT_TOP), (front, seat_bottom),
                 (rear, seat_bottom)], colour)
    for x in (front - CHAIR_LEG, rear):
        pen.polygon([(x, seat_bottom), (x + CHAIR_LEG, seat_bottom), (x + CHAIR_LEG, FLOOR),
                     (x, FLOOR)], colour)
    top = SEAT_TOP - BACK_HEIGHT
    pen.polygon([(rear, SEAT_TOP), (rear + CHAIR_LEG, SEAT_TOP), (rear + CHAIR_LEG - 2.0, top),
                 (rear - 2.0, top)], colour)


def chair_back_top(chair: Chair) -> Point:
    """The top of the chair's backrest, where a hand can rest."""
    return (chair.x - SEAT_DEPTH - 0.5, SEAT_TOP - BACK_HEIGHT)


ARROW_W = 2.2  # the shaft's stroke width
ARROW_HEAD_LEN, ARROW_HEAD_HALF = 5.2, 3.6


def arrow_shape(arrow: Arrow) -> tuple[list[Point], list[Point]]:
    """The shaft's path (stroked `ARROW_W` wide) and the head's triangle."""
    points = list(arrow.points)
    tip, before = points[-1], points[-2]
    d = sub(tip, before)
    length = math.hypot(*d) or 1.0
    u = scale(d, 1 / length)
    n = (-u[1], u[0])
    base = sub(tip, scale(u, ARROW_HEAD_LEN))
    head = [tip, add(base, scale(n, ARROW_HEAD_HALF)), add(base, scale(n, -ARROW_HEAD_HALF))]
    return [*points[:-1], lerp(base, tip, 0.2)], head


def _arrow(pen: _Pen, arrow: Arrow, colour: Colour) -> None:
    shaft, head = arrow_shape(arrow)
    pen.line(shaft, ARROW_W, colour)
    pen.polygon(head, colour)


def _squeeze_marks(pen: _Pen, centre: Point, colour: Colour) -> None:
    """Three short strokes pointing at `centre`: "squeeze here"."""
    for angle in (-150.0, -90.0, -30.0):
        pen.line([add(centre, toward(angle, 8.5)), add(centre, toward(angle, 12.5))], 1.8,
                 colour)
