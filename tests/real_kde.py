"""A real KDE Plasma 5 session for tests: KWin Wayland (virtual output) with Xwayland, kded5
(the StatusNotifierWatcher), kactivitymanagerd and plasmashell, on a private session bus.

KWin's Xwayland takes display :0 and /tmp/.X11-unix, so the whole session runs in its own mount
and network namespace (`unshare -m -n`, root only) with a tmpfs on /tmp; the scratch root is
bound back at its own path inside, so the Wayland socket, the bus socket (a socket file, which
crosses network namespaces, unlike an abstract one) and the runtime dir (0700) have the same
paths for the test and for nudge outside. `/usr/bin/kwin_wayland` carries a file capability
this container cannot grant, so a plain copy of the binary runs.

KWin restricts fake input and screenshots to programs named in a .desktop file: one whose
`Exec=` is this Python binary allows `org_kde_kwin_fake_input` (Wayland) and
`org.kde.KWin.ScreenShot2` (D-Bus), so the test process itself drives input (`FakeInput`,
bindings generated with pywayland's scanner from the protocol below) and takes screenshots.
Test thread only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from PIL import Image
from real_session import (
    ARTIFACTS,
    BusMonitor,
    pywayland_reason,
    root_reason,
    stop,
    tools_missing,
    wait_for,
    wayland_globals,
    wayland_protocol,
)

TOOLS = ("kwin_wayland", "plasmashell", "kded5", "kbuildsycoca5", "kwriteconfig5",
         "dbus-daemon", "dbus-monitor", "weston-terminal", "unshare")
KAMD = "/usr/lib/x86_64-linux-gnu/libexec/kactivitymanagerd"
SERVICES = ("org.kde.kglobalaccel.service",)
WIDTH, HEIGHT = 1280, 800
SOCKET = "wayland-kde"

NAMESPACE_SCRIPT = """#!/bin/bash
set -e
ROOT="$1"
exec 3<"$ROOT"
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p "$ROOT"
mount --no-canonicalize --bind /proc/self/fd/3 "$ROOT"
exec 3<&-
mkdir -p -m 1777 /tmp/.X11-unix /tmp/.ICE-unix
source "$ROOT/session.env"
mkdir -p "$XDG_DATA_HOME/applications"
cp "$ROOT/driver.desktop" "$XDG_DATA_HOME/applications/"
export DBUS_SESSION_BUS_ADDRESS=$(dbus-daemon --config-file="$ROOT/bus.conf" --fork \\
    --print-address=1 --print-pid=4 4>"$ROOT/bus.pid")
echo "$DBUS_SESSION_BUS_ADDRESS" >"$ROOT/bus.address.tmp"
mv "$ROOT/bus.address.tmp" "$ROOT/bus.address"
exec "$ROOT/kwin_wayland" --virtual --width {width} --height {height} --socket {socket} \\
    --xwayland "$ROOT/plasma.sh"
"""
# Run by KWin once Wayland and Xwayland are up (so DISPLAY is set).
PLASMA_SCRIPT = """#!/bin/bash
echo "$DISPLAY" >"$ROOT/display"
kbuildsycoca5 >"$ROOT/kbuildsycoca5.log" 2>&1
{kamd} >"$ROOT/kactivitymanagerd.log" 2>&1 &
kded5 >"$ROOT/kded5.log" 2>&1 &
exec plasmashell >"$ROOT/plasmashell.log" 2>&1
"""
DRIVER_DESKTOP = """[Desktop Entry]
Type=Application
Name=nudge test driver
Exec={python}
NoDisplay=true
X-KDE-Wayland-Interfaces=org_kde_kwin_fake_input
X-KDE-DBUS-Restricted-Interfaces=org.kde.KWin.ScreenShot2
"""
# KWin's fake-input protocol (plasma-wayland-protocols' fake-input.xml), the requests used here
# and those before them, in their order (the opcodes).
FAKE_INPUT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<protocol name="kde_fake_input">
  <interface name="org_kde_kwin_fake_input" version="4">
    <request name="authenticate">
      <arg name="application" type="string"/><arg name="reason" type="string"/>
    </request>
    <request name="pointer_motion">
      <arg name="delta_x" type="fixed"/><arg name="delta_y" type="fixed"/>
    </request>
    <request name="button"><arg name="button" type="uint"/><arg name="state" type="uint"/>
    </request>
    <request name="axis"><arg name="axis" type="uint"/><arg name="value" type="fixed"/>
    </request>
    <request name="touch_down" since="2">
      <arg name="id" type="uint"/><arg name="x" type="fixed"/><arg name="y" type="fixed"/>
    </request>
    <request name="touch_motion" since="2">
      <arg name="id" type="uint"/><arg name="x" type="fixed"/><arg name="y" type="fixed"/>
    </request>
    <request name="touch_up" since="2"><arg name="id" type="uint"/></request>
    <request name="touch_cancel" since="2"/>
    <request name="touch_frame" since="2"/>
    <request name="pointer_motion_absolute" since="3">
      <arg name="x" type="fixed"/><arg name="y" type="fixed"/>
    </request>
    <request name="keyboard_key" since="4">
      <arg name="button" type="uint"/><arg name="state" type="uint"/>
    </request>
  </interface>
</protocol>
"""
BTN_LEFT, BTN_RIGHT = 0x110, 0x111


