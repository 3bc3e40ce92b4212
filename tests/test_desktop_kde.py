"""nudge on a real KDE Plasma 5.27 Wayland session (tests/real_kde.py): KWin's idle protocol,
the KWin-script fullscreen hold, the tray icon in plasmashell, and Plasma's do-not-disturb.

One session serves the whole module (it takes ~5-10 s to start). Input is KWin's fake input
device, screenshots come from KWin itself (artifacts/kde-*.png), and what nudge asked of the
desktop is read from a monitor on the session bus.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from real_kde import BTN_LEFT, BTN_RIGHT, KdeDesktop, skip_reason
from real_session import NudgeApp, changed_pixels, icon_box, light_pixels, stop, wait_for

from nudge.activity import pick_activity_source

SKIP = skip_reason()
pytestmark = pytest.mark.skipif(SKIP is not None, reason=str(SKIP))

PANEL = (600, 756, 1280, 800)  # the right part of Plasma's default bottom panel: the tray
POPUPS = (900, 400, 1250, 740)  # where Plasma shows notification popups, over dark wallpaper
KEY_ESC = 1


@pytest.fixture(scope="module")
def kde(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KdeDesktop]:
    desktop = KdeDesktop(tmp_path_factory.mktemp("kde"))
    try:
        desktop.start()
        yield desktop
    finally:
        desktop.close()


@pytest.fixture
def start_app(kde: KdeDesktop, tmp_path: Path) -> Iterator[type[NudgeApp]]:
    apps: list[NudgeApp] = []

    def start(**config: str) -> NudgeApp:
        app = NudgeApp(kde.env, tmp_path / f"home{len(apps)}", **config)
        apps.append(app)
        return app

    yield start  # type: ignore[misc]
    for app in apps:
        output = app.stop()
        assert "Traceback" not in output, output


def notified(kde: KdeDesktop, mark: int) -> bool:
    assert kde.monitor is not None
    return "Notify" in kde.monitor.members_since(mark)


def popup_shown(kde: KdeDesktop, name: str) -> bool:
    """A notification popup is on screen (a large light box where Plasma puts them)."""
    return light_pixels(kde.screenshot(name), POPUPS) > 40000


def wait_for_the_nudge_popup(kde: KdeDesktop, mark: int, name: str) -> None:
    wait_for(lambda: notified(kde, mark), timeout=20, what="nudge to send its notification")
    wait_for(lambda: popup_shown(kde, name), timeout=10, what="Plasma to show the popup")


def test_idle_from_ext_idle_notify_grows_and_resets_on_kwin_fake_input(
        kde: KdeDesktop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", kde.env["DBUS_SESSION_BUS_ADDRESS"])
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={kde.root}/no-system-bus")
    assert kde.input is not None
    choice = pick_activity_source(env=kde.env)
    try:
        used = dict(choice.tried)
        assert used["wayland"].startswith("used: Wayland ext-idle-notify-v1"), choice.tried
        assert not used["kde"].startswith("used"), choice.tried  # NotSupported on Wayland
        kde.input.nudge_pointer()
        wait_for(lambda: choice.source.read().idle_seconds >= 2.5, timeout=10,
                 what="idle time to grow without input")
        kde.screenshot("kde-idle")
        kde.input.nudge_pointer()
        wait_for(lambda: choice.source.read().idle_seconds < 0.5, timeout=5,
                 what="KWin's fake input to reset the idle time")
    finally:
        choice.source.close()


def test_a_fullscreen_window_holds_a_due_nudge_until_it_leaves(kde: KdeDesktop,
                                                               start_app) -> None:
    assert kde.monitor is not None
    terminal = kde.spawn("weston-terminal", "--fullscreen")
    wait_for(lambda: icon_box(kde.screenshot("kde-fullscreen"), PANEL) is None
             and terminal.poll() is None, timeout=15, what="the fullscreen terminal")
    mark = kde.monitor.mark()
    app = start_app(rise="3s")
    wait_for(lambda: app.status().get("phase") == "deferred", timeout=30,
             what="the due nudge to be held")
    status = app.status()
    assert "fullscreen" in str(status["held_by"]), status
    assert not notified(kde, mark)
    kde.screenshot("kde-fullscreen-held")
    stop(terminal)
    wait_for_the_nudge_popup(kde, mark, "kde-fullscreen-released")
    assert app.status().get("phase") == "pending"


def tray_icon(kde: KdeDesktop, name: str) -> tuple[int, int]:
    """Where nudge's ring shows in Plasma's panel (waits for it); its centre."""
    found: list[tuple[int, int, int, int]] = []

    def seen() -> bool:
        box = icon_box(kde.screenshot(name), PANEL)
        if box:
            found.append(box)
        return box is not None

    wait_for(seen, timeout=20, what="nudge's icon in Plasma's system tray")
    left, top, right, bottom = found[-1]
    return (left + right) // 2, (top + bottom) // 2


def click_opens_menu(kde: KdeDesktop, button: int, name: str) -> list[str]:
    """Click nudge's icon; return what the panel asked nudge, once a menu showed (or raise)."""
    assert kde.input is not None and kde.monitor is not None
    x, y = tray_icon(kde, f"{name}-before")
    before = kde.screenshot(f"{name}-before")
    mark = kde.monitor.mark()
    kde.input.click(x, y, button)
    above = (max(0, x - 420), 200, min(1280, x + 420), 756)
    try:
        wait_for(lambda: changed_pixels(before, kde.screenshot(name), above) > 4000,
                 timeout=6, what="a menu above the tray")
    finally:
        asked = kde.monitor.members_since(mark)
        kde.input.key(KEY_ESC)
        kde.input.move_to(300, 300)
    return asked


def test_right_click_on_nudges_tray_icon_opens_its_menu(kde: KdeDesktop, start_app) -> None:
    start_app()
    asked = click_opens_menu(kde, BTN_RIGHT, "kde-tray-right-click")
    assert "AboutToShow" in asked or "GetLayout" in asked, asked


def test_left_click_on_nudges_tray_icon_opens_its_menu(kde: KdeDesktop, start_app) -> None:
    start_app()
    asked = click_opens_menu(kde, BTN_LEFT, "kde-tray-left-click")
    assert "Activate" in asked, asked


def test_plasmas_do_not_disturb_holds_the_nudge(kde: KdeDesktop, start_app) -> None:
    assert kde.monitor is not None
    wait_for(lambda: not popup_shown(kde, "kde-dnd-before"), timeout=20,
             what="earlier popups to go")
    kde.set_do_not_disturb(True)
    try:
        wait_for(kde.notifications_inhibited, timeout=10, what="Plasma's do-not-disturb")
        mark = kde.monitor.mark()
        app = start_app(rise="3s")
        wait_for(lambda: app.status().get("phase") == "deferred", timeout=30,
                 what="the due nudge to be held")
        status = app.status()
        assert "do not disturb" in str(status["held_by"]), status
        assert not notified(kde, mark)
        assert not popup_shown(kde, "kde-dnd-held")
    finally:
        kde.set_do_not_disturb(False)
    wait_for(lambda: not kde.notifications_inhibited(), timeout=10, what="do-not-disturb off")
    wait_for_the_nudge_popup(kde, mark, "kde-dnd-released")
