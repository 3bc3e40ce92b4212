"""A real sway 1.7 session for tests: headless (wlroots' headless backend, pixman renderer, no
Xwayland), waybar with its tray module, on a private session bus.

sway refuses to run as root, so it runs as `nobody` (uid 65534) with a runtime dir that user
owns (0700); root clients (the tests, waybar, nudge) can still use its sockets. It needs no
namespace: without Xwayland it takes nothing shared. Input: a virtual pointer
(zwlr_virtual_pointer_v1) moves and clicks, `wtype` types through the virtual-keyboard protocol
(that is real seat input, which resets idle); screenshots: `grim`. Test thread only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from real_session import (
    ARTIFACTS,
    BusMonitor,
    pywayland_reason,
    start_private_bus,
    stop,
    tools_missing,
    wait_for,
    wayland_globals,
    wayland_protocol,
)

TOOLS = ("sway", "swaymsg", "waybar", "grim", "wtype", "setpriv", "dbus-daemon", "dbus-monitor")
NOBODY = 65534
WIDTH, HEIGHT = 1280, 800
BAR_HEIGHT = 30
SWAY_CONFIG = f"""xwayland disable
output HEADLESS-1 resolution {WIDTH}x{HEIGHT} background #203040 solid_color
seat seat0 hide_cursor 0
"""
WAYBAR_CONFIG = {"layer": "top", "position": "top", "height": BAR_HEIGHT,
                 "modules-left": [], "modules-right": ["tray", "clock"],
                 "tray": {"icon-size": 22, "spacing": 8}}


# wlr-protocols' wlr-virtual-pointer-unstable-v1.xml: the requests in their order (the opcodes);
# the seat argument untyped, so the scanner needs no wayland.xml (only null is passed).
VIRTUAL_POINTER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<protocol name="wlr_virtual_pointer">
  <interface name="zwlr_virtual_pointer_v1" version="2">
    <request name="motion">
      <arg name="time" type="uint"/><arg name="dx" type="fixed"/><arg name="dy" type="fixed"/>
    </request>
    <request name="motion_absolute">
      <arg name="time" type="uint"/><arg name="x" type="uint"/><arg name="y" type="uint"/>
      <arg name="x_extent" type="uint"/><arg name="y_extent" type="uint"/>
    </request>
    <request name="button">
      <arg name="time" type="uint"/><arg name="button" type="uint"/>
      <arg name="state" type="uint"/>
    </request>
    <request name="axis">
      <arg name="time" type="uint"/><arg name="axis" type="uint"/>
      <arg name="value" type="fixed"/>
    </request>
    <request name="frame"/>
    <request name="axis_source"><arg name="axis_source" type="uint"/></request>
    <request name="axis_stop"><arg name="time" type="uint"/><arg name="axis" type="uint"/>
    </request>
    <request name="axis_discrete">
      <arg name="time" type="uint"/><arg name="axis" type="uint"/>
      <arg name="value" type="fixed"/><arg name="discrete" type="int"/>
    </request>
    <request name="destroy" type="destructor"/>
  </interface>
  <interface name="zwlr_virtual_pointer_manager_v1" version="2">
    <request name="create_virtual_pointer">
      <arg name="seat" type="object" allow-null="true"/>
      <arg name="id" type="new_id" interface="zwlr_virtual_pointer_v1"/>
    </request>
    <request name="destroy" type="destructor"/>
  </interface>
</protocol>
"""
BTN_LEFT, BTN_RIGHT = 0x110, 0x111


class VirtualPointer:
    """A pointer device made through zwlr_virtual_pointer_v1. The headless backend has no
    input devices, so without one the seat offers no pointer and panels get no clicks."""

    def __init__(self, root: Path, socket_path: str) -> None:
        module = wayland_protocol(root, "wlr_virtual_pointer", VIRTUAL_POINTER_XML)
        from pywayland.client import Display

        self.display: Any = Display(socket_path)
        self.display.connect()
        registry, found = wayland_globals(self.display)
        manager = registry.bind(found["zwlr_virtual_pointer_manager_v1"][0],
                                module.ZwlrVirtualPointerManagerV1, 1)
        self.pointer = manager.create_virtual_pointer(None)
        self.display.roundtrip()

    def _ms(self) -> int:
        return int(time.monotonic() * 1000) & 0xFFFFFFFF

    def move_to(self, x: int, y: int) -> None:
        self.pointer.motion_absolute(self._ms(), x, y, WIDTH, HEIGHT)
        self.pointer.frame()
        self.display.roundtrip()

    def click(self, x: int, y: int, button: int = BTN_LEFT) -> None:
        self.move_to(x, y)
        for state in (1, 0):
            self.pointer.button(self._ms(), button, state)
            self.pointer.frame()
            self.display.roundtrip()

    def close(self) -> None:
        self.display.disconnect()


