"""The CLI's start-up as a user sees it (issue #22): wall time from start to exit of the
installed `nudge` console script, with the app not running and then running. Main thread; no
desktop (DISPLAY and WAYLAND_DISPLAY removed), about half a minute.

Each run times, one after another (interleaved, so a slow moment of this shared machine falls
on all of them alike): `python -c pass` (the interpreter's own start, with the same venv's
`python`), `nudge --version`, `nudge status` and `nudge log rise`; one unmeasured warm-up run,
then the median of `runs`. A fresh NUDGE_HOME (bench/history_gen.py's all-day config) holds the
history; "running" is `nudge run --ui terminal` in the background, its stdin a pipe kept open
(terminal mode quits at the end of its input), ended with SIGTERM.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.history_bench import wall
from bench.history_gen import prepare_home
from bench.windows_bench import load_average

LIBRARY_MODULES = ("pathlib", "dataclasses", "tinydb", "json", "tomllib", "gettext", "socket",
                   "hmac")
LIBRARIES = "python -c 'import " + ", ".join(LIBRARY_MODULES) + "'"
COMMANDS = {  # label -> arguments after the program (python or the nudge script)
    "python -c pass": ("python", "-c", "pass"),
    "nudge --version": ("nudge", "--version"),
    "nudge status": ("nudge", "status"),
    "nudge log rise": ("nudge", "log", "rise"),
    # Two references for reading the numbers: the standard library alone asking the running
    # app (the floor under `status`), and what a user without NUDGE_HOME adds to every command.
    "python bench/cli_floor.py": ("python", str(Path(__file__).with_name("cli_floor.py"))),
    "python -c 'import platformdirs; …user_state_dir(…)'": (
        "python", "-c", "import platformdirs; platformdirs.user_state_dir('nudge')"),
    # The third: only the libraries `log rise` with the app not running cannot do without,
    # imported and nothing run: paths, the core's dataclasses, the history's TinyDB and JSON,
    # the config's TOML, the translations, and the socket and HMAC that ask the app first.
    LIBRARIES: ("python", "-c", "import " + ", ".join(LIBRARY_MODULES)),
}
STATES = ("not running", "running")
LIMIT_MS = 50.0  # issue #22: `status` and `log rise` in 50 ms, the app running or not
VERSION_RATIO = 2.0  # issue #22: `--version` within 2 × `python -c pass`


@dataclass
class CliResults:
    runs: int
    python: str
    load_before: str = ""
    load_after: str = ""
    seconds: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # state -> label

    def median_ms(self, state: str, label: str) -> float | None:
        values = self.seconds.get(state, {}).get(label)
        return statistics.median(values) * 1000 if values else None

    def version_ratio(self, state: str) -> float | None:
        version = self.median_ms(state, "nudge --version")
        floor = self.median_ms(state, "python -c pass")
        return version / floor if version is not None and floor else None


def measure(python: str, scratch: Path, runs: int, log: Callable[[str], None]) -> CliResults:
    """Time the commands with `python`'s venv (its `nudge` script beside it)."""
    nudge = Path(python).parent / "nudge"
    if not nudge.exists():
        raise RuntimeError(f"no `nudge` script beside {python} (the CLI is timed through it)")
    programs = {"python": python, "nudge": str(nudge)}
    home = scratch / "cli-home"
    prepare_home(home)
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHONDONTWRITEBYTECODE")}
    env["NUDGE_HOME"] = str(home)
    result = CliResults(runs, python, load_before=load_average())
    argvs = {label: [programs[words[0]], *words[1:]] for label, words in COMMANDS.items()}
    result.seconds["not running"] = _interleaved(argvs, env, runs)
    log("CLI, app not running: " + _summary(result, "not running"))
    app = _start_app(str(nudge), env, scratch / "cli-app.log")
    try:
        result.seconds["running"] = _interleaved(argvs, env, runs)
    finally:
        _stop(app)
    log("CLI, app running: " + _summary(result, "running"))
    result.load_after = load_average()
    return result


def _interleaved(argvs: dict[str, list[str]], env: dict[str, str], runs: int
                 ) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {label: [] for label in argvs}
    for index in range(runs + 1):
        for label, argv in argvs.items():
            seconds = wall(argv, env)
            if index > 0:  # the first run warms the page cache
                times[label].append(seconds)
    return times


def _start_app(nudge: str, env: dict[str, str], output: Path) -> subprocess.Popen[bytes]:
    with output.open("wb") as sink:
        app = subprocess.Popen([nudge, "run", "--ui", "terminal"], env=env,
                               stdin=subprocess.PIPE, stdout=sink, stderr=subprocess.STDOUT)
    until = time.monotonic() + 30
    while time.monotonic() < until and app.poll() is None:
        done = subprocess.run([nudge, "status", "--json"], env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=30)
        if done.returncode == 0 and json.loads(done.stdout).get("running"):
            return app
        time.sleep(0.05)
    _stop(app)
    raise RuntimeError(f"`nudge run --ui terminal` did not answer `status` within 30 s "
                       f"(exit code {app.returncode}): {output.read_text()[-300:]}")


def _stop(app: subprocess.Popen[bytes]) -> None:
    if app.poll() is None:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait(5)
    if app.stdin is not None:
        app.stdin.close()


def _summary(result: CliResults, state: str) -> str:
    return ", ".join(f"{label} {result.median_ms(state, label):.0f} ms" for label in COMMANDS)


def render(result: CliResults, command: str) -> list[str]:
    lines = ["## CLI start-up", "",
             f"`{command}`: wall time from start to exit of the installed `nudge` script "
             f"(the venv of {result.python}), median of {result.runs} runs after one unmeasured "
             "warm-up, the commands interleaved run by run; a fresh NUDGE_HOME, no display; "
             "\"running\" = `nudge run --ui terminal` in the background. Load average (1, 5, "
             f"15 min) {result.load_before} before and {result.load_after} after.", "",
             "| command | app not running (ms) | app running (ms) |", "| --- | --: | --: |"]
    for label in COMMANDS:
        cells = [result.median_ms(state, label) for state in STATES]
        lines.append(f"| `{label}` | " + " | ".join(
            "n/a" if ms is None else f"{ms:.1f}" for ms in cells) + " |")
    ratios = [result.version_ratio(state) for state in STATES]
    lines.append("| `nudge --version` / `python -c pass` | " + " | ".join(
        "n/a" if r is None else f"{r:.2f} ×" for r in ratios) + " |")
    return lines
