"""Don't interrupt: a due nudge is held while the user must not be interrupted, never dropped."""

from __future__ import annotations

from nudge.core.events import OUTCOMES, EventKind
from nudge.core.status import Phase

from sim import Act, Desk, Span, answer_done, at, ignore

CALL = "a call is on (the microphone is in use)"


def test_a_nudge_due_during_a_call_waits_for_the_call_to_end_then_a_pause():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 25), Span(Act.TYPING, 20, busy=CALL), Span(Act.READING, 10),
    ])
    # Due at 09:30, held through the call until 09:45, shown at the next pause in typing.
    assert desk.shown_times() == ["09:45"]
    assert [e.kind for e in desk.events if e.kind in OUTCOMES] == [EventKind.DONE]
    assert len(desk.kinds(EventKind.OFFERED)) == 1


def test_status_says_the_nudge_is_held_and_why():
    desk = Desk(at("2026-11-23 09:00")).run([Span(Act.TYPING, 25),
                                           Span(Act.TYPING, 10, busy="a fullscreen window")])
    status = desk.session.status(desk.moment())
    assert status.phase is Phase.DEFERRED
    assert status.line() == "Seated 35 min · rise held: a fullscreen window"


def test_a_nudge_on_screen_is_taken_off_when_a_blocker_starts_and_comes_back_unchanged():
    desk = Desk(at("2026-11-23 09:00"), policy=ignore()).run([
        Span(Act.READING, 32),  # shown at 09:30
        Span(Act.READING, 20, busy="a fullscreen window"),  # 09:32-09:52: taken off screen
        Span(Act.READING, 15),
    ])
    first, *again = desk.shown
    assert f"{first.wall:%H:%M}" == "09:30"
    assert desk.withdrawn[0] == first.offer.nudge_id
    # Back at the first pause after 09:52, the same offer; held time was not "no answer":
    # the re-show and the missed come 5 and 10 minutes after it is back on screen.
    assert [f"{s.wall:%H:%M}" for s in again] == ["09:52", "09:57"]
    assert {s.offer.nudge_id for s in again} == {first.offer.nudge_id}
    assert len(desk.kinds(EventKind.OFFERED)) == 1
    missed = desk.kinds(EventKind.MISSED)
    assert [(f"{e.at:%H:%M}", e.reason) for e in missed] == [("10:02", "no_answer")]


def test_a_long_blocker_never_drops_the_nudge_and_never_bursts():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 10), Span(Act.TYPING, 180, busy="a fullscreen game"),
        Span(Act.READING, 20),
    ])
    assert desk.shown_times() == ["12:10"]  # one nudge (the hip-flexor break), not a backlog
    assert desk.shown_exercises() == ["hip_flexor_break"]


def test_leaving_while_held_drops_nothing_to_history_but_the_break():
    desk = Desk(at("2026-11-23 09:00"), policy=answer_done()).run([
        Span(Act.TYPING, 31, busy="do not disturb is on"),
        Span(Act.AWAY, 10, busy="do not disturb is on"),
    ])
    assert desk.kinds(EventKind.OFFERED) == [] and desk.kinds(EventKind.MISSED) == []
    assert len(desk.kinds(EventKind.BREAK)) == 1


def test_blockers_are_not_consulted_while_nothing_is_due():
    desk = Desk(at("2026-11-23 09:00")).run([Span(Act.TYPING, 20)])
    assert not desk.session.nudge_due(desk.moment())
    desk.run([Span(Act.TYPING, 11)])
    assert desk.session.nudge_due(desk.moment())
