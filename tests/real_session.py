"""Shared pieces of the real-desktop harnesses (real_kde, real_sway, real_x11_trays).

Each desktop gets a scratch root, a private session bus whose `servicedir` lists only the
services that desktop needs (a stock one would start dunst or plasma_waitforname for
org.freedesktop.Notifications and race), a bus monitor that records who called whom, the real
`nudge` app started as a user starts it (NUDGE_HOME with a config.toml), and screenshots in
artifacts/ with a finder for nudge's ring colours in them. Called from the test thread only.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from configs import ALL_DAY
from PIL import Image

from desktop import ARTIFACTS, wait_for

__all__ = ["ARTIFACTS", "BusMonitor", "NudgeApp", "icon_box", "light_pixels", "start_private_bus",
           "wait_for"]

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={socket_dir}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
    <allow user="*"/>
  </policy>
</busconfig>
"""
STOCK_SERVICES = Path("/usr/share/dbus-1/services")

# nudge's tray ring (nudge/tray/icon.py): sat part, part still to come, due, a nudge waiting.
RING_COLOURS = ((38, 201, 160), (58, 114, 102), (255, 186, 20), (255, 106, 70))

NUDGE_CONFIG = """
[schedule]
rise_every = "{rise}"
hip_flexor_every = "1h"
away_after = "{away}"
typing_pause = "1s"
pause_wait = "1s"
min_gap = "0s"
reshow_after = "60s"

""" + ALL_DAY


def bus_config(root: Path, services: Iterable[str]) -> Path:
    """A session bus config listening on a socket file in `root` (reachable from any network
    namespace, unlike an abstract socket) that can start only `services` (.service names)."""
    service_dir = root / "dbus-services"
    service_dir.mkdir(parents=True, exist_ok=True)
    for name in services:
        shutil.copy(STOCK_SERVICES / name, service_dir / name)
    config = root / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket_dir=root, services=service_dir))
    return config


def start_private_bus(root: Path, env: dict[str, str], services: Iterable[str] = ()
                      ) -> subprocess.Popen[bytes]:
    """Start the bus; sets env["DBUS_SESSION_BUS_ADDRESS"]."""
    config = bus_config(root, services)
    bus = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork",
                            "--print-address=1", "--nopidfile"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
    return bus


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


