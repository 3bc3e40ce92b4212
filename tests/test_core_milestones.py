"""Streak milestones (#20): 5, 10, 30 and 66 goal days, each celebrated once."""

from __future__ import annotations

import os

import pytest

from nudge.core.milestones import MILESTONES, milestone_reached, milestone_words
from nudge.state.milestones import load_celebrated, remember_celebrated


@pytest.mark.parametrize(
    ("streak", "celebrated", "expected"),
    [
        (4, set(), None),
        (5, set(), 5),
        (5, {5}, None),  # never twice
        (6, set(), None),  # only on the day it is reached, not days late
        (10, {5}, 10),
        (30, {5, 10}, 30),
        (66, {5, 10, 30}, 66),
        (66, {5, 10, 30, 66}, None),
        (67, set(), None),
        (0, set(), None),
    ],
)
def test_milestone_reached(streak, celebrated, expected):
    assert milestone_reached(streak, celebrated) == expected


def test_every_milestone_has_warm_words():
    assert MILESTONES == (5, 10, 30, 66)
    for milestone in MILESTONES:
        words = milestone_words(milestone)
        assert str(milestone) in words and "goal days" in words


def test_celebrated_milestones_are_kept_privately(tmp_path):
    path = tmp_path / "state" / "milestones.json"
    assert load_celebrated(path) == frozenset()
    remember_celebrated(path, 5)
    remember_celebrated(path, 10)
    assert load_celebrated(path) == {5, 10}
    assert os.stat(path).st_mode & 0o777 == 0o600


@pytest.mark.parametrize("content", [b"{", b'{"celebrated": ["5"]}', b"[]", b'{"x": 1}'])
def test_a_damaged_milestone_file_means_none_celebrated(tmp_path, content):
    path = tmp_path / "milestones.json"
    path.write_bytes(content)
    assert load_celebrated(path) == frozenset()
