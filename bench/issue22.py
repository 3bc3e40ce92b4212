"""Issue #22's targets, each checked against one `python -m bench` run's own numbers: the list
at the top of RESULTS.md. Main thread; reads the results, measures nothing.

A target is "met" or "NOT met" only from what this run measured; one whose measurement did not
run (a peer missing, `--years` without 5, `--skip-desktop`) says so instead.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench import cli_bench, windows_bench
from bench.cli_bench import CliResults
from bench.history_bench import HistoryResult, percentile
from bench.report import by_app, fmt, metric, ratio
from bench.resources import AppRun
from bench.windows_bench import WindowResults

TITLE = "## Issue #22 targets in this run"


@dataclass(frozen=True)
class Goal:
    label: str
    measured: str
    met: bool | None  # None: not measured in this run

    def line(self) -> str:
        verdict = "not measured" if self.met is None else "met" if self.met else "NOT met"
        return f"- {self.label}: {self.measured} — **{verdict}**"


def lines(runs: list[AppRun], history: list[HistoryResult], cli: CliResults | None,
          windows: WindowResults | None) -> list[str]:
    goals = [*_all_day(runs), _confirm(history), *_cli(cli), *_windows(windows)]
    return [TITLE, "", *(goal.line() for goal in goals)]


PSS_TIMES_WORKRAVE = 1.0  # "lighter than Workrave" (the decision; it was 0.8 before)


def _all_day(runs: list[AppRun]) -> list[Goal]:
    grouped = by_app(runs)
    ours, theirs = grouped.get("nudge", []), grouped.get("workrave", [])

    def median(label: str, group: list[AppRun]) -> float | None:
        return metric(label).median(group)

    if not ours:
        return [Goal("all-day process", "nudge did not run", None)]
    pss, workrave_pss = median("PSS, idle (MB)", ours), median("PSS, idle (MB)", theirs)
    uss, workrave_uss = (median("USS (private), idle (MB)", group) for group in (ours, theirs))
    times = ratio(pss, workrave_pss)
    goals = [Goal(f"all-day PSS (idle) ≤ {PSS_TIMES_WORKRAVE:.1f} × Workrave's",
                  "Workrave did not run" if times is None else
                  f"{fmt(pss, 1)} vs {fmt(workrave_pss, 1)} MB = {fmt(times, 2)} × "
                  f"(USS {fmt(uss, 1)} vs {fmt(workrave_uss, 1)} MB)",
                  None if times is None else times <= PSS_TIMES_WORKRAVE)]
    cpu = [median(f"CPU, {phase} (s/min)", ours) for phase in ("idle", "with input")]
    wakes = [median(f"voluntary context switches, {phase} (/min)", ours)
             for phase in ("idle", "with input")]
    goals.append(Goal("idle CPU and wake-ups 0",
                      f"CPU {fmt(cpu[0], 3)} s/min, voluntary context switches "
                      f"{fmt(wakes[0], 0)}/min idle (with input: {fmt(cpu[1], 3)} s/min, "
                      f"{fmt(wakes[1], 0)}/min)",
                      None if cpu[0] is None or wakes[0] is None
                      else cpu[0] == 0 and wakes[0] == 0))
    tray, workrave_tray = (median("launch → tray item registered (s)", group)
                           for group in (ours, theirs))
    goals.append(Goal("launch → tray item registered ≤ Workrave's",
                      "Workrave did not run" if workrave_tray is None else
                      f"{fmt(tray, 2)} s vs {fmt(workrave_tray, 2)} s",
                      None if tray is None or workrave_tray is None else tray <= workrave_tray))
    return goals


def _confirm(history: list[HistoryResult]) -> Goal:
    label = "a confirmed rep on disk ≤ 10 ms p99 at 5 years of history"
    five = next((result for result in history if result.years == 5 and result.append_ms), None)
    if five is None:
        return Goal(label, "5 years of history not measured in this run", None)
    p99 = percentile(five.append_ms, 0.99)
    return Goal(label, f"p99 {p99:.2f} ms (n={len(five.append_ms)})", p99 <= 10)


def _cli(cli: CliResults | None) -> list[Goal]:
    version = f"`nudge --version` ≤ {cli_bench.VERSION_RATIO:g} × `python -c pass`"
    quick = f"`nudge status` and `nudge log rise` median ≤ {cli_bench.LIMIT_MS:g} ms"
    if cli is None:
        return [Goal(version, "CLI not measured in this run", None),
                Goal(quick, "CLI not measured in this run", None)]
    ratios = [cli.version_ratio(state) for state in cli_bench.STATES]
    known = [r for r in ratios if r is not None]
    goals = [Goal(version, ", ".join(f"{fmt(r, 2)} × app {state}"
                                     for r, state in zip(ratios, cli_bench.STATES, strict=True)),
                  max(known) <= cli_bench.VERSION_RATIO if known else None)]
    medians = {(label, state): cli.median_ms(state, label)
               for label in ("nudge status", "nudge log rise") for state in cli_bench.STATES}
    values = [ms for ms in medians.values() if ms is not None]
    measured = ", ".join(f"`{label.split()[-1]}` app {state} {fmt(ms, 0)} ms"
                         for (label, state), ms in medians.items())
    # What no client of these rules can go below, from the same run (bench/README.md).
    asking = cli.median_ms("running", "python bench/cli_floor.py")
    libraries = cli.median_ms("not running", cli_bench.LIBRARIES)
    floors = (f"; floors: the standard library alone asking the running app {fmt(asking, 0)} ms, "
              f"importing the libraries `log rise` needs with the app not running "
              f"{fmt(libraries, 0)} ms")
    goals.append(Goal(quick, measured + floors,
                      max(values) <= cli_bench.LIMIT_MS if values else None))
    return goals


def _windows(windows: WindowResults | None) -> list[Goal]:
    opens = f"the windows open in ≤ {windows_bench.TARGET_S:g} s (medians)"
    nothing = (f"a window adds nothing to the all-day process (its own USS, ± "
               f"{windows_bench.SAME_USS_MB:g} MB)")
    if windows is None:
        return [Goal(opens, "windows not measured in this run", None),
                Goal(nothing, "windows not measured in this run", None)]
    times = {f"`nudge {name}`": statistics.median(values)
             for name, values in windows.open_s.items() if values}
    if windows.year:
        times["the Year view painted"] = statistics.median(
            float(reading["start_to_year_s"]) for reading in windows.year)
    goals = [Goal(opens, ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in times.items()),
                  max(times.values()) <= windows_bench.TARGET_S if times else None)]
    open_mb, after_mb = (windows_bench.uss_growth_mb(windows, phase)
                         for phase in ("Settings open (the app's own process)", "after it closed"))
    known = [mb for mb in (open_mb, after_mb) if mb is not None]
    goals.append(Goal(nothing, f"the app's USS while Settings is open {_signed(open_mb)} MB, "
                      f"after it closed {_signed(after_mb)} MB, against before any window",
                      max(known) < windows_bench.SAME_USS_MB if known else None))
    return goals


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"
