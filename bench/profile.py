"""Where nudge's costs come from: imports (time and memory), PSS by mapping, wake-ups by thread.

Only reads and measures; proposes nothing by itself (the report and README do that). All of it
runs against the real `python -m nudge run --ui tray` in the bench's desktop, never a mock-up.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import proctree

if TYPE_CHECKING:
    from bench.resources import AppRun

_MAPPING = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$")
_IMPORT = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


# -- PSS by mapping --------------------------------------------------------------------------
def pss_by_mapping(pids: list[int]) -> dict[str, int]:
    """PSS in kB of every mapping of `pids`, grouped by what it is (see `_group`)."""
    groups: dict[str, int] = defaultdict(int)
    for pid in pids:
        try:
            text = (proctree.PROC / str(pid) / "smaps").read_text(errors="replace")
        except OSError:
            continue
        current = ""
        for line in text.splitlines():
            header = _MAPPING.match(line)
            if header:
                current = header.group(1).strip()
            elif line.startswith("Pss:"):
                groups[_group(current)] += int(line.split()[1])
    return dict(sorted(groups.items(), key=lambda item: -item[1]))


def _group(path: str) -> str:
    if path in ("", "[heap]") or path.startswith("[anon"):
        return "anonymous memory (Python objects, malloc/pymalloc arenas, thread stacks)"
    if path.startswith("["):
        return f"kernel-provided {path}"
    if "site-packages/" in path:
        package = path.split("site-packages/", 1)[1].split("/", 1)[0]
        package = package.split(".libs")[0].rstrip("_") or package
        return f"C extensions and bundled libraries: {package}"
    if "/lib-dynload/" in path:
        return "C extensions: standard library (lib-dynload)"
    name = Path(path).name
    if re.match(r"(python3(\.\d+)?|libpython3.*)$", name):
        return "the Python interpreter binary"
    if path.startswith(("/usr/lib", "/lib")):
        return f"system library {name.split('.so')[0]}"
    return f"other file {name}"


# -- import time -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportLine:
    self_us: int
    cumulative_us: int
    depth: int
    module: str


def parse_importtime(text: str) -> list[ImportLine]:
    lines = []
    for raw in text.splitlines():
        match = _IMPORT.match(raw)
        if match and match.group(4) != "imported":
            lines.append(ImportLine(int(match.group(1)), int(match.group(2)),
                                    len(match.group(3)) // 2, match.group(4)))
    return lines


def package_of(module: str) -> str:
    """Group key: the top-level package, or `nudge.<subpackage>` for nudge's own modules."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "nudge" and len(parts) > 1 else parts[0]


