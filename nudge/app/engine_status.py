"""What the engine reads back and reports: the recent history (at start; the rules that rebuild
today's counts from it are in `nudge.core.restore`), a status as plain data for the control
channel (`nudge status --json`), and the words of the replies to an answer or a logged rise.

Pure functions of their arguments except `recent_history`, which reads the store. They run on
the engine thread like the engine itself.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from nudge.app.commands import Reply
from nudge.app.ports import EventStore
from nudge.core.decisions import Answer, Decision, Record
from nudge.core.events import OUTCOMES, Event, EventKind
from nudge.core.status import Status
from nudge.core.words import counted

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
    }


def answer_reply(answer: Answer, decisions: list[Decision], saved: bool,
                 unsaved_reason: str) -> Reply:
    """What the user is told after answering a nudge with `answer`."""
    outcome = next((d.event for d in decisions if isinstance(d, Record)
                    and d.event.kind in OUTCOMES and d.event.kind is not EventKind.MISSED),
                   None)
    if outcome is None:
        return Reply(False, "That nudge is no longer open.")
    if not saved:
        return Reply(False, f"Could not save your answer yet ({unsaved_reason}); "
                            "nudge keeps it and will retry.")
    if answer is Answer.DONE:
        return Reply(True, f"Saved: {counted(outcome.reps or 0, 'rep')}. Nice work.",
                     {"reps": outcome.reps})
    if answer is Answer.SNOOZE and outcome.until is not None:
        return Reply(True, f"Snoozed until {outcome.until:%H:%M}.")
    return Reply(True, "Skipped. The next nudge comes later.")


def logged_reply(decisions: list[Decision], saved: bool, unsaved_reason: str) -> Reply:
    """What the user is told after logging a rise by hand."""
    if not saved:
        return Reply(False, f"Could not save it yet ({unsaved_reason}); "
                            "nudge keeps it and will retry.")
    done = next(d.event for d in decisions if isinstance(d, Record)
                and d.event.kind is EventKind.DONE)
    return Reply(True,
                 f"Logged: {counted(done.reps or 0, 'rep')}. The seated clock starts again.",
                 {"reps": done.reps})
