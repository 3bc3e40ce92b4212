"""One reading of the user's activity, as the edge adapters report it to the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class Moment:
    """A point in time seen through both clocks.

    `mono` (seconds, monotonic) measures durations; it stops during suspend on Linux and macOS.
    `wall` (aware, in the user's local zone) places the moment on the calendar.
    """

    mono: float
    wall: datetime

    def __post_init__(self) -> None:
        if self.wall.tzinfo is None:
            raise ValueError("Moment.wall must be timezone-aware")

    def seconds_until(self, wall: datetime) -> float:
        """Real seconds from this moment to `wall` (safe across DST, unlike `wall - self.wall`)."""
        return wall.timestamp() - self.wall.timestamp()

    def wall_at(self, mono: float) -> datetime:
        """The wall time of another monotonic instant, assuming no jump in between."""
        # In UTC: adding to a zoneinfo datetime is naive wall arithmetic and ignores DST.
        shifted = self.wall.astimezone(UTC) + timedelta(seconds=mono - self.mono)
        return shifted.astimezone(self.wall.tzinfo)


@dataclass(frozen=True)
class ActivitySample:
    """What the idle, lock and inhibit sources said at one moment."""

    at: Moment
    idle_seconds: float  # since the last keyboard or pointer input
    locked: bool = False  # screen locked
    inhibited: bool = False  # an idle inhibitor is active (video, call): idle still means seated
    resumed: bool = False  # the OS reported a resume from suspend since the previous sample
    interruption: str | None = None  # why the user must not be interrupted now (a call, …)
