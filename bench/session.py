"""The bench's desktop: tests/desktop.py's private session, plus a private system bus.

`tests/desktop.py` is imported, not copied: Xvfb, a private session bus (which activates only
xfconf), dunst, and xfce4-panel, whose systray plugin is both the StatusNotifier host and an
XEmbed tray. The bench adds an empty private *system* bus: Safe Eyes exits at start without a
system bus (it subscribes to logind's PrepareForSleep), and every app gets the same one, with no
logind on it, so none of them touches the machine's real system bus either.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench import proctree

TESTS = Path(__file__).resolve().parents[1] / "tests"


def desktop_module() -> Any:
    """tests/desktop.py, imported as the tests import it."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import desktop

    return desktop


class BenchSession:
    """A running private desktop; `env` is what an app launched into it needs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.desktop = desktop_module().DesktopSession(root)
        self._system_bus: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return dict(self.desktop.env)

    def start(self) -> BenchSession:
        missing = desktop_module().missing_tools()
        if missing:
            raise RuntimeError(f"desktop tools missing: {', '.join(missing)} (see bench/README.md)")
        try:
            self.desktop.start_x()
            self.desktop.start_bus()
            self._start_system_bus()
            self.desktop.start_dunst()
            self.desktop.start_panel()
        except BaseException:
            self.close()
            raise
        return self

    def _start_system_bus(self) -> None:
        desktop = desktop_module()
        folder = self.root / "system-bus"
        (folder / "services").mkdir(parents=True, exist_ok=True)
        config = folder / "bus.conf"
        config.write_text(desktop.BUS_CONFIG.format(tmp=folder, services=folder / "services"))
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1",
             "--nopidfile"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert bus.stdout is not None
        self.desktop.env["DBUS_SYSTEM_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        self._system_bus = bus

    def pointer(self, x: int, y: int) -> None:
        self.desktop.run("xdotool", "mousemove", str(x), str(y))

    def nudge_pointer(self, dx: int) -> None:
        """One small relative move: real X input, resets every idle counter."""
        self.desktop.run("xdotool", "mousemove_relative", "--", str(dx), "0")

    def close(self) -> None:
        activated = self._activated_by_bus()
        if self._system_bus is not None and self._system_bus.poll() is None:
            self._system_bus.terminate()
            self._system_bus.wait(5)
        self.desktop.close()
        for pid in activated:  # xfconfd outlives its bus otherwise
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def _activated_by_bus(self) -> list[int]:
        """Processes our session bus started on demand (xfconfd): they carry its address."""
        address = self.desktop.env.get("DBUS_SESSION_BUS_ADDRESS")
        if not address:
            return []
        marker = f"DBUS_STARTER_ADDRESS={address}".encode()
        found = []
        for pid in proctree.all_pids():
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            if marker in environ.split(b"\0"):
                found.append(pid)
        return found

    def __enter__(self) -> BenchSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