def skip_reason() -> str | None:
    missing = tools_missing(TOOLS)
    if missing:
        return f"sway tools missing: {missing} (Debian: sway waybar grim wtype dbus-bin)"
    if os.geteuid() != 0:
        return "needs root to run sway as an unprivileged user (sway refuses to run as root)"
    return pywayland_reason()


class SwayDesktop:
    def __init__(self, root: Path) -> None:
        self.root = root
        # nobody must reach its runtime dir, and the test's tmp_path is root's alone.
        self.runtime = Path(tempfile.mkdtemp(prefix="nudge-sway-"))
        os.chown(self.runtime, NOBODY, NOBODY)
        self.runtime.chmod(0o700)
        home = root / "home"
        self.env: dict[str, str] = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_CURRENT_DESKTOP": "sway", "XDG_SESSION_TYPE": "wayland", "LANG": "C.UTF-8",
            "NO_AT_BRIDGE": "1", "GDK_BACKEND": "wayland",
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.monitor: BusMonitor | None = None
        self.pointer: VirtualPointer | None = None

    def start(self) -> None:
        for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            Path(self.env[key]).mkdir(mode=0o700, parents=True, exist_ok=True)
        config = self.runtime / "sway.conf"
        config.write_text(SWAY_CONFIG)
        os.chown(config, NOBODY, NOBODY)
        sway_env = {**self.env, "HOME": str(self.runtime), "WLR_BACKENDS": "headless",
                    "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman"}
        with (self.root / "sway.log").open("wb") as log:
            self.processes.append(subprocess.Popen(
                ["setpriv", "--reuid", str(NOBODY), "--regid", str(NOBODY), "--clear-groups",
                 "sway", "-c", str(config)], env=sway_env, stdout=log, stderr=subprocess.STDOUT))
        wait_for(lambda: list(self.runtime.glob("sway-ipc.*.sock"))
                 and [p for p in self.runtime.glob("wayland-*") if not p.name.endswith(".lock")],
                 timeout=20, what="sway's sockets")
        self.env["SWAYSOCK"] = str(next(self.runtime.glob("sway-ipc.*.sock")))
        self.env["WAYLAND_DISPLAY"] = next(
            p.name for p in self.runtime.glob("wayland-*") if not p.name.endswith(".lock"))
        self.pointer = VirtualPointer(self.root, str(self.runtime / self.env["WAYLAND_DISPLAY"]))
        self.processes.append(start_private_bus(self.root, self.env))
        waybar_config = self.root / "waybar.json"
        waybar_config.write_text(json.dumps(WAYBAR_CONFIG))
        with (self.root / "waybar.log").open("wb") as log:
            self.processes.append(subprocess.Popen(
                ["waybar", "-c", str(waybar_config)], env=self.env, stdout=log,
                stderr=subprocess.STDOUT))
        wait_for(lambda: self.bus_has("org.kde.StatusNotifierWatcher"), timeout=20,
                 what="waybar's tray (its StatusNotifierWatcher)")
        self.monitor = BusMonitor(self.env, self.root / "bus-monitor.txt")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True,
                              timeout=30)

    def bus_has(self, name: str) -> bool:
        done = self.run("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                        "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                        f"string:{name}")
        return "boolean true" in done.stdout

    def key(self, *keys: str) -> None:
        """Type keys by name (e.g. "Down", "Return") through the virtual keyboard."""
        args = [part for key in keys for part in ("-k", key)]
        done = self.run("wtype", *args)
        assert done.returncode == 0, done.stderr

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        done = self.run("grim", str(target))
        assert done.returncode == 0, done.stderr
        return target

    def close(self) -> None:
        if self.monitor is not None:
            self.monitor.close()
        if self.pointer is not None:
            self.pointer.close()
        for process in reversed(self.processes):
            stop(process)
        shutil.rmtree(self.runtime, ignore_errors=True)
