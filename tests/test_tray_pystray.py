"""The pystray tray: menus built from the menu model, and honest about XEmbed trays without menus.

pystray chooses its platform backend once, at import. Menu objects are checked in-process
(on the dummy backend when nothing imported pystray before); the real xorg backend runs in a
child process on a private Xvfb + xfce4-panel (whose tray also takes XEmbed icons).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw

from nudge.app.commands import AnswerNudge, LogRise
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.status import Phase, Status
from nudge.tray.menu import MenuItem, build_menu
from nudge.tray.pystray_tray import XEMBED_ONLY_REASON, PystrayTray, build_pystray_menu

from desktop import ARTIFACTS, DesktopSession, missing_tools, wait_for
from sim import catalogue

CYAN = (0, 255, 255)


def pending() -> Status:
    rise = catalogue().by_id("glute_rise")
    offer = NudgeOffer("n1", rise, 5, 1, (300, 600, 1200), 600)
    return Status(Phase.PENDING, 23 * 60, 7 * 60, "rise", 0.7, offer=offer)


def sitting(minutes: int = 23) -> Status:
    return Status(Phase.SITTING, minutes * 60, 7 * 60, "rise", 0.7)


def disc(size: int) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((1, 1, size - 2, size - 2), fill=(*CYAN, 255))
    return image


@pytest.fixture
def pystray(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    if "pystray" not in sys.modules:  # no display needed for Menu objects
        monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")
    import pystray

    return pystray


def test_the_pystray_menu_mirrors_the_menu_model(pystray):
    chosen: list[MenuItem] = []
    menu = build_pystray_menu(pystray, build_menu(pending(), autostart=True), chosen.append)
    entries = list(menu.items)
    texts = [e.text for e in entries if e is not pystray.Menu.SEPARATOR]
    assert texts == ["Time for: Glute rise — 5 reps", "Done (5 reps)", "Done, another count",
                     "Snooze", "Skip", "How to do it…", "I just did a glute-first rise", "Pause",
                     "Insights…", "Settings…", "Start at login", "Quit nudge"]
    by_text = {e.text: e for e in entries}
    assert by_text["Time for: Glute rise — 5 reps"].enabled is False
    assert [e.text for e in by_text["Snooze"].submenu.items] == ["5 min", "10 min", "20 min"]
    assert by_text["Start at login"].checked is True
    assert by_text["Skip"].checked is None
    assert sum(e is pystray.Menu.SEPARATOR for e in entries) == 3

    by_text["Time for: Glute rise — 5 reps"](None)  # disabled: does nothing
    by_text["Snooze"].submenu.items[1](None)
    by_text["I just did a glute-first rise"](None)
    assert [c.command for c in chosen] == [
        AnswerNudge("n1", Answer.SNOOZE, snooze_seconds=600), LogRise()]


class FakeIcon:
    """Records what the backend does to a pystray icon; `run` behaves like pystray's."""

    HAS_MENU = True
    log: list[tuple[str, Any, str]]

    def __init__(self, name: str, icon: Any = None, title: str = "", menu: Any = None) -> None:
        self.log = []
        self.icon, self.title, self.menu, self.visible = icon, title, menu, False
        self._stopped = threading.Event()

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("icon", "title", "menu", "visible") and hasattr(self, "log"):
            self.log.append((name, value, threading.current_thread().name))
        super().__setattr__(name, value)

    def run(self, setup: Callable[[Any], None]) -> None:
        threading.Thread(target=setup, args=(self,), name="setup").start()
        self._stopped.wait(10)

    def stop(self) -> None:
        self._stopped.set()


FakeIcon.__module__ = "pystray._appindicator"


@pytest.fixture
def fake(pystray) -> types.SimpleNamespace:
    return types.SimpleNamespace(Icon=FakeIcon, Menu=pystray.Menu, MenuItem=pystray.MenuItem)


def test_updates_reach_the_icon_only_when_something_changed(fake):
    tray = PystrayTray(fake)
    assert tray.name == "pystray-appindicator" and tray.has_menu
    icons = {22: disc(22), 48: disc(48)}
    tray.update(icons, "nudge · Seated 23 min", build_menu(sitting(), False), False)
    tray.start(lambda item: None)
    icon = tray._icon
    assert icon.icon is icons[48]  # the largest; pystray scales it to the tray
    stop = threading.Event()
    runner = threading.Thread(target=tray.run_main, args=(stop,))
    runner.start()
    wait_for(lambda: icon.visible, what="the icon shown")
    icon.log.clear()
    tray.update(icons, "nudge · Seated 23 min", build_menu(sitting(), False), False)
    assert icon.log == []  # nothing changed: nothing touched
    tray.update(icons, "nudge · Seated 24 min", build_menu(sitting(24), False), False)
    assert [name for name, _, _ in icon.log] == ["title", "menu"]
    assert next(iter(icon.menu.items)).text == "Seated 24 min · next rise in 7 min"
    tray.stop()
    runner.join(5)
    assert not runner.is_alive() and stop.is_set()


