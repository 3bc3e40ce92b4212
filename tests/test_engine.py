"""The engine carries out core decisions: saving before telling, retrying, restoring state."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from test_summary import manual

from nudge.app.commands import AnswerNudge, GetStatus, LogRise, PauseNudges, Quit, ResumeNudges
from nudge.app.engine import Engine
from nudge.app.engine_loop import EngineLoop
from nudge.app.ports import ActivityReading
from nudge.core.decisions import Answer
from nudge.core.events import Event, EventKind
from nudge.core.session import NudgeSession
from nudge.core.settings import Goals, Settings
from nudge.store.history import streak_days

from fakes import FakeActivity, FakeClock, FakeNotifier, FakeStore, FakeView
from sim import at, catalogue


@pytest.fixture
def rig(tmp_path: Path):
    return make_rig(tmp_path, FakeStore())


def make_rig(tmp_path: Path, store: FakeStore):
    clock = FakeClock(at("2026-11-23 09:00"))
    engine = Engine(session=NudgeSession(Settings(), catalogue()), clock=clock,
                    activity=FakeActivity(), store=store, notifier=FakeNotifier(),
                    views=[FakeView()], pause_file=tmp_path / "state.json",
                    held_file=tmp_path / "unsaved.json")
    engine.start()
    return engine, clock


def sit_until_nudge(engine: Engine, clock: FakeClock) -> str:
    engine.activity.reading = ActivityReading(idle_seconds=10.0)  # a pause in typing
    engine.tick()
    while not engine.notifier.shown:
        clock.advance(60)
        engine.tick()
    return engine.notifier.shown[-1].nudge_id


def test_done_is_on_disk_before_the_reply_says_saved(rig):
    engine, clock = rig
    nudge_id = sit_until_nudge(engine, clock)
    reply = engine.handle(AnswerNudge(nudge_id, Answer.DONE, reps=7))
    assert reply.ok and "7 reps" in reply.message
    assert reply.data["progress"] == "5 more to today's goal."  # 1 of 6; worded by the count
    done = [e for e in engine.store.events if e.kind is EventKind.DONE]
    assert [(e.reps, e.nudge_id) for e in done] == [(7, nudge_id)]
    assert engine.notifier.withdrawn == [nudge_id]


def test_a_failing_disk_keeps_the_rep_and_says_so_then_saves_it_when_it_recovers(rig):
    engine, clock = rig
    nudge_id = sit_until_nudge(engine, clock)
    engine.store.failing = "disk full: /data/history (free some space)"
    reply = engine.handle(AnswerNudge(nudge_id, Answer.DONE))
    assert not reply.ok and "disk full" in reply.message
    assert any("disk full" in a for a in engine.views[0].alerts)
    assert [e.kind for e in engine.unsaved] == [EventKind.DONE, EventKind.STRETCH]
    engine.tick()  # still failing: nothing lost, nothing reordered
    assert len(engine.unsaved) == 2
    engine.store.failing = None
    engine.tick()
    assert engine.unsaved == []
    kinds = [e.kind for e in engine.store.events]
    assert kinds[-2:] == [EventKind.DONE, EventKind.STRETCH]
    assert "saved the history" in engine.views[0].alerts[-1]


def test_stale_answer_and_bad_pause_get_clear_messages(rig):
    engine, _ = rig
    assert engine.handle(AnswerNudge("nope", Answer.DONE)).message == \
        "That nudge is no longer open."
    reply = engine.handle(PauseNudges("a while"))
    assert not reply.ok and "30m" in reply.message


def test_answers_unsaved_at_quit_are_kept_and_saved_on_the_next_start(tmp_path):
    store = FakeStore()
    engine, clock = make_rig(tmp_path, store)
    nudge_id = sit_until_nudge(engine, clock)
    store.failing = "disk full: /data/history (free some space)"
    engine.handle(AnswerNudge(nudge_id, Answer.DONE, reps=7))
    engine.handle(LogRise(reps=4))

    quit_reply = engine.handle(Quit())
    # It used to say only "See you tomorrow." and drop both.
    assert quit_reply.message == (
        "nudge is quitting. Start it again with `nudge` for more nudges today. 4 entries for "
        "your history could not be saved "
        "(disk full: /data/history (free some space)); they are kept in "
        f"{tmp_path / 'unsaved.json'} and saved when nudge starts again.")
    assert (tmp_path / "unsaved.json").exists()

    store.failing = None  # space was freed before the next start
    make_rig(tmp_path, store)
    done = [(e.kind, e.reps) for e in store.events if e.kind is EventKind.DONE]
    assert done == [(EventKind.DONE, 7), (EventKind.DONE, 4)]
    assert not (tmp_path / "unsaved.json").exists()
    make_rig(tmp_path, store)  # and only once
    assert len([e for e in store.events if e.kind is EventKind.DONE]) == 2


@pytest.mark.parametrize("space_back", [True, False], ids=["space back", "still full"])
def test_answers_held_at_quit_count_today_and_answer_their_offer_on_the_next_start(
        tmp_path, space_back):
    store = FakeStore()
    engine, clock = make_rig(tmp_path, store)
    engine.handle(LogRise(reps=5))
    nudge_id = sit_until_nudge(engine, clock)
    store.failing = "disk full"
    engine.handle(AnswerNudge(nudge_id, Answer.DONE, reps=7))
    engine.handle(Quit())

    store.failing = None if space_back else "disk full"
    again, _ = make_rig(tmp_path, store)
    assert again.status().done_today == 2  # the held rep used to be left out of the count
    answers = [e.kind for e in store.events + again.unsaved
               if e.nudge_id == nudge_id and e.kind is not EventKind.OFFERED]
    assert answers == [EventKind.DONE]  # not also "missed at the restart"


def test_answers_that_cannot_be_kept_anywhere_at_quit_are_said_to_be_lost(tmp_path):
    store = FakeStore()
    engine, _ = make_rig(tmp_path, store)
    store.failing = "disk full"
    engine.handle(LogRise(reps=4))
    (tmp_path / "unsaved.json").mkdir()

    message = engine.handle(Quit()).message
    assert message.startswith("nudge is quitting. Start it again with `nudge` for more nudges "
                              "today. 1 entry for your history could not be saved (disk full), "
                              "nor kept for later (Is a "
                              "directory: ")
    assert message.endswith("and is lost.")


def test_a_damaged_file_of_held_answers_is_put_aside_and_the_app_starts(tmp_path):
    (tmp_path / "unsaved.json").write_text('[{"kind": "done", "local": "garbage"}]')
    store = FakeStore()
    engine, _ = make_rig(tmp_path, store)
    assert engine.unsaved == [] and store.events == []
    [aside] = tmp_path.glob("unsaved.json.corrupt-*")
    assert "garbage" in aside.read_text()


def test_pause_survives_a_restart_and_resume_clears_it(tmp_path):
    store = FakeStore()
    engine, _ = make_rig(tmp_path, store)
    assert engine.handle(PauseNudges("2h")).message == "Nudges paused until Mon 11:00."
    again, _ = make_rig(tmp_path, store)
    assert again.handle(GetStatus()).data["phase"] == "paused"
    assert again.handle(ResumeNudges()).ok
    third, _ = make_rig(tmp_path, store)
    third.tick()
    assert third.handle(GetStatus()).data["phase"] == "sitting"


def test_a_pause_that_cannot_be_saved_still_applies_and_the_reply_says_for_how_long(tmp_path):
    engine, _ = make_rig(tmp_path, FakeStore())
    (tmp_path / "state.json").mkdir()  # the pause file cannot be written

    paused = engine.handle(PauseNudges("2h"))
    assert paused.ok and paused.message.startswith("Nudges paused until Mon 11:00. It could not")
    assert "lasts only until nudge restarts" in paused.message
    assert engine.handle(GetStatus()).data["phase"] == "paused"
    resumed = engine.handle(ResumeNudges())  # used to raise: the command failed, no reply
    assert resumed.ok and resumed.message.startswith("Nudges resumed. It could not be saved")


def test_restart_closes_a_dangling_offer_as_missed_and_restores_todays_counts(tmp_path):
    store = FakeStore()
    wall = at("2026-11-23 08:40")
    store.events.append(Event(EventKind.OFFERED, wall, nudge_id="n1",
                              exercise="seated_squeeze_check", reps=5))
    engine, _ = make_rig(tmp_path, store)
    missed = [e for e in store.events if e.kind is EventKind.MISSED]
    assert [(e.nudge_id, e.reason) for e in missed] == [("n1", "restart")]
    assert engine.session.planner.day.offers == 1
    assert engine.session.planner.day.activation_offered


def test_restart_closes_only_this_devices_open_offers_and_those_of_earlier_days(tmp_path):
    store = FakeStore()  # this device is "laptop-aaaaaa"
    store.events += [
        # Shown on the desktop, which is still running: its to close, not ours.
        Event(EventKind.OFFERED, at("2026-11-23 08:40"), nudge_id="theirs",
              exercise="glute_rise", device="desktop-bbbbbb"),
        # On screen here when the laptop was shut down last Friday evening.
        Event(EventKind.OFFERED, at("2026-11-20 17:57"), nudge_id="friday",
              exercise="glute_rise", device="laptop-aaaaaa"),
        Event(EventKind.OFFERED, at("2026-11-20 11:00"), nudge_id="answered",
              exercise="glute_rise", device="laptop-aaaaaa"),
        Event(EventKind.DONE, at("2026-11-20 11:01"), nudge_id="answered", reps=5,
              device="laptop-aaaaaa"),
    ]
    make_rig(tmp_path, store)
    missed = [e for e in store.events if e.kind is EventKind.MISSED]
    assert [(e.nudge_id, e.reason, e.at) for e in missed] == [
        ("friday", "restart", at("2026-11-20 23:59:59"))]  # counted on its own day


def test_manual_log_and_unknown_exercise(rig):
    engine, _ = rig
    engine.tick()
    assert engine.handle(LogRise(reps=6)).message.startswith("Logged: 6 reps")
    reply = engine.handle(LogRise(exercise="handstand"))
    assert not reply.ok and "glute_rise" in reply.message


def test_a_crashing_notifier_or_activity_source_does_not_stop_the_engine(rig):
    engine, clock = rig
    engine.notifier.broken = True
    engine.activity.fail = True
    for _ in range(40):
        clock.advance(60)
        engine.tick()
    assert any(e.kind is EventKind.OFFERED for e in engine.store.events)


def test_quit_calls_back(rig):
    engine, _ = rig
    called = []
    engine.on_quit = lambda: called.append(True)
    assert engine.handle(Quit()).ok and called


def test_engine_loop_runs_submitted_work_on_its_one_thread_and_survives_a_bad_tick():
    ticks: list[int] = []

    def tick() -> float | None:
        ticks.append(threading.get_ident())
        if len(ticks) == 1:
            raise RuntimeError("boom")
        return None

    import time

    loop = EngineLoop(tick, time.monotonic)
    loop.start()
    thread_ids = [loop.submit(threading.get_ident).result(timeout=5) for _ in range(3)]
    loop.stop()
    assert len(set(thread_ids)) == 1 and thread_ids[0] != threading.get_ident()
    assert set(ticks) == {thread_ids[0]} and len(ticks) >= 4
    assert loop.submit(lambda: 1).exception(timeout=1) is not None


def test_the_streak_is_counted_at_start_and_again_each_new_day(tmp_path):
    calls: list[str] = []

    def streak(events, settings, now):
        calls.append(f"{now.wall:%d}")
        return 7

    engine, clock = make_rig(tmp_path, FakeStore())
    engine.streak = streak
    engine.start()
    engine.tick()
    clock.advance(3600)
    engine.tick()
    assert calls == ["23"] and engine.session.planner.streak_days == 7
    clock.advance(24 * 3600)
    engine.tick()
    assert calls == ["23", "24"]


def test_blockers_are_asked_only_while_a_nudge_is_due_and_hold_it(tmp_path):
    engine, clock = make_rig(tmp_path, FakeStore())
    asked: list[float] = []
    busy = {"reason": "a fullscreen window"}

    def interruption() -> str | None:
        asked.append(clock.mono)
        return busy["reason"]

    engine.interruption = interruption
    engine.activity.reading = ActivityReading(idle_seconds=10.0)
    for _ in range(29):
        clock.advance(60)
        engine.tick()
    assert asked == []  # nothing due in the first half hour: no blocker checks at all
    for _ in range(5):
        clock.advance(60)
        engine.tick()
    assert asked and engine.notifier.shown == []
    assert engine.handle(GetStatus()).data["phase"] == "deferred"
    busy["reason"] = None
    clock.advance(10)
    engine.tick()
    assert len(engine.notifier.shown) == 1


def test_a_crashing_blocker_check_does_not_hold_nudges(tmp_path):
    engine, clock = make_rig(tmp_path, FakeStore())

    def broken() -> str | None:
        raise OSError("no /proc here")

    engine.interruption = broken
    nudge_id = sit_until_nudge(engine, clock)
    assert nudge_id


def test_a_nudge_on_screen_is_taken_down_within_the_recheck_when_a_blocker_starts(tmp_path):
    engine, clock = make_rig(tmp_path, FakeStore())
    busy: dict[str, str | None] = {"reason": None}
    engine.interruption = lambda: busy["reason"]
    nudge_id = sit_until_nudge(engine, clock)
    wake = engine.tick()  # the nudge is up: when does the engine look next by itself?
    assert wake is not None and wake - clock.mono <= 10.0  # not only at reshow_after (5 min)
    busy["reason"] = "a fullscreen window"  # a presentation starts meanwhile
    clock.advance(wake - clock.mono)
    engine.tick()
    assert engine.notifier.withdrawn == [nudge_id]


def test_done_clicked_after_a_resume_before_the_first_tick_finds_the_nudge_missed(rig):
    """The click wins the race with the resume's first sample: the suspend is still a break."""
    engine, clock = rig
    nudge_id = sit_until_nudge(engine, clock)
    clock.wall += timedelta(hours=2)  # suspended: the monotonic clock stood still
    reply = engine.handle(AnswerNudge(nudge_id, Answer.DONE))
    assert not reply.ok and reply.message == "That nudge is no longer open."
    kinds = {e.kind: e for e in engine.store.events}
    assert kinds[EventKind.BREAK].reason == "suspend" and kinds[EventKind.MISSED].reason == "away"
    assert EventKind.DONE not in kinds and engine.notifier.withdrawn == [nudge_id]


