"""The benchmark harness (`bench/`, `make bench`) still works: a tiny synthetic history and one
measurement of this very process. Benchmarks are not timed tests: nothing here asserts on speed.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from nudge.core.events import OUTCOMES, EventKind
from nudge.core.settings import Settings
from nudge.core.summary import IsoWeek
from nudge.store.history import weekly_summary

from desktop import missing_tools

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 3, 12, 15, 0).astimezone()  # a Wednesday afternoon


def _bench(name: str) -> ModuleType:
    if str(REPO) not in sys.path:  # `bench` lives next to `nudge`, outside the package
        sys.path.insert(0, str(REPO))
    return importlib.import_module(f"bench.{name}")


def test_a_tiny_synthetic_history_is_read_back_by_the_real_store(tmp_path: Path) -> None:
    history_gen = _bench("history_gen")

    info = history_gen.generate_history(tmp_path / "home", weeks=3, now=NOW)

    events = list(info.store().iter_all_events())
    assert len(events) == info.events > 0
    assert info.week_files == 3
    assert all(event.at <= NOW for event in events)
    kinds = Counter(event.kind for event in events)
    assert {EventKind.OFFERED, EventKind.DONE, EventKind.STRETCH, EventKind.BREAK} <= set(kinds)
    outcomes = Counter(e.nudge_id for e in events if e.kind in OUTCOMES and e.nudge_id)
    offered = [e.nudge_id for e in events if e.kind is EventKind.OFFERED]
    assert all(outcomes[nudge_id] == 1 for nudge_id in offered)  # one outcome per nudge
    folder = info.paths.data_dir / "history" / info.device
    assert len(list(folder.glob("*.json.bak"))) == 3  # as the app leaves them
    summary = weekly_summary(info.store(), IsoWeek.containing(NOW.date()), Settings(),
                             NOW.date(), frozenset())
    assert sum(day.done for day in summary.days) > 0


def test_a_smaller_history_links_the_most_recent_weeks(tmp_path: Path) -> None:
    history_gen = _bench("history_gen")
    big = history_gen.generate_history(tmp_path / "big", weeks=3, now=NOW)

    small = history_gen.link_recent(big, tmp_path / "small", weeks=1, now=NOW)

    assert small.week_files == 1
    assert 0 < small.events < big.events


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_measuring_the_current_python_process() -> None:
    proctree = _bench("proctree")
    pids = proctree.tree_pids(os.getpid())

    first = proctree.sample(pids)
    sum(range(100_000))  # a little work between the samples
    second = proctree.sample(pids)

    assert os.getpid() in pids
    assert second.rss_kb >= second.pss_kb > 0
    assert second.thread_count >= 1
    change = proctree.delta(first, second, seconds=1.0)
    assert change.cpu_s >= 0 and change.voluntary >= 0


@pytest.mark.skipif(bool(missing_tools()), reason=f"desktop tools missing: {missing_tools()}")
@pytest.mark.parametrize("spec", ["floor_spec", "floor_jeepney_spec",
                                  "floor_jeepney_modules_spec"])
def test_a_floor_icon_is_found_in_the_real_tray_and_measured_idle_and_with_input(
        tmp_path: Path, spec: str) -> None:
    apps, resources, session = _bench("apps"), _bench("resources"), _bench("session")
    plan = resources.Plan(rounds=1, window=1.0, settle=0.2)

    with session.BenchSession(tmp_path / "desktop") as desktop:
        runs, skipped = resources.run_resources(desktop, [getattr(apps, spec)()], plan,
                                                tmp_path / "apps", lambda message: None)

    assert skipped == {}
    (run,) = runs
    assert run.error is None
    assert run.tray_method == "StatusNotifierItem" and run.tray_s is not None
    assert set(run.windows) == {"idle", "input"}
    for window in run.windows.values():
        assert window.processes == 1 and window.pss_kb > 0 and window.uss_kb > 0


def test_nudge_is_installed_on_another_interpreter_than_the_harness_when_there_is_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nudge_install = _bench("nudge_install")
    other = tmp_path / "python3"
    other.write_text("#!/bin/sh\necho True\n")  # answers the version check as 3.11+ would
    other.chmod(0o755)

    monkeypatch.setattr(nudge_install, "SYSTEM_PYTHON", str(other))
    assert nudge_install.base_python()[0] == str(other)

    monkeypatch.setattr(nudge_install, "SYSTEM_PYTHON", sys.executable)
    base, why = nudge_install.base_python()
    assert base == sys.executable and "shared with the harness" in why


def test_the_engagement_bench_runs_a_simulated_week_and_rewrites_only_its_section(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engagement = _bench("engagement")
    monkeypatch.setattr(engagement, "WEEKS", 1)
    off = engagement.Run(engagement.skipper, False, 1).go()
    on = engagement.Run(engagement.skipper, True, 1).go()
    assert off.workdays == on.workdays == 5
    assert on.shown < off.shown  # skips space the skipper's nudges out
    results = {(name, adapt): off for name in engagement.MODELS for adapt in (False, True)}
    out = tmp_path / "RESULTS.md"
    out.write_text("# results\n\nkept\n")
    engagement.write_section(out, engagement.render(results, "then"))
    engagement.write_section(out, engagement.render(results, "now"))
    text = out.read_text()
    assert text.startswith("# results\n\nkept\n") and text.count(engagement.SECTION_START) == 1
    assert "Run now" in text and "Run then" not in text


@pytest.mark.skipif(bool(missing_tools()), reason=f"desktop tools missing: {missing_tools()}")
def test_the_windows_bench_times_a_window_to_visible_and_the_year_view_drawn(
        tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra)")
    windows_bench, session = _bench("windows_bench"), _bench("session")
    home = tmp_path / "home"
    _bench("history_gen").generate_history(home, 2, NOW)
    with session.BenchSession(tmp_path / "desktop") as desktop:
        env = {**desktop.env, "NUDGE_HOME": str(home)}
        seconds = windows_bench.open_time(desktop, sys.executable, "settings", env)
        year = windows_bench.year_view(sys.executable, env)
        welcome = windows_bench.welcome_time(desktop, sys.executable, tmp_path / "new-home")
        with pytest.raises(RuntimeError, match="not due"):  # only ever a first start
            windows_bench.welcome_time(desktop, sys.executable, home)  # it has a config
    assert 0 < seconds < 60  # it came, then closed with Escape (open_time waits for the end)
    assert 0 < welcome < 60 and (tmp_path / "new-home" / "state" / "welcomed").exists()
    assert not (tmp_path / "new-home" / "config" / "config.toml").exists()  # Escape: skipped
    assert str(year["year"]).isdigit() and 0 < year["switch_s"] < year["start_to_year_s"]


@pytest.mark.skipif(not (Path(sys.executable).parent / "nudge").exists(),
                    reason="the CLI bench times the `nudge` script beside the interpreter")
def test_the_cli_bench_times_each_command_with_the_app_not_running_and_running(
        tmp_path: Path) -> None:
    cli_bench = _bench("cli_bench")

    result = cli_bench.measure(sys.executable, tmp_path, 1, lambda message: None)

    for state in cli_bench.STATES:
        assert {label: len(times) for label, times in result.seconds[state].items()} == {
            label: 1 for label in cli_bench.COMMANDS}
        assert result.version_ratio(state) is not None
    env = {**os.environ, "NUDGE_HOME": str(tmp_path / "cli-home")}
    status = subprocess.run([sys.executable, "-m", "nudge", "status", "--json"], env=env,
                            capture_output=True, text=True, check=True)
    assert json.loads(status.stdout)["running"] is False  # the bench stopped its app
    text = "\n".join(cli_bench.render(result, "python -m bench"))
    assert "| `nudge status` |" in text and "n/a" not in text


def test_the_issue_22_list_says_met_not_met_or_not_measured_from_the_run_alone() -> None:
    cli_bench, issue22 = _bench("cli_bench"), _bench("issue22")
    fast, slow = [0.010], [0.060]
    cli = cli_bench.CliResults(1, "python", seconds={
        state: {"python -c pass": fast, "nudge --version": [0.015], "nudge status": fast,
                "nudge log rise": slow if state == "running" else fast,
                "python bench/cli_floor.py": [0.021], cli_bench.LIBRARIES: [0.040]}
        for state in cli_bench.STATES})

    lines = issue22.lines([], [], cli, None)

    by_target = {line.split(":")[0]: line for line in lines[2:]}
    assert by_target["- `nudge --version` ≤ 2 × `python -c pass`"].endswith("**met**")
    assert by_target["- `nudge status` and `nudge log rise` median ≤ 50 ms"].endswith(
        "**NOT met**")  # one of the four, `log rise` with the app running, is 60 ms
    # The floors under it, from the same run, are named beside it.
    assert ("floors: the standard library alone asking the running app 21 ms, importing the "
            "libraries `log rise` needs with the app not running 40 ms") in by_target[
        "- `nudge status` and `nudge log rise` median ≤ 50 ms"]
    assert sum(line.endswith("**not measured**") for line in lines) == 4  # no desktop run


def test_a_run_with_the_windows_drops_the_kept_windows_section_it_replaces() -> None:
    report, windows_bench = _bench("report"), _bench("windows_bench")
    notes = (f"\n\nkept above\n\n{windows_bench.SECTION_START}\nold table\n"
             f"{windows_bench.SECTION_END}\n\nkept below")

    kept = report.drop_section(notes, windows_bench.SECTION_START, windows_bench.SECTION_END)

    assert "old table" not in kept and "kept above" in kept and "kept below" in kept
    assert report.drop_section("no section", "<a>", "</a>") == "no section"


def test_the_windows_section_has_a_row_for_each_window_the_welcome_too() -> None:
    windows_bench, issue22 = _bench("windows_bench"), _bench("issue22")
    result = windows_bench.WindowResults(5, 10, 2, open_s={
        "settings": [0.4, 0.5], "insights": [0.3, 0.3], "welcome": [0.25, 0.35]})

    text = "\n".join(windows_bench.render(result, "now", "0.1, 0.1, 0.1"))

    assert "| `nudge welcome` (first start: a fresh, empty home each run) | 300 ms | 250, 350 |" \
        in text
    goal = issue22.lines([], [], None, result)[2:]
    assert any("`nudge welcome` 300 ms" in line for line in goal), goal
