"""The few words of progress after a Done (issue #20): varied, friendly, never guilt."""

from __future__ import annotations

import pytest

from nudge.core.feedback import progress_words


def test_progress_in_a_few_varied_words() -> None:
    assert [progress_words(3, 6, seed=s) for s in range(3)] == [
        "3 of 6 today.", "3 more to today's goal.", "3 today so far."]
    assert progress_words(5, 6, seed=1) == "One more to today's goal."
    assert {progress_words(6, 6, seed=s) for s in range(2)} == {
        "Goal reached for today.", "That's today's goal: well done."}
    assert progress_words(8, 6, seed=1) == "Goal reached, and 2 more."
    assert progress_words(2, 6, total=100) == "That's your 100th rise!"
    assert progress_words(2, 6, total=101, seed=0) == "2 of 6 today."


@pytest.mark.parametrize("done", range(0, 15))
def test_never_guilt(done: int) -> None:
    for seed in range(6):
        words = progress_words(done, 6, seed=seed).lower()
        assert not any(bad in words for bad in ("only", "behind", "missed", "fewer", "less"))


@pytest.mark.parametrize(("total", "round_"), [
    (50, True), (100, True), (250, True), (500, True), (1000, True), (1100, True),
    (49, False), (101, False), (150, False), (251, False), (999, False)])
def test_round_totals_are_celebrated(total: int, round_: bool) -> None:
    words = progress_words(3, 6, total=total)
    assert (words == f"That's your {total}th rise!") is round_  # every round total ends "th"
