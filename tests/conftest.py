"""Shared fixtures: an isolated NUDGE_HOME with a fast config, and a way to run the real CLI.

Also the record of skipped desktop tests that `.ci/run` checks: with NUDGE_SKIPPED_DESKTOP_TESTS
set to a file name, each desktop test that skips (a test module using the `desktop`,
`desktop_faults` or `sound_server` helpers, or named for the desktop) adds a line "id<TAB>why".
On a developer's machine a missing tool makes those tests skip; in CI that must not pass unseen.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# In-process window tests (pytest-qt) draw off screen, with no display needed; the desktop
# tests start their windows with the desktop session's own environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


SKIP_RECORD = "NUDGE_SKIPPED_DESKTOP_TESTS"
_DESKTOP_HELPERS = re.compile(r"^(?:from|import) (?:desktop|desktop_faults|sound_server)\b",
                              re.MULTILINE)


@functools.cache
def is_desktop_test_file(path: str) -> bool:
    file = Path(path)
    if "desktop" in file.stem:
        return True
    try:
        return bool(_DESKTOP_HELPERS.search(file.read_text(encoding="utf-8")))
    except OSError:
        return False


def _record_skip(path: str, report: pytest.CollectReport | pytest.TestReport) -> None:
    record = os.environ.get(SKIP_RECORD)
    if not record or not report.skipped or hasattr(report, "wasxfail"):
        return
    if not is_desktop_test_file(path):
        return
    longrepr = report.longrepr
    why = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    with open(record, "a", encoding="utf-8") as file:
        file.write(f"{report.nodeid}\t{' '.join(str(why).split())}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    outcome = yield
    _record_skip(str(item.path), outcome.get_result())  # type: ignore[attr-defined]


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.fspath.endswith(".py"):  # a whole desktop module skipped (importorskip)
        _record_skip(report.fspath, report)
