"""An accepted quiet hour goes into the real config.toml with the user's comments kept; a
dismissed one is remembered for good in the state folder (issue #20). Real files, tmp dirs."""

from __future__ import annotations

import stat
from datetime import time
from pathlib import Path

import pytest

from nudge.config.add_pause import add_quiet_hour
from nudge.config.files import load_config
from nudge.config.problems import ConfigError
from nudge.core.quiet_hours import QuietHour
from nudge.core.settings import ScheduledPause, TimeRange
from nudge.state.quiet_hours import dismiss, load_dismissed

TUESDAY_14 = QuietHour(1, 14, nudges=6, turned_away=5)
USER_FILE = """\
# my settings, tuned after a long week
[schedule]
rise_every = "40m"  # a bit slower for me

[[schedule.pauses]]
day = "fri"
hours = "12:00-13:00"  # lunch with the team
"""


def test_accepting_adds_the_pause_and_keeps_every_comment(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(USER_FILE)
    message = add_quiet_hour(path, TUESDAY_14)
    assert message == "Added a pause: Tuesdays 14:00-15:00."
    text = path.read_text()
    assert text.startswith(USER_FILE)  # nothing of the user's changed, the entry is added
    pauses = load_config(path).config.settings.schedule.scheduled_pauses
    assert pauses == (ScheduledPause(4, TimeRange(time(12), time(13))),
                      ScheduledPause(1, TimeRange(time(14), time(15))))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_accepting_without_a_config_file_writes_the_default_one_with_the_pause(
        tmp_path: Path) -> None:
    path = tmp_path / "nudge" / "config.toml"
    add_quiet_hour(path, QuietHour(0, 23, 5, 5))
    pauses = load_config(path).config.settings.schedule.scheduled_pauses
    assert pauses == (ScheduledPause(0, TimeRange(time(23), None)),)
    assert "# nudge settings" in path.read_text()


def test_a_config_file_with_problems_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nrise_every = "soon"\n')
    with pytest.raises(ConfigError, match="rise_every"):
        add_quiet_hour(path, TUESDAY_14)
    assert path.read_text() == '[schedule]\nrise_every = "soon"\n'


def test_a_dismissed_hour_is_remembered_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "quiet_hours.json"
    assert load_dismissed(path) == frozenset()
    dismiss(path, TUESDAY_14.key)
    dismiss(path, "wed-09")
    assert load_dismissed(path) == {"tue-14", "wed-09"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("{not json")
    assert load_dismissed(path) == frozenset()  # damaged: at worst a suggestion comes back
