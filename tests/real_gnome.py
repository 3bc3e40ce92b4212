"""A real GNOME Shell 43 for tests: headless Wayland, in its own namespaces and buses.

`GnomeSession.start()` runs, as root, one `unshare -m -n -p` namespace holder, and in it a
private system bus (the shell wants one), a private session bus whose only activatable
services are dconf and the shell's notification service (gjs), then
`gnome-shell --headless --wayland --no-x11 --virtual-monitor 1280x800` with the AppIndicator
extension and a tests-only extension that sets `global.context.unsafe_mode` (so
`org.gnome.Shell.Eval` and `Screenshot` answer) enabled at start. Processes of the session,
the real `nudge` among them, run inside the namespace through `nsenter` (`spawn`, `run`): the
shell's notification daemon identifies a sender by its pid, which only works in one pid
namespace. The mount namespace puts tmpfs on /run/dbus and /run/systemd (the host's stale
/run/systemd/seats would make the shell ask logind, and a real logind writes there); the net
namespace keeps abstract sockets apart. Bus sockets live under the test's own folder, so the
test process talks to both buses from outside. Killing the holder (pid 1 of the namespace)
ends every process in it, also if pytest dies (PDEATHSIG on `unshare`, `--kill-child`).
Everything runs on the test's thread, except `RemoteInput`'s own D-Bus thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gnome_dbus import RemoteInput, call

from desktop import ARTIFACTS, BUS_CONFIG, wait_for

APPINDICATOR = "ubuntu-appindicators@ubuntu.com"  # Debian's id for the AppIndicator extension
UNSAFE = "nudge-test-unsafe@nudge.invalid"
SHELL_EXTENSIONS = Path("/usr/share/gnome-shell/extensions")
SERVICES = Path("/usr/share/dbus-1/services")
ACTIVATABLE = ("ca.desrt.dconf.service", "org.gnome.Shell.Notifications.service")
LOGIND = Path("/lib/systemd/systemd-logind")
REQUIRED = ("gnome-shell", "gjs", "dbus-daemon", "gsettings", "unshare", "nsenter")
WAYLAND_DISPLAY = "wayland-gnome"
SYSTEM_SOCKET = "/run/dbus/system_bus_socket"
UNSAFE_JS = """// Tests only: lets org.gnome.Shell.Eval and org.gnome.Shell.Screenshot answer.
class Extension {
    enable() { global.context.unsafe_mode = true; }
    disable() { global.context.unsafe_mode = false; }
}
function init() { return new Extension(); }
"""
# pid 1 of the namespace: mounts tmpfs where the host's /run would leak in, says so, then reaps.
HOLDER = """import os, subprocess, sys, time
for where in ("/run/dbus", "/run/systemd"):
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755", "tmpfs", where], check=True)
print("ready", flush=True)
while True:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass
    time.sleep(0.5)
