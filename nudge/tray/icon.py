"""The tray icon and the application icon, drawn with Pillow as a pure function of the status.

The motif is a ring that fills clockwise from 12 o'clock as the seated stretch nears the next
nudge. Each look has its own silhouette, so it reads at 16 px before colour does:

    sitting    teal arc filling a dark teal ring (a nub at 12 o'clock when empty)
    due        full amber ring
    pending    full red ring with a centre dot
    snoozed    blue disc with a dark "z"
    paused     grey disc with a dark pause glyph
    away       light grey ring broken at the top (you got up)
    off hours  small, thin, mid-grey ring

Panels may be light or dark, so rings and discs are mid-to-light colours with a thin dark halo:
the fill carries the shape on a dark panel, the halo on a light one. Glyphs are dark ink on a
light disc, and the off-hours ring is a mid-grey that reads on either without a halo. That is
the `COLOUR` palette. A halo is one pixel, though, and on GNOME's black top bar the dark teal
track and the halo vanish into the bar: there the `LIGHT` palette draws the same shapes in
near-white and bright tints with no halo and glyphs cut out of the disc, as symbolic icons do;
`DARK` is its mirror for a light panel (`Palette`, chosen by `palette_for`).

Shapes are hard-edged masks drawn at `SUPERSAMPLE`× with whole-pixel radii and widths
(`nudge.tray.icon_shapes`), then downsampled with LANCZOS, so straight edges land on pixel
boundaries even at 16 px.
Pure and thread-agnostic. Which state to show is `nudge.tray.icon_state` (no Pillow); this
module draws it: for pystray at run time (on a state change), and for the Linux tray ahead of
time, as the strips `packaging/make_icons.py` writes to `nudge/tray/pixmaps/` (so the app does
not load Pillow there). Judge a change by eye on a contact sheet of every state, size and panel
colour: `packaging/make_icons.py --sheet PATH` (see `assets/icons/README.md`), and commit the
regenerated PNGs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from nudge.tray.icon_shapes import (
    SUPERSAMPLE,
    Ring,
    Shape,
    arcs,
    bars,
    blank,
    box,
    disc,
    whole,
    zed,
)
from nudge.tray.icon_state import (  # re-exported: the drawing's callers use them with it
    PROGRESS_STEPS,
    TRAY_SIZES,
    IconState,
    Look,
    Palette,
    all_states,
    icon_state,
    quantize,
)

__all__ = ["PROGRESS_STEPS", "TRAY_SIZES", "IconState", "Look", "Palette", "all_states",
           "app_icon", "draw_icon", "icon_state", "quantize"]

OFF_HOURS_SCALE = 0.7  # the off-hours ring shrinks, so it differs from an empty ring by shape

RGBA = tuple[int, int, int, int]
HALO: RGBA = (18, 18, 18, 235)
INK: RGBA = (24, 24, 24, 255)  # glyphs on a disc
CALM: RGBA = (38, 201, 160, 255)  # sitting: the part of the stretch already sat
TRACK: RGBA = (58, 114, 102, 255)  # sitting: the part still to come
DUE: RGBA = (255, 186, 20, 255)
ATTENTION: RGBA = (255, 106, 70, 255)
SNOOZE: RGBA = (132, 156, 255, 255)
PAUSE: RGBA = (140, 140, 140, 255)
AWAY: RGBA = (178, 178, 178, 255)
DIM: RGBA = (140, 140, 140, 255)  # off hours: mid-grey reads on any panel without a halo

CLEAR: RGBA = (0, 0, 0, 0)  # a glyph cut out of its disc: the panel shows through


@dataclass(frozen=True)
class _Colours:
    """One palette: a colour per part, and whether fills get the dark halo."""

    calm: RGBA  # sitting: the part of the stretch already sat
    track: RGBA  # sitting: the part still to come
    due: RGBA
    attention: RGBA
    snooze: RGBA
    pause: RGBA
    away: RGBA
    dim: RGBA  # off hours
    ink: RGBA  # glyphs on a disc
    halo: bool


COLOURS = {
    Palette.COLOUR: _Colours(CALM, TRACK, DUE, ATTENTION, SNOOZE, PAUSE, AWAY, DIM, INK, True),
    # Every part at least a mid-grey's luminance on black; the track dimmer than the sat part.
    Palette.LIGHT: _Colours(calm=(120, 255, 214, 255), track=(170, 170, 170, 255),
                            due=(255, 214, 64, 255), attention=(255, 140, 110, 255),
                            snooze=(178, 196, 255, 255), pause=(236, 236, 236, 255),
                            away=(214, 214, 214, 255), dim=(160, 160, 160, 255),
                            ink=CLEAR, halo=False),
    Palette.DARK: _Colours(calm=(0, 112, 88, 255), track=(128, 128, 128, 255),
                           due=(170, 96, 0, 255), attention=(196, 34, 16, 255),
                           snooze=(36, 66, 190, 255), pause=(56, 56, 56, 255),
                           away=(84, 84, 84, 255), dim=(120, 120, 120, 255),
                           ink=CLEAR, halo=False),
}


def draw_icon(state: IconState, size: int, palette: Palette = Palette.COLOUR) -> Image.Image:
    """The tray icon for `state` as a `size` × `size` RGBA image (crisp from 16 px up)."""
    ring = Ring.for_size(size, scale=OFF_HOURS_SCALE if state.look is Look.OFF_HOURS else 1)
    colours = COLOURS[palette]
    image = _paint(ring, _layers(state, ring, colours), colours.halo)
    return image.resize((size, size), Image.Resampling.LANCZOS)


@dataclass(frozen=True)
class _Layer:
    shape: Shape
    colour: RGBA
    halo: bool = True


def _layers(state: IconState, ring: Ring, c: _Colours) -> list[_Layer]:
    look, full = state.look, disc(ring, ring.outer)
    glyph_half = ring.centred(ring.outer * 0.43)
    if look is Look.SITTING:
        shown = max(state.progress, 1 / PROGRESS_STEPS)  # a nub at 12 o'clock: counting
        return [_Layer(arcs(ring, [(0, 1)]), c.track), _Layer(arcs(ring, [(0, shown)]), c.calm)]
    if look is Look.DUE:
        return [_Layer(arcs(ring, [(0, 1)]), c.due)]
    if look is Look.PENDING:
        dot = disc(ring, ring.centred((ring.inner - ring.halo) * 0.55))
        return [_Layer(arcs(ring, [(0, 1)]), c.attention), _Layer(dot, c.attention, halo=False)]
    if look is Look.SNOOZED:
        glyph = zed(ring, glyph_half, whole(glyph_half * 0.3))
        return [_Layer(full, c.snooze), _Layer(glyph, c.ink, halo=False)]
    if look is Look.PAUSED:
        return [_Layer(full, c.pause), _Layer(bars(ring, glyph_half), c.ink, halo=False)]
    if look is Look.AWAY:
        return [_Layer(arcs(ring, [(0.1, 0.9)]), c.away)]
    return [_Layer(arcs(ring, [(0, 1)]), c.dim, halo=False)]


def _paint(ring: Ring, layers: list[_Layer], halo: bool = True) -> Image.Image:
    """Every layer's halo first, then every fill, so no halo cuts across a fill."""
    canvas = Image.new("RGBA", (ring.canvas, ring.canvas), (0, 0, 0, 0))
    for layer in layers:
        if layer.halo and halo:
            canvas.paste(HALO, mask=layer.shape(ring.halo))
    for layer in layers:
        canvas.paste(layer.colour, mask=layer.shape(0))
    return canvas


