"""nudge on a real sway 1.7 session with waybar (tests/real_sway.py): the idle source and the
tray menu over dbusmenu, clicked as a user clicks it.

One session serves the module (it starts in about a second). Screenshots: artifacts/sway-*.png.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from real_session import NudgeApp, changed_box, changed_pixels, icon_box, wait_for
from real_sway import SwayDesktop, skip_reason

from nudge.activity import pick_activity_source

SKIP = skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=str(SKIP))

BAR = (0, 0, 1280, 30)


@pytest.fixture(scope="module")
def sway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwayDesktop]:
    desktop = SwayDesktop(tmp_path_factory.mktemp("sway"))
    try:
        desktop.start()
        yield desktop
    finally:
        desktop.close()


@pytest.fixture
def app(sway: SwayDesktop, tmp_path: Path) -> Iterator[NudgeApp]:
    running = NudgeApp(sway.env, tmp_path / "home")
    yield running
    output = running.stop()
    assert "Traceback" not in output, output


def test_idle_through_the_wayland_source_grows_and_resets_on_input(
        sway: SwayDesktop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", sway.env["DBUS_SESSION_BUS_ADDRESS"])
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={sway.root}/no-system-bus")
    assert sway.pointer is not None
    choice = pick_activity_source(env=sway.env)
    try:
        assert choice.sees_idle, choice.tried
        # sway 1.7 (wlroots 0.15) offers org_kde_kwin_idle only: the fallback, named for doctor.
        assert dict(choice.tried)["wayland"].startswith("used: Wayland org_kde_kwin_idle on "), \
            choice.tried
        sway.pointer.move_to(640, 400)
        wait_for(lambda: choice.source.read().idle_seconds >= 2.5, timeout=10,
                 what="idle time to grow without input")
        sway.screenshot("sway-idle")
        sway.key("Shift_L")
        sway.pointer.move_to(600, 420)
        wait_for(lambda: choice.source.read().idle_seconds < 0.5, timeout=5,
                 what="input to reset the idle time")
    finally:
        choice.source.close()


def test_doctor_on_sway_names_the_idle_protocol_it_speaks(sway: SwayDesktop,
                                                          tmp_path: Path) -> None:
    env = {**sway.env, "NUDGE_HOME": str(tmp_path / "home"),
           "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={sway.root}/no-system-bus"}
    doctor = subprocess.run([sys.executable, "-m", "nudge", "doctor"], env=env, text=True,
                            capture_output=True, timeout=60)
    assert "Traceback" not in doctor.stdout + doctor.stderr, doctor.stderr
    said = " ".join(doctor.stdout.split())  # its words, however the 80 columns wrap them
    assert re.search(r"✓ activity +wayland: Wayland org_kde_kwin_idle on wayland-\S+ \(the "
                     r"compositor has no ext-idle-notify-v1\)", said), doctor.stdout


def test_left_click_on_the_icon_in_waybar_opens_the_menu_and_it_works(
        sway: SwayDesktop, app: NudgeApp) -> None:
    assert sway.pointer is not None and sway.monitor is not None
    found: list[tuple[int, int, int, int]] = []
    wait_for(lambda: found.append(icon_box(sway.screenshot("sway-tray"), BAR)) or found[-1],
             timeout=15, what="nudge's icon in waybar's tray")
    left, top, right, bottom = found[-1]  # type: ignore[misc]
    before = sway.screenshot("sway-tray")
    mark = sway.monitor.mark()
    sway.pointer.click((left + right) // 2, (top + bottom) // 2)
    below = (400, 0, left - 4, 400)  # under and left of the icon, which changes on hover
    wait_for(lambda: changed_pixels(before, sway.screenshot("sway-tray-menu"), below) > 4000,
             timeout=6, what="the menu under the icon")
    menu = changed_box(before, sway.screenshot("sway-tray-menu"), below)
    assert menu is not None
    asked = sway.monitor.members_since(mark)
    assert "AboutToShow" in asked or "AboutToShowGroup" in asked, asked
    assert "Activate" not in asked  # waybar honours ItemIsMenu
    # Its second row, below the status line: "I just did a glute-first rise".
    sway.pointer.click(menu[0] + 100, menu[1] + 38)
    wait_for(lambda: app.status().get("done_today") == 1, timeout=10,
             what="the rise chosen in the menu to be logged")
    sway.screenshot("sway-tray-after")
