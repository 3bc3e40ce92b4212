"""The X11 idle source on a real X server (Xvfb), driven by real input from xdotool."""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge.activity import pick_activity_source, x11
from nudge.activity.combined import CombinedActivitySource

from desktop import DesktopSession, wait_for

pytestmark = pytest.mark.skipif(any(shutil.which(tool) is None for tool in ("Xvfb", "xdotool")),
                                reason="needs Xvfb and xdotool")
NOWHERE = "unix:path=/nonexistent/nudge-test-bus"


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    # No D-Bus at all: the picker must not find the developer's own GNOME or logind.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE)
    session = DesktopSession(tmp_path)
    session.start_x()
    yield session
    session.close()


def test_idle_grows_and_real_input_resets_it(desktop: DesktopSession):
    source = x11.X11IdleSource(desktop.display)
    try:
        wait_for(lambda: source.read().idle_seconds >= 0.3, what="idle time to grow")
        desktop.run("xdotool", "mousemove", "100", "120", check=True)
        assert source.read().idle_seconds < 0.2
        wait_for(lambda: source.read().idle_seconds >= 0.3, what="idle time to grow again")
        desktop.run("xdotool", "key", "shift", check=True)
        assert source.read().idle_seconds < 0.2
    finally:
        source.close()


def test_a_restarted_x_server_is_reconnected_and_a_gone_one_reported(
        desktop: DesktopSession, caplog: pytest.LogCaptureFixture):
    source = x11.X11IdleSource(desktop.display)
    combined = CombinedActivitySource(source, None)
    try:
        assert combined.read().idle_seconds >= 0.0
        desktop.stop("xvfb")
        with pytest.raises(OSError, match="is gone"):
            source.read()
        with caplog.at_level(logging.WARNING, logger="nudge.activity"):
            assert [combined.read().idle_seconds for _ in range(2)] == [0.0, 0.0]
        assert len([r for r in caplog.records if "failed" in r.getMessage()]) == 1

        # The same display comes back (a server restart): the next read reconnects.
        xvfb = subprocess.Popen(["Xvfb", desktop.display, "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desktop.processes["xvfb"] = xvfb
        wait_for(lambda: _readable(source), timeout=10, what="the restarted X server")
        desktop.run("xdotool", "key", "shift", check=True)
        assert combined.read().idle_seconds < 0.2
    finally:
        combined.close()


def _readable(source: x11.X11IdleSource) -> bool:
    try:
        source.read()
    except OSError:
        return False
    return True


def test_x11_probe_reasons(desktop: DesktopSession):
    assert "DISPLAY" in x11.probe({}).reason
    wayland = x11.probe({"DISPLAY": desktop.display, "WAYLAND_DISPLAY": "wayland-0"})
    assert wayland.source is None and "XWayland" in wayland.reason
    assert "cannot open X display" in x11.probe({"DISPLAY": ":4999"}).reason


def test_picker_with_only_a_display_uses_x11(desktop: DesktopSession):
    choice = pick_activity_source(env={"DISPLAY": desktop.display})
    try:
        assert choice.source.name == "x11"
        assert "MIT-SCREEN-SAVER" in choice.reason
        tried = dict(choice.tried)
        assert tried["x11"].startswith("used:")
        assert "session bus" in tried["gnome"]
        assert "not a KDE session" in tried["kde"]
        assert tried["wayland"].startswith("not tried")
        assert "system bus" in tried["logind"]
        desktop.run("xdotool", "mousemove", "5", "5", check=True)
        assert choice.source.read().idle_seconds < 0.5
    finally:
        choice.source.close()


def test_connections_set_up_only_the_extensions_asked_for(desktop: DesktopSession):
    from Xlib import ext

    from nudge.platform.x11_display import open_display

    every = list(ext.__extensions__)
    source = x11.X11IdleSource(desktop.display)
    bare = open_display(desktop.display)
    try:
        # Xvfb offers a dozen extensions; python-xlib would set up a module for each.
        assert len(bare.list_extensions()) > 5
        assert source._display.extensions == ["MIT-SCREEN-SAVER"]
        assert bare.extensions == []
        assert bare.screen().root.id > 0  # the core protocol works
        assert ext.__extensions__ == every  # put back for anyone else
    finally:
        bare.close()
        source.close()