# -- application icon --------------------------------------------------------------------------
APP_TOP: RGBA = (40, 74, 88, 255)  # background gradient, top to bottom
APP_BOTTOM: RGBA = (20, 38, 48, 255)
APP_TRACK: RGBA = (66, 98, 108, 255)
APP_ARROW: RGBA = (255, 255, 255, 255)
APP_PROGRESS = 0.75


def app_icon(size: int) -> Image.Image:
    """The application icon, `size` × `size` RGBA: the ring three quarters full around a rising
    arrow, on a rounded square. For the .desktop file and the hicolor theme."""
    canvas = size * SUPERSAMPLE
    margin = round(size / 32) * SUPERSAMPLE
    square = blank(canvas)
    ImageDraw.Draw(square).rounded_rectangle(
        (margin, margin, canvas - margin - 1, canvas - margin - 1),
        radius=round((canvas - 2 * margin) * 0.22), fill=255)
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    image.paste(_gradient(canvas, APP_TOP, APP_BOTTOM), mask=square)
    ring = Ring(canvas, outer=whole(canvas * 0.33), band=whole(canvas * 0.09, 2), halo=0)
    image.paste(APP_TRACK, mask=arcs(ring, [(0, 1)])(0))
    image.paste(CALM, mask=arcs(ring, [(0, APP_PROGRESS)])(0))
    image.paste(APP_ARROW, mask=_arrow(canvas, ring.inner))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _gradient(canvas: int, top: RGBA, bottom: RGBA) -> Image.Image:
    ramp = Image.linear_gradient("L").resize((canvas, canvas))
    return Image.composite(Image.new("RGBA", (canvas, canvas), bottom),
                           Image.new("RGBA", (canvas, canvas), top), ramp)


def _arrow(canvas: int, room: int) -> Image.Image:
    """An upward arrow (the rise) within a centred circle of radius `room`."""
    mask = blank(canvas)
    draw = ImageDraw.Draw(mask)
    stroke = whole(room * 0.26)
    # An odd-pixel stem centred on a pixel boundary would blur: move it half a pixel.
    c = canvas / 2 + (SUPERSAMPLE / 2 if stroke // SUPERSAMPLE % 2 else 0)
    half = room * 0.62
    top, head = c - half, half * 0.95
    draw.line([(c, top + stroke / 2), (c, c + half)], fill=255, width=stroke)
    tips = [(c - head, top + head), (c, top), (c + head, top + head)]
    draw.line(tips, fill=255, width=stroke, joint="curve")
    for x, y in (tips[0], tips[-1]):  # round the arrowhead's ends
        draw.ellipse(box(x + 0.5, y + 0.5, stroke / 2), fill=255)
    return mask