"""


def why_not_here() -> str | None:
    """Why a real GNOME Shell cannot run on this machine, or None when it can."""
    missing = [tool for tool in REQUIRED if shutil.which(tool) is None]
    if missing:
        return f"GNOME Shell test tools missing: {missing} (apt packages gnome-shell gjs)"
    if not (SHELL_EXTENSIONS / APPINDICATOR).is_dir():
        return f"{APPINDICATOR} missing (apt package gnome-shell-extension-appindicator)"
    services = [name for name in ACTIVATABLE if not (SERVICES / name).exists()]
    if services:
        return f"D-Bus services missing: {services} (apt packages dconf-service gnome-shell)"
    if os.geteuid() != 0:
        return "needs root: the shell runs in its own mount/net/pid namespace (unshare)"
    trial = subprocess.run(["unshare", "-m", "-n", "-p", "-f", "--mount-proc", "true"],
                           capture_output=True, text=True)
    if trial.returncode != 0:
        return f"unshare -m -n -p is not allowed here: {trial.stderr.strip()[:200]}"
    return None


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class GnomeSession:
    root: Path
    env: dict[str, str] = field(default_factory=dict)
    system_address: str = ""  # the private system bus, as seen from outside the namespace
    ns_pid: int = 0  # host pid of the namespace's pid 1
    processes: list[subprocess.Popen[Any]] = field(default_factory=list)

    # -- start ---------------------------------------------------------------------------
    def start(self) -> None:
        home = self.root / "home"
        for sub in ("config", "data", "cache", "runtime"):
            (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(home / "runtime"),
            "XDG_CURRENT_DESKTOP": "GNOME", "XDG_SESSION_TYPE": "wayland",
            "LANG": "C.UTF-8", "NO_AT_BRIDGE": "1",
        }
        self._start_namespace()
        self._start_buses()
        self._install_unsafe_extension(home / "data")
        # Without GDM the shell's first start warns "Screen Lock disabled" once, in a banner
        # that would stand in front of nudge's; this file says it was shown before.
        (home / "data" / "gnome-shell" / "lock-warning-shown").touch()
        enabled = f"['{APPINDICATOR}', '{UNSAFE}']"
        self.run("gsettings", "set", "org.gnome.shell", "enabled-extensions", enabled, check=True)
        log = (self.root / "gnome-shell.log").open("wb")
        self.spawn("gnome-shell", "--headless", "--wayland", "--no-x11", "--virtual-monitor",
                   "1280x800", "--wayland-display", WAYLAND_DISPLAY, stdout=log, stderr=log)
        wait_for(self._shell_ready, timeout=60, what="GNOME Shell with both extensions enabled")
        self.env["WAYLAND_DISPLAY"] = WAYLAND_DISPLAY  # for the apps started from now on
        # GNOME starts in the overview: leave it, as a user would, to see the desktop.
        wait_for(lambda: not self.eval("Main.overview.hide(); Main.overview.visible"),
                 timeout=20, what="the shell to leave the overview")

    def _start_namespace(self) -> None:
        holder = subprocess.Popen(
            ["unshare", "-m", "-n", "-p", "-f", "--kill-child", "--mount-proc",
             "--propagation", "private", sys.executable, "-c", HOLDER],
            stdout=subprocess.PIPE, stderr=(self.root / "namespace.log").open("wb"), text=True,
            preexec_fn=_die_with_parent)
        self.processes.append(holder)
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "ready":
            holder.wait(10)
            raise RuntimeError("the namespace did not start: "
                               + (self.root / "namespace.log").read_text()[-500:])
        children = Path(f"/proc/{holder.pid}/task/{holder.pid}/children").read_text().split()
        self.ns_pid = int(children[0])

    def _start_buses(self) -> None:
        services = self.root / "dbus-services"
        services.mkdir(exist_ok=True)
        for name in ACTIVATABLE:
            shutil.copy(SERVICES / name, services / name)
        session_conf = self.root / "session.conf"
        session_conf.write_text(BUS_CONFIG.format(tmp=self.root, services=services)
                                .replace("unix:tmpdir=", "unix:dir="))  # no abstract socket
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._bus(session_conf)
        outside = self.root / "system_bus_socket"
        system_conf = self.root / "system.conf"
        system_conf.write_text(
            BUS_CONFIG.format(tmp=self.root, services=services)
            .replace("<type>session</type>", "<type>system</type>")
            .replace(f"<listen>unix:tmpdir={self.root}</listen>",
                     f"<listen>unix:path={SYSTEM_SOCKET}</listen>"
                     f"<listen>unix:path={outside}</listen>")
            .replace(f"<servicedir>{services}</servicedir>", ""))
        self._bus(system_conf)
        self.system_address = f"unix:path={outside}"

    def _bus(self, config: Path) -> str:
        bus = self.spawn("dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile",
                         "--print-address=1", stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
        assert bus.stdout is not None
        return str(bus.stdout.readline().decode().strip())

    def _install_unsafe_extension(self, data: Path) -> None:
        folder = data / "gnome-shell" / "extensions" / UNSAFE
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "metadata.json").write_text(json.dumps({
            "uuid": UNSAFE, "name": "nudge tests: unsafe mode", "shell-version": ["43"],
            "description": "Tests only: allow org.gnome.Shell.Eval and Screenshot"}))
        (folder / "extension.js").write_text(UNSAFE_JS)

    def _shell_ready(self) -> bool:
        try:
            states = self.eval("Main.extensionManager.getUuids().map("
                               "u => [u, Main.extensionManager.lookup(u).state])")
        except Exception:  # not on the bus yet, or not yet in unsafe mode
            return False
        return (sorted(states) == sorted([[APPINDICATOR, 1], [UNSAFE, 1]])  # 1: ENABLED
                and not self.eval("Main.layoutManager._startingUp"))

    # -- inside the namespace ------------------------------------------------------------
    def command(self, *args: str) -> list[str]:
        return ["nsenter", "-t", str(self.ns_pid), "-m", "-n", "-p", "--", *args]

    def spawn(self, *args: str, env: dict[str, str] | None = None,
              **popen: Any) -> subprocess.Popen[Any]:
        process = subprocess.Popen(self.command(*args), env={**self.env, **(env or {})},
                                   **popen)
        self.processes.append(process)
        return process

    def run(self, *args: str, env: dict[str, str] | None = None, check: bool = False,
            timeout: float = 30) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*args), env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=timeout, check=check)

    def stop(self, process: subprocess.Popen[Any], sig: int = signal.SIGTERM) -> None:
        """Signal what `spawn` started (nsenter's child, in the namespace) and reap it."""
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        with contextlib.suppress(OSError):
            for pid in children.read_text().split():
                os.kill(int(pid), sig)
        process.wait(10)

    def start_logind(self) -> None:
        """A real systemd-logind on the namespace's private system bus (no systemd as pid 1
        here: it runs standalone, knows no sessions, but keeps inhibitors)."""
        self.spawn(str(LOGIND), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self.logind_property("BlockInhibited") is not None, timeout=20,
                 what="systemd-logind on the private system bus")

    def logind_property(self, name: str) -> Any:
        try:
            return call(self.system_address, "org.freedesktop.login1", "/org/freedesktop/login1",
                        "org.freedesktop.DBus.Properties", "Get", "ss",
                        ["org.freedesktop.login1.Manager", name])[0].value
        except Exception:
            return None

    # -- looking at the shell ------------------------------------------------------------
    def eval(self, js: str) -> Any:
        """Run `js` in the shell (org.gnome.Shell.Eval) and return its JSON-able result."""
        ok, result = call(self.env["DBUS_SESSION_BUS_ADDRESS"], "org.gnome.Shell",
                          "/org/gnome/Shell", "org.gnome.Shell", "Eval", "s", [js])
        if not ok:
            raise RuntimeError(f"Shell.Eval failed: {result}")
        return json.loads(result) if result else None

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        ok, _ = call(self.env["DBUS_SESSION_BUS_ADDRESS"], "org.gnome.Shell",
                     "/org/gnome/Shell/Screenshot", "org.gnome.Shell.Screenshot", "Screenshot",
                     "bbs", [False, False, str(target)])
        assert ok, "GNOME Shell refused the screenshot"
        return target

    def point_at(self, hands: RemoteInput, actor: str) -> None:
        """Move the pointer (real input) to the middle of the actor the JS expression `actor`
        names, e.g. a notification's button; relative moves, corrected until it is there."""
        box = f"let a = {actor}; [...a.get_transformed_position(), ...a.get_transformed_size()]"
        for _ in range(6):
            x, y, width, height = self.eval(box)
            pointer_x, pointer_y, _ = self.eval("global.get_pointer()")
            if 0 <= pointer_x - x < width and 0 <= pointer_y - y < height:
                return
            hands.move(x + width / 2 - pointer_x, y + height / 2 - pointer_y)
            with contextlib.suppress(TimeoutError):
                was = [pointer_x, pointer_y]
                wait_for(lambda was=was: self.eval("global.get_pointer()")[:2] != was,
                         timeout=2, what="the pointer to move")
        raise AssertionError(f"the pointer never reached {actor}")

    def click(self, hands: RemoteInput, actor: str) -> None:
        self.point_at(hands, actor)
        hands.button(True)
        hands.button(False)

    def idle_ms(self) -> int:
        return int(call(self.env["DBUS_SESSION_BUS_ADDRESS"], "org.gnome.Mutter.IdleMonitor",
                        "/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor",
                        "GetIdletime")[0])

    def close(self) -> None:
        if self.ns_pid:
            os.kill(self.ns_pid, signal.SIGKILL)  # every process of the namespace goes with it
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
