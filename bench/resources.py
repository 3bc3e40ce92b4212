"""Run nudge and its peers in turn in one private desktop, and measure each over fixed windows.

For each round, each app (the order rotates every round, so no app always follows the same
one): launch into a fresh scratch home -> time to its tray icon (`traywatch`) -> settle ->
an idle window (nobody touches anything) -> an input window (xdotool moves the pointer by one
pixel every second, like someone working) -> stop the whole tree. Before the rounds every app
is launched once and stopped (not counted): that warms the page cache and Python's bytecode
caches, as on a desktop where the app is started every day, and finds peers that cannot run.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import proctree
from bench.apps import AppSpec, Launch, prepare_launch
from bench.session import BenchSession
from bench.traywatch import launch_and_wait

TRAY_TIMEOUT = 20.0
MEMORY_EVERY = 5.0  # seconds between PSS readings inside a window
PAUSE_BETWEEN_APPS = 1.0
POINTER_HOME = (640, 400)  # an empty spot of the root window, away from the panel and dunst

Log = Callable[[str], None]


@dataclass(frozen=True)
class Window:
    """One measured window of one app run."""

    phase: str  # "idle" or "input"
    seconds: float
    pss_kb: float  # median of the readings in the window
    rss_kb: float
    uss_kb: float
    delta: proctree.Delta
    processes: int
    threads: int

    @property
    def cpu_per_min(self) -> float:
        return self.delta.cpu_s * 60 / self.seconds

    @property
    def switches_per_min(self) -> float:
        return self.delta.voluntary * 60 / self.seconds

    @property
    def involuntary_per_min(self) -> float:
        return self.delta.involuntary * 60 / self.seconds


@dataclass
class AppRun:
    key: str
    title: str
    round: int
    tray_s: float | None = None
    tray_method: str | None = None
    error: str | None = None
    windows: dict[str, Window] = field(default_factory=dict)
    process_names: list[str] = field(default_factory=list)
    thread_names: dict[int, str] = field(default_factory=dict)  # tid -> Python thread name
    smaps: dict[str, int] = field(default_factory=dict)  # PSS kB by mapping group (nudge)


@dataclass(frozen=True)
class Plan:
    rounds: int
    window: float  # seconds, each of idle and input
    settle: float  # seconds after the tray icon, before the idle window


def run_resources(session: BenchSession, apps: list[AppSpec], plan: Plan, scratch: Path,
                  log: Log, on_nudge: Callable[[Launch, AppRun], None] | None = None
                  ) -> tuple[list[AppRun], dict[str, str]]:
    """Every round of every runnable app; returns the runs and why some apps did not run."""
    skipped = {app.key: why for app in apps if (why := app.missing()) is not None}
    runnable = [app for app in apps if app.key not in skipped]
    session.pointer(*POINTER_HOME)
    for app in list(runnable):
        log(f"warm-up: {app.title}")
        launch = prepare_launch(app, session.env, scratch)
        result = launch_and_wait(launch.env, launch.start, lambda pid, t=launch.tag:
                                 proctree.tree_pids(pid, t), TRAY_TIMEOUT)
        alive = bool(launch.pids())
        launch.stop()
        if result.seconds is None and not alive:
            skipped[app.key] = f"{result.error}: {launch.tail()}"
            runnable.remove(app)
            log(f"  {app.title} cannot run: {skipped[app.key]}")
        time.sleep(PAUSE_BETWEEN_APPS)
    runs = []
    for number in range(1, plan.rounds + 1):
        shift = (number - 1) % max(1, len(runnable))
        for app in runnable[shift:] + runnable[:shift]:
            log(f"round {number}/{plan.rounds}: {app.title}")
            run = measure_app(session, app, plan, scratch, number, on_nudge)
            log("  " + describe(run))
            runs.append(run)
            time.sleep(PAUSE_BETWEEN_APPS)
    return runs, skipped


def measure_app(session: BenchSession, app: AppSpec, plan: Plan, scratch: Path, number: int,
                on_nudge: Callable[[Launch, AppRun], None] | None = None) -> AppRun:
    run = AppRun(app.key, app.title, number)
    launch = prepare_launch(app, session.env, scratch)
    try:
        result = launch_and_wait(launch.env, launch.start, lambda pid: proctree.tree_pids(
            pid, launch.tag), TRAY_TIMEOUT)
        run.tray_s, run.tray_method = result.seconds, result.method
        if result.seconds is None:
            run.error = f"{result.error}; output: {launch.tail()}"
            if not launch.pids():
                return run
        time.sleep(plan.settle)
        run.windows["idle"] = measure_window(launch, "idle", plan.window, session)
        if app.key == "nudge":
            from bench.profile import pss_by_mapping

            run.smaps = pss_by_mapping(launch.pids())
        run.windows["input"] = measure_window(launch, "input", plan.window, session)
        run.process_names = proctree.process_names(launch.pids())
        if app.key == "nudge":
            run.thread_names = python_thread_names(launch.pids())
            if on_nudge is not None:
                on_nudge(launch, run)
    finally:
        launch.stop()
    return run


def measure_window(launch: Launch, phase: str, seconds: float, session: BenchSession) -> Window:
    """Counters over `seconds`; with phase "input", a one-pixel pointer move every second."""
    start = proctree.sample(launch.pids())
    began = time.monotonic()
    memory = [proctree.memory_only(start.pids)]
    next_memory = began + MEMORY_EVERY
    tick = 0
    while (now := time.monotonic()) < began + seconds:
        if phase == "input":
            session.nudge_pointer(1 if tick % 2 == 0 else -1)
        if now >= next_memory:
            memory.append(proctree.memory_only(launch.pids()))
            next_memory += MEMORY_EVERY
        tick += 1
        time.sleep(max(0.0, min(began + tick, began + seconds) - time.monotonic()))
    end = proctree.sample(launch.pids())
    elapsed = time.monotonic() - began
    memory.append((end.pss_kb, end.rss_kb, end.uss_kb))
    return Window(phase, elapsed, statistics.median(m[0] for m in memory),
                  statistics.median(m[1] for m in memory), statistics.median(m[2] for m in memory),
                  proctree.delta(start, end, elapsed),
                  len(end.pids), end.thread_count)


def python_thread_names(pids: list[int]) -> dict[int, str]:
    """OS thread id -> Python thread name, from `py-spy dump` (empty without py-spy).

    Python 3.11 does not name OS threads (they all show as "python" in /proc), so this is the
    only way to tell nudge's threads apart from outside. Root (or ptrace rights) is needed.
    """
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        return {}
    names: dict[int, str] = {}
    for pid in pids:
        try:
            out = subprocess.run([spy, "dump", "--pid", str(pid), "--json"], capture_output=True,
                                 text=True, timeout=20).stdout
            for thread in json.loads(out or "[]"):
                names[int(thread["os_thread_id"])] = str(thread.get("thread_name") or "?")
        except (OSError, ValueError, KeyError, subprocess.TimeoutExpired):
            continue
    return names


def describe(run: AppRun) -> str:
    parts = []
    if run.tray_s is not None:
        parts.append(f"tray {run.tray_s:.2f} s ({run.tray_method})")
    for window in run.windows.values():
        parts.append(f"{window.phase}: PSS {window.pss_kb / 1024:.1f} MB, "
                     f"CPU {window.cpu_per_min:.3f} s/min, {window.switches_per_min:.0f} cs/min")
    if run.error:
        parts.append(f"problem: {run.error}")
    return "; ".join(parts)
