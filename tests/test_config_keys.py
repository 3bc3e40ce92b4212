"""The one table of config keys (`nudge.config.keys`) makes both the check and the template."""

from __future__ import annotations

import tomllib

import pytest

from nudge.config import DEFAULT_CONFIG_TEXT, ConfigError, parse_config
from nudge.config.keys import KEYS, SECTIONS, Key


@pytest.mark.parametrize("key", KEYS, ids=lambda key: f"{key.section}.{key.name}")
def test_every_key_in_the_table_is_checked_and_written(key: Key) -> None:
    written = tomllib.loads(DEFAULT_CONFIG_TEXT)[key.section]
    assert key.name in written
    assert f"{key.comment_lines()[-1]}\n{key.name} = " in DEFAULT_CONFIG_TEXT
    with pytest.raises(ConfigError) as refused:  # a table is never a valid single value
        parse_config({key.section: {key.name: {"not": "a value"}}}, "config.toml")
    assert f"{key.name} = " in str(refused.value)
    assert parse_config({key.section: {key.name: written[key.name]}}, "config.toml").warnings == []


def test_the_template_has_the_tables_sections_in_order() -> None:
    headings = [line[1:-1] for line in DEFAULT_CONFIG_TEXT.splitlines()
                if line.startswith("[") and not line.startswith("[schedule.")]
    assert headings == list(SECTIONS)


def test_a_range_in_a_comment_comes_from_the_key_itself() -> None:
    rise = next(key for key in KEYS if key.name == "rise_every")
    assert rise.comment_lines() == [
        "# Nudge to do a glute-first chair rise after this much sitting (1s to 8h)."]
