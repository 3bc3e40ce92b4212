"""How nudge's own operations scale with years of history (1, 5, 10 by default).

For each size, against a synthetic history (`history_gen`) in its own NUDGE_HOME:
- app start: `python -m nudge run --ui tray` launched into the bench desktop -> the first
  `status` answered over the control channel (polled every 10 ms in-process with nudge's own
  client, so no CLI start-up is counted);
- confirm a rep: `TinyDBEventStore.append` of a DONE event into the current week, in-process,
  the way the engine records a confirmed rep; the current week file is put back as generated
  before each sample so every sample sees the same, realistic week;
- weekly summary: `nudge.store.history.weekly_summary` in-process (what the tray and CLI call), and
  `nudge summary --json` wall time as a user would see it (Python start-up included);
- weekly PNG: `render_weekly_png` in-process, and `nudge summary --png` wall time;
- size on disk: the history folder, allocated blocks and apparent bytes, `.bak` copies included.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.history_gen import (
    HistoryInfo,
    generate_history,
    link_recent,
    weeks_for_years,
)
from nudge.core.events import Event, EventKind, Source
from nudge.core.summary import IsoWeek
from nudge.store.layout import history_dir, week_name

Log = Callable[[str], None]


@dataclass(frozen=True)
class Counts:
    """How many repetitions of each measurement."""

    starts: int = 3
    appends: int = 300
    summaries: int = 30
    cli: int = 5
    pngs: int = 10


QUICK_COUNTS = Counts(starts=1, appends=30, summaries=5, cli=1, pngs=2)


@dataclass
class HistoryResult:
    years: float
    info: HistoryInfo
    build_s: float
    linked: bool = False  # made by linking the largest history's recent weeks
    disk_bytes: int = 0
    apparent_bytes: int = 0
    backup_bytes: int = 0
    files: int = 0
    start_s: list[float] = field(default_factory=list)
    start_error: str | None = None
    append_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)  # the disk's own durable-write cost
    summary_ms: list[float] = field(default_factory=list)
    summary_cli_s: list[float] = field(default_factory=list)
    png_ms: list[float] = field(default_factory=list)
    png_cli_s: list[float] = field(default_factory=list)
    python_floor_s: list[float] = field(default_factory=list)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 300 samples is the 3rd largest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def build_histories(root: Path, years: list[float], now: datetime, log: Log
                    ) -> list[tuple[float, HistoryInfo, float | None]]:
    """Generate the largest history, then the smaller ones as its most recent weeks."""
    largest = max(years)
    began = time.perf_counter()
    big = generate_history(root / f"history-{largest:g}y", weeks_for_years(largest), now)
    built = time.perf_counter() - began
    read = sum(1 for _ in big.store().iter_all_events())
    if read != big.events:
        raise RuntimeError(f"the real store read {read} events back, {big.events} were written")
    log(f"  {largest:g} years: {big.events} events in {big.week_files} week files, written in "
        f"{built:.1f} s and read back by TinyDBEventStore")
    made: list[tuple[float, HistoryInfo, float | None]] = [(largest, big, built)]
    for size in sorted(set(years) - {largest}, reverse=True):
        info = link_recent(big, root / f"history-{size:g}y", weeks_for_years(size), now)
        made.append((size, info, None))
        log(f"  {size:g} years: {info.events} events in {info.week_files} week files (linked)")
    return sorted(made, key=lambda item: item[0])


def measure_history(years: float, info: HistoryInfo, build_s: float | None, counts: Counts,
                    desktop_env: dict[str, str] | None, scratch: Path, log: Log,
                    python: str = sys.executable) -> HistoryResult:
    """`python` runs the app start and the CLI timings: the installed nudge when the bench
    built one (bench/nudge_install.py), so they are what a user waits for."""
    result = HistoryResult(years, info, build_s or 0.0, linked=build_s is None)
    scratch.mkdir(parents=True, exist_ok=True)  # without a desktop nothing else makes it
    _disk(result)
    if desktop_env is not None:
        _app_start(result, counts, desktop_env, scratch, python)
    _appends(result, counts)
    _summaries(result, counts, scratch, python)
    log(f"  {years:g} years: " + one_line(result))
    return result


def one_line(result: HistoryResult) -> str:
    parts = []
    if result.start_s:
        parts.append(f"start {statistics.median(result.start_s):.2f} s")
    if result.append_ms:
        parts.append(f"append p50 {statistics.median(result.append_ms):.2f} ms "
                     f"p99 {percentile(result.append_ms, 0.99):.2f} ms")
    if result.summary_ms:
        parts.append(f"summary {statistics.median(result.summary_ms):.1f} ms")
    if result.png_ms:
        parts.append(f"png {statistics.median(result.png_ms):.0f} ms")
    parts.append(f"{result.disk_bytes / 1e6:.1f} MB on disk")
    return ", ".join(parts)


def _disk(result: HistoryResult) -> None:
    folder = history_dir(result.info.paths.data_dir)
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            # Hard links (the smaller histories share files with the largest) are counted in
            # each history they belong to, as if each were the only one.
            result.disk_bytes += stat.st_blocks * 512
            result.apparent_bytes += stat.st_size
            result.files += 1
            if path.name.endswith(".bak"):
                result.backup_bytes += stat.st_size


def _app_start(result: HistoryResult, counts: Counts, desktop_env: dict[str, str],
               scratch: Path, python: str) -> None:
    from nudge.app.commands import GetStatus, Quit
    from nudge.control import ControlError, send_command

    paths = result.info.paths
    home = scratch / f"start-{result.years:g}y"
    home.mkdir(parents=True, exist_ok=True)
    env = {**desktop_env, "HOME": str(home), "NUDGE_HOME": str(result.info.home)}
    for _ in range(counts.starts):
        began = time.monotonic()
        process = subprocess.Popen([python, "-m", "nudge", "run", "--ui", "tray"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        answered = None
        while time.monotonic() - began < 30 and process.poll() is None:
            try:
                if send_command(paths.control_socket, paths.control_key, GetStatus(), 1.0).ok:
                    answered = time.monotonic() - began
                    break
            except ControlError:
                pass
            time.sleep(0.01)
        try:
            send_command(paths.control_socket, paths.control_key, Quit(), 5.0)
            process.wait(10)
        except (ControlError, subprocess.TimeoutExpired):
            process.kill()
            process.wait(5)
        if answered is None:
            result.start_error = f"no status answer (exit code {process.returncode})"
            return
        result.start_s.append(answered)


def _appends(result: HistoryResult, counts: Counts) -> None:
    store = result.info.store()
    now = datetime.now().astimezone()
    path = history_dir(result.info.paths.data_dir) / result.info.device / week_name(now.date())
    original = path.read_bytes() if path.exists() else None
    try:
        for number in range(counts.appends):
            _restore(path, original)
            event = Event(EventKind.DONE, datetime.now().astimezone(),
                          nudge_id=f"bench-{number}", exercise="glute_rise", reps=5,
                          source=Source.PROMPT)
            began = time.perf_counter()
            store.append(event)
            result.append_ms.append((time.perf_counter() - began) * 1000)
            result.floor_ms.append(_durable_write(path.parent.parent, path.stat().st_size))
    finally:
        _restore(path, original)
        for name in (".bench-floor.tmp", ".bench-floor.json"):
            (path.parent.parent / name).unlink(missing_ok=True)


def _durable_write(folder: Path, size: int) -> float:
    """Milliseconds for the least any atomic, durable file write costs on this disk: write
    `size` bytes, fsync, rename over the old copy, fsync the folder. Measured right after each
    append, so both see the same disk (and the same noise from other programs)."""
    temp, target = folder / ".bench-floor.tmp", folder / ".bench-floor.json"
    began = time.perf_counter()
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"x" * size)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, target)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return (time.perf_counter() - began) * 1000


def _restore(path: Path, original: bytes | None) -> None:
    if original is None:
        path.unlink(missing_ok=True)
        return
    temp = path.with_name(".bench-restore.tmp.json")
    temp.write_bytes(original)
    os.replace(temp, path)


def _summaries(result: HistoryResult, counts: Counts, scratch: Path, python: str) -> None:
    from nudge.charts.weekly_png import render_weekly_png
    from nudge.config import load_config
    from nudge.config.exercise_files import usable_catalogue
    from nudge.store.history import weekly_summary

    paths = result.info.paths
    settings = load_config(paths.config_file).config.settings
    store = result.info.store()
    today = datetime.now().astimezone().date()
    week = IsoWeek.containing(today)
    held = usable_catalogue(paths.user_exercises_file).catalogue.held_ids()
    summary = None
    for _ in range(counts.summaries):
        began = time.perf_counter()
        summary = weekly_summary(store, week, settings, today, held)
        result.summary_ms.append((time.perf_counter() - began) * 1000)
    assert summary is not None
    png = scratch / f"summary-{result.years:g}y.png"
    for _ in range(counts.pngs):
        began = time.perf_counter()
        render_weekly_png(summary, png)
        result.png_ms.append((time.perf_counter() - began) * 1000)
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")}
    env["NUDGE_HOME"] = str(result.info.home)
    for _ in range(counts.cli):
        result.python_floor_s.append(wall([python, "-c", "pass"], env))
        result.summary_cli_s.append(wall([python, "-m", "nudge", "summary", "--json"], env))
        result.png_cli_s.append(wall([python, "-m", "nudge", "summary", "--png", str(png)],
                                      env))


def wall(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `command` to its exit; raises with its stderr when it fails."""
    began = time.perf_counter()
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        said = done.stderr.strip()[-300:]
        raise RuntimeError(f"{' '.join([Path(command[0]).name, *command[1:]])} failed: {said}")
    return elapsed
