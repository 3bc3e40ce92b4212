"""Harness helpers for breaking a running desktop under the real tray-mode app.

Builds on tests/desktop.py (the private session; each of these tests takes its own through
the `fresh_desk` fixture, since the faults kill its pieces) and tests/test_app_desktop.py (the
running app): a hard kill of one piece, the app's log, and its CPU time as the kernel counts it.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from test_app_desktop import CONFIG, RunningApp, tray

from desktop import DesktopSession, wait_for

ITEM_PREFIX = "org.kde.StatusNotifierItem-"


def kill_hard(desk: DesktopSession, name: str) -> None:
    """SIGKILL one piece of the session ("dunst", "panel", "bus", "xvfb"): a crash, no goodbye."""
    process = desk.processes.pop(name)
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def write_config(home: Path, rise: str, away: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(CONFIG.format(rise=rise, away=away))


def launch(desk: DesktopSession, home: Path) -> RunningApp:
    """`nudge run --ui tray` in the session, not waiting for it to come up."""
    return RunningApp(desk, home)


def start_tray_app(desk: DesktopSession, home: Path, rise: str = "1h",
                   away: str = "20s") -> RunningApp:
    """The tray app, up and answering on its control channel, its icon on the panel."""
    write_config(home, rise, away)
    app = launch(desk, home)
    wait_for(lambda: app.status().get("running"), timeout=20, what="nudge to start")
    wait_for(lambda: our_items(desk, app), timeout=10, what="the tray item")
    return app


def our_items(desk: DesktopSession, app: RunningApp) -> list[str]:
    """The watcher's RegisteredStatusNotifierItems that belong to this app process."""
    try:
        items = tray(desk, "items")
    except Exception:  # no watcher on the bus (the panel is down), or no bus at all
        return []
    assert isinstance(items, list)
    return [item for item in items if item.startswith(f"{ITEM_PREFIX}{app.process.pid}-")]


def log_text(home: Path) -> str:
    log = home / "logs" / "nudge.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def logged(home: Path, text: str) -> bool:
    return text in log_text(home)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def output_of(app: RunningApp, timeout: float = 15) -> str:
    """Everything the app wrote to stdout and stderr, once it has exited by itself."""
    try:
        app.process.wait(timeout)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait(5)
        raise
    return app.process.stdout.read() if app.process.stdout else ""
