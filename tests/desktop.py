"""A real, private desktop session for tests: Xvfb, a D-Bus session bus, dunst, xfce4-panel.

Nothing here touches the developer's own session: every piece gets a scratch HOME-like folder,
its own display number and its own bus. `DesktopSession.env` is the environment a child process
(the real `nudge`) needs to live in that session. Screenshots go to `artifacts/` so a person can
look at them after a run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from waiting import wait_for

__all__ = ["ARTIFACTS", "DesktopSession", "missing_tools", "running_desktop", "wait_for"]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Like the stock session bus, but only services the tests allow can be started on demand: the
# stock one would start /usr/bin/dunst by itself (org.knopwob.dunst.service) whenever anything
# calls org.freedesktop.Notifications, so "no notification daemon" could not be tested.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
SYSTEM_SERVICES = Path("/usr/share/dbus-1/services")
ACTIVATABLE = ("org.xfce.Xfconf.service",)  # the panel's settings store

REQUIRED = ("Xvfb", "dbus-daemon", "dunst", "dunstctl", "xfce4-panel", "xdotool", "import")

DUNSTRC = """
[global]
    font = DejaVu Sans 10
    width = 420
    offset = 12x40
    origin = top-right
    frame_width = 1
    padding = 10
    horizontal_padding = 12
    show_indicators = yes
    dmenu = {dmenu}
    mouse_left_click = do_action
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED if shutil.which(tool) is None]


@dataclass
class DesktopSession:
    root: Path
    display: str = ""
    env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    dmenu_choice: Path = field(init=False)

    def __post_init__(self) -> None:
        self.dmenu_choice = self.root / "dmenu-choice"

    # -- pieces --------------------------------------------------------------------------
    def start_x(self) -> None:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten",
             "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as reader:
            number = reader.readline().strip()
        self.processes["xvfb"] = xvfb
        self.display = f":{number}"
        home = self.root / "home"
        for sub in ("config", "data", "cache", "runtime"):
            (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "DISPLAY": self.display,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
            "XDG_CURRENT_DESKTOP": "XFCE",
            "LANG": "C.UTF-8",
            "NO_AT_BRIDGE": "1",
        }

    def start_bus(self, activation: bool = False) -> None:
        """A private session bus; with `activation`, services start on demand as usual."""
        if activation:
            command = ["dbus-daemon", "--session"]
        else:
            services = self.root / "dbus-services"
            services.mkdir(parents=True, exist_ok=True)
            for name in ACTIVATABLE:
                if (SYSTEM_SERVICES / name).exists():
                    shutil.copy(SYSTEM_SERVICES / name, services / name)
            config = self.root / "bus.conf"
            config.write_text(BUS_CONFIG.format(tmp=self.root, services=services))
            command = ["dbus-daemon", f"--config-file={config}"]
        bus = subprocess.Popen(
            [*command, "--nofork", "--print-address=1", "--nopidfile"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        assert bus.stdout is not None
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        self.processes["bus"] = bus

    def start_dunst(self, markup: str | None = None) -> None:
        """dunst with the test config; `markup` ("full", "strip", "no") sets how it reads bodies."""
        dmenu = self.root / "dmenu-stub"
        # dunst's context menu runs this "dmenu": it answers with the line a test chose, which
        # presses that notification button through dunst itself.
        offered = self.root / "dmenu-offered"
        dmenu.write_text(f"#!/bin/sh\ncat > '{offered}'\ncat '{self.dmenu_choice}'\n")
        dmenu.chmod(0o755)
        rc = self.root / "dunstrc"
        rc.write_text(DUNSTRC.format(dmenu=dmenu).replace(
            "[global]\n", f"[global]\n    markup = {markup}\n" if markup else "[global]\n", 1))
        self.processes["dunst"] = subprocess.Popen(
            ["dunst", "-config", str(rc)], env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        wait_for(lambda: self.dunstctl("is-paused").returncode == 0, what="dunst on the bus")

    def stop_dunst(self) -> None:
        self.stop("dunst")

    def start_panel(self) -> None:
        self.processes["panel"] = subprocess.Popen(
            ["xfce4-panel", "--disable-wm-check"], env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        wait_for(lambda: self.bus_has("org.kde.StatusNotifierWatcher"), timeout=20,
                 what="a StatusNotifier host (xfce4-panel)")

    # -- helpers -------------------------------------------------------------------------
    def run(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), env=self.env, capture_output=True, text=True,
                              timeout=20, check=check)

    def dunstctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run("dunstctl", *args)

    def menu_lines(self) -> list[str]:
        """The lines dunst offered in its last context menu (one per button)."""
        offered = self.root / "dmenu-offered"
        return offered.read_text().splitlines() if offered.exists() else []

    def offered_buttons(self) -> list[str]:
        """Open dunst's context menu for the top notification and return its button lines.

        Retried: dunst 1.9 refuses a context menu while the previous one is still closing
        ("Context menu already running, refusing to rerun").
        """
        offered = self.root / "dmenu-offered"
        self.dmenu_choice.write_text("")
        for _ in range(4):
            offered.unlink(missing_ok=True)
            self.dunstctl("context")
            with contextlib.suppress(TimeoutError):
                wait_for(lambda: offered.exists() and offered.read_text(), 2, "the menu")
                return self.menu_lines()
        raise AssertionError("dunst never opened its context menu")

    def press_button(self, label: str, pressed: Callable[[], object] | None = None) -> None:
        """Press the button labelled `label` on the top notification, through dunst's own
        context menu: dunst runs our stub "dmenu", which answers with that button's line.

        `pressed` tells when the press took effect; until it does, the press is retried (see
        `offered_buttons`). A repeated press is harmless: the app forgets a notification after
        its first action.
        """
        lines = self.offered_buttons()
        wanted = [line for line in lines if line.startswith(f"#{label} (")]
        if not wanted:
            raise AssertionError(f"no button {label!r} in {lines}")
        self.dmenu_choice.write_text(wanted[0] + "\n")
        try:
            for _ in range(5):
                self.dunstctl("context")
                if pressed is None:
                    return
                with contextlib.suppress(TimeoutError):
                    wait_for(pressed, 2, f"the {label!r} press to take effect")
                    return
        finally:
            if pressed is not None:
                self.dmenu_choice.write_text("")
        raise AssertionError(f"pressing {label!r} never took effect; dunst offered "
                             f"{self.menu_lines()}")

    def bus_names(self) -> list[str]:
        out = self.run("dbus-send", "--session", "--dest=org.freedesktop.DBus",
                       "--type=method_call", "--print-reply", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus.ListNames").stdout
        return [part.split('"')[1] for part in out.splitlines() if '"' in part]

    def bus_has(self, name: str) -> bool:
        return name in self.bus_names()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.run("import", "-window", "root", str(target), check=True)
        return target

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def close(self) -> None:
        for name in ("panel", "dunst", "bus", "xvfb"):
            self.stop(name)


@contextlib.contextmanager
def running_desktop(root: Path) -> Iterator[DesktopSession]:
    """The whole private desktop (Xvfb, a session bus, dunst, xfce4-panel), stopped on the way
    out. The tests get it through the `desk` and `fresh_desk` fixtures of tests/conftest.py."""
    root.mkdir(parents=True, exist_ok=True)
    session = DesktopSession(root)
    try:
        session.start_x()
        session.start_bus()
        session.start_dunst()
        session.start_panel()
        yield session
    finally:
        session.close()
