"""What the engine reads back and reports: the recent history (at start; the rules that rebuild
today's counts from it are in `nudge.core.restore`), a status as plain data for the control
channel (`nudge status --json`), and the words of the replies to an answer or a logged rise.

Pure functions of their arguments except `recent_history`, which reads the store. They run on
the engine thread like the engine itself.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING

from nudge.app.commands import Reply
from nudge.app.ports import EventStore
from nudge.core.decisions import Answer, Decision, Record
from nudge.core.events import OUTCOMES, Event, EventKind
from nudge.core.status import Status, today_data, today_line
from nudge.i18n import _

if TYPE_CHECKING:
    from nudge.core.catalogue import Catalogue

log = logging.getLogger(__name__)
STREAK_DAYS = 70  # how far back history is read for the streak


def recent_history(store: EventStore, today: date) -> list[Event]:
    """The last `STREAK_DAYS` days of events; none (and a warning) if they cannot be read."""
    try:
        return store.events_between(today - timedelta(days=STREAK_DAYS), today)
    except Exception as error:  # a damaged history must not stop the app from running
        log.warning("could not read history: %s", error)
        return []


def status_data(status: Status) -> dict[str, object]:
    return {
        "phase": status.phase.value,
        "line": status.line(),
        "seated_minutes": round(status.seated_seconds / 60),
        "next_in_minutes": None if status.next_in_seconds is None
        else round(status.next_in_seconds / 60),
        "next": status.next_name,
        "done_today": status.done_today,
        "paused_until": status.paused_until.isoformat() if status.paused_until else None,
        "nudge_id": status.offer.nudge_id if status.offer else None,
        "held_by": status.held_by,
        "next_work_start": status.next_work_start.isoformat() if status.next_work_start
        else None,
        "spaced_after": status.spaced_after,
        "quiet_hour": None if status.quiet_hour is None else {
            "key": status.quiet_hour.key, "question": status.quiet_hour.question},
        **today_data(status.done_today, status.reps_today),
    }


def status_words(status: Status) -> str:
    """What `nudge status` says while the app runs: the status line, then today's numbers."""
    return f"{status.line()}\n{today_line(status.done_today, status.reps_today)}"


def answer_reply(answer: Answer, decisions: list[Decision], saved: bool,
                 unsaved_reason: str, catalogue: Catalogue) -> Reply:
    """What the user is told after answering a nudge with `answer` (a count of the exercise in
    `catalogue`'s words for it: reps, or rounds for a stretch)."""
    outcome = next((d.event for d in decisions if isinstance(d, Record)
                    and d.event.kind in OUTCOMES and d.event.kind is not EventKind.MISSED),
                   None)
    if outcome is None:
        return Reply(False, _("That nudge is no longer open."))
    if not saved:
        # Translators: {reason} says why the history could not be written (a full disk, ...).
        return Reply(False, _("Could not save your answer yet ({reason}); nudge keeps it and "
                              "will retry.").format(reason=unsaved_reason))
    if answer is Answer.DONE:
        # Translators: {count} is what was done, e.g. "5 reps" or "2 rounds".
        return Reply(True, _("Saved: {count}. Nice work.").format(
            count=catalogue.count_words(outcome.exercise, outcome.reps or 0)),
            {"reps": outcome.reps})
    if answer is Answer.SNOOZE and outcome.until is not None:
        # Translators: {time} is a 24-hour time, e.g. "14:30".
        return Reply(True, _("Snoozed until {time}.").format(time=f"{outcome.until:%H:%M}"))
    return Reply(True, _("Skipped. The next nudge comes later."))


def logged_reply(decisions: list[Decision], saved: bool, unsaved_reason: str,
                 catalogue: Catalogue) -> Reply:
    """What the user is told after logging a rise by hand (which answers a nudge on screen,
    perhaps a stretch's: counted in `catalogue`'s words for it)."""
    if not saved:
        # Translators: "it" is a rise logged by hand; {reason} says why it could not be written.
        return Reply(False, _("Could not save it yet ({reason}); nudge keeps it and will "
                              "retry.").format(reason=unsaved_reason))
    done = next(d.event for d in decisions if isinstance(d, Record)
                and d.event.kind is EventKind.DONE)
    # Translators: {count} is what was done, e.g. "5 reps" or "2 rounds".
    return Reply(True, _("Logged: {count}. The seated clock starts again.").format(
        count=catalogue.count_words(done.exercise, done.reps or 0)), {"reps": done.reps})
