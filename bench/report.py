"""Turn the measurements into tables: medians per app, ratios nudge / peer, targets, profile.

Ratios are the point: every number here depends on the machine and on what else the session
runs (PSS shares pages with whatever maps the same libraries), so only ratios from one run
compare apps. A ratio is "n/a" when the peer did not run.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.history_bench import HistoryResult, percentile
from bench.resources import AppRun

REPO = Path(__file__).resolve().parents[1]
NOTES_MARKER = "<!-- Everything below this line is written by hand and kept when the bench " \
               "rewrites this file. -->"


@dataclass(frozen=True)
class Metric:
    label: str
    value: Callable[[AppRun], float | None]
    digits: int
    ratio: bool = True  # False for counts, where nudge / peer means nothing

    def median(self, runs: list[AppRun]) -> float | None:
        values = [v for v in (self.value(run) for run in runs) if v is not None]
        return statistics.median(values) if values else None


def _window(phase: str, attribute: str, scale: float = 1.0) -> Callable[[AppRun], float | None]:
    def read(run: AppRun) -> float | None:
        window = run.windows.get(phase)
        return None if window is None else getattr(window, attribute) * scale
    return read


METRICS = (
    Metric("PSS, idle (MB)", _window("idle", "pss_kb", 1 / 1024), 1),
    Metric("PSS, with input (MB)", _window("input", "pss_kb", 1 / 1024), 1),
    Metric("RSS, idle (MB)", _window("idle", "rss_kb", 1 / 1024), 1),
    Metric("USS (private), idle (MB)", _window("idle", "uss_kb", 1 / 1024), 1),
    Metric("CPU, idle (s/min)", _window("idle", "cpu_per_min"), 3),
    Metric("CPU, with input (s/min)", _window("input", "cpu_per_min"), 3),
    Metric("voluntary context switches, idle (/min)", _window("idle", "switches_per_min"), 0),
    Metric("voluntary context switches, with input (/min)", _window("input", "switches_per_min"),
           0),
    Metric("involuntary context switches, idle (/min)", _window("idle", "involuntary_per_min"),
           0),
    Metric("launch → tray item registered (s)", lambda run: run.tray_s, 2),
    Metric("processes in the tree", _window("idle", "processes"), 0, ratio=False),
    Metric("threads in the tree", _window("idle", "threads"), 0, ratio=False),
)


def metric(label: str) -> Metric:
    return next(metric for metric in METRICS if metric.label == label)


@dataclass(frozen=True)
class Target:
    label: str
    measured: str
    passed: bool | None  # None: could not be evaluated

    @property
    def verdict(self) -> str:
        return "n/a" if self.passed is None else "PASS" if self.passed else "MISS"


def by_app(runs: list[AppRun]) -> dict[str, list[AppRun]]:
    grouped: dict[str, list[AppRun]] = {}
    for run in runs:
        grouped.setdefault(run.key, []).append(run)
    return grouped


def ratio(nudge: float | None, peer: float | None) -> float | None:
    if nudge is None or peer is None:
        return None
    if peer == 0:
        return 0.0 if nudge == 0 else float("inf")
    return nudge / peer


def fmt(value: float | None, digits: int) -> str:
    if value is None:
        return "n/a"
    if value == float("inf"):
        return "∞"
    return f"{value:,.{digits}f}"


def resources_table(runs: list[AppRun], titles: dict[str, str]) -> list[str]:
    grouped = by_app(runs)
    peers = [key for key in titles if key != "nudge"]
    header = ["", "nudge"]
    for key in peers:
        header += [titles[key], f"nudge / {titles[key]}"]
    lines = [_row(header), _row(["---"] + ["--:"] * (len(header) - 1))]
    for metric in METRICS:
        ours = metric.median(grouped.get("nudge", []))
        cells = [metric.label, fmt(ours, metric.digits)]
        for key in peers:
            theirs = metric.median(grouped.get(key, []))
            cells += [fmt(theirs, metric.digits),
                      fmt(ratio(ours, theirs), 2) if metric.ratio else ""]
        lines.append(_row(cells))
    methods = [", ".join(sorted({r.tray_method or "none" for r in grouped.get(key, [])})) or "-"
               for key in ["nudge", *peers]]
    cells = ["tray protocol", methods[0]]
    for method in methods[1:]:
        cells += [method, ""]
    lines.append(_row(cells))
    rounds = [str(len(grouped.get(key, []))) for key in ["nudge", *peers]]
    cells = ["rounds measured", rounds[0]]
    for count in rounds[1:]:
        cells += [count, ""]
    lines.append(_row(cells))
    return lines


def history_table(results: list[HistoryResult]) -> list[str]:
    header = [""] + [f"{r.years:g} year{'s' if r.years != 1 else ''}" for r in results]
    rows = [
        ("events / week files", lambda r: f"{r.info.events:,} / {r.info.week_files}"),
        ("on disk: allocated (apparent; of which `.bak`)",
         lambda r: f"{r.disk_bytes / 1e6:.1f} MB ({r.apparent_bytes / 1e6:.1f}; "
                   f"{r.backup_bytes / 1e6:.1f} MB)"),
        ("generated in (s)", lambda r: f"{r.build_s:.1f}" if not r.linked else
         "linked from the largest"),
        ("app start → `status` answered (s, median)",
         lambda r: _median(r.start_s, 2) if r.start_s else (r.start_error or "not measured")),
        ("confirm a rep: `append` p50 / p99 (ms)",
         lambda r: f"{_median(r.append_ms, 2)} / {percentile(r.append_ms, 0.99):.2f} "
                   f"(n={len(r.append_ms)})"),
        ("… the disk's floor: write + fsync + rename + folder fsync of a file that size, "
         "p50 / p99 (ms)",
         lambda r: f"{_median(r.floor_ms, 2)} / {percentile(r.floor_ms, 0.99):.2f}"
         if r.floor_ms else "n/a"),
        ("weekly summary in-process: median / max (ms)",
         lambda r: f"{_median(r.summary_ms, 1)} / {max(r.summary_ms):.1f}"),
        ("`nudge summary --json` wall (s, median)", lambda r: _median(r.summary_cli_s, 3)),
        ("… of which Python start-up (`python -c pass`, s)",
         lambda r: _median(r.python_floor_s, 3)),
        ("weekly PNG in-process (ms, median)", lambda r: _median(r.png_ms, 0)),
        ("`nudge summary --png` wall (s, median)", lambda r: _median(r.png_cli_s, 3)),
    ]
    lines = [_row(header), _row(["---"] + ["--:"] * len(results))]
    for label, cell in rows:
        lines.append(_row([label] + [cell(r) for r in results]))
    return lines


def resolution_note(runs: list[AppRun], window: float) -> str:
    """How small a rate the windows can see, and what nudge did in total."""
    seconds = sum(w.seconds for run in runs if run.key == "nudge" for w in run.windows.values())
    switches = sum(w.delta.voluntary for run in runs if run.key == "nudge"
                   for w in run.windows.values())
    cpu = sum(w.delta.cpu_s for run in runs if run.key == "nudge" for w in run.windows.values())
    return (f"Resolution: one context switch in one {window:g} s window is {60 / window:.1f}/min, "
            f"one CPU tick (10 ms) {0.01 * 60 / window:.3f} s/min. In all its windows together "
            f"({seconds:.0f} s), nudge made {switches} voluntary context switches and used "
            f"{cpu:.2f} s of CPU.")


def soak_lines(run: AppRun) -> list[str]:
    lines = ["| window | seconds | CPU (s/min) | voluntary switches (/min) | switches in total | "
             "PSS (MB) |", "| --- | --: | --: | --: | --: | --: |"]
    for window in run.windows.values():
        lines.append(f"| {window.phase} | {window.seconds:.0f} | {window.cpu_per_min:.4f} | "
                     f"{window.switches_per_min:.2f} | {window.delta.voluntary} | "
                     f"{window.pss_kb / 1024:.1f} |")
    names = run.thread_names
    lines += ["", "| thread | window | voluntary switches | CPU (ms) |",
              "| --- | --- | --: | --: |"]
    for window in run.windows.values():
        for thread in window.delta.threads:
            lines.append(f"| {names.get(thread.tid, thread.name)} | {window.phase} | "
                         f"{thread.voluntary} | {thread.cpu_s * 1000:.0f} |")
    return lines


def targets(runs: list[AppRun], history: list[HistoryResult]) -> list[Target]:
    grouped = by_app(runs)
    found = []

    def compare(label: str, metric: Metric, peer: str, limit: float) -> None:
        ours = metric.median(grouped.get("nudge", []))
        theirs = metric.median(grouped.get(peer, []))
        value = ratio(ours, theirs)
        measured = "peer did not run" if theirs is None else \
            f"{fmt(ours, metric.digits)} vs {fmt(theirs, metric.digits)} = {fmt(value, 2)} ×"
        found.append(Target(label, measured, None if value is None else value <= limit))

    # The PSS target is issue #22's (bench/issue22.py), listed at the top of the results.
    compare("idle CPU ≤ 0.5 × RSIBreak's", metric("CPU, idle (s/min)"), "rsibreak", 0.5)
    compare("voluntary context switches/min (idle) ≤ 0.5 × RSIBreak's",
            metric("voluntary context switches, idle (/min)"), "rsibreak", 0.5)
    compare("voluntary context switches/min (with input) ≤ 0.5 × RSIBreak's",
            metric("voluntary context switches, with input (/min)"), "rsibreak", 0.5)
    tray = metric("launch → tray item registered (s)").median(grouped.get("nudge", []))
    found.append(Target("launch → tray ≤ 0.5 s", f"{fmt(tray, 2)} s",
                        None if tray is None else tray <= 0.5))
    five = [r for r in history if r.years == 5]
    if five and five[0].append_ms:
        p99 = percentile(five[0].append_ms, 0.99)
        found.append(Target("confirm-rep p99 ≤ 10 ms at 5 years", f"{p99:.2f} ms", p99 <= 10))
        summary = statistics.median(five[0].summary_ms)
        found.append(Target("weekly summary ≤ 50 ms at 5 years (in-process median)",
                            f"{summary:.1f} ms (max {max(five[0].summary_ms):.1f})",
                            summary <= 50))
    else:
        found.append(Target("confirm-rep p99 ≤ 10 ms at 5 years", "5 years not measured", None))
        found.append(Target("weekly summary ≤ 50 ms at 5 years", "5 years not measured", None))
    return found


def floor_note(runs: list[AppRun]) -> str | None:
    """How the PSS target compares with the floor (bench/floor_tray.py), if both ran."""
    grouped = by_app(runs)
    pss = metric("PSS, idle (MB)")
    floor, workrave, ours = (pss.median(grouped.get(key, []))
                             for key in ("floor", "workrave", "nudge"))
    if floor is None or workrave is None:
        return None
    from bench.issue22 import PSS_TIMES_WORKRAVE

    budget = PSS_TIMES_WORKRAVE * workrave
    text = (f"For scale: a bare Python tray icon on the same D-Bus stack (bench/floor_tray.py, "
            f"no app behind it) weighs {floor:.1f} MB PSS, {floor / workrave:.2f} × Workrave; "
            f"the PSS target ({PSS_TIMES_WORKRAVE:.1f} × Workrave = {budget:.1f} MB) leaves "
            f"{budget - floor:+.1f} MB above it for the whole app")
    if ours is not None:
        text += f", and nudge adds {ours - floor:.1f} MB above it"
    jeepney = pss.median(grouped.get("floor-jeepney", []))
    if jeepney is not None:
        text += (f". The same icon over jeepney (bench/floor_tray_jeepney.py: no asyncio, no "
                 f"dbus-fast) weighs {jeepney:.1f} MB, {jeepney / workrave:.2f} × Workrave")
    modules = pss.median(grouped.get("floor-jeepney-nudge", []))
    if modules is not None:
        text += (f". With nudge's own D-Bus-free modules loaded and nothing running "
                 f"(`--with-nudge-modules`), it weighs {modules:.1f} MB, "
                 f"{modules / workrave:.2f} × Workrave: less than any nudge that works could")
    return text + "."


def targets_table(found: list[Target]) -> list[str]:
    lines = [_row(["target", "measured (nudge vs peer = ratio)", "result"]),
             _row(["---", "---", ":-:"])]
    lines += [_row([t.label, t.measured, f"**{t.verdict}**"]) for t in found]
    return lines


def machine() -> dict[str, str]:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    debian = _text(Path("/etc/debian_version")) or "?"
    return {
        "nproc": _run(["nproc"]) or "?",
        "memory": memory,
        "kernel": platform.release(),
        "debian": debian,
        "python": platform.python_version(),
        "commit": _run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "?",
        "dirty": _dirty(),
        "versions": ", ".join(
            f"{package} {version}" for package in ("workrave", "safeeyes", "rsibreak",
                                                   "xfce4-panel", "dunst", "xvfb")
            if (version := _run(["dpkg-query", "-W", "-f=${Version}", package]))),
    }


def _dirty() -> str:
    out = _run(["git", "-C", str(REPO), "status", "--porcelain", "--", "nudge"]) or ""
    changed = [line for line in out.splitlines() if line.strip()]
    return f"{len(changed)} uncommitted change(s) under nudge/" if changed else "clean"


def kept_notes(path: Path) -> str:
    """The hand-written part of an existing RESULTS.md (after the marker), or ''."""
    text = _text(path) or ""
    return text.split(NOTES_MARKER, 1)[1] if NOTES_MARKER in text else ""


def drop_section(text: str, start: str, end: str) -> str:
    """`text` without its part from `start` to `end` (both included), if it has one."""
    if start not in text or end not in text:
        return text
    head, rest = text.split(start, 1)
    return head.rstrip("\n") + "\n\n" + rest.split(end, 1)[1].lstrip("\n")


def _median(values: Sequence[float], digits: int) -> str:
    return f"{statistics.median(values):.{digits}f}" if values else "n/a"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _text(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def stamp() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
