"""The app's state in one value, and the status line every UI shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from nudge.core.decisions import NudgeOffer
from nudge.core.durations import format_minutes
from nudge.core.quiet_hours import QuietHour


class Phase(StrEnum):
    SITTING = "sitting"  # counting towards the next nudge
    DUE = "due"  # due, waiting for a pause in typing
    ON_SCREEN = "pending"  # a nudge is on screen, pending an answer ("pending" on the wire)
    PENDING = "pending"  # an alias of ON_SCREEN, the older name the UIs still use
    DEFERRED = "deferred"  # due, but held while the user must not be interrupted
    SNOOZED = "snoozed"
    PAUSED = "paused"
    AWAY = "away"
    OFF_HOURS = "off_hours"
    STARTING = "starting"  # no activity sample yet


@dataclass(frozen=True)
class Status:
    phase: Phase
    seated_seconds: float
    next_in_seconds: float | None  # until the next nudge would be due
    next_name: str | None  # e.g. "rise", "hip-flexor break"
    progress: float  # 0..1, how far the seated stretch is towards the next nudge
    offer: NudgeOffer | None = None
    paused_until: datetime | None = None
    done_today: int = 0
    held_by: str | None = None  # DEFERRED: why (e.g. "a fullscreen window")
    next_work_start: datetime | None = None  # OFF_HOURS: when nudges can next begin
    spaced_after: str | None = None  # SITTING: the next nudge is spaced out after "2 skips"
    quiet_hour: QuietHour | None = None  # a learned quiet hour to offer as a pause (#20)

    def line(self) -> str:
        """One short line, e.g. `Seated 23 min · next rise in 7 min`."""
        seated = f"Seated {format_minutes(self.seated_seconds)}"
        if self.phase is Phase.ON_SCREEN and self.offer is not None:
            return f"Time for: {self.offer.title}"
        if self.phase is Phase.DEFERRED:
            return f"{seated} · {self.next_name or 'nudge'} held: {self.held_by or 'busy'}"
        if self.phase is Phase.DUE:
            return f"{seated} · {self.next_name or 'nudge'} at your next pause"
        if self.phase is Phase.SNOOZED and self.next_in_seconds is not None:
            return f"Snoozed · back in {format_minutes(self.next_in_seconds)}"
        if self.phase is Phase.PAUSED:
            if self.paused_until is None:
                return "Paused until you resume"
            return f"Paused until {self.paused_until:%H:%M}"
        if self.phase is Phase.AWAY:
            return "Away from the desk"
        if self.phase is Phase.OFF_HOURS:
            if self.next_work_start is None:
                return "Outside work hours · no work hours are set"
            return f"Outside work hours · next nudges from {self.next_work_start:%a %H:%M}"
        if self.phase is Phase.STARTING:
            return "Starting…"
        if self.next_in_seconds is None:
            return seated
        upcoming = self.next_name or "nudge"
        line = f"{seated} · next {upcoming} in {format_minutes(self.next_in_seconds)}"
        return f"{line} — spaced out after {self.spaced_after}" if self.spaced_after else line
