"""XEmbed trays for real: Xvfb with no tray at all, then with trayer (an XEmbed-only tray).

With neither a StatusNotifier host nor an XEmbed tray (GNOME without the AppIndicator
extension), nudge must say there is no tray instead of claiming an XEmbed one; with trayer,
pystray's xorg icon docks, survives em-dash titles (python-xlib writes them as Latin-1) and
keeps its size through several quick icon changes. Screenshot: artifacts/tray-trayer.png.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_env
from PIL import Image

from nudge.tray.pystray_tray import XEMBED_ONLY_REASON
from nudge.tray.pystray_xorg import latin1_title
from nudge.tray.xembed import find_xembed_tray

from desktop import DesktopSession, missing_tools, wait_for

NEEDED = [tool for tool in ("trayer", "openbox", "xwininfo", "xprop")
          if shutil.which(tool) is None] + missing_tools()
pytestmark = pytest.mark.skipif(bool(NEEDED), reason=f"desktop tools missing: {NEEDED} "
                                "(apt-get install trayer openbox x11-utils)")

PICK = """
import json
from nudge.platform.bus import BusThread
from nudge.tray.backend import pick_tray
tray = pick_tray(BusThread(), watcher_grace=0.2)
print(json.dumps({"name": tray.name, "has_menu": tray.has_menu, "reason": tray.reason}))
"""


@pytest.fixture
def bare_x(tmp_path: Path) -> Iterator[DesktopSession]:
    """Xvfb and a session bus, and nothing else: no panel, no tray of any kind."""
    (tmp_path / "desk").mkdir()
    desk = DesktopSession(tmp_path / "desk")
    try:
        desk.start_x()
        desk.start_bus()
        yield desk
    finally:
        for name in ("trayer", "openbox"):
            desk.stop(name)
        desk.close()


def start_trayer(desk: DesktopSession) -> None:
    """openbox, then trayer once openbox manages the screen. trayer 1.1.8 now and then never
    maps its panel (about 1 start in 10 here): then it is started again, up to 3 times."""
    desk.processes["openbox"] = subprocess.Popen(["openbox"], env=desk.env,
                                                 stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL)
    wait_for(lambda: _owned(desk.display, "WM_S0"), what="openbox managing the screen")
    for _ in range(3):
        desk.processes["trayer"] = subprocess.Popen(
            ["trayer", "--edge", "bottom", "--align", "right", "--widthtype", "request",
             "--height", "32", "--SetDockType", "true"], env=desk.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: _owned(desk.display, "_NET_SYSTEM_TRAY_S0") and desk.run(
                "xdotool", "search", "--onlyvisible", "--class", "trayer").stdout,
                     timeout=5, what="trayer's panel on screen, owning the tray")
            return
        except TimeoutError:
            desk.stop("trayer")
    raise AssertionError("trayer never showed its panel in 3 starts")


def _owned(display_name: str, selection: str) -> bool:
    from nudge.platform.x11_display import open_display

    display = open_display(display_name)
    try:
        return display.get_selection_owner(display.intern_atom(selection)) != 0
    finally:
        display.close()


def pick(desk: DesktopSession) -> dict[str, Any]:
    # A fresh process: pystray picks its platform backend once, at import.
    done = subprocess.run([sys.executable, "-c", PICK], env=desk.env, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def doctor_tray(desk: DesktopSession, home: Path) -> dict[str, Any]:
    env = {**cli_env(home), **desk.env, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    checks = json.loads(done.stdout)["checks"]
    return next(c for c in checks if c["name"] == "tray")


def test_without_any_tray_nudge_says_so_and_with_trayer_it_docks_an_xembed_icon(
        bare_x, nudge_home):
    assert find_xembed_tray(bare_x.display).owned is False
    none = pick(bare_x)
    assert none["name"] == "none" and none["has_menu"] is False
    reason = none["reason"]
    assert "no tray at all" in reason and "nothing owns _NET_SYSTEM_TRAY_S0" in reason
    assert "notifications" in reason and "`nudge status`" in reason
    assert "AppIndicator extension" in reason
    assert "XEmbed tray without menus" not in reason
    line = doctor_tray(bare_x, nudge_home)
    assert line["ok"] is False and "no tray at all" in line["detail"]

    start_trayer(bare_x)
    xembed = pick(bare_x)
    assert xembed == {"name": "pystray-xorg", "has_menu": False, "reason": XEMBED_ONLY_REASON}
    line = doctor_tray(bare_x, nudge_home)
    assert line["ok"] is True and line["detail"].startswith("pystray-xorg")


def test_latin1_title_keeps_what_latin1_holds_and_spells_out_the_rest():
    assert latin1_title("Glute rise — 5 reps · next in 7 min…") == \
        "Glute rise - 5 reps · next in 7 min..."
    assert latin1_title("café ✓") == "café ?"


# The real PystrayTray on pystray's xorg backend; the parent drives it line by line on stdin:
# "R G B title" shows a solid-colour icon with that title and answers "ok" or the error.
XORG_CHILD = """
import sys, threading
from PIL import Image
import nudge.tray.pystray_tray as pystray_tray
pystray_tray.XEMBED_IMAGE_SECONDS = 8.0  # the minute, shortened so the test sees it pass
tray = pystray_tray.PystrayTray.load("no StatusNotifier host")
def show(line):
    r, g, b, title = line.split(" ", 3)
    image = Image.new("RGBA", (48, 48), (int(r), int(g), int(b), 255))
    tray.update(image, title, (), False)
