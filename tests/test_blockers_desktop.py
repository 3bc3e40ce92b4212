"""Blockers against a real private desktop: Xvfb for the focused window (the test sets the
EWMH hints a window manager would set), a private session bus with dunst or a stand-in KDE
notification server for do-not-disturb, and GNOME's and Xfce's real settings tools."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbus_loop import DbusLoop

from nudge.blockers import BlockerSettings, build_blockers
from nudge.blockers.x11_fullscreen import X11FullscreenBlocker, X11Windows

from desktop import DesktopSession

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("Xvfb", "dbus-daemon", "dunst", "dunstctl")),
    reason="needs Xvfb, dbus-daemon and dunst")
ONLY = BlockerSettings(fullscreen=False, do_not_disturb=False, camera=False, microphone=False,
                       screen_sharing=False)
ONLY_DND = BlockerSettings(fullscreen=False, camera=False, microphone=False,
                           screen_sharing=False)
NOWHERE = "unix:path=/nonexistent/nudge-test-bus"


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    # Never the developer's own session bus.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE)
    session = DesktopSession(tmp_path)
    session.start_x()
    yield session
    session.close()


@pytest.fixture
def bus(desktop: DesktopSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[DbusLoop]:
    desktop.start_bus()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    loop = DbusLoop()
    yield loop
    loop.close()


class FakeWindowManager:
    """Sets the EWMH hints a window manager keeps, on a real X window of our own."""

    def __init__(self, display_name: str) -> None:
        from Xlib import display

        self.display = display.Display(display_name)
        self.root = self.display.screen().root
        self.window = self.root.create_window(0, 0, 320, 200, 0,
                                              self.display.screen().root_depth)
        self.window.set_wm_class("fakeplayer", "FakePlayer")
        self.window.map()
        self.display.sync()

    def atom(self, name: str) -> int:
        return int(self.display.intern_atom(name))

    def focus(self, window: Any | None) -> None:
        from Xlib import Xatom

        self.root.change_property(self.atom("_NET_ACTIVE_WINDOW"), Xatom.WINDOW, 32,
                                  [window.id if window is not None else 0])
        self.display.sync()

    def fullscreen(self, on: bool) -> None:
        from Xlib import Xatom

        state = [self.atom("_NET_WM_STATE_FULLSCREEN")] if on else []
        self.window.change_property(self.atom("_NET_WM_STATE"), Xatom.ATOM, 32,
                                    [self.atom("_NET_WM_STATE_ABOVE"), *state])
        self.display.sync()

    def owned_by(self, pid: int) -> None:
        from Xlib import Xatom

        self.window.change_property(self.atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [pid])
        self.display.sync()

    def close(self) -> None:
        with contextlib.suppress(Exception):  # the test may have stopped the X server
            self.display.close()


@pytest.fixture
def wm(desktop: DesktopSession) -> Iterator[FakeWindowManager]:
    manager = FakeWindowManager(desktop.display)
    yield manager
    manager.close()


# -- fullscreen and the focused app (X11) -------------------------------------------------------
def test_a_focused_fullscreen_window_blocks(desktop: DesktopSession, wm: FakeWindowManager):
    blockers = build_blockers(BlockerSettings(do_not_disturb=False, camera=False,
                                              microphone=False, screen_sharing=False),
                              None, desktop.env)
    try:
        assert blockers.names == ["fullscreen"]
        assert blockers.check() is None  # nothing focused (no window manager yet)
        wm.focus(wm.window)
        assert blockers.check() is None  # focused, not fullscreen
        wm.fullscreen(True)
        assert blockers.check() == "a fullscreen window (FakePlayer)"
        wm.fullscreen(False)
        assert blockers.check() is None
        wm.fullscreen(True)
        wm.focus(None)  # fullscreen, but another window (or a Wayland one) has the focus
        assert blockers.check() is None
    finally:
        blockers.close()


def test_a_focused_window_that_closed_does_not_block(desktop: DesktopSession,
                                                     wm: FakeWindowManager):
    windows = X11Windows(desktop.display)
    try:
        wm.focus(wm.window)
        wm.fullscreen(True)
        assert X11FullscreenBlocker(windows).check() == "a fullscreen window (FakePlayer)"
        wm.window.destroy()
        wm.display.sync()  # _NET_ACTIVE_WINDOW still names it, as it can for a moment
        assert X11FullscreenBlocker(windows).check() is None
        assert windows.focused_process() is None
    finally:
        windows.close()


def test_under_wayland_the_x_server_is_left_alone_until_xwayland_runs(
        desktop: DesktopSession, wm: FakeWindowManager):
    """GNOME starts Xwayland on the first X11 connection: asking must not be that connection."""
    from nudge.blockers import x11_fullscreen

    xwayland = {"running": False}
    env = {**desktop.env, "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":999"}
    windows, why = x11_fullscreen.connect(env, lambda: xwayland["running"])
    assert "X11 windows only" in why
    assert windows.fullscreen_window() is None  # no connection attempted to the bogus :999
    windows = x11_fullscreen.connect({**env, "DISPLAY": desktop.display},
                                     lambda: xwayland["running"])[0]
    try:
        wm.focus(wm.window)
        wm.fullscreen(True)
        assert X11FullscreenBlocker(windows).check() is None  # not yet connected
        xwayland["running"] = True
        assert X11FullscreenBlocker(windows).check() == "a fullscreen window (FakePlayer)"
    finally:
        windows.close()


def test_xwayland_is_seen_in_proc(tmp_path: Path):
    from nudge.blockers.x11_fullscreen import xwayland_running

    (tmp_path / "12").mkdir()
    (tmp_path / "12" / "comm").write_text("gnome-shell\n")
    assert xwayland_running(str(tmp_path)) is False
    (tmp_path / "34").mkdir()
    (tmp_path / "34" / "comm").write_text("Xwayland\n")
    assert xwayland_running(str(tmp_path)) is True
    assert xwayland_running(str(tmp_path / "missing")) is True  # cannot tell: connect


def test_focused_apps_block_while_their_window_has_the_focus(desktop: DesktopSession,
                                                             wm: FakeWindowManager):
    own_name = Path("/proc/self/comm").read_text().strip()  # "python" or so: this test
    settings = BlockerSettings(fullscreen=False, do_not_disturb=False, camera=False,
                               microphone=False, screen_sharing=False,
                               focused_apps=("someotherapp", own_name.upper()))
    blockers = build_blockers(settings, None, desktop.env)
    try:
        assert blockers.names == ["focused apps"]
        wm.owned_by(os.getpid())
        assert blockers.check() is None  # not focused
        wm.focus(wm.window)
        assert blockers.check() == f"{own_name.upper()} has the focus"
        wm.owned_by(1)  # init: not one of ours
        assert blockers.check() is None
    finally:
        blockers.close()


def test_a_gone_x_server_counts_as_not_blocking_and_is_logged_once(
        desktop: DesktopSession, wm: FakeWindowManager, caplog: pytest.LogCaptureFixture):
    blockers = build_blockers(BlockerSettings(do_not_disturb=False, camera=False,
                                              microphone=False, screen_sharing=False),
                              None, desktop.env)
    try:
        wm.focus(wm.window)
        wm.fullscreen(True)
        assert blockers.check() is not None
        desktop.stop("xvfb")
        with caplog.at_level(logging.WARNING, logger="nudge.blockers"):
            assert [blockers.check() for _ in range(3)] == [None, None, None]
        assert len(caplog.records) == 1 and "is gone" in caplog.records[0].getMessage()
    finally:
        blockers.close()


# -- do not disturb ----------------------------------------------------------------------------
def test_dunst_paused_blocks(desktop: DesktopSession, bus: DbusLoop):
    desktop.start_dunst()
    blockers = build_blockers(ONLY_DND, bus, {**desktop.env, "XDG_CURRENT_DESKTOP": ""})
    assert blockers.check() is None
    desktop.dunstctl("set-paused", "true")
    assert blockers.check() == "do not disturb is on (dunst is paused)"
    desktop.dunstctl("set-paused", "false")
    assert blockers.check() is None


FAKE_PLASMA = """
import asyncio, sys
from dbus_fast.aio import MessageBus
from dbus_fast.service import PropertyAccess, ServiceInterface, dbus_property, method