def test_an_icon_state_is_drawn_at_the_largest_size_and_redrawn_only_when_it_changes(fake):
    from nudge.tray.icon import IconState, Look, draw_icon

    tray = PystrayTray(fake)
    tray.update(IconState(Look.DUE), "nudge", build_menu(sitting(), False), False)
    tray.start(lambda item: None)
    icon = tray._icon
    assert icon.icon.size == (48, 48)
    assert icon.icon.tobytes() == draw_icon(IconState(Look.DUE), 48).tobytes()
    icon.log.clear()
    tray.update(IconState(Look.DUE), "nudge", build_menu(sitting(), False), False)
    assert icon.log == []  # an equal state: not drawn or set again
    tray.update(IconState(Look.PAUSED), "nudge", build_menu(sitting(), False), False)
    assert [name for name, _, _ in icon.log] == ["icon"]
    tray.stop()


def test_on_macos_every_change_goes_through_the_main_thread(fake, monkeypatch):
    queued: list[Callable[[], None]] = []
    helper = types.ModuleType("PyObjCTools.AppHelper")
    helper.callAfter = queued.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "PyObjCTools", types.ModuleType("PyObjCTools"))
    monkeypatch.setitem(sys.modules, "PyObjCTools.AppHelper", helper)
    tray = PystrayTray(fake, platform="darwin")
    tray.start(lambda item: None)
    icon = tray._icon
    icon.log.clear()
    tray.update(disc(22), "nudge · later", build_menu(sitting(24), False), False)
    assert icon.log == [] and len(queued) == 1  # nothing touched off the main thread
    queued.pop()()  # what the AppKit main loop would run
    assert {name for name, _, _ in icon.log} == {"icon", "title", "menu"}


# -- the real xorg backend on a private X server -------------------------------------------
XORG_CHILD = """import faulthandler; faulthandler.dump_traceback_later(8, exit=True)
import json, sys, threading
from PIL import Image, ImageDraw
from nudge.core.status import Phase, Status
from nudge.tray.menu import build_menu
from nudge.tray.pystray_tray import PystrayTray

def disc(size):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((1, 1, size - 2, size - 2), fill=(0, 255, 255, 255))
    return image

tray = PystrayTray.load("no StatusNotifier host")
status = Status(Phase.SITTING, 23 * 60, 7 * 60, "rise", 0.7)
tray.update({22: disc(22), 48: disc(48)}, "nudge", build_menu(status, False), False)
tray.start(lambda item: None)
print(json.dumps({"name": tray.name, "has_menu": tray.has_menu, "reason": tray.reason}),
      flush=True)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
tray.run_main(stop)  # pystray's loop owns the main thread until stdin closes
print("stopped", flush=True)
"""


def _cyan_on_panel(session: DesktopSession) -> bool:
    shot = Image.open(session.screenshot("tray-xembed")).convert("RGB").crop((0, 0, 1280, 40))
    off = ImageChops.difference(shot, Image.new("RGB", shot.size, CYAN)).convert("L")
    return off.point(lambda v: 255 if v < 30 else 0).histogram()[255] > 30


@pytest.mark.skipif(bool(missing_tools()), reason=f"desktop tools missing: {missing_tools()}")
def test_without_pygobject_pystray_is_an_xembed_icon_without_a_menu_and_says_so(desk):
    child = subprocess.Popen([sys.executable, "-c", XORG_CHILD], env=desk.env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdin is not None
        picked = json.loads(child.stdout.readline() or "{}")
        assert picked == {"name": "pystray-xorg", "has_menu": False,
                          "reason": XEMBED_ONLY_REASON}, child.stderr
        wait_for(lambda: _cyan_on_panel(desk), what="the XEmbed icon in the panel's tray")
        shot = Image.open(ARTIFACTS / "tray-xembed.png").crop((1000, 0, 1280, 28))
        shot.resize((shot.width * 3, shot.height * 3), Image.Resampling.NEAREST).save(
            ARTIFACTS / "tray-xembed-zoom.png")
        child.stdin.close()
        assert child.wait(10) == 0, child.stderr.read() if child.stderr else ""
        assert child.stdout.read().strip() == "stopped"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(5)
