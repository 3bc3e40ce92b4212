"""A snoozed nudge that comes back: the status names it, and it counts as one nudge."""

from __future__ import annotations

from nudge.core.decisions import Answer
from nudge.core.events import EventKind
from nudge.core.status import Phase
from nudge.core.summary import IsoWeek, build_weekly_summary

from sim import Act, Desk, Span, at

NAMES = {"glute_rise": "rise", "seated_squeeze_check": "activation check",
         "leg_lift_check": "activation check", "hip_flexor_break": "hip-flexor break"}


def snooze_the_second(offer, desk):
    return (Answer.SNOOZE, 10.0) if len(desk.shown) == 2 else (Answer.DONE, 10.0)


def test_status_names_the_snoozed_nudge_waiting_for_a_pause_not_the_next_planned_one():
    # Typing without pause: a due nudge waits up to pause_wait, and the status says what comes.
    # The third offer of the day is planned as the activation check; the snoozed rise comes first.
    desk = Desk(at("2026-11-23 09:00"), policy=snooze_the_second)
    said: list[tuple[str, str | None]] = []  # (time, name) of each DUE status, in order
    named_before_show: list[tuple[str | None, str]] = []
    for _ in range(240):  # two hours
        shown = len(desk.shown)
        desk.run([Span(Act.TYPING, 0.5)])
        status = desk.session.status(desk.moment())
        if status.phase is Phase.DUE:
            said.append((f"{desk.wall:%H:%M}", status.next_name))
        if len(desk.shown) > shown and desk.shown[-1].offer.times_shown == 1 and said:
            named_before_show.append((said[-1][1], NAMES[desk.shown[-1].offer.exercise.id]))
            said.clear()
    assert [e.exercise for e in desk.kinds(EventKind.OFFERED)][:3] == ["glute_rise"] * 3
    assert len(named_before_show) >= 3
    assert all(said_name == shown_name for said_name, shown_name in named_before_show), (
        named_before_show)


def test_a_snoozed_nudge_shown_again_names_the_id_it_first_had_and_counts_once():
    desk = Desk(at("2026-11-23 09:00"), policy=snooze_the_second).run([Span(Act.READING, 150)])
    offered = desk.kinds(EventKind.OFFERED)
    snoozed = desk.kinds(EventKind.SNOOZED)
    assert len(snoozed) == 1
    back = next(e for e in offered if e.snoozed_from is not None)
    assert back.snoozed_from == snoozed[0].nudge_id != back.nudge_id
    day = build_weekly_summary(desk.events, IsoWeek(2026, 48), desk.settings.schedule,
                               desk.settings.goals, at("2026-11-23 12:00").date()).days[0]
    done = len(desk.kinds(EventKind.DONE))
    assert day.offered == len(offered)  # the old count: every time a nudge was shown
    assert day.nudges_offered == len(offered) - 1 == done  # each nudge once: every one was done
    assert (day.nudges_done, day.on_your_own, day.rises, day.nudge_rate) == (done, 0, done, 1.0)
