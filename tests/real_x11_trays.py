"""Real X11 trays for tests: trayer (an XEmbed system tray) or lxqt-panel 1.2 (a StatusNotifier
host), each on its own Xvfb with openbox as the window manager and a private session bus.

Builds on tests/desktop.py's `DesktopSession` (Xvfb picks a free display number itself, so no
namespace is needed). Clicks come from xdotool, screenshots from ImageMagick's `import`. Test
thread only.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from real_session import BusMonitor, tools_missing, wait_for

from desktop import DesktopSession

TOOLS = ("Xvfb", "openbox", "trayer", "lxqt-panel", "xdotool", "import", "xprop",
         "dbus-daemon", "dbus-monitor")
TRAYER = ("trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
          "--height", "32", "--SetDockType", "true", "--transparent", "false", "--tint",
          "0xdddddd")
LXQT_PANEL_CONF = """[General]
__userfile__=true

[panel1]
alignment=-1
desktop=0
hidable=false
panelSize=32
iconSize=22
lineCount=1
position=Bottom
plugins=statusnotifier,worldclock

[statusnotifier]
type=statusnotifier

[worldclock]
type=worldclock
"""


def skip_reason() -> str | None:
    missing = tools_missing(TOOLS)
    if missing:
        return f"X11 tray tools missing: {missing} (Debian: xvfb openbox trayer lxqt-panel " \
               "xdotool imagemagick x11-utils dbus-bin)"
    return None


class X11TrayDesktop(DesktopSession):
    monitor: BusMonitor | None = None

    def start(self, panel: str) -> None:
        """Xvfb, the bus, openbox, then `panel`: "trayer" or "lxqt"."""
        self.start_x()
        self.start_bus()
        self._spawn("openbox", "openbox", "--sm-disable")
        wait_for(lambda: "_NET_SUPPORTING_WM_CHECK" in self.run("xprop", "-root").stdout,
                 timeout=10, what="openbox")
        if panel == "trayer":
            self.env["XDG_CURRENT_DESKTOP"] = "openbox"
            self._spawn("trayer", *TRAYER)
            wait_for(lambda: self.run("xdotool", "search", "--class", "trayer").stdout,
                     timeout=10, what="trayer's window")
        else:
            self.env["XDG_CURRENT_DESKTOP"] = "LXQt"
            conf = Path(self.env["XDG_CONFIG_HOME"]) / "lxqt" / "panel.conf"
            conf.parent.mkdir(parents=True, exist_ok=True)
            conf.write_text(LXQT_PANEL_CONF)
            self.env["QT_QPA_PLATFORM"] = "xcb"
            self._spawn("panel", "lxqt-panel")
            wait_for(lambda: self.bus_has("org.kde.StatusNotifierWatcher"), timeout=20,
                     what="lxqt-panel's StatusNotifierWatcher")
        self.monitor = BusMonitor(self.env, self.root / "bus-monitor.txt")

    def _spawn(self, name: str, *args: str) -> None:
        log = (self.root / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(list(args), env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT)

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.run("xdotool", "mousemove", str(x), str(y), "click", str(button), check=True)

    def close(self) -> None:
        if self.monitor is not None:
            self.monitor.close()
        for name in ("trayer", "openbox"):
            self.stop(name)
        super().close()
