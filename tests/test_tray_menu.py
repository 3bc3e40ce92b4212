"""The tray menu is a pure function of the status: what a user sees in each state."""

from __future__ import annotations

from datetime import UTC, datetime

from nudge.app.commands import AnswerNudge, LogRise, PauseNudges, Quit, ResumeNudges
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.status import Phase, Status
from nudge.tray.menu import UiAction, build_menu, tooltip

from sim import catalogue


def status(phase: Phase, offer: NudgeOffer | None = None) -> Status:
    return Status(phase=phase, seated_seconds=23 * 60, next_in_seconds=7 * 60, next_name="rise",
                  progress=0.77, offer=offer)


def offer() -> NudgeOffer:
    rise = catalogue().by_id("glute_rise")
    return NudgeOffer("n1", rise, 5, 1, (300, 600, 1200), 600)


def labels(items) -> list[str]:
    return [i.label for i in items if not i.separator]


def test_sitting_menu_has_status_line_first_and_no_answer_items():
    items = build_menu(status(Phase.SITTING), autostart=False)
    assert labels(items) == [
        "Seated 23 min · next rise in 7 min", "I just did a glute-first rise", "Pause",
        "Insights…", "Settings…", "Start at login", "Quit nudge"]
    assert not items[0].enabled
    real = [i for i in items if not i.separator]
    assert real[1].command == LogRise()
    assert [c.command for c in real[2].children] == [
        PauseNudges("30m"), PauseNudges("1h"), PauseNudges("2h"),
        PauseNudges("until-tomorrow"), PauseNudges("until-resumed")]
    assert real[-1].command == Quit()
    assert [i.checked for i in items if i.action is UiAction.AUTOSTART] == [False]


def test_pending_menu_offers_done_other_counts_snooze_and_skip_for_that_nudge():
    items = build_menu(status(Phase.PENDING, offer()), autostart=True)
    assert labels(items)[:5] == ["Time for: Glute rise — 5 reps", "Done (5 reps)",
                                 "Done, another count", "Snooze", "Skip"]
    assert items[1].command == AnswerNudge("n1", Answer.DONE)
    assert items[2].children[0].command == AnswerNudge("n1", Answer.DONE, reps=1)
    assert [c.label for c in items[3].children] == ["5 min", "10 min", "20 min"]
    assert items[3].children[1].command == AnswerNudge("n1", Answer.SNOOZE, snooze_seconds=600)
    assert items[4].command == AnswerNudge("n1", Answer.SKIP)
    assert [i.checked for i in items if i.action is UiAction.AUTOSTART] == [True]


def test_paused_menu_offers_resume_instead_of_pause():
    items = build_menu(status(Phase.PAUSED), autostart=False)
    assert "Resume nudges" in labels(items) and "Pause" not in labels(items)
    assert next(i for i in items if i.label == "Resume nudges").command == ResumeNudges()


def test_tooltip_reads_like_the_status_line():
    assert tooltip(status(Phase.SITTING)) == "nudge · Seated 23 min · next rise in 7 min"


def test_counts_of_one_read_in_the_singular_and_second_snoozes_are_told_apart():
    rise = catalogue().by_id("glute_rise")
    single = NudgeOffer("n1", rise, 1, 1, (20, 30, 45, 90), 30)
    items = build_menu(status(Phase.PENDING, single), autostart=False)
    assert labels(items)[:2] == ["Time for: Glute rise — 1 rep", "Done (1 rep)"]
    assert [c.label for c in items[2].children][:3] == ["1 rep", "2 reps", "3 reps"]
    assert [c.label for c in items[3].children] == ["20 s", "30 s", "45 s", "1 min 30 s"]


def test_outside_work_hours_the_menu_says_when_nudges_start_and_opens_the_hours():
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    off = Status(Phase.OFF_HOURS, 0, None, None, 0.0, next_work_start=monday)
    items = build_menu(off, autostart=False)
    assert labels(items)[:3] == ["Outside work hours · next nudges from Mon 08:00",
                                 "Change work hours…", "I just did a glute-first rise"]
    assert items[1].action is UiAction.WORK_HOURS and items[1].enabled
    assert tooltip(off) == "nudge · Outside work hours · next nudges from Mon 08:00"
    assert "Change work hours…" not in labels(build_menu(status(Phase.SITTING), False))


def test_how_to_do_it_is_offered_only_while_a_nudge_waits():
    pending = build_menu(status(Phase.PENDING, offer()), autostart=False)
    assert labels(pending)[5] == "How to do it…"
    assert [i.action for i in pending if i.label == "How to do it…"] == [UiAction.HOW_TO]
    for phase in (Phase.SITTING, Phase.PAUSED, Phase.AWAY):
        assert "How to do it…" not in labels(build_menu(status(phase), autostart=False))


def test_a_learned_quiet_hour_is_asked_in_the_menu_with_add_and_dismiss():
    from dataclasses import replace

    from nudge.app.commands import AddQuietPause, DismissQuietHour
    from nudge.core.quiet_hours import QuietHour

    plain = build_menu(status(Phase.SITTING), autostart=False)
    assert not any("often skipped" in label for label in labels(plain))
    asked = replace(status(Phase.SITTING), quiet_hour=QuietHour(0, 14, 6, 5))
    items = build_menu(asked, autostart=False)
    question = next(i for i in items if i.label.startswith("Mondays"))
    assert question.label == "Mondays 14:00 are often skipped — pause them?"
    assert not question.enabled  # words, not a button
    after = items[items.index(question) + 1:items.index(question) + 3]
    assert [(i.label, i.command) for i in after] == [
        ("Add as a pause", AddQuietPause("mon-14")),
        ("Don't ask again", DismissQuietHour("mon-14"))]
