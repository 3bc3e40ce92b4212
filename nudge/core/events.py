"""History events: what nudge offered and what the user answered, as stored documents.

Every nudge offered ends with exactly one outcome (done, snoozed, skipped or missed). Events are
append-only; each carries its UTC time and the local date and hour it happened at, so days and
weeks are grouped by the user's local calendar even after a time-zone change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from nudge.core.stored_time import parse_stored_time

SCHEMA_VERSION = 1


class EventKind(StrEnum):
    OFFERED = "offered"
    DONE = "done"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    MISSED = "missed"
    BREAK = "break"  # a natural break: the user got up (idle, locked, suspended)
    STRETCH = "stretch"  # a seated stretch that ended; `start` .. `at`
    PAUSE = "pause"  # nudges paused; `until` is None for "until resumed"
    RESUME = "resume"


OUTCOMES = frozenset({EventKind.DONE, EventKind.SNOOZED, EventKind.SKIPPED, EventKind.MISSED})


class BreakReason(StrEnum):
    IDLE = "idle"  # no input for `away_after`
    LOCKED = "locked"
    SUSPEND = "suspend"
    CLOCK_JUMP = "clock_jump"  # wall clock moved against the monotonic clock
    RISE = "rise"  # the user did a rise or hip-flexor break (ends a seated stretch only)

    @property
    def is_natural_break(self) -> bool:
        """True when the user really left the desk (counts as moving)."""
        return self in (BreakReason.IDLE, BreakReason.LOCKED, BreakReason.SUSPEND)


class Source(StrEnum):
    PROMPT = "prompt"  # answered a nudge
    MANUAL = "manual"  # `nudge log rise` or "I just did a rise" without a nudge


@dataclass(frozen=True)
class Event:
    """One history record. `at` is an aware datetime in the user's local zone at that moment."""

    kind: EventKind
    at: datetime
    nudge_id: str | None = None
    exercise: str | None = None
    reps: int | None = None
    source: Source | None = None
    start: datetime | None = None  # STRETCH / BREAK: when it began (aware, local)
    until: datetime | None = None  # PAUSE / SNOOZED: when it ends (aware, local)
    reason: str | None = None  # BREAK: a BreakReason; MISSED/PAUSE: free short code
    # OFFERED again after a snooze: the id the nudge first went out with, so it counts once.
    snoozed_from: str | None = None
    device: str | None = None  # filled in by the store when reading merged files
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("Event.at must be timezone-aware")

    @property
    def local_date(self) -> date:
        return self.at.date()

    def to_doc(self) -> dict[str, Any]:
        """The stored form: plain JSON types only, UTC time plus local date and offset."""
        doc: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "kind": self.kind.value,
            "at": _utc_iso(self.at),
            "local": self.at.isoformat(timespec="seconds"),
            "date": self.local_date.isoformat(),
        }
        optional: dict[str, Any] = {
            "nudge_id": self.nudge_id,
            "exercise": self.exercise,
            "reps": self.reps,
            "source": self.source.value if self.source else None,
            "start": self.start.isoformat(timespec="seconds") if self.start else None,
            "until": self.until.isoformat(timespec="seconds") if self.until else None,
            "reason": self.reason,
            "snoozed_from": self.snoozed_from,
        }
        doc.update({k: v for k, v in optional.items() if v is not None})
        doc.update(self.extra)
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any], device: str | None = None) -> Event:
        """Rebuild an event from its stored form; raises ValueError/KeyError/TypeError on a bad
        document (one whose times have no zone or fall outside what UTC can hold, too)."""
        known = {"v", "kind", "at", "local", "date", "nudge_id", "exercise", "reps", "source",
                 "start", "until", "reason", "snoozed_from"}
        return cls(
            kind=EventKind(doc["kind"]),
            at=parse_stored_time(doc["local"]),
            nudge_id=doc.get("nudge_id"),
            exercise=doc.get("exercise"),
            reps=int(doc["reps"]) if doc.get("reps") is not None else None,
            source=Source(doc["source"]) if doc.get("source") else None,
            start=parse_stored_time(doc["start"]) if doc.get("start") else None,
            until=parse_stored_time(doc["until"]) if doc.get("until") else None,
            reason=doc.get("reason"),
            snoozed_from=_text_or_none(doc.get("snoozed_from")),
            device=device,
            extra={k: v for k, v in doc.items() if k not in known},
        )


def _text_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"expected text, not {type(value).__name__}")


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
