"""Shared fixtures and the rules for choosing tests.

Fixtures: an isolated NUDGE_HOME with a fast config, a way to run the real CLI, the private
desktop (`desk`: one per module; `fresh_desk`: one per test, for tests that break it) and the
seed of the torture tests (`torture_seed`).

Markers, set here so that no test can forget them: `desktop` on every test that needs a piece of
a private desktop (`is_desktop_test`), `slow` on the modules whose tests take seconds each
(`is_slow_test_file`: tortures, fuzzers, packaging, the real app and CLI as processes).
`pytest -m "not desktop and not slow"` runs the fast unit tests (`make test-fast`).

`--seed N` (or NUDGE_TEST_SEED=N) replays a torture run and seeds hypothesis; without it each run
picks a seed, shown in the header and again beside every failing torture test.

The record of skipped desktop tests that `.ci/run` checks uses the same `is_desktop_test`: with
NUDGE_SKIPPED_DESKTOP_TESTS set to a file name, each desktop test that skips adds a line
"id<TAB>why". On a developer's machine a missing tool makes those tests skip; in CI that must
not pass unseen.
"""

from __future__ import annotations

import functools
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from configs import ALL_DAY

from desktop import DesktopSession, missing_tools, running_desktop

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

""" + ALL_DAY

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


# -- the private desktop -------------------------------------------------------------------
def _require_desktop() -> None:
    if missing := missing_tools():
        pytest.skip(f"desktop tools missing: {missing}")


@pytest.fixture(autouse=True)
def _real_login_entry_untouched() -> Iterator[None]:
    """No test may leave a login entry in the real home: a welcome or `autostart on` under
    test must be pointed at a private XDG_CONFIG_HOME."""
    entry = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "autostart" \
        / "nudge.desktop"
    there = entry.exists()
    yield
    if not there and entry.exists():
        entry.unlink()
        pytest.fail(f"the test wrote {entry}: give it a private XDG_CONFIG_HOME")


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """Each test starts in English whatever the one before installed (a pseudo-translation left
    behind turned a later test's expected English words into brackets)."""
    yield
    from nudge import i18n

    i18n.install("en")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    """The private desktop the tests of one module share (see tests/desktop.py)."""
    _require_desktop()
    with running_desktop(tmp_path_factory.mktemp("desktop")) as session:
        yield session


@pytest.fixture
def fresh_desk(tmp_path: Path) -> Iterator[DesktopSession]:
    """A private desktop of this test's own, for tests that kill its pieces."""
    _require_desktop()
    with running_desktop(tmp_path / "desktop") as session:
        yield session


# -- choosing tests: markers ---------------------------------------------------------------
# A test that requests one of these (directly or through another fixture) starts a desktop.
DESKTOP_FIXTURES = frozenset({"desk", "fresh_desk"})
# A module that imports these helpers starts desktop pieces itself (Xvfb, a bus, PulseAudio).
_DESKTOP_HELPERS = re.compile(r"^(?:from|import) (?:desktop|desktop_faults|sound_server)\b",
                              re.MULTILINE)
# Tests that take seconds each, so the fast run leaves them out (marked `slow`): the tortures,
# fuzzers and fault tests (test_reliability_*), the wheel and bundle builds (test_packaging_*),
# and the modules that mostly drive the real app or CLI as processes.
SLOW_PREFIXES = ("test_reliability_", "test_packaging_")
SLOW = frozenset({
    "test_store_crash.py", "test_privacy.py", "test_app_terminal.py", "test_properties_core.py",
    "test_config_fuzz.py", "test_file_watch.py", "test_cli.py", "test_doctor.py",
    "test_doctor_imports.py", "test_cli_edges.py", "test_ci_skips.py",
    "test_app_first_day.py", "test_clock_zone.py", "test_reply_lost.py", "test_cli_home.py",
    "test_cli_config_check.py", "test_cli_output.py", "test_cli_ctrl_c.py",
    "test_control_deadline.py", "test_cli_quiet_hours.py", "test_languages.py",
    "test_windows_quiet_hour_app.py",
})


def is_slow_test_file(name: str) -> bool:
    return name in SLOW or name.startswith(SLOW_PREFIXES)


@functools.cache
def is_desktop_test_file(path: str) -> bool:
    """A module named for the desktop, or one that uses the desktop helpers."""
    file = Path(path)
    if "desktop" in file.stem:
        return True
    try:
        return bool(_DESKTOP_HELPERS.search(file.read_text(encoding="utf-8")))
    except OSError:
        return False


def is_desktop_test(path: str, fixtures: Iterable[str] = ()) -> bool:
    """The one rule for "desktop test": the `desktop` marker and the CI skip record use it."""
    return is_desktop_test_file(path) or not DESKTOP_FIXTURES.isdisjoint(fixtures)


@pytest.hookimpl(tryfirst=True)  # the seed is chosen before hypothesis reads its option
def pytest_configure(config: pytest.Config) -> None:
    _choose_seed(config)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if is_desktop_test(str(item.path), getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.desktop)
        if is_slow_test_file(item.path.name):
            item.add_marker(pytest.mark.slow)


# -- torture seeds -------------------------------------------------------------------------
SEED_VARIABLE = "NUDGE_TEST_SEED"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--seed", type=int, default=None,
                     help=f"seed of the torture tests and of hypothesis, to replay a failing "
                          f"run (default: ${SEED_VARIABLE}, else a new one each run)")


_SEED = pytest.StashKey[int]()


def _choose_seed(config: pytest.Config) -> None:
    given = config.getoption("seed")
    if given is None and os.environ.get(SEED_VARIABLE, "").strip():
        given = int(os.environ[SEED_VARIABLE])
    config.stash[_SEED] = given if given is not None else random.randrange(1 << 32)
    # Only a given seed reaches hypothesis: a forced one turns off its example database.
    if given is not None and config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = given


def pytest_report_header(config: pytest.Config) -> str:
    return f"torture seed: {config.stash[_SEED]} (replay with --seed)"


@pytest.fixture
def torture_seed(request: pytest.FixtureRequest) -> int:
    """The seed of a randomised torture; a failure report names it (see `_note_seed`)."""
    return request.config.stash[_SEED]


def _note_seed(item: pytest.Item, report: pytest.TestReport) -> None:
    if report.failed and "torture_seed" in getattr(item, "fixturenames", ()):
        seed = item.config.stash[_SEED]
        report.sections.append(("torture seed", f"replay: pytest '{item.nodeid}' --seed {seed}"))


# -- the record of skipped desktop tests -----------------------------------------------------
SKIP_RECORD = "NUDGE_SKIPPED_DESKTOP_TESTS"


def _record_skip(report: pytest.CollectReport | pytest.TestReport, desktop: bool) -> None:
    record = os.environ.get(SKIP_RECORD)
    if not record or not desktop or not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    why = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    with open(record, "a", encoding="utf-8") as file:
        file.write(f"{report.nodeid}\t{' '.join(str(why).split())}\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    _note_seed(item, report)
    _record_skip(report, item.get_closest_marker("desktop") is not None)


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.fspath.endswith(".py"):  # a whole desktop module skipped (importorskip)
        _record_skip(report, is_desktop_test(report.fspath))
