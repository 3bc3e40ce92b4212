"""User pauses: how long a pause lasts and what "until tomorrow" means."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from nudge.core.durations import (
    DurationError,
    DurationRepeatsUnit,
    DurationTooLong,
    parse_duration,
)
from nudge.core.i18n import _

LONGEST_PAUSE_S = 30 * 24 * 3600  # a timed pause of up to 30 days (720h); longer: until-resumed


@dataclass(frozen=True)
class Pause:
    """Nudges are paused from `since` until `until` (aware local), or until resumed if None."""

    since: datetime
    until: datetime | None

    def active(self, now: datetime) -> bool:
        return self.until is None or now.timestamp() < self.until.timestamp()


def start_of_tomorrow(now: datetime) -> datetime:
    """Local midnight after `now`, correct across DST changes for zoneinfo zones."""
    tomorrow = (now + timedelta(days=1)).date()
    midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=now.tzinfo)
    return midnight


UNTIL_TOMORROW, UNTIL_RESUMED = "until-tomorrow", "until-resumed"  # the two open-ended pauses


def pause_until(spec: str, now: datetime) -> datetime | None:
    """Turn `30m`, `2h`, `until-tomorrow` or `until-resumed` into the pause's end time.

    Raises DurationError with a message listing the accepted forms.
    """
    cleaned = spec.strip().lower()
    open_ended = "-".join(cleaned.replace("_", " ").split())  # "until tomorrow" as typed too
    if open_ended in (UNTIL_TOMORROW, "tomorrow"):
        return start_of_tomorrow(now)
    if open_ended in (UNTIL_RESUMED, "indefinitely", "forever"):
        return None
    if not cleaned:
        # Translators: 30m, 1h, 1h30m, h, m, s, until-tomorrow and until-resumed are typed as
        # they are.
        raise DurationError(_("a pause needs a length; write it like 30m, 1h, 1h30m (h, m, s "
                              "units), or until-tomorrow, or until-resumed"))
    if cleaned.startswith("-"):
        raise DurationError(_not_positive(spec))
    try:
        seconds = parse_duration(cleaned)
    except DurationTooLong:
        seconds = float("inf")
    except DurationRepeatsUnit:
        raise
    except DurationError:
        # Translators: {spec} is what was typed, quoted; 30m, 1h, 1h30m, h, m, s,
        # until-tomorrow and until-resumed are typed as they are.
        raise DurationError(_("{spec} is not a pause length; write it like 30m, 1h, 1h30m "
                              "(h, m, s units), or until-tomorrow, or until-resumed").format(
                                  spec=_shown(spec))) from None
    if seconds <= 0:
        raise DurationError(_not_positive(spec))
    if seconds > LONGEST_PAUSE_S:
        raise DurationError(_("{spec} is too long for a timed pause (at most 720h, 30 days); "
                              "to pause for longer, use until-resumed").format(
                                  spec=_shown(spec)))
    try:
        return now + timedelta(seconds=seconds)
    except OverflowError:  # only with a clock set near the year 9999
        raise DurationError(_("{spec} would end after the year 9999; use until-resumed").format(
            spec=_shown(spec))) from None


def _not_positive(spec: str) -> str:
    """A pause of no length or less (`0m`, `-5m`): one rule, one message."""
    # Translators: {spec} is what was typed, quoted; 30m, 1h, 1h30m, until-tomorrow and
    # until-resumed are typed as they are.
    return _("{spec}: a pause must last more than zero; write it like 30m, 1h, 1h30m, or "
             "until-tomorrow, or until-resumed").format(spec=_shown(spec))


def _shown(spec: str) -> str:
    # A pasted wall of digits stays one readable line.
    shown = repr(spec)
    return shown if len(shown) <= 40 else f"{shown[:20]}…{shown[-20:]}"