def skip_reason() -> str | None:
    missing = tools_missing(TOOLS)
    if missing:
        return f"KDE Plasma tools missing: {missing} (Debian: kwin-wayland plasma-workspace " \
               "plasma-desktop qtwayland5 weston dbus-bin)"
    if not os.path.exists(KAMD):
        return f"kactivitymanagerd missing ({KAMD}; Debian: kactivitymanagerd)"
    return pywayland_reason() or root_reason()


class FakeInput:
    """KWin's fake input device (pointer and keys), as this (allowed) process."""

    def __init__(self, root: Path, socket_path: str) -> None:
        module = wayland_protocol(root, "kde_fake_input", FAKE_INPUT_XML)
        from pywayland.client import Display

        self.display: Any = Display(socket_path)
        self.display.connect()
        registry, found = wayland_globals(self.display)
        name, version = found["org_kde_kwin_fake_input"]
        self.globals = found
        self.fake = registry.bind(name, module.OrgKdeKwinFakeInput, min(version, 4))
        self.fake.authenticate("nudge tests", "drive a test desktop")
        self.display.roundtrip()

    def move_to(self, x: float, y: float) -> None:
        self.fake.pointer_motion_absolute(x, y)
        self.display.roundtrip()

    def nudge_pointer(self) -> None:
        self.fake.pointer_motion(3.0, 0.0)
        self.fake.pointer_motion(-3.0, 0.0)
        self.display.roundtrip()

    def click(self, x: float, y: float, button: int = BTN_LEFT) -> None:
        self.move_to(x, y)
        self.fake.button(button, 1)
        self.display.roundtrip()
        self.fake.button(button, 0)
        self.display.roundtrip()

    def key(self, code: int) -> None:
        """Press and release a key by its Linux input code (1 is Escape)."""
        self.fake.keyboard_key(code, 1)
        self.fake.keyboard_key(code, 0)
        self.display.roundtrip()

    def close(self) -> None:
        self.display.disconnect()


