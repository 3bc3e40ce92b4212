"""The "Profile of nudge" section of RESULTS.md: import time and memory by package, what nudge
would weigh without each heavier dependency, PSS by mapping, wake-ups by thread. Main thread;
formats what `python -m bench` measured (bench/profile.py), measures nothing.
"""

from __future__ import annotations

import statistics

from bench import profile


def section(prof: dict, nudge_runs: list) -> list[str]:
    lines = ["## Profile of nudge (this run)", ""]
    if prof:
        lines += [f"### Import time (`python -X importtime -m nudge run --ui tray`, until after "
                  f"the tray is up): {prof['modules']} modules, {prof['self_ms_total']:.0f} ms "
                  "self time in total", "",
                  "| package | self time (ms) | modules | first imported by |",
                  "| --- | --: | --: | --- |"]
        lines += [f"| {name} | {ms:.1f} | {count} | {prof['importers'].get(name, '')} |"
                  for name, ms, count in prof["by_package"]]
        lines += ["", "Slowest top-level imports (cumulative, what each import statement costs "
                  "the first time):", ""]
        lines += [f"- `{name}` {ms:.1f} ms" for name, ms in prof["slowest_top_level"]]
        memory = prof.get("memory", {})
        if "by_package_kb" in memory:
            total = sum(memory["by_package_kb"].values()) / 1024
            base = memory["baseline_kb"] / 1024
            lines += ["", f"### Memory by import (a fresh interpreter, {base:.1f} MB PSS, "
                      f"imports the app's modules in the app's order: +{total:.1f} MB)", "",
                      "| package | PSS added (MB) | first imported by |", "| --- | --: | --- |"]
            importers = prof.get("importers", {})
            lines += [f"| {name} | {kb / 1024:.2f} | {importers.get(name, '')} |"
                      for name, kb in list(memory["by_package_kb"].items())[:18] if kb > 0]
            idle = [r.windows["idle"].pss_kb for r in nudge_runs if "idle" in r.windows]
            if idle:
                app_mb = statistics.median(idle) / 1024
                after_mb = memory["after_kb"] / 1024
                lines += ["", f"The running app's idle PSS (median {app_mb:.1f} MB) minus the "
                          f"interpreter with all those imports ({after_mb:.1f} MB): "
                          f"{app_mb - after_mb:.1f} MB of run-time "
                          "data (threads' stacks, D-Bus and X connections, icons, config, the "
                          "engine's state)."]
            if memory.get("failed"):
                lines += ["", f"Not importable on their own: {', '.join(memory['failed'][:8])}"]
    without = prof.get("without", {})
    full = without.get("full", {})
    if full.get("after_uss_kb") and without.get("rows"):
        lines += ["", "### What nudge would weigh without each heavier dependency", "",
                  "A fresh interpreter imports the app's roots (nudge's modules, and what the app "
                  "imported lazily at run time) with one dependency made unimportable "
                  "(`sys.modules[name] = None`), so what only that dependency needed stays out "
                  "too; then with all of them. Savings are in private memory (USS), which moves "
                  "less than PSS with what else runs. nudge modules that need the blocked "
                  "package are skipped (their own small cost is saved too); a replacement's cost "
                  "is not counted.", "",
                  "| without | USS after the imports (MB) | saved (MB) | nudge modules skipped |",
                  "| --- | --: | --: | --- |",
                  f"| (nothing: as the app) | {full['after_uss_kb'] / 1024:.1f} | | |"]
        rows = [*without["rows"], {"label": "**all of the above**", **without["all"]}]
        if without.get("all_and_dbus"):
            rows.append(without["all_and_dbus"])
        for row in rows:
            if row.get("after_uss_kb"):
                skipped_modules = [m for m in row["failed"] if m.startswith("nudge")]
                saved = (full["after_uss_kb"] - row["after_uss_kb"]) / 1024
                lines.append(f"| {row['label']} | {row['after_uss_kb'] / 1024:.1f} | "
                             f"{saved:.1f} | {', '.join(skipped_modules) or '-'} |")
    smaps = next((run.smaps for run in reversed(nudge_runs) if run.smaps), None)
    if smaps:
        lines += ["", "### PSS by mapping (`/proc/PID/smaps`, end of an idle window)", "",
                  "| mapping | PSS (MB) |", "| --- | --: |"]
        lines += [f"| {name} | {kb / 1024:.2f} |" for name, kb in list(smaps.items())[:14]]
    if nudge_runs:
        quiet = {n: (s, c) for n, s, c in profile.wakeups_by_thread(nudge_runs, "idle")}
        busy = {n: (s, c) for n, s, c in profile.wakeups_by_thread(nudge_runs, "input")}
        lines += ["", "### Wake-ups by thread (voluntary context switches per minute; thread "
                  "names from `py-spy dump`; medians over rounds)", "",
                  "| thread | idle: switches/min | idle: CPU ms/min | input: switches/min | "
                  "input: CPU ms/min |", "| --- | --: | --: | --: | --: |"]
        for name in sorted(set(quiet) | set(busy), key=lambda n: -busy.get(n, (0, 0))[0]):
            a, b = quiet.get(name, (0, 0)), busy.get(name, (0, 0))
            lines.append(f"| {name} | {a[0]:.1f} | {a[1]:.1f} | {b[0]:.1f} | {b[1]:.1f} |")
    return lines
