"""Human durations: `20s`, `30m`, `1h30m` in; short, round-trippable text out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nudge.core.durations import (
    DurationError,
    format_duration,
    format_minutes,
    format_span,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("20s", 20),
        ("30m", 1800),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1h 30m 15s", 5415),
        ("1.5h", 5400),
        ("0s", 0),
        (" 30M ", 1800),
        ("2s", 2),
    ],
)
def test_parse_accepts_hours_minutes_seconds(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "30", "30 minutes", "1d", "-5m", ".5h", "m", "1h30", "h1"])
def test_parse_rejects_anything_else_with_the_allowed_form(text: str) -> None:
    with pytest.raises(DurationError, match="write it like 20s, 30m, 1h30m"):
        parse_duration(text)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(DurationError):
        parse_duration(30)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (-3, "0s"), (45, "45s"), (60, "1m"), (5400, "1h30m"), (3661, "1h1m1s"),
     (7200, "2h")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.integers(min_value=0, max_value=10 * 24 * 3600))
def test_whole_seconds_round_trip(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "under a minute"), (59, "under a minute"), (60, "1 min"), (23 * 60, "23 min"),
     (3600, "1 h"), (65 * 60, "1 h 5 min")],
)
def test_format_minutes(seconds: float, text: str) -> None:
    assert format_minutes(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 s"), (30, "30 s"), (59.6, "1 min"), (60, "1 min"), (90, "1 min 30 s"),
     (600, "10 min"), (3600, "1 h"), (5400, "1 h 30 min"), (3661, "1 h 1 min 1 s")],
)
def test_format_span_keeps_seconds_so_choices_read_differently(seconds: float, text: str) -> None:
    assert format_span(seconds) == text


@pytest.mark.parametrize("text", ["1h1h", "30m 30m", "1h30m1h", "5s5s"])
def test_parse_rejects_a_unit_given_twice(text: str) -> None:
    with pytest.raises(DurationError, match="more than once; write each unit once"):
        parse_duration(text)