def test_resume_says_so_when_nothing_was_paused(rig):
    engine, _ = rig
    assert engine.handle(ResumeNudges()).message == "Nudges weren't paused."
    engine.handle(PauseNudges("30m"))
    assert engine.handle(ResumeNudges()).message == "Nudges resumed."
    assert [e.kind for e in engine.store.events].count(EventKind.RESUME) == 1


def test_spacing_after_skips_survives_a_restart_and_the_status_says_so(tmp_path):
    store = FakeStore()
    engine, clock = make_rig(tmp_path, store)
    for _ in range(2):
        engine.notifier.shown.clear()
        engine.handle(AnswerNudge(sit_until_nudge(engine, clock), Answer.SKIP))
    assert engine.session.planner.day.pacing.rise.skipped == 2
    clock.advance(60)
    restarted = Engine(session=NudgeSession(Settings(), catalogue()), clock=clock,
                       activity=FakeActivity(), store=store, notifier=FakeNotifier(),
                       views=[FakeView()], pause_file=tmp_path / "state.json")
    restarted.start()
    restarted.activity.reading = ActivityReading(idle_seconds=10.0)
    restarted.tick()
    assert restarted.session.planner.day.pacing.rise.skipped == 2
    reply = restarted.handle(GetStatus())
    assert reply.message.splitlines()[0].endswith("— spaced out after 2 skips")
    assert reply.data is not None and reply.data["spaced_after"] == "2 skips"


