"""Whatever a person types into config.toml, loading it gives settings or a ConfigError, never
another exception (which would reach the user as a traceback)."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nudge.config import ConfigError, load_config, parse_config

KNOWN_KEYS = [
    "rise_every", "hip_flexor_every", "away_after", "pause_wait", "typing_pause", "snooze",
    "snooze_choices", "reshow_after", "min_gap", "activation_check_at_offer", "work_hours",
    "pauses", "daily_rises", "progression_unlock_days", "ui", "mon", "sun", "day", "hours",
    "fullscreen", "do_not_disturb", "camera", "microphone", "screen_sharing", "apps",
    "focused_apps", "video_devices",
]
FRAGMENTS = [
    "[schedule]\n", "[goals]\n", "[app]\n", "[blockers]\n", "[schedule.work_hours]\n",
    "[[schedule.pauses]]\n",
    "\n", " = ", "=", "[", "]", "{", "}", ",", '"', "'", "#", ".", "\\",
    *(f"{key} = " for key in KNOWN_KEYS),
]
VALUES_AS_TEXT = [
    '"30m"', '"2s"', '"0s"', '"8h1s"', '"1h30m"', '"off"', '"08:00-18:00"', '"24:00-24:00"',
    '"08:00-12:00, 11:00-13:00"', '"tue"', '"tray"', "1", "0", "-1", "2.5", "nan", "inf", "true",
    '["5m", "10m"]', "[5, 10]", "[]", "[[1]]", "{}", "{ a = 1 }", "1979-05-27", "07:32:00",
    "1979-05-27T07:32:00Z", "99999999999999999999", '"\\u0000"',
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS + VALUES_AS_TEXT), max_size=40).map("".join))
def test_toml_ish_text_gives_settings_or_a_config_error(tmp_path: Path, text: str) -> None:
    _load_only_config_errors(tmp_path, text.encode("utf-8"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_random_text_gives_settings_or_a_config_error(tmp_path: Path, text: str) -> None:
    _load_only_config_errors(tmp_path, text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_random_bytes_give_settings_or_a_config_error(tmp_path: Path, raw: bytes) -> None:
    _load_only_config_errors(tmp_path, raw)


SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(VALUES_AS_TEXT).map(lambda text: text.strip('"')),
    st.integers(),
    st.floats(),
    st.just(math.inf),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.just(UTC)),
)
TOML_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=5),
    max_leaves=8,
)
KEYS = st.sampled_from(KNOWN_KEYS) | st.text(max_size=12)
SECTIONS = st.dictionaries(KEYS, TOML_VALUES, max_size=5)
DOCUMENTS = st.dictionaries(
    st.sampled_from(["schedule", "goals", "app", "blockers", "shedule"]) | st.text(max_size=8),
    SECTIONS | TOML_VALUES,
    max_size=3,
)


@settings(max_examples=300)
@given(DOCUMENTS)
def test_random_documents_give_settings_or_a_config_error(doc: dict[str, Any]) -> None:
    try:
        parse_config(doc, "config.toml")
    except ConfigError as problem:
        assert str(problem).startswith("config.toml")


@settings(max_examples=300)
@given(st.sampled_from(KNOWN_KEYS), TOML_VALUES)
def test_any_value_for_a_known_key_gives_settings_or_a_config_error(key: str, value: Any) -> None:
    for section in ("schedule", "goals", "app", "blockers"):
        for doc in ({section: {key: value}}, {"schedule": {"work_hours": {key: value}}},
                    {"schedule": {"pauses": [{key: value}]}}):
            try:
                parse_config(doc, "config.toml")
            except ConfigError as problem:
                assert problem.problems


def _load_only_config_errors(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(raw)
    try:
        load_config(path)
    except ConfigError as problem:
        assert str(problem)


@pytest.mark.parametrize("value", [date(2024, 1, 1), time(8), datetime(2024, 1, 1, tzinfo=UTC)])
@pytest.mark.parametrize("key", ["rise_every", "snooze_choices", "activation_check_at_offer"])
def test_toml_dates_and_times_are_refused_politely(key: str, value: date | time) -> None:
    expected = re.escape(f"config.toml: [schedule] {key} = {value.isoformat()} is not")
    with pytest.raises(ConfigError, match=expected):
        parse_config({"schedule": {key: value}}, "config.toml")