show("0 200 200 nudge — Glute rise due — 5 reps")
tray.start(lambda item: None)
print("started", tray.reason, flush=True)
stop = threading.Event()
def drive():
    for line in sys.stdin:
        try:
            show(line.rstrip("\\n"))
            print("ok", flush=True)
        except Exception as error:
            print("error", repr(error), flush=True)
    stop.set()
threading.Thread(target=drive, daemon=True).start()
tray.run_main(stop)
print("stopped", flush=True)
"""


def _icon_window(desk: DesktopSession) -> str | None:
    found = desk.run("xdotool", "search", "--classname", "nudgeSystemTrayIcon").stdout.split()
    return found[0] if found else None


def _size(desk: DesktopSession, window: str) -> tuple[int, int]:
    info = desk.run("xwininfo", "-id", window).stdout
    values = {line.split(":")[0].strip(): line.split(":")[1].strip()
              for line in info.splitlines() if ":" in line}
    return int(values["Width"]), int(values["Height"])


def _shows(desk: DesktopSession, colour: tuple[int, int, int]) -> bool:
    shot = Image.open(desk.screenshot("tray-trayer")).convert("RGB")
    corner = shot.crop((shot.width - 200, shot.height - 40, shot.width, shot.height))
    counts = dict((c, n) for n, c in corner.getcolors(corner.width * corner.height))
    return counts.get(colour, 0) > 50


def test_the_xorg_icon_docks_in_trayer_with_em_dash_titles_and_keeps_its_size(bare_x):
    start_trayer(bare_x)
    env = {**bare_x.env, "PYSTRAY_BACKEND": "xorg"}
    child = subprocess.Popen([sys.executable, "-c", XORG_CHILD], env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    try:
        assert child.stdout.readline() == f"started {XEMBED_ONLY_REASON}\n"
        window = wait_for(lambda: _icon_window(bare_x), what="the icon window")
        assert isinstance(window, str)
        # trayer now and then ignores a first dock request: nudge asks again (2 s apart).
        wait_for(lambda: _size(bare_x, window)[0] >= 16, timeout=15,
                 what="the icon docked at full size")
        assert wait_for(lambda: _shows(bare_x, (0, 200, 200)), what="the first icon")
        # Ring steps as they come while a nudge is due: quicker than trayer copes with.
        colours = [(200, 0, 10 * n) for n in range(8)] + [(255, 0, 255)]
        for n, (r, g, b) in enumerate(colours):
            child.stdin.write(f"{r} {g} {b} nudge — Glute rise due — step {n}\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "ok"
            time.sleep(0.3)  # the real pace of updates that made trayer collapse the icon
        # The last change arrives when the (shortened) minute is up, not before.
        assert not _shows(bare_x, (255, 0, 255))
        wait_for(lambda: _shows(bare_x, (255, 0, 255)), timeout=15, what="the latest icon")
        # (pystray's xorg backend does not flush a title change: it reaches the X server
        # with the next request, here the late icon.)
        assert "nudge - Glute rise due - step 8" in bare_x.run("xprop", "-id", window,
                                                               "WM_NAME").stdout
        deadline = time.monotonic() + 2  # a short watch: it must not shrink afterwards
        while time.monotonic() < deadline:
            width, height = _size(bare_x, window)
            assert width >= 16 and height >= 16, (width, height)
        child.stdin.close()
        assert child.wait(10) == 0, child.stderr.read()
        assert child.stdout.read().strip() == "stopped"
        errors = child.stderr.read()
        assert "Failed to dock" not in errors and "Error" not in errors, errors
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(5)


def test_started_in_a_terminal_without_a_tray_it_says_how_to_reach_it(bare_x, nudge_home):
    """`nudge` typed in a terminal on a desktop with no tray at all: one line there says it
    runs and which commands reach it, instead of a silent terminal."""
    import pexpect

    env = {**cli_env(nudge_home), **bare_x.env}
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "tray"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    try:
        child.expect(r"Running without a tray: `nudge status`, `nudge done\|snooze\|skip`, "
                     r"`nudge pause`\r\n")
        quit_ = subprocess.run([sys.executable, "-m", "nudge", "quit"], env=env,
                               capture_output=True, text=True, timeout=30)
        assert "quitting" in quit_.stdout, quit_.stderr
        child.expect(pexpect.EOF)
        assert "Traceback" not in (child.before or ""), child.before
    finally:
        if child.isalive():
            child.kill(9)