def import_time_by_package(lines: list[ImportLine]) -> list[tuple[str, float, int]]:
    """(package, self milliseconds summed over its modules, module count), slowest first."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for line in lines:
        entry = totals[package_of(line.module)]
        entry[0] += line.self_us / 1000
        entry[1] += 1
    return sorted(((k, v[0], int(v[1])) for k, v in totals.items()), key=lambda t: -t[1])


def first_importers(lines: list[ImportLine]) -> dict[str, str]:
    """package -> the chain that first imported it, up to the nudge module responsible.

    `-X importtime` prints a module when its import finishes, after the modules it imported
    (indented one step more), so a line's importer is the next line one step less indented.
    Best effort: imports running on two threads at once interleave in that output.
    """
    chains: dict[str, str] = {}
    for index, line in enumerate(lines):
        package = package_of(line.module)
        if package in chains:
            continue
        chain: list[str] = []
        depth = line.depth
        for later in lines[index + 1:]:
            if depth == 0 or (chain and chain[-1].startswith("nudge.")):
                break
            if later.depth == depth - 1:
                depth = later.depth
                if package_of(later.module) != package:
                    chain.append(later.module)
        chains[package] = " ← ".join(chain) if chain else \
            "a lazy import (inside a function, at run time)"
    return chains


def run_importtime(env: dict[str, str], argv: list[str], cwd: Path, wait_s: float
                   ) -> str:
    """Run `argv` with `-X importtime` for `wait_s` seconds (long enough to reach its tray and
    its first tick, so lazy imports are included), stop it, return its stderr."""
    command = [argv[0], "-X", "importtime", *argv[1:]]
    with subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        time.sleep(wait_s)
        process.terminate()
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
    return err


# -- import memory ---------------------------------------------------------------------------
def import_memory(env: dict[str, str], modules: list[str], cwd: Path,
                  blocked: tuple[str, ...] = ()) -> dict[str, Any]:
    """PSS of a fresh interpreter, then what importing each module adds, grouped by package.

    `modules` comes in the order the app finished importing them (dependencies first), so each
    import adds (nearly) only that module's own code and data; the sum is what the app's
    imports cost. With `blocked`, those packages cannot be imported (see bench.import_memory).
    """
    request = json.dumps({"modules": modules, "blocked": list(blocked)})
    done = subprocess.run([sys.executable, "-m", "bench.import_memory"], input=request,
                          env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except ValueError:
        return {"error": done.stderr.strip()[-500:]}
    return result


# What nudge would weigh without each of its heavier dependencies (blocked, one group at a
# time, then all together). Names are what the standard library or nudge imports.
# Pillow and OpenSSL are no longer loaded by the app (pre-drawn tray pixmaps; ssl and _hashlib
# kept out by nudge/platform/openssl_guard.py), so they have no row.
WITHOUT = (
    ("python-xlib (X11 idle time, fullscreen blocker, display watch)", ("Xlib",)),
    ("APScheduler (cron triggers of the calendar wake-ups)", ("apscheduler",)),
    ("desktop-notifier (notifications with buttons)", ("desktop_notifier",)),
    ("filelock", ("filelock",)),
    ("platformdirs", ("platformdirs",)),
    ("logging.handlers (rotating log file)", ("logging.handlers",)),
)
# Not in "all of the above": replacing it means a new D-Bus library (e.g. a blocking one), not a
# few lines of nudge's own; shown for scale.
DBUS_STACK = ("asyncio + dbus-fast (the D-Bus stack)", ("asyncio", "dbus_fast"))


def leave_one_out(env: dict[str, str], lines: list[ImportLine], cwd: Path) -> dict[str, Any]:
    """USS and PSS after the app's imports: with everything, without each group, without all.

    Only the *roots* are imported by name (nudge's own modules, and what was imported at the
    top level or lazily inside a function); everything else comes in through their own import
    statements, so blocking a package also leaves out what only it needed (e.g. `email` under
    APScheduler). The `-X importtime` nesting cannot tell that reliably: imports running on two
    threads at once interleave in its output.
    """
    roots = [line.module for line in lines if line.depth == 0 or package_of(line.module)
             .startswith("nudge")]
    full = import_memory(env, roots, cwd)
    rows = []
    every: tuple[str, ...] = ()
    for label, names in WITHOUT:
        every += names
        result = import_memory(env, roots, cwd, names)
        rows.append({"label": label, "after_kb": result.get("after_kb"),
                     "after_uss_kb": result.get("after_uss_kb"),
                     "failed": result.get("failed", [])})
    slim = import_memory(env, roots, cwd, every)
    label, names = DBUS_STACK
    stack = import_memory(env, roots, cwd, every + names)
    return {"full": full, "rows": rows,
            "all": {"after_kb": slim.get("after_kb"), "after_uss_kb": slim.get("after_uss_kb"),
                    "failed": slim.get("failed", [])},
            "all_and_dbus": {"label": f"all of the above and {label}",
                             "after_kb": stack.get("after_kb"),
                             "after_uss_kb": stack.get("after_uss_kb"),
                             "failed": stack.get("failed", [])}}


# -- wake-ups by thread ----------------------------------------------------------------------
def wakeups_by_thread(runs: list[AppRun], phase: str) -> list[tuple[str, float, float]]:
    """(thread, median voluntary switches/min, median CPU ms/min) over nudge's runs."""
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for run in runs:
        window = run.windows.get(phase)
        if window is None:
            continue
        names = run.thread_names
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for thread in window.delta.threads:
            name = names.get(thread.tid) or f"{thread.name} (no Python name)"
            totals[name][0] += thread.voluntary * 60 / window.seconds
            totals[name][1] += thread.cpu_s * 1000 * 60 / window.seconds
        for name, (switches, cpu) in totals.items():
            per[name].append((switches, cpu))
    rows = []
    for name, values in per.items():
        switches = sorted(v[0] for v in values)[len(values) // 2]
        cpu = sorted(v[1] for v in values)[len(values) // 2]
        rows.append((name, switches, cpu))
    return sorted(rows, key=lambda row: -row[1])
