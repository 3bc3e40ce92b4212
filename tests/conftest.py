"""Shared fixtures: an isolated NUDGE_HOME with a fast config, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FAST_CONFIG = """
[schedule]
rise_every = "3s"
hip_flexor_every = "1h"
pause_wait = "1s"
min_gap = "0s"
reshow_after = "20s"

[schedule.work_hours]
mon = "00:00-24:00"
tue = "00:00-24:00"
wed = "00:00-24:00"
thu = "00:00-24:00"
fri = "00:00-24:00"
sat = "00:00-24:00"
sun = "00:00-24:00"
"""

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def nudge_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(FAST_CONFIG, encoding="utf-8")
    return home


def cli_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGE_")}
    env.update(NUDGE_HOME=str(home), NO_COLOR="1", PYTHONUNBUFFERED="1")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture
def run_cli(nudge_home: Path) -> RunCli:
    def run(*args: str, check_rc: int | None = None,
            input_text: str | None = None) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "nudge", *args], env=cli_env(nudge_home),
                              capture_output=True, text=True, timeout=60, input=input_text)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        if check_rc is not None:
            assert done.returncode == check_rc, (done.stdout, done.stderr)
        return done

    return run
