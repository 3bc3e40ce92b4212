"""Request ids: a `nudge log rise` sent twice (the reply was lost, the CLI asked again) counts once.

The CLI gives each `LogRise` a random `request_id` (`nudge.app.commands.new_request_id`). The
engine keeps the reply to the last `REMEMBERED` ids in memory and stores the id with the rep's
event (as the extra field "request"), so a repeat gets the first answer, not a second rep: also
after the app restarted, and also when the app died and the CLI writes the rep itself
(`nudge.cli.offline.FilesBackend` looks for the id in the history). Used on the engine thread
(`RecentRequests`) and by the CLI (the functions).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from nudge.app.commands import Reply
from nudge.core.decisions import Decision, Record
from nudge.core.events import Event, EventKind, Source
from nudge.i18n import ngettext

REQUEST_FIELD = "request"  # the stored event's field holding the id
REMEMBERED = 256  # replies kept in memory; far more than anyone logs between two restarts
LOOK_BACK_DAYS = 1  # a retry comes seconds later, but perhaps just after midnight

log = logging.getLogger(__name__)


def with_request(decisions: list[Decision], request_id: str | None) -> list[Decision]:
    """`decisions` with the id stored on the manually logged rep's event."""
    if request_id is None:
        return decisions
    return [Record(replace(d.event, extra={**d.event.extra, REQUEST_FIELD: request_id}))
            if isinstance(d, Record) and _is_logged_rep(d.event) else d for d in decisions]


def find_logged(events: Iterable[Event], request_id: str) -> Event | None:
    """The rep logged under `request_id`, if it is among `events`."""
    return next((e for e in events if _is_logged_rep(e)
                 and e.extra.get(REQUEST_FIELD) == request_id), None)


def repeated_reply(event: Event) -> Reply:
    """The answer to a request whose rep is already in the history."""
    reps = event.reps or 0
    return Reply(True, ngettext("Logged: {n} rep (saved the first time you asked; counted once).",
                                "Logged: {n} reps (saved the first time you asked; counted "
                                "once).", reps).format(n=reps), {"reps": event.reps})


def _is_logged_rep(event: Event) -> bool:
    return event.kind is EventKind.DONE and event.source is Source.MANUAL


class RecentRequests:
    """The replies to the last `REMEMBERED` request ids (engine thread only)."""

    def __init__(self) -> None:
        self._replies: OrderedDict[str, Reply] = OrderedDict()

    def learn(self, events: Iterable[Event], today: date) -> None:
        """Remember the ids stored with recent reps (at start: the history and held answers)."""
        since = today - timedelta(days=LOOK_BACK_DAYS)
        for event in events:
            request_id = event.extra.get(REQUEST_FIELD)
            if isinstance(request_id, str) and _is_logged_rep(event) \
                    and event.local_date >= since:
                self.remember(request_id, repeated_reply(event))

    def answer(self, request_id: str | None) -> Reply | None:
        """The reply already given to `request_id`, or None if it is new."""
        reply = None if request_id is None else self._replies.get(request_id)
        if reply is not None:
            log.info("a repeated `log` request: answered as before, not logged again")
        return reply

    def remember(self, request_id: str | None, reply: Reply) -> None:
        if request_id is None:
            return
        self._replies[request_id] = reply
        self._replies.move_to_end(request_id)
        while len(self._replies) > REMEMBERED:
            self._replies.popitem(last=False)
