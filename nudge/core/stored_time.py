"""Reading a time back from one of nudge's files: it must carry a zone and fit in UTC's range.

A time without a zone, or one like "0001-01-01T00:00:00+14:00" that parses but cannot be
converted to UTC, would raise later, wherever it is used (every tick, every summary); refused
here, the entry or file holding it counts as damaged instead.
"""

from __future__ import annotations

from datetime import UTC, datetime


def parse_stored_time(text: str) -> datetime:
    """The aware datetime in ISO text `text`; ValueError if it has no zone or is out of range."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no time zone")
    try:
        moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"time {text!r} is out of range") from error
    return moment