def test_a_streak_milestone_is_celebrated_once_in_the_done_words(tmp_path):
    # Four goal days before Monday 23 Nov (Tue..Fri), one rise a day: Monday's first is the 5th.
    store = FakeStore([manual(at("2026-11-17 10:00").date() + timedelta(days=n), "10:00")
                       for n in range(4)])
    celebrated = tmp_path / "milestones.json"

    def run_monday():
        clock = FakeClock(at("2026-11-23 09:00"))
        engine = Engine(session=NudgeSession(Settings(goals=Goals(daily_rises=1)), catalogue()),
                        clock=clock, activity=FakeActivity(), store=store,
                        notifier=FakeNotifier(), views=[FakeView()],
                        pause_file=tmp_path / "state.json", streak=streak_days,
                        milestones_file=celebrated)
        engine.start()
        return engine.handle(AnswerNudge(sit_until_nudge(engine, clock), Answer.DONE, reps=5))

    first = run_monday()
    assert "5 goal days in your streak" in first.data["progress"]
    assert first.data["progress"].index("goal") < first.data["progress"].index("5 goal days")
    # A restart and another goal-meeting Done the same day: the milestone is not said again.
    store.events = [e for e in store.events if e.local_date < at("2026-11-23 00:00").date()]
    again = run_monday()
    assert "goal days" not in again.data["progress"]


def test_the_engine_loop_runs_the_start_before_its_first_tick_and_any_queued_work() -> None:
    """The engine restores today from history before it ticks: a tick (or a wake queued while
    the app was built) on an engine that has not restored would decide from empty counts."""
    order: list[str] = []
    loop = EngineLoop(None, lambda: 0.0)
    loop.wake()  # e.g. a resume from suspend while the app is being built
    loop.submit(lambda: order.append("queued"))

    def tick() -> float | None:
        order.append("tick")
        return None

    started = loop.start(tick, first=lambda: order.append("start"))
    try:
        started.result(timeout=5)
        deadline = time.monotonic() + 5
        while "queued" not in order and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        loop.stop()
    assert order[0] == "start" and order[1] == "tick" and "queued" in order
