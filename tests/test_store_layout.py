"""Week-file naming and the messages a refused write carries."""

from __future__ import annotations

import errno
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nudge.store.layout import is_week_file, week_name, weeks_between
from nudge.store.messages import os_error_message

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2024, 12, 29), "2024-W52.json"),  # Sunday
        (date(2024, 12, 30), "2025-W01.json"),  # Monday of ISO week 1 of 2025
        (date(2021, 1, 3), "2020-W53.json"),  # early January can belong to last year's week 53
        (date(2026, 6, 15), "2026-W25.json"),
    ],
)
def test_week_names_follow_the_iso_calendar(day: date, name: str) -> None:
    assert week_name(day) == name
    assert is_week_file(name)


@given(DAYS, st.integers(min_value=0, max_value=400))
def test_weeks_between_lists_exactly_the_weeks_of_the_range(first: date, length: int) -> None:
    last = first + timedelta(days=length)
    days = [first + timedelta(days=n) for n in range(length + 1)]
    expected = sorted({week_name(day) for day in days})
    assert weeks_between(first, last) == expected


@pytest.mark.parametrize(
    "name", ["2024-W24.json.bak", ".2024-W24.json.new-ab12.tmp", "2024-W24 (1).json", "notes.json"]
)
def test_other_files_are_not_week_files(name: str) -> None:
    assert not is_week_file(name)


@pytest.mark.parametrize(
    ("code", "cause", "fix"),
    [
        (errno.ENOSPC, "the disk is full", "free some disk space"),
        (errno.EROFS, "the disk is read-only", "make the disk writable"),
        (errno.EACCES, "permission was denied", "give your user write access"),
        (errno.EFBIG, "size this system allows", "raise the file size limit"),
        (errno.EIO, "Input/output error", "check the disk"),
    ],
)
def test_a_refused_write_names_the_file_the_cause_and_the_fix(
    code: int, cause: str, fix: str
) -> None:
    path = Path("/home/anna/.local/share/nudge/history/laptop-aaaaaa/2024-W24.json")
    message = os_error_message(OSError(code, "Input/output error"), path)
    assert message.startswith(f"nudge could not save your history to {path}: ")
    assert cause in message
    assert f"Fix: {fix}" in message
    assert "\n" not in message
