"""The apps the bench runs, and how each is launched into the private desktop and stopped.

Every launch gets a fresh scratch HOME with the usual XDG folders under it, so no app reads or
writes the real ones: Safe Eyes mixes `$HOME/.config` and `$XDG_CONFIG_HOME` (it crashes at start
if they differ), so both point at the same place. `GSETTINGS_BACKEND=memory` keeps GTK apps
(Workrave) from looking for dconf, which the private bus does not activate. Each launch runs in
its own session (process group) and carries a tag in its environment (see `proctree`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench import proctree
from bench.history_gen import ALL_DAY_CONFIG

REPO = Path(__file__).resolve().parents[1]
INSTALL_PEERS = ("apt-get install -y --no-install-recommends workrave safeeyes rsibreak "
                 "gir1.2-ayatanaappindicator3-0.1")


@dataclass(frozen=True)
class AppSpec:
    key: str
    title: str
    argv: tuple[str, ...]
    package: str | None = None  # the Debian package, for messages
    needs: tuple[str, ...] = ()  # files that must exist, with why
    why_needed: str = ""

    def missing(self) -> str | None:
        """Why this app cannot run here, or None."""
        if shutil.which(self.argv[0]) is None and not Path(self.argv[0]).exists():
            return f"not installed (`{INSTALL_PEERS}`)"
        absent = [need for need in self.needs if not Path(need).exists()]
        if absent:
            return f"{self.why_needed} ({', '.join(absent)} missing)"
        return None


def nudge_spec(python: str = sys.executable) -> AppSpec:
    return AppSpec("nudge", "nudge", (python, "-m", "nudge", "run", "--ui", "tray"))


def floor_spec(python: str = sys.executable) -> AppSpec:
    """The bare Python tray icon (bench/floor_tray.py): what nudge's stack weighs doing nothing.
    Run with nudge's interpreter, which has dbus-fast."""
    return AppSpec("floor", "bare Python tray icon",
                   (python, str(REPO / "bench" / "floor_tray.py")))


def floor_jeepney_spec(python: str = sys.executable) -> AppSpec:
    """The same bare icon over jeepney (bench/floor_tray_jeepney.py): the D-Bus stack's share."""
    return AppSpec("floor-jeepney", "bare tray icon on jeepney",
                   (python, str(REPO / "bench" / "floor_tray_jeepney.py")))


def floor_jeepney_modules_spec(python: str = sys.executable) -> AppSpec:
    """That icon with nudge's D-Bus-free modules loaded: a lower bound for nudge on jeepney."""
    return AppSpec("floor-jeepney-nudge", "jeepney icon + nudge's D-Bus-free modules",
                   (python, str(REPO / "bench" / "floor_tray_jeepney.py"), "--with-nudge-modules"))


PEERS = (
    AppSpec("workrave", "Workrave", ("workrave",), "workrave"),
    AppSpec("safeeyes", "Safe Eyes", ("safeeyes",), "safeeyes",
            needs=("/usr/lib/x86_64-linux-gnu/girepository-1.0/AyatanaAppIndicator3-0.1.typelib",),
            why_needed="no tray icon without its recommended gir1.2-ayatanaappindicator3-0.1"),
    AppSpec("rsibreak", "RSIBreak", ("rsibreak",), "rsibreak"),
)


def all_apps(python: str = sys.executable) -> tuple[AppSpec, ...]:
    """Every app the bench knows, in the order it runs them: nudge, the floors, the peers."""
    return (nudge_spec(python), floor_spec(python), floor_jeepney_spec(python),
            floor_jeepney_modules_spec(python), *PEERS)


@dataclass
class Launch:
    """One running app: its process, tag, scratch home and log."""

    spec: AppSpec
    home: Path
    env: dict[str, str]
    tag: str
    log: Path
    process: subprocess.Popen[bytes] | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def start(self) -> subprocess.Popen[bytes]:
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                list(self.spec.argv), env=self.env, cwd=self.home, stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        return self.process

    def pids(self) -> list[int]:
        assert self.process is not None
        return proctree.tree_pids(self.process.pid, self.tag)

    def tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(line.strip() for line in text[-lines:])

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the process group and every tagged process, then SIGKILL what is left."""
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            pids = self.pids()
            if self.process.poll() is None:
                # Only while not yet reaped: after that the group id could be reused.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, sig)
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                self.process.poll()
                if not self.pids():
                    return
                time.sleep(0.05)


def prepare_launch(spec: AppSpec, session_env: dict[str, str], scratch: Path) -> Launch:
    """A fresh scratch home under `scratch` and the environment to launch `spec` with."""
    home = scratch / f"{spec.key}-{uuid.uuid4().hex[:8]}"
    env = dict(session_env)
    for variable, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                          ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                          ("XDG_RUNTIME_DIR", "runtime")):
        (home / sub).mkdir(parents=True, mode=0o700)
        env[variable] = str(home / sub)
    tag = uuid.uuid4().hex
    env.update(HOME=str(home), GSETTINGS_BACKEND="memory", **{proctree.TAG_VARIABLE: tag})
    if spec.key == "nudge":
        nudge_home = home / "nudge-home"  # not "nudge": `python -m` puts the cwd on sys.path
        (nudge_home / "config").mkdir(parents=True)
        # Work hours all day, so nudge runs in its active state whenever the bench runs.
        (nudge_home / "config" / "config.toml").write_text(ALL_DAY_CONFIG)
        env["NUDGE_HOME"] = str(nudge_home)
    return Launch(spec, home, env, tag, home / "output.log")