class KdeDesktop:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.runtime = root / "runtime"
        home = root / "home"
        self.env: dict[str, str] = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_CURRENT_DESKTOP": "KDE", "KDE_SESSION_VERSION": "5", "KDE_FULL_SESSION": "true",
            "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": SOCKET,
            "QT_QPA_PLATFORM": "wayland", "LANG": "C.UTF-8", "NO_AT_BRIDGE": "1",
        }
        self.session: subprocess.Popen[bytes] | None = None
        self.input: FakeInput | None = None
        self.monitor: BusMonitor | None = None
        self.children: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        for folder in (self.runtime, *(Path(self.env[k]) for k in
                                       ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                        "XDG_CACHE_HOME"))):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        kwin = self.root / "kwin_wayland"
        shutil.copyfile(shutil.which("kwin_wayland") or "", kwin)  # without its capability
        kwin.chmod(0o755)
        from real_session import bus_config

        bus_config(self.root, SERVICES)
        self._script("ns.sh", NAMESPACE_SCRIPT.format(width=WIDTH, height=HEIGHT,
                                                      socket=SOCKET))
        self._script("plasma.sh", PLASMA_SCRIPT.format(kamd=KAMD))
        (self.root / "driver.desktop").write_text(
            DRIVER_DESKTOP.format(python=os.path.realpath(sys.executable)))
        (self.root / "session.env").write_text("".join(
            f"export {key}='{value}'\n" for key, value in {**self.env, "ROOT": str(self.root)
                                                           }.items()))
        log = (self.root / "kwin.log").open("wb")
        self.session = subprocess.Popen(
            ["unshare", "-m", "-n", "--propagation", "private", str(self.root / "ns.sh"),
             str(self.root)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        address = self.root / "bus.address"
        wait_for(lambda: address.exists() or self.session.poll() is not None,  # type: ignore
                 timeout=20, what="the session bus")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address.read_text().strip()
        wait_for(lambda: (self.runtime / SOCKET).exists(), timeout=30, what="KWin's socket")
        wait_for(lambda: self.bus_has("org.kde.StatusNotifierWatcher")
                 and self.bus_has("org.freedesktop.Notifications")
                 and self.bus_has("org.kde.plasmashell"),
                 timeout=90, what="plasmashell, its notifications and kded5's tray watcher")
        self.monitor = BusMonitor(self.env, self.root / "bus-monitor.txt")
        self.input = FakeInput(self.root, str(self.runtime / SOCKET))

    def _script(self, name: str, text: str) -> None:
        path = self.root / name
        path.write_text(text)
        path.chmod(0o755)

    # -- helpers -------------------------------------------------------------------------
    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True,
                              timeout=30)

    def bus_has(self, name: str) -> bool:
        done = self.run("dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                        "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                        f"string:{name}")
        return "boolean true" in done.stdout

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        """A Wayland client of this session (from outside the namespace)."""
        child = subprocess.Popen(list(args), env=self.env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        self.children.append(child)
        return child

    def set_do_not_disturb(self, on: bool) -> None:
        """Plasma's "Do not disturb" as its notifications applet sets it: `[DoNotDisturb]
        Until` in plasmanotifyrc (a year ahead, or removed), then KConfig's change signal."""
        args = ["--key", "Until", "2099,1,1,0,0,0"] if on else ["--key", "Until", "--delete"]
        done = self.run("kwriteconfig5", "--file", "plasmanotifyrc", "--group", "DoNotDisturb",
                        *args)
        assert done.returncode == 0, done.stderr
        asyncio.run(_config_changed(self.env["DBUS_SESSION_BUS_ADDRESS"], "plasmanotifyrc",
                                    {"DoNotDisturb": [b"Until"]}))

    def notifications_inhibited(self) -> bool:
        done = self.run("dbus-send", "--session", "--print-reply",
                        "--dest=org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                        "org.freedesktop.DBus.Properties.Get",
                        "string:org.freedesktop.Notifications", "string:Inhibited")
        return "boolean true" in done.stdout

    def screenshot(self, name: str) -> Path:
        """The whole output through KWin's ScreenShot2, saved as artifacts/<name>.png."""
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        asyncio.run(_capture(self.env["DBUS_SESSION_BUS_ADDRESS"], target))
        return target

    def close(self) -> None:
        for child in self.children:
            stop(child)
        if self.input is not None:
            self.input.close()
        if self.monitor is not None:
            self.monitor.close()
        if self.session is not None and self.session.poll() is None:
            # The namespace's processes are all in KWin's session: end them together.
            os.killpg(self.session.pid, 15)
            try:
                self.session.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.session.pid, 9)
                self.session.wait(5)
        pid_file = self.root / "bus.pid"
        if pid_file.exists():  # the bus forked out of the process group
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().strip()), 15)


async def _capture(address: str, target: Path) -> None:
    from dbus_fast import BusType, Message, MessageType
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address, bus_type=BusType.SESSION,
                           negotiate_unix_fd=True).connect()
    read_fd, write_fd = os.pipe()
    chunks: list[bytes] = []

    def drain() -> None:
        with os.fdopen(read_fd, "rb") as reader:
            chunks.append(reader.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        reply = await bus.call(Message(
            destination="org.kde.KWin", path="/org/kde/KWin/ScreenShot2",
            interface="org.kde.KWin.ScreenShot2", member="CaptureArea", signature="iiuua{sv}h",
            body=[0, 0, WIDTH, HEIGHT, {}, 0], unix_fds=[write_fd]))
    finally:
        os.close(write_fd)
        bus.disconnect()
    assert reply is not None and reply.message_type is not MessageType.ERROR, reply.body
    reader.join(20)
    info = {key: value.value for key, value in reply.body[0].items()}
    width, height, stride = int(info["width"]), int(info["height"]), int(info["stride"])
    image = Image.frombuffer("RGBA", (width, height), chunks[0], "raw", "BGRA", stride, 1)
    image.convert("RGB").save(target)


async def _config_changed(address: str, file: str, groups: dict[str, list[bytes]]) -> None:
    """KConfigWatcher's notification (what `kwriteconfig --notify` and System Settings send):
    Plasma re-reads `file` when it hears it."""
    from dbus_fast import BusType, Message, MessageType
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address, bus_type=BusType.SESSION).connect()
    try:
        await bus.send(Message(message_type=MessageType.SIGNAL, path=f"/{file}",
                               interface="org.kde.kconfig.notify", member="ConfigChanged",
                               signature="a{saay}", body=[groups]))
    finally:
        bus.disconnect()
