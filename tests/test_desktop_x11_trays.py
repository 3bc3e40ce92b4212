"""nudge in real X11 trays on Xvfb + openbox (tests/real_x11_trays.py): trayer, an XEmbed tray
(nudge's pystray icon; without PyGObject it has no menu, by design), and lxqt-panel 1.2, a
StatusNotifier host that calls Activate on a left click and opens the menu on a right click.

One desktop per tray for the module. Screenshots: artifacts/xembed-*.png, artifacts/lxqt-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from real_session import NudgeApp, changed_pixels, icon_box, wait_for
from real_x11_trays import X11TrayDesktop, skip_reason

SKIP = skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=str(SKIP))

TRAYER = (900, 760, 1280, 800)  # trayer sits bottom right
LXQT = (0, 760, 400, 800)  # lxqt-panel's status notifier area, bottom left


def desktop(root: Path, panel: str) -> Iterator[X11TrayDesktop]:
    session = X11TrayDesktop(root)
    try:
        session.start(panel)
        yield session
    finally:
        session.close()


@pytest.fixture(scope="module")
def trayer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[X11TrayDesktop]:
    yield from desktop(tmp_path_factory.mktemp("trayer"), "trayer")


@pytest.fixture(scope="module")
def lxqt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[X11TrayDesktop]:
    yield from desktop(tmp_path_factory.mktemp("lxqt"), "lxqt")


def wait_for_icon(desk: X11TrayDesktop, area: tuple[int, int, int, int], name: str
                  ) -> tuple[int, int, int, int]:
    found: list[tuple[int, int, int, int] | None] = []
    wait_for(lambda: found.append(icon_box(desk.screenshot(name), area)) or found[-1],
             timeout=15, what=f"nudge's icon in the tray ({name})")
    box = found[-1]
    assert box is not None
    return box


def centre(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return (box[0] + box[2]) // 2, (box[1] + box[3]) // 2


def test_the_icon_docks_in_trayer_and_a_left_click_is_harmless(trayer: X11TrayDesktop,
                                                               tmp_path: Path) -> None:
    app = NudgeApp(trayer.env, tmp_path / "home")
    try:
        box = wait_for_icon(trayer, TRAYER, "xembed-trayer")
        assert box[2] - box[0] >= 12, box  # a ring, not a 1 px strip
        before = trayer.screenshot("xembed-trayer")
        trayer.click(*centre(box))
        # pystray's xorg icon has no menu and no click action (the app says so at start):
        # nothing opens, and the app runs on.
        after = trayer.screenshot("xembed-trayer-clicked")
        assert changed_pixels(before, after, (600, 300, 1280, 760)) == 0
        assert app.status().get("running")
    finally:
        output = app.stop()
    assert "Traceback" not in output, output


def test_the_xembed_icon_updates_without_errors_while_a_nudge_is_due(
        trayer: X11TrayDesktop, tmp_path: Path) -> None:
    app = NudgeApp(trayer.env, tmp_path / "home", rise="3s")
    try:
        wait_for(lambda: app.status().get("phase") == "pending", timeout=30,
                 what="the nudge to wait in the tray")
        box = wait_for_icon(trayer, TRAYER, "xembed-trayer-due")
        assert box[2] - box[0] >= 12, box
    finally:
        output = app.stop()
    assert "UnicodeEncodeError" not in output and "Traceback" not in output, output


def test_the_icon_registers_with_lxqt_panel_and_shows(lxqt: X11TrayDesktop,
                                                      tmp_path: Path) -> None:
    app = NudgeApp(lxqt.env, tmp_path / "home")
    try:
        box = wait_for_icon(lxqt, LXQT, "lxqt-panel")
        assert box[2] - box[0] >= 12, box
    finally:
        output = app.stop()
    assert "Traceback" not in output, output


def test_lxqt_left_click_activates_and_right_click_opens_the_menu(lxqt: X11TrayDesktop,
                                                                   tmp_path: Path) -> None:
    assert lxqt.monitor is not None
    app = NudgeApp(lxqt.env, tmp_path / "home")
    try:
        x, y = centre(wait_for_icon(lxqt, LXQT, "lxqt-left-click"))
        above = (0, 300, 700, 760)
        before = lxqt.screenshot("lxqt-left-click")
        mark = lxqt.monitor.mark()
        lxqt.click(x, y, 1)
        wait_for(lambda: "Activate" in lxqt.monitor.members_since(mark),  # type: ignore
                 timeout=5, what="lxqt-panel to call Activate")
        assert changed_pixels(before, lxqt.screenshot("lxqt-left-click"), above) < 500
        mark = lxqt.monitor.mark()
        lxqt.click(x, y, 3)
        wait_for(lambda: changed_pixels(before, lxqt.screenshot("lxqt-right-click"), above)
                 > 4000, timeout=6, what="the menu above the icon")
        asked = lxqt.monitor.members_since(mark)
        assert "AboutToShow" in asked or "GetLayout" in asked, asked
        lxqt.run("xdotool", "key", "Escape")
        assert app.status().get("running")
    finally:
        output = app.stop()
    assert "Traceback" not in output, output