class BusMonitor:
    """`dbus-monitor` on the private bus, writing every method call to a file, so a test can
    tell what a panel asked of nudge (Activate, ContextMenu, dbusmenu AboutToShow…)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._file = log.open("w")
        self.process = subprocess.Popen(
            ["dbus-monitor", "--session", "type='method_call'"], env=env, stdout=self._file,
            stderr=subprocess.DEVNULL)
        wait_for(lambda: log.stat().st_size > 0, what="dbus-monitor to start")

    def mark(self) -> int:
        return self.log.stat().st_size

    def calls_since(self, mark: int) -> list[str]:
        with self.log.open() as file:
            file.seek(mark)
            return [line for line in file.read().splitlines()
                    if line.startswith("method call")]

    def members_since(self, mark: int) -> list[str]:
        """The member names of the calls since `mark`, e.g. "Activate", "AboutToShow"."""
        return [line.split("member=")[1].split()[0] for line in self.calls_since(mark)
                if "member=" in line]

    def close(self) -> None:
        stop(self.process)
        self._file.close()


def _pixels(shot: Path, area: tuple[int, int, int, int]) -> list[tuple[int, int, int]]:
    data = Image.open(shot).convert("RGB").crop(area).tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def icon_box(shot: Path, area: tuple[int, int, int, int], min_pixels: int = 12
             ) -> tuple[int, int, int, int] | None:
    """Where nudge's ring shows inside `area` (left, top, right, bottom) of a screenshot: the
    box around pixels within a small distance of a ring colour, or None when too few show."""
    width = area[2] - area[0]
    hits = [divmod(index, width) for index, (r, g, b) in enumerate(_pixels(shot, area))
            if any(abs(r - cr) + abs(g - cg) + abs(b - cb) < 40 for cr, cg, cb in RING_COLOURS)]
    if len(hits) < min_pixels:
        return None
    ys = [y for y, _ in hits]
    xs = [x for _, x in hits]
    return (area[0] + min(xs), area[1] + min(ys), area[0] + max(xs) + 1, area[1] + max(ys) + 1)


def changed_pixels(before: Path, after: Path, area: tuple[int, int, int, int]) -> int:
    """How many pixels of `area` differ between two screenshots (a menu opening is thousands)."""
    return sum(1 for a, b in zip(_pixels(before, area), _pixels(after, area), strict=True)
               if a != b)


def changed_box(before: Path, after: Path, area: tuple[int, int, int, int]
                ) -> tuple[int, int, int, int] | None:
    """The box around the pixels of `area` that differ between two screenshots (a menu)."""
    width = area[2] - area[0]
    hits = [divmod(index, width) for index, (a, b) in
            enumerate(zip(_pixels(before, area), _pixels(after, area), strict=True)) if a != b]
    if not hits:
        return None
    ys = [y for y, _ in hits]
    xs = [x for _, x in hits]
    return (area[0] + min(xs), area[1] + min(ys), area[0] + max(xs) + 1, area[1] + max(ys) + 1)


def light_pixels(shot: Path, area: tuple[int, int, int, int]) -> int:
    """How many pixels of `area` are near white: a light popup or menu over a dark wallpaper."""
    return sum(1 for r, g, b in _pixels(shot, area) if min(r, g, b) > 200)


class NudgeApp:
    """The real app, started as a user starts it: `python -m nudge run --ui tray` with its own
    NUDGE_HOME and config.toml, in the desktop's environment."""

    def __init__(self, env: dict[str, str], home: Path, rise: str = "1h", away: str = "5m",
                 extra_config: str = "") -> None:
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "config.toml").write_text(
            NUDGE_CONFIG.format(rise=rise, away=away) + extra_config)
        self.home = home
        self.env = {**env, "NUDGE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        self.output = home / "app-output.txt"
        self._file = self.output.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "nudge", "run", "--ui", "tray"],
                                        env=self.env, stdout=self._file,
                                        stderr=subprocess.STDOUT)
        wait_for(lambda: self.status().get("running") or self.process.poll() is not None,
                 timeout=30, what="nudge to start")
        assert self.process.poll() is None, self.text()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nudge", *args], env=self.env,
                              capture_output=True, text=True, timeout=30)

    def status(self) -> dict[str, object]:
        done = self.cli("status", "--json")
        try:
            return dict(json.loads(done.stdout))
        except ValueError:
            return {}

    def text(self) -> str:
        """What the app printed, and its log files."""
        logs = sorted((self.home / "logs").glob("*.log")) if (self.home / "logs").exists() \
            else []
        return self.output.read_text(errors="replace") + "".join(
            log.read_text(errors="replace") for log in logs)

    def stop(self) -> str:
        if self.process.poll() is None:
            self.cli("quit")
            deadline = time.monotonic() + 10
            while self.process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
            stop(self.process)
        self._file.close()
        return self.text()


def wayland_protocol(root: Path, name: str, xml: str) -> ModuleType:
    """Python bindings for a Wayland protocol pywayland does not ship, made with its scanner
    from `xml` (whose <protocol name> is `name`) under `root`."""
    protocols = root / "protocols"
    source = root / f"{name}.xml"
    source.write_text(xml)
    subprocess.run([sys.executable, "-m", "pywayland.scanner", "-i", str(source), "-o",
                    str(protocols)], check=True, capture_output=True)
    sys.path.insert(0, str(protocols))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(protocols))


def wayland_globals(display: Any) -> tuple[Any, dict[str, tuple[int, int]]]:
    """The registry of a connected pywayland Display and its globals: name -> (id, version)."""
    found: dict[str, tuple[int, int]] = {}
    registry = display.get_registry()

    def on_global(_registry: Any, name: int, interface: str, version: int) -> None:
        found.setdefault(interface, (name, version))

    registry.dispatcher["global"] = on_global
    display.roundtrip()
    return registry, found


def tools_missing(tools: Iterable[str]) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


def pywayland_reason() -> str | None:
    """Why this Python cannot speak Wayland (the test driver's pointer and keys need it)."""
    try:
        import pywayland.client  # noqa: F401
    except ImportError:
        return "needs pywayland (the dev extra installs it on x86_64 Linux)"
    return None


def root_reason() -> str | None:
    """Why a desktop that needs its own mount and network namespace cannot run here."""
    if os.geteuid() != 0:
        return "needs root for its own mount and network namespace (`unshare -m -n`)"
    if shutil.which("unshare") is None:
        return "needs `unshare` (util-linux)"
    return None
