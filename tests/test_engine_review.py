"""The engine's progress words and weekly review (#20): the all-time rise count behind "that's
your 100th rise", and last week's line once a week through the notifier. Fakes for the ports,
the real state file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from test_engine import sit_until_nudge
from test_summary import manual

from nudge.app.commands import AnswerNudge, PauseNudges, ResumeNudges
from nudge.app.engine import Engine
from nudge.app.rise_tally import RiseTally
from nudge.app.weekly_review import WeeklyReview
from nudge.core.decisions import Answer
from nudge.core.session import NudgeSession
from nudge.core.settings import Goals, Settings
from nudge.state.weekly_review import load_shown_week

from fakes import FakeActivity, FakeClock, FakeNotifier, FakeStore, FakeView
from sim import at, catalogue


def _engine(tmp_path: Path, store: FakeStore, when: str, goal: int = 3, **extra: object
            ) -> Engine:
    engine = Engine(session=NudgeSession(Settings(goals=Goals(daily_rises=goal)), catalogue()),
                    clock=FakeClock(at(when)), activity=FakeActivity(), store=store,
                    notifier=FakeNotifier(), views=[FakeView()],
                    pause_file=tmp_path / "state.json", **extra)  # type: ignore[arg-type]
    engine.start()
    return engine


def _rises(first: date, count: int) -> list:
    """`count` rises logged by hand, four a day from `first` on."""
    return [manual(first + timedelta(days=n // 4), f"{10 + n % 4}:00") for n in range(count)]


def _done(engine: Engine) -> str:
    shown = len(engine.notifier.shown)
    sit_until_nudge(engine, engine.clock)  # type: ignore[arg-type]
    while len(engine.notifier.shown) == shown:  # a new nudge, not the one answered before
        engine.clock.advance(60)  # type: ignore[attr-defined]
        engine.tick()
    reply = engine.handle(AnswerNudge(engine.notifier.shown[-1].nudge_id, Answer.DONE, reps=5))
    assert reply.data is not None
    return str(reply.data["progress"])


def test_the_100th_rise_is_celebrated_across_a_day_change(tmp_path):
    store = FakeStore(_rises(date(2026, 9, 1), 98))  # two months back: older than the streak
    engine = _engine(tmp_path, store, "2026-11-23 09:00", tally=RiseTally(store))
    assert "100th" not in _done(engine)  # the 99th, on Monday
    engine.clock.advance(24 * 3600)  # Tuesday: Monday's rise is read from history
    assert _done(engine) == "That's your 100th rise!"
    engine.clock.advance(3600)
    assert "rise!" not in _done(engine)  # the 101st


def test_without_the_tally_no_round_number(tmp_path):
    store = FakeStore(_rises(date(2026, 9, 1), 99))
    engine = _engine(tmp_path, store, "2026-11-23 09:00")
    assert "100th" not in _done(engine)


def _two_weeks() -> list:
    """W46: 5 rises a day Mon..Fri (25); W47: 6, 6, 6, 6, 4 (28; 4 goal days of 5+)."""
    week46 = [manual(date(2026, 11, 9) + timedelta(days=d), f"{9 + n}:00")
              for d in range(5) for n in range(5)]
    week47 = [manual(date(2026, 11, 16) + timedelta(days=d), f"{9 + n}:00")
              for d, count in enumerate((6, 6, 6, 6, 4)) for n in range(count)]
    return week46 + week47


def test_the_weekly_review_comes_once_at_the_first_work_hours(tmp_path):
    store, state = FakeStore(_two_weeks()), tmp_path / "weekly_review.json"
    engine = _engine(tmp_path, store, "2026-11-23 07:30", 5, weekly_review=WeeklyReview(state))
    engine.tick()
    assert engine.notifier.messages == []  # before work hours
    engine.clock.advance(30 * 60)  # 08:00: work starts
    engine.tick()
    line = "Last week: 28 rises on 4 goal days, up 3 on the week before."
    assert engine.notifier.messages == [line]
    engine.clock.advance(3600)
    engine.tick()
    assert engine.notifier.messages == [line]
    assert load_shown_week(state) is not None and state.stat().st_mode & 0o077 == 0
    # A restart the same week: not again.
    again = _engine(tmp_path, store, "2026-11-24 09:00", 5, weekly_review=WeeklyReview(state))
    again.tick()
    assert again.notifier.messages == []


def test_the_weekly_review_waits_for_a_pause_to_end(tmp_path):
    store, state = FakeStore(_two_weeks()), tmp_path / "weekly_review.json"
    engine = _engine(tmp_path, store, "2026-11-25 07:00", 5, weekly_review=WeeklyReview(state))
    engine.handle(PauseNudges("until-resumed"))
    engine.clock.advance(3 * 3600)  # Wednesday 10:00, a start mid-week, but paused
    engine.tick()
    assert engine.notifier.messages == []
    engine.handle(ResumeNudges())
    engine.tick()
    assert [m for m in engine.notifier.messages if m.startswith("Last week")] == [
        "Last week: 28 rises on 4 goal days, up 3 on the week before."]