class Notifications(ServiceInterface):
    def __init__(self):
        super().__init__("org.freedesktop.Notifications")
        self.inhibited = False

    @dbus_property(access=PropertyAccess.READWRITE)
    def Inhibited(self) -> "b":
        return self.inhibited

    @Inhibited.setter
    def Inhibited(self, value: "b"):
        self.inhibited = value

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["Plasma", "KDE", "6.0", "1.2"]

async def main():
    bus = await MessageBus().connect()
    bus.export("/org/freedesktop/Notifications", Notifications())
    await bus.request_name("org.freedesktop.Notifications")
    print("ready", flush=True)
    await bus.wait_for_disconnect()  # gone with the bus

asyncio.run(main())
"""


@pytest.fixture
def plasma(desktop: DesktopSession, bus: DbusLoop) -> Iterator[subprocess.Popen[str]]:
    """A stand-in for Plasma's notification server: only what matters here."""
    server = subprocess.Popen([sys.executable, "-c", FAKE_PLASMA],
                              env={**os.environ, **desktop.env}, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        yield server
    finally:
        server.kill()
        server.wait(5)


def test_a_kde_style_inhibited_notification_server_blocks(desktop: DesktopSession,
                                                          bus: DbusLoop,
                                                          plasma: subprocess.Popen[str]):
    blockers = build_blockers(ONLY_DND, bus, {**desktop.env, "XDG_CURRENT_DESKTOP": "KDE"})
    assert blockers.check() is None

    def inhibit(on: bool) -> None:
        desktop.run("dbus-send", "--session", "--print-reply",
                    "--dest=org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                    "org.freedesktop.DBus.Properties.Set", "string:org.freedesktop.Notifications",
                    "string:Inhibited", f"variant:boolean:{str(on).lower()}", check=True)

    inhibit(True)
    assert blockers.check() == "do not disturb is on"
    inhibit(False)
    assert blockers.check() is None


def test_asking_never_starts_a_notification_daemon(tmp_path: Path, desktop: DesktopSession,
                                                   monkeypatch: pytest.MonkeyPatch):
    desktop.start_bus(activation=True)  # the stock services: dunst would start on demand
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.env["DBUS_SESSION_BUS_ADDRESS"])
    loop = DbusLoop()
    try:
        blockers = build_blockers(ONLY_DND, loop, {**desktop.env, "XDG_CURRENT_DESKTOP": ""})
        assert blockers.check() is None
        time.sleep(0.3)  # the scenario: a daemon that must NOT start, so no event to await
        assert not desktop.bus_has("org.freedesktop.Notifications")
    finally:
        loop.close()


