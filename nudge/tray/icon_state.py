"""Which icon the tray shows for a status: a small value (`IconState`), no drawing.

Kept apart from the drawing (`nudge.tray.icon`, Pillow) so the long-running app can pick an
icon without loading Pillow: on Linux the StatusNotifier tray reads the pre-drawn pixmaps
(`nudge.tray.pixmap_files`) for the state instead. Which colours (`Palette`) is the config's
`[app] tray_icon` choice and the panel's kind (`palette_for`).

Any thread: pure (the tray UI picks a state on the engine thread with each status, and again when
its menu opens).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from nudge.core.status import Phase, Status

PROGRESS_STEPS = 24  # 15° steps: a 30-minute stretch redraws every 75 s
# The sizes the tray offers hosts (SNI IconPixmap carries all; pystray shows the largest).
TRAY_SIZES = (22, 32, 48)


class Palette(StrEnum):
    """The icon's colours: `COLOUR` reads on any panel (fills with a dark halo); `LIGHT` is
    near-white for dark panels that expect symbolic icons (GNOME's black top bar); `DARK` is
    its mirror for light panels."""

    COLOUR = "colour"
    LIGHT = "light"
    DARK = "dark"


def palette_for(choice: str, symbolic_dark_panel: bool) -> Palette:
    """The palette for the config's `tray_icon` `choice`: "auto" is `LIGHT` on a dark panel
    that expects symbolic icons (GNOME Shell's top bar), `COLOUR` everywhere else."""
    if choice == "auto":
        return Palette.LIGHT if symbolic_dark_panel else Palette.COLOUR
    return Palette(choice)


class Look(StrEnum):
    SITTING = "sitting"
    DUE = "due"
    PENDING = "pending"
    SNOOZED = "snoozed"
    PAUSED = "paused"
    AWAY = "away"
    OFF_HOURS = "off_hours"


_LOOK_OF_PHASE = {
    Phase.SITTING: Look.SITTING,
    Phase.STARTING: Look.SITTING,  # no activity sample yet: an empty stretch
    Phase.DUE: Look.DUE,
    Phase.DEFERRED: Look.DUE,  # due, held back until the user is free
    Phase.PENDING: Look.PENDING,
    Phase.SNOOZED: Look.SNOOZED,
    Phase.PAUSED: Look.PAUSED,
    Phase.AWAY: Look.AWAY,
    Phase.OFF_HOURS: Look.OFF_HOURS,
}


@dataclass(frozen=True)
class IconState:
    """What the icon shows; equal states draw identical icons."""

    look: Look
    progress: float = 0.0  # a multiple of 1/PROGRESS_STEPS; only SITTING has one


def icon_state(status: Status) -> IconState:
    """The icon for `status`, with progress in whole steps so it changes only when visible."""
    look = _LOOK_OF_PHASE[status.phase]
    if status.phase is not Phase.SITTING:
        return IconState(look)
    return IconState(look, quantize(status.progress))


def quantize(progress: float) -> float:
    """`progress` clamped to 0..1 and floored to a step, so the ring is full only when due."""
    clamped = min(max(progress, 0.0), 1.0)
    return math.floor(clamped * PROGRESS_STEPS + 1e-9) / PROGRESS_STEPS


def all_states() -> list[IconState]:
    """Every state `icon_state` can return, in a fixed order (the pre-drawn pixmaps' order)."""
    sitting = [IconState(Look.SITTING, step / PROGRESS_STEPS) for step in
               range(PROGRESS_STEPS + 1)]
    return sitting + [IconState(look) for look in Look if look is not Look.SITTING]
