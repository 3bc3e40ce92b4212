"""Counted nouns read right: `1 rep`, `5 reps`, in every reply and title that shows a count."""

from __future__ import annotations

from nudge.app.engine_status import answer_reply, logged_reply
from nudge.core.decisions import Answer, Record
from nudge.core.events import Event, EventKind, Source

from sim import at, catalogue


def test_a_title_for_one_rep_is_singular() -> None:
    rise = catalogue().by_id("glute_rise")
    assert rise is not None
    assert rise.title == "Glute rise — 5 reps"
    one = type(rise)(rise.id, rise.name, rise.cues, 1, rise.kind, rise.where)
    assert one.title == "Glute rise — 1 rep"


def _done(reps: int, source: Source) -> list[Record]:
    return [Record(Event(EventKind.DONE, at("2026-11-23 10:00"), nudge_id="n1", reps=reps,
                         source=source))]


def test_replies_after_one_rep_are_singular() -> None:
    saved = answer_reply(Answer.DONE, list(_done(1, Source.PROMPT)), True, "")
    logged = logged_reply(list(_done(1, Source.MANUAL)), True, "")
    assert saved.message == "Saved: 1 rep. Nice work."
    assert logged.message.startswith("Logged: 1 rep. ")
    assert answer_reply(Answer.DONE, list(_done(5, Source.PROMPT)), True, "").message == (
        "Saved: 5 reps. Nice work.")