@pytest.mark.skipif(shutil.which("xfconf-query") is None, reason="needs xfconf-query")
def test_xfce_do_not_disturb_blocks(desktop: DesktopSession, bus: DbusLoop):
    blockers = build_blockers(ONLY_DND, bus, desktop.env)  # XDG_CURRENT_DESKTOP=XFCE
    assert "Xfce notifyd" in blockers.describe()[0][2]
    assert blockers.check() is None  # never set: the property does not exist yet

    def dnd(on: bool) -> None:
        desktop.run("xfconf-query", "-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-n", "-t",
                    "bool", "-s", str(on).lower(), check=True)

    dnd(True)
    assert blockers.check() == "do not disturb is on (Xfce)"
    dnd(False)
    assert blockers.check() is None


@pytest.mark.skipif(shutil.which("gsettings") is None, reason="needs gsettings")
def test_gnome_banners_off_blocks(desktop: DesktopSession):
    # GSettings' keyfile back end keeps the settings in the scratch XDG_CONFIG_HOME.
    env = {**desktop.env, "XDG_CURRENT_DESKTOP": "ubuntu:GNOME", "GSETTINGS_BACKEND": "keyfile"}
    if subprocess.run(["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"],
                      env=env, capture_output=True).returncode != 0:
        pytest.skip("GNOME's notification settings schema is not installed")
    blockers = build_blockers(ONLY_DND, None, env)
    assert blockers.check() is None

    def banners(on: bool) -> None:
        subprocess.run(["gsettings", "set", "org.gnome.desktop.notifications", "show-banners",
                        str(on).lower()], env=env, check=True)

    banners(False)
    assert blockers.check() == "do not disturb is on (GNOME)"
    banners(True)
    assert blockers.check() is None
    # Not GNOME: the setting is not asked (it means nothing there).
    assert build_blockers(ONLY_DND, None, {**env, "XDG_CURRENT_DESKTOP": "KDE"}).names == []
    banners(False)
    assert build_blockers(ONLY_DND, None, {**env, "XDG_CURRENT_DESKTOP": "KDE"}).check() is None


def test_no_session_bus_is_said_at_set_up(desktop: DesktopSession):
    loop = DbusLoop()  # DBUS_SESSION_BUS_ADDRESS points nowhere
    try:
        blockers = build_blockers(ONLY_DND, loop, {**desktop.env, "XDG_CURRENT_DESKTOP": ""})
        ((name, available, why), *_) = blockers.describe()
        assert (name, available) == ("do not disturb", False)
        assert why.startswith("cannot reach the session bus: ")
        assert why.endswith(", and this is not GNOME or Xfce")
        assert blockers.check() is None
    finally:
        loop.close()


def test_a_session_bus_that_goes_away_counts_as_not_blocking(
        desktop: DesktopSession, bus: DbusLoop, caplog: pytest.LogCaptureFixture):
    desktop.start_dunst()
    blockers = build_blockers(ONLY_DND, bus, {**desktop.env, "XDG_CURRENT_DESKTOP": ""})
    desktop.dunstctl("set-paused", "true")
    assert blockers.check() is not None
    desktop.stop("dunst")
    desktop.stop("bus")
    with caplog.at_level(logging.WARNING, logger="nudge.blockers"):
        assert [blockers.check() for _ in range(3)] == [None, None, None]
    # Once, however often it is asked (the D-Bus loop says on its own logger that it lost the bus).
    assert len([r for r in caplog.records if r.name == "nudge.blockers"]) == 1


def test_the_whole_default_set_on_this_desktop_answers_quickly(desktop: DesktopSession,
                                                               bus: DbusLoop,
                                                               wm: FakeWindowManager):
    desktop.start_dunst()
    blockers = build_blockers(BlockerSettings(apps=("fakezoom",)), bus, desktop.env)
    try:
        started = time.monotonic()
        assert blockers.check() is None
        assert time.monotonic() - started < 0.5
        wm.focus(wm.window)
        wm.fullscreen(True)
        desktop.dunstctl("set-paused", "true")
        assert blockers.check() == "a fullscreen window (FakePlayer)"  # cheapest first
        wm.fullscreen(False)
        assert blockers.check() == "do not disturb is on (dunst is paused)"
    finally:
        blockers.close()
