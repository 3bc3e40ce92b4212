"""Learned quiet hours: weekday hours in which the user turns nudges away, as pause suggestions.

Pure, no thread of its own: history, the schedule and the hours the user dismissed come in, the
suggestions go out. Issue #20: when, over the last four weeks, at least `MIN_NUDGES` nudges fell
in the same weekday hour and at least `TURNED_AWAY_PERCENT` % of them were skipped or missed, nudge
suggests (once, in the tray menu; never in a popup) to add that hour as a recurring pause.
Nothing changes until the user accepts; a dismissed hour is never suggested again, and an hour
that a scheduled pause already touches never is.

A nudge counts once, at the hour it was first shown, with the outcome it finally got (a snooze
is followed to the nudge it came back as). A nudge left open by a restart does not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nudge.core.events import Event, EventKind
from nudge.core.i18n import N_, _, ngettext
from nudge.core.settings import WEEKDAYS, Schedule

LOOK_BACK_DAYS = 28
MIN_NUDGES = 5
TURNED_AWAY_PERCENT = 80  # whole numbers: exactly 4 of 5 is 80 %, with no rounding doubt
# Translators: every Monday, every Tuesday, …: "Pause Tuesdays 14:00-15:00?"
DAY_NAMES = (N_("Mondays"), N_("Tuesdays"), N_("Wednesdays"), N_("Thursdays"), N_("Fridays"),
             N_("Saturdays"), N_("Sundays"))


@dataclass(frozen=True, order=True)
class QuietHour:
    """A weekday hour (weekday 0 = Monday, hour 0..23) and what happened to nudges in it."""

    weekday: int
    hour: int
    nudges: int = 0
    turned_away: int = 0

    @property
    def key(self) -> str:
        """A stable name for remembering a dismissal, e.g. `tue-14`."""
        return f"{WEEKDAYS[self.weekday]}-{self.hour:02d}"

    @property
    def hours_text(self) -> str:
        """`14:00-15:00` (`23:00-24:00` at the end of the day), as [[schedule.pauses]] takes."""
        return f"{self.hour:02d}:00-{self.hour + 1:02d}:00"

    @property
    def when(self) -> str:
        """`Tuesdays 14:00-15:00`, in the user's language."""
        # Translators: {days} is "Tuesdays" above; {hours} is "14:00-15:00".
        return _("{days} {hours}").format(days=_(DAY_NAMES[self.weekday]),
                                          hours=self.hours_text)

    @property
    def label(self) -> str:
        """`Pause Tuesdays 14:00-15:00? (9 of 10 nudges skipped or missed)`."""
        # Translators: {when} is "Tuesdays 14:00-15:00"; {away} of {n} counts nudges.
        return ngettext("Pause {when}? ({away} of {n} nudge skipped or missed)",
                        "Pause {when}? ({away} of {n} nudges skipped or missed)",
                        self.nudges).format(when=self.when, away=self.turned_away, n=self.nudges)

    @property
    def question(self) -> str:
        """`Mondays 14:00 are often skipped — pause them?`, the tray menu's warm words."""
        # Translators: {days} is "Mondays" above; {time} is a clock time, "14:00".
        return _("{days} {time} are often skipped — pause them?").format(
            days=_(DAY_NAMES[self.weekday]), time=f"{self.hour:02d}:00")

    @classmethod
    def from_key(cls, key: str) -> QuietHour | None:
        """The hour a `key` (`tue-14`) names, or None when it names none."""
        day, _, hour = key.partition("-")
        if day not in WEEKDAYS or len(hour) != 2 or not hour.isdigit() or int(hour) > 23:
            return None
        return cls(WEEKDAYS.index(day), int(hour))


def suggest_quiet_hours(events: Iterable[Event], today: date, schedule: Schedule,
                        dismissed: frozenset[str] = frozenset()) -> list[QuietHour]:
    """The weekday hours to suggest as pauses, most turned-away first."""
    first_day = today - timedelta(days=LOOK_BACK_DAYS)
    shown: dict[str, datetime] = {}  # the first id of each nudge -> when it was first shown
    latest: dict[str, str] = {}  # the first id -> the id it was last shown under
    outcome: dict[str, Event] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.nudge_id is None:
            continue
        if event.kind is EventKind.OFFERED:
            root = event.snoozed_from or event.nudge_id
            if root == event.nudge_id:
                shown[root] = event.at
            latest[root] = event.nudge_id
        elif event.kind in (EventKind.DONE, EventKind.SKIPPED, EventKind.MISSED):
            outcome[event.nudge_id] = event
    tally: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for root, at in shown.items():
        end = outcome.get(latest[root])
        if not first_day <= at.date() < today or end is None or end.reason == "restart":
            continue
        counts = tally[(at.weekday(), at.hour)]
        counts[0] += 1
        counts[1] += end.kind in (EventKind.SKIPPED, EventKind.MISSED)
    found = [QuietHour(weekday, hour, nudges, away)
             for (weekday, hour), (nudges, away) in tally.items()
             if nudges >= MIN_NUDGES and away * 100 >= TURNED_AWAY_PERCENT * nudges]
    return sorted((q for q in found if q.key not in dismissed and not _paused(schedule, q)),
                  key=lambda q: (-q.turned_away / q.nudges, -q.nudges, q.weekday, q.hour))


def _paused(schedule: Schedule, quiet: QuietHour) -> bool:
    """True when a scheduled pause covers any part of the hour."""
    start, end = quiet.hour * 60, quiet.hour * 60 + 60
    for pause in schedule.scheduled_pauses:
        if pause.weekday != quiet.weekday:
            continue
        low = pause.hours.start.hour * 60 + pause.hours.start.minute
        high = 24 * 60 if pause.hours.end is None \
            else pause.hours.end.hour * 60 + pause.hours.end.minute
        if low < end and start < high:
            return True
    return False
