"""The tray icon as the StatusNotifierItem `IconPixmap` value (ARGB32 per size).

The icon goes as `IconPixmap` (ARGB data in the message), read from the pre-drawn strips in
`nudge/tray/pixmap_files.py`, so this process never loads Pillow. Not `IconThemePath` +
`IconName` (PNG files the host loads): the freedesktop spec defines only the name and pixmap
properties, and `IconThemePath` is a KDE/libappindicator extension that hosts read differently:
Plasma honours it only for a path ending in `<app>/icons` with a theme layout below (its own
source says "FIXME: If last part of path is not "icons", this won't work!"), and hosts cache
icons by name, which an icon that changes every 75 s would defeat. Every host draws pixmaps.
Only an install without the strips draws the icon with Pillow, and says so in the log.

Any thread: `SniTray` calls it under its lock on whichever thread changes the icon (the engine
thread for a new status).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from nudge.tray.backend import TrayIcon
from nudge.tray.icon_state import TRAY_SIZES, IconState, Palette
from nudge.tray.pixmap_files import StripError, tray_pixmaps

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


def icon_pixmaps(icon: TrayIcon, palette: Palette = Palette.COLOUR
                 ) -> tuple[tuple[int, int, bytes], ...]:
    """The IconPixmap value for `icon` (a state drawn in `palette`). A state comes from the
    pre-drawn strips, so Pillow is never loaded; only if they are missing (an install without
    them) is it drawn."""
    if not isinstance(icon, IconState):
        return tuple((w, h, data) for w, h, data in pixmaps(icon))
    try:
        return tray_pixmaps(icon, palette=palette)
    except StripError as error:
        log.warning("drawing the tray icon with Pillow: %s", error)
    from nudge.tray.icon import draw_icon

    return tuple((w, h, data) for w, h, data in pixmaps(
        {size: draw_icon(icon, size, palette) for size in TRAY_SIZES}))


def pixmaps(icon: dict[int, Image.Image] | Image.Image) -> list[list[Any]]:
    """SNI IconPixmap: `[width, height, ARGB32 bytes in network byte order]` per size."""
    from PIL import Image

    images = [icon[size] for size in sorted(icon)] if isinstance(icon, dict) else [icon]
    result = []
    for image in images:
        rgba = image.convert("RGBA")
        red, green, blue, alpha = rgba.split()
        # Pillow has no RGBA->ARGB packer; reorder the bands instead.
        argb = Image.merge("RGBA", (alpha, red, green, blue)).tobytes()
        result.append([rgba.width, rgba.height, argb])
    return result
