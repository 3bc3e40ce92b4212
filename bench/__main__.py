"""`python -m bench`: nudge against Workrave, Safe Eyes and RSIBreak, nudge with years of
history, its CLI's start-up and its windows, and issue #22's targets checked against that one
run; `python -m bench engagement`: simulated weeks of answers, with and without adapt;
`python -m bench windows`: how fast the windows open, and the app's memory beside them.
See bench/README.md. Prints the tables and writes bench/RESULTS.md (a `--quick` smoke
writes artifacts/bench-quick.md instead, so it never replaces a full run's results).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench import cli_bench, issue22, profile, profile_render, report, windows_bench
from bench.apps import all_apps, nudge_spec
from bench.history_bench import QUICK_COUNTS, Counts, build_histories, measure_history
from bench.nudge_install import NudgeInstall, install
from bench.resources import AppRun, Plan, describe, measure_app, run_resources
from bench.session import BenchSession

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "artifacts"


@dataclasses.dataclass
class Extra:
    """The CLI and window measurements of one run; `missing`: the ones that failed, and why."""

    cli: cli_bench.CliResults | None = None
    windows: windows_bench.WindowResults | None = None
    windows_load_after: str = ""
    missing: dict[str, str] = dataclasses.field(default_factory=dict)

    def attempt(self, what: str, measure: Callable[[], None], log: Callable[[str], None]) -> None:
        """Run `measure`; a failure is reported in the results, as a peer that did not start."""
        try:
            measure()
        except Exception as error:
            said = getattr(error, "stderr", None) or ""
            self.missing[what] = f"{type(error).__name__}: {error} {said}".strip()[-600:]
            log(f"{what} not measured: {self.missing[what]}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="a smoke of the whole harness: 1 round, 3 s windows, 1 year")
    parser.add_argument("--rounds", type=int, help="rounds per app (default 3)")
    parser.add_argument("--window", type=float,
                        help="seconds of each window, idle and input (default 30)")
    parser.add_argument("--settle", type=float,
                        help="seconds between the tray icon and the idle window (default 5)")
    parser.add_argument("--apps", default=",".join(spec.key for spec in all_apps()),
                        help="which apps, comma-separated (default: all; the `floor*` ones are "
                        "the bare Python tray icons of bench/floor_tray*.py)")
    parser.add_argument("--nudge-python", metavar="PYTHON",
                        help="launch nudge and the floor with this interpreter (default: a venv "
                        "with nudge installed from the checkout, built in the scratch folder; "
                        "see bench/nudge_install.py)")
    parser.add_argument("--soak", type=float, default=0.0, metavar="SECONDS",
                        help="also watch nudge alone for this long idle, then as long with "
                        "input: its timers run minutes apart, which short windows under-sample "
                        "(not in the default run: it would double its length)")
    parser.add_argument("--years", help="history sizes in years (default 1,5,10)")
    parser.add_argument("--skip-desktop", action="store_true",
                        help="only the history measurements that need no desktop")
    parser.add_argument("--out", type=Path, help="where to write the results (Markdown)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["engagement"]:  # the simulated weeks of bench/engagement.py (issue #20)
        from bench import engagement

        return engagement.main(argv[1:])
    if argv[:1] == ["windows"]:  # window open times and the app's memory (bench/windows_bench.py)
        return windows_bench.main(argv[1:])
    args = parse_args(argv)
    quick = args.quick
    plan = Plan(rounds=args.rounds or (1 if quick else 3),
                window=args.window or (3.0 if quick else 30.0),
                settle=args.settle if args.settle is not None else (1.0 if quick else 5.0))
    years = [float(y) for y in (args.years or ("1" if quick else "1,5,10")).split(",")]
    counts = QUICK_COUNTS if quick else Counts()
    wanted = [key.strip() for key in args.apps.split(",") if key.strip()]
    out = args.out or (ARTIFACTS / "bench-quick.md" if quick else REPO / "bench" / "RESULTS.md")
    began = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - began:6.1f}s] {message}", flush=True)

    scratch = Path(tempfile.mkdtemp(prefix="nudge-bench-"))
    log(f"scratch folder {scratch}; {plan.rounds} round(s) × ({plan.window:g} s idle + "
        f"{plan.window:g} s input) per app; histories of {', '.join(f'{y:g}' for y in years)} "
        "year(s)")
    runs: list[AppRun] = []
    skipped: dict[str, str] = {}
    history: list = []
    prof: dict = {}
    soak: AppRun | None = None
    session = None
    installed: NudgeInstall | None = None
    python = sys.executable  # nudge's interpreter: its own venv once the desktop part built it
    extra = Extra()
    try:
        if not args.skip_desktop:
            installed = (NudgeInstall(args.nudge_python, f"`--nudge-python {args.nudge_python}`")
                         if args.nudge_python else install(scratch / "nudge-venv", log))
            python = installed.python
            apps = [spec for spec in all_apps(python) if spec.key in wanted]
            session = BenchSession(scratch / "desktop").start()
            log(f"desktop up on {session.env['DISPLAY']}")
            runs, skipped = run_resources(session, apps, plan, scratch / "apps", log)
            if args.soak > 0:
                log(f"soak: nudge alone, {args.soak:g} s idle + {args.soak:g} s with input")
                soak = measure_app(session, nudge_spec(python),
                                   Plan(1, args.soak, plan.settle),
                                   scratch / "apps", 0)
                log("  " + describe(soak))
            if "nudge" in wanted:
                log("profiling nudge: -X importtime and import memory")
                prof = run_profile(session.env, scratch, 3.0 if quick else 5.0)
                desk = session

                def windows() -> None:
                    extra.windows = windows_bench.run(desk, scratch / "windows" / "home", python,
                                                      1 if quick else 5, log)
                    extra.windows_load_after = windows_bench.load_average()

                log("the windows: open times, and the all-day app's memory beside them")
                extra.attempt("windows", windows, log)
        log("building histories")
        now = datetime.now().astimezone()
        made = build_histories(scratch / "histories", years, now, log)
        log("measuring nudge with each history")
        history = [measure_history(size, info, built, counts,
                                   session.env if session is not None else None,
                                   scratch / "history-work", log, python)
                   for size, info, built in made]
    finally:
        if session is not None:
            session.close()
    if installed is not None and "nudge" in wanted:  # after the desktop: a quieter machine

        def cli() -> None:
            extra.cli = cli_bench.measure(python, scratch, 3 if quick else 20, log)

        log("the CLI's start-up, the app not running and running")
        extra.attempt("CLI", cli, log)
    titles = {spec.key: spec.title for spec in all_apps() if spec.key in wanted}
    notes = report.kept_notes(out)
    if extra.windows is not None:  # this run's windows section replaces the one kept below
        notes = report.drop_section(notes, windows_bench.SECTION_START, windows_bench.SECTION_END)
    text = render(runs, skipped, history, prof, titles, plan, years, quick,
                  time.monotonic() - began, notes, soak, installed.note if installed else None,
                  extra)
    print()
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    ARTIFACTS.mkdir(exist_ok=True)
    raw = ARTIFACTS / ("bench-quick.json" if quick else "bench-results.json")
    raw.write_text(json.dumps({"runs": [dataclasses.asdict(r) for r in runs],
                               "soak": dataclasses.asdict(soak) if soak else None,
                               "skipped": skipped, "profile": prof,
                               "history": [dataclasses.asdict(h) for h in history],
                               "cli": dataclasses.asdict(extra.cli) if extra.cli else None,
                               "windows": (dataclasses.asdict(extra.windows)
                                           if extra.windows else None),
                               "not_measured": extra.missing},
                              default=str, indent=1))
    log(f"wrote {out} and {raw}")
    if args.keep:
        log(f"kept {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def run_profile(env: dict[str, str], scratch: Path, wait_s: float) -> dict[str, object]:
    from bench.apps import prepare_launch

    launch = prepare_launch(nudge_spec(), env, scratch / "profile")
    stderr = profile.run_importtime(launch.env, list(launch.spec.argv), launch.home, wait_s)
    lines = profile.parse_importtime(stderr)
    by_module = profile.import_memory(launch.env, [line.module for line in lines], REPO)
    without = profile.leave_one_out(launch.env, lines, REPO)
    slowest = sorted((line for line in lines if line.depth == 0),
                     key=lambda line: -line.cumulative_us)[:12]
    return {
        "modules": len(lines),
        "self_ms_total": sum(line.self_us for line in lines) / 1000,
        "by_package": profile.import_time_by_package(lines)[:15],
        "slowest_top_level": [(line.module, line.cumulative_us / 1000) for line in slowest],
        "memory": by_module,
        "without": without,
        "importers": profile.first_importers(lines),
    }


def render(runs: list, skipped: dict[str, str], history: list, prof: dict, titles: dict,
           plan: Plan, years: list[float], quick: bool, elapsed: float, notes: str,
           soak: AppRun | None = None, installed: str | None = None,
           extra: Extra | None = None) -> str:
    extra = extra or Extra()
    info = report.machine()
    lines = [
        "# nudge benchmark results" + (" (quick smoke: not for comparison)" if quick else ""),
        "",
        f"Run {report.stamp()}, commit `{info['commit']}` (working tree: {info['dirty']}), "
        f"`python -m bench{' --quick' if quick else ''}`: {plan.rounds} round(s) per app, each "
        f"{plan.window:g} s idle + {plan.window:g} s with input after {plan.settle:g} s to "
        f"settle; took {elapsed / 60:.1f} min.",
        "",
        f"Machine: {info['nproc']} CPUs (`nproc`), {info['memory']} memory, kernel "
        f"{info['kernel']}, Debian {info['debian']}, Python {info['python']}. "
        f"Packages: {info['versions']}.",
        "",
        "Only the ratios compare apps: PSS depends on what else maps the same pages in this "
        "session (see bench/README.md).",
        "",
    ]
    if installed:
        lines += [f"nudge and the floors ran from {installed}.", ""]
    lines += issue22.lines(runs, history, extra.cli, extra.windows)
    lines += [f"- {what} not measured: {why}" for what, why in extra.missing.items()] + [""]
    if runs or skipped:
        lines += ["## Resources (medians over rounds)", ""]
        lines += report.resources_table(runs, titles)
        lines += ["", report.resolution_note(runs, plan.window), ""]
        for key, why in skipped.items():
            lines.append(f"- {titles.get(key, key)} did not run: {why}")
        problems = [run for run in runs if run.error]
        for run in problems:
            lines.append(f"- {run.title}, round {run.round}: {run.error}")
        if skipped or problems:
            lines.append("")
    if history:
        lines += ["## nudge with years of history", ""]
        lines += report.history_table(history)
        lines.append("")
    command = f"python -m bench{' --quick' if quick else ''}"
    if extra.cli is not None:
        lines += [*cli_bench.render(extra.cli, command), ""]
    if extra.windows is not None:
        lines += [*windows_bench.render(extra.windows, report.stamp(), extra.windows_load_after,
                                        command, installed or "the harness's interpreter"), ""]
    lines += ["## Targets", ""]
    lines += report.targets_table(report.targets(runs, history))
    lines.append("")
    if (floor := report.floor_note(runs)) is not None:
        lines += [floor, ""]
    nudge_runs = [run for run in runs if run.key == "nudge"]
    if prof or nudge_runs:
        lines += profile_render.section(prof, nudge_runs)
    if soak is not None:
        lines += ["", f"### Long watch: nudge alone, {soak.windows['idle'].seconds:.0f} s idle "
                  f"then {soak.windows['input'].seconds:.0f} s with input"
                  if len(soak.windows) == 2 else "### Long watch: nudge alone", ""]
        lines += report.soak_lines(soak)
    lines += ["", report.NOTES_MARKER]
    return "\n".join(lines) + (notes if notes else "\n")


if __name__ == "__main__":
    sys.exit(main())
