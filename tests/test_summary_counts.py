"""What the rise numbers count (nudge.core.summary_counts): the cases people reported, exactly,
and in every output: text, JSON, picture tile values."""

from __future__ import annotations

from datetime import timedelta

from test_summary import MON, TUE, at, manual, offer, summarise

from nudge.core.events import Event, EventKind, Source
from nudge.core.summary import summary_to_json
from nudge.core.summary_text import summary_to_text


def snoozed_then_done(day, hhmm: str, name: str, snoozes: int = 1, reps: int = 5) -> list[Event]:
    """One nudge: shown, snoozed `snoozes` times (each time shown again), then done."""
    start = at(day, hhmm)
    events, ids = [], [f"{name}-{n}" for n in range(snoozes + 1)]
    for n, nudge_id in enumerate(ids):
        when = start + timedelta(minutes=10 * n)
        events.append(Event(EventKind.OFFERED, when, nudge_id=nudge_id,
                            snoozed_from=ids[0] if n else None))
        last = n == snoozes
        events.append(Event(EventKind.DONE if last else EventKind.SNOOZED,
                            when + timedelta(minutes=1), nudge_id=nudge_id,
                            reps=reps if last else None, source=Source.PROMPT if last else None,
                            until=None if last else when + timedelta(minutes=10)))
    return events


def week_row(text: str) -> list[str]:
    """The totals row (the title line starts with "Week 2026-W48")."""
    return [line for line in text.splitlines() if line.startswith("Week ")][-1].split()


def test_rises_35_of_5_offered_reads_5_of_5_nudges_and_30_on_your_own():
    events = [e for n in range(5) for e in offer(MON, f"{9 + n}:00", EventKind.DONE, 5)]
    events += [manual(MON if n < 15 else TUE, f"{8 + n % 12}:30") for n in range(30)]
    totals = summarise(events).totals
    assert (totals.rises, totals.nudges_offered, totals.nudges_done, totals.on_your_own) == (
        35, 5, 5, 30)
    assert totals.nudge_rate == 1.0
    # Day, Rises, Nudges done/offered, Own, Rate, ...
    assert week_row(summary_to_text(summarise(events)))[1:5] == ["35", "5/5", "30", "100%"]


def test_six_of_three_offered_reads_three_of_three_and_three_on_your_own():
    events = [e for hhmm in ("09:00", "10:00", "11:00") for e in offer(MON, hhmm, EventKind.DONE)]
    events += [manual(MON, "12:00"), manual(MON, "13:00"), manual(MON, "14:00")]
    day = summarise(events).days[0]
    assert (day.rises, day.nudges_done, day.nudges_offered, day.on_your_own) == (6, 3, 3, 3)
    assert day.goal_met  # six rises: the goal counts rises, whatever their source


def test_every_nudge_done_after_a_snooze_is_a_rate_of_100_not_50():
    events = [*snoozed_then_done(MON, "09:00", "a"), *snoozed_then_done(MON, "11:00", "b"),
              manual(MON, "13:00"), manual(MON, "15:00")]
    summary = summarise(events)
    totals = summary.totals
    # Before: "Rises 4 · Offered 4 · Rate 50 %"; the old keys keep that meaning for scripts.
    assert (totals.done, totals.offered, totals.completion_rate) == (4, 4, 0.5)
    assert (totals.rises, totals.nudges_offered, totals.nudges_done, totals.on_your_own,
            totals.nudge_rate) == (4, 2, 2, 2, 1.0)
    doc = summary_to_json(summary)
    assert {key: doc["totals"][key] for key in ("rises", "nudges_offered", "nudges_done",
                                                "on_your_own", "nudge_rate")} == {
        "rises": 4, "nudges_offered": 2, "nudges_done": 2, "on_your_own": 2, "nudge_rate": 1.0}
    assert doc["days"][0]["nudge_rate"] == 1.0 and doc["days"][0]["completion_rate"] == 0.5
    assert week_row(summary_to_text(summary))[1:5] == ["4", "2/2", "2", "100%"]


def test_a_nudge_snoozed_many_times_then_skipped_is_one_nudge_not_done():
    shown_and_snoozed = snoozed_then_done(MON, "09:00", "a", snoozes=4)[:-1]
    skipped = Event(EventKind.SKIPPED, at(MON, "09:45"), nudge_id="a-4")
    day = summarise([*shown_and_snoozed, skipped]).days[0]
    assert (day.offered, day.nudges_offered, day.nudges_done, day.nudge_rate) == (5, 1, 0, 0.0)


def test_a_second_done_for_one_nudge_adds_reps_not_a_rise():
    events = [*offer(MON, "09:00", EventKind.DONE, 5)]
    events.append(Event(EventKind.DONE, at(MON, "09:02"), nudge_id=events[0].nudge_id, reps=3,
                        source=Source.PROMPT))  # e.g. merged from a second device
    day = summarise(events).days[0]
    assert (day.rises, day.nudges_done, day.nudges_offered, day.reps) == (1, 1, 1, 8)


def test_a_nudge_and_its_rise_count_on_the_day_it_was_first_shown():
    events = [
        Event(EventKind.OFFERED, at(MON, "23:50"), nudge_id="late"),
        Event(EventKind.SNOOZED, at(MON, "23:51"), nudge_id="late"),
        Event(EventKind.OFFERED, at(TUE, "00:01"), nudge_id="late2", snoozed_from="late"),
        Event(EventKind.DONE, at(TUE, "00:02"), nudge_id="late2", reps=5, source=Source.PROMPT),
    ]
    mon, tue = summarise(events).days[:2]
    assert (mon.nudges_offered, mon.nudges_done, mon.rises) == (1, 1, 1)
    assert (tue.nudges_offered, tue.nudges_done, tue.rises) == (0, 0, 0)


def test_a_done_whose_offer_is_not_in_the_history_still_counts_as_one_nudge_done():
    events = [Event(EventKind.DONE, at(MON, "10:00"), nudge_id="lost", reps=5,
                    source=Source.PROMPT)]
    day = summarise(events).days[0]
    assert (day.rises, day.nudges_done, day.nudges_offered, day.nudge_rate) == (1, 1, 1, 1.0)


def test_done_today_in_the_status_counts_rises_as_the_summary_does():
    from nudge.core.activity import Moment
    from nudge.core.restore import day_counts

    from sim import catalogue

    events = [*snoozed_then_done(MON, "09:00", "a"), manual(MON, "12:00")]
    events.append(Event(EventKind.DONE, at(MON, "09:15"), nudge_id="a-1", reps=2,
                        source=Source.PROMPT))  # a second Done for the same nudge
    counts = day_counts(events, catalogue(), Moment(0.0, at(MON, "18:00")))
    assert counts.done == summarise(events).days[0].rises == 2


def test_the_first_id_of_a_snoozed_nudge_is_stored_and_read_back():
    back = snoozed_then_done(MON, "09:00", "a")[2]
    assert back.snoozed_from == "a-0"
    doc = back.to_doc()
    assert doc["snoozed_from"] == "a-0"
    assert Event.from_doc(doc) == back
    assert "snoozed_from" not in snoozed_then_done(MON, "09:00", "b")[0].to_doc()
