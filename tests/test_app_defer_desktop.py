"""Don't interrupt, end to end: the real `nudge run` on a real private desktop holds a due nudge
while the user must not be interrupted, and shows it once they are free.

The desktop is tests/desktop.py's (Xvfb, a private session bus, dunst, xfce4-panel). There is
no window manager under Xvfb, so `WindowManager` sets the EWMH hints one would keep
(`_NET_ACTIVE_WINDOW` on the root, `_NET_WM_STATE_FULLSCREEN` on a real window). The user is
kept "active" with real X input (xdotool), so the nudge really is due. After a blocker clears,
the tests do not talk to the app (a `nudge status` would make it look again at once): the nudge
must come by the app's own recheck (every `BLOCKER_RECHECK` s while a nudge is held).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from configs import ALL_DAY
from sound_server import MICROPHONE, SPEAKERS_MONITOR, SoundServer, require_tools
from test_app_desktop import RunningApp, Typist, displayed

from nudge.core.events import EventKind

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")

CONFIG = """
[schedule]
rise_every = "3s"
hip_flexor_every = "1h"
away_after = "30s"
typing_pause = "1s"
pause_wait = "1s"
min_gap = "0s"
reshow_after = "{reshow}"

""" + ALL_DAY + """
[blockers]
fullscreen = true
do_not_disturb = true
camera = true
video_devices = {video_devices}
# Off unless the test starts its own sound server: a pactl with nothing to talk to may start
# the user's PulseAudio (autospawn) outside the private session.
microphone = {microphone}
screen_sharing = true
"""
# A stand-in for a video call: a process that keeps the "camera" open until it is killed.
HOLD_OPEN = "import sys, time\nf = open(sys.argv[1], 'rb')\nprint('open', flush=True)\n" \
            "time.sleep(120)\n"
HOLD_SECONDS = 4.0  # how long past "due" the tests watch that nothing is shown (real time)


class WindowManager:
    """Keeps the EWMH hints a window manager would, for one real X window of our own."""

    def __init__(self, display_name: str) -> None:
        from Xlib import display

        self.display = display.Display(display_name)
        self.root = self.display.screen().root
        self.window = self.root.create_window(0, 0, 640, 400, 0,
                                              self.display.screen().root_depth)
        self.window.set_wm_class("slides", "Slides")
        self.window.map()
        self.focus(True)

    def _atom(self, name: str) -> int:
        return int(self.display.intern_atom(name))

    def focus(self, on: bool) -> None:
        from Xlib import Xatom

        self.root.change_property(self._atom("_NET_ACTIVE_WINDOW"), Xatom.WINDOW, 32,
                                  [self.window.id if on else 0])
        self.display.sync()

    def fullscreen(self, on: bool) -> None:
        from Xlib import Xatom

        state = [self._atom("_NET_WM_STATE_FULLSCREEN")] if on else []
        self.window.change_property(self._atom("_NET_WM_STATE"), Xatom.ATOM, 32, state)
        self.display.sync()

    def close(self) -> None:
        self.focus(False)
        self.window.destroy()
        self.display.close()


@pytest.fixture
def wm(desk: DesktopSession) -> Iterator[WindowManager]:
    manager = WindowManager(desk.display)
    yield manager
    manager.close()


@pytest.fixture
def sound(desk: DesktopSession) -> Iterator[SoundServer]:
    require_tools()
    server = SoundServer(desk.env)
    yield server
    server.close()


@pytest.fixture
def start_app(desk: DesktopSession, tmp_path: Path) -> Iterator[Callable[..., RunningApp]]:
    apps: list[RunningApp] = []

    def start(reshow: str = "60s", microphone: bool = False,
              video_devices: tuple[str, ...] = ("/dev/video*",)) -> RunningApp:
        home = tmp_path / f"home{len(apps)}"
        (home / "config").mkdir(parents=True)
        (home / "config" / "config.toml").write_text(
            CONFIG.format(reshow=reshow, microphone=str(microphone).lower(),
                          video_devices=json.dumps(list(video_devices))))
        desk.dunstctl("close-all")
        desk.dunstctl("history-clear")
        app = RunningApp(desk, home)
        apps.append(app)
        wait_for(lambda: app.status().get("running"), timeout=15, what="nudge to start")
        return app

    yield start
    for app in apps:
        output = app.stop()
        assert "Traceback" not in output, output


# -- what the tests look at ----------------------------------------------------------------------
def held(app: RunningApp) -> dict[str, Any] | None:
    status = app.status()
    return status if status.get("phase") == "deferred" else None


def count(desk: DesktopSession, which: str) -> int:
    return int(desk.dunstctl("count", which).stdout.strip() or 0)


def log_text(app: RunningApp) -> str:
    log = app.home / "logs" / "nudge.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def stays_held(app: RunningApp, desk: DesktopSession, reason: str) -> None:
    """For HOLD_SECONDS of real time past "due": held for `reason`, nothing shown or sent."""
    until = time.monotonic() + HOLD_SECONDS
    while time.monotonic() < until:
        status = app.status()  # also makes the app look at its blockers again
        assert status["phase"] == "deferred", status
        assert status["held_by"] == reason and reason in status["line"], status
        assert count(desk, "displayed") == 0 and count(desk, "waiting") == 0
        time.sleep(0.3)  # the scenario: watching that nothing is shown, so no event to await


def exported(app: RunningApp) -> list[dict[str, Any]]:
    done = app.cli("export", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    events = data["events"] if isinstance(data, dict) else data
    return list(events)


def offered_once_and_answered(app: RunningApp, desk: DesktopSession) -> None:
    """The held nudge was offered once, answered Done, and held time is not "no answer"."""
    desk.press_button("Done (5)", pressed=lambda: EventKind.DONE in app.kinds())
    kinds = app.kinds()
    assert kinds.count(EventKind.OFFERED) == 1 and EventKind.DONE in kinds, kinds
    assert EventKind.MISSED not in kinds, kinds
    events = exported(app)
    assert [e["kind"] for e in events if e["kind"] in ("offered", "done", "missed",
                                                       "skipped", "snoozed")] \
        == ["offered", "done"], events


# -- the tests -----------------------------------------------------------------------------------
def test_a_fullscreen_window_holds_the_due_nudge_until_it_leaves_fullscreen(desk, wm,
                                                                            start_app):
    wm.fullscreen(True)
    with Typist(desk):
        app = start_app()
        status = wait_for(lambda: held(app), timeout=15, what="the due nudge to be held")
        assert isinstance(status, dict) and "rise held: a fullscreen window (Slides)" in \
            status["line"], status
        stays_held(app, desk, "a fullscreen window (Slides)")
        assert EventKind.OFFERED not in app.kinds()
        assert "nudge held: a fullscreen window (Slides)" in log_text(app)

        wm.fullscreen(False)  # from here on only the app's own recheck may notice
        wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge after fullscreen")
        assert EventKind.OFFERED in app.kinds()
        assert app.status()["phase"] == "pending"
        offered_once_and_answered(app, desk)
    assert "nudge no longer held" in log_text(app)


def test_a_nudge_on_screen_is_taken_down_by_fullscreen_and_comes_back_the_same(desk, wm,
                                                                               start_app):
    with Typist(desk):
        app = start_app()  # reshow_after 60 s: only the blocker recheck can take it down
        wait_for(lambda: displayed(desk) >= 1, timeout=15, what="the nudge")
        nudge_id = app.status()["nudge_id"]
        assert nudge_id
        wm.fullscreen(True)
        # Taken down at the app's own next look at its blockers, without being asked.
        wait_for(lambda: displayed(desk) == 0, timeout=15, what="the nudge to be withdrawn")
        status = app.status()
        assert status["phase"] == "deferred", status
        assert status["held_by"] == "a fullscreen window (Slides)", status
        assert app.kinds().count(EventKind.OFFERED) == 1

        wm.fullscreen(False)
        wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge to come back")
        assert app.status()["nudge_id"] == nudge_id
        offered_once_and_answered(app, desk)


def test_dunst_paused_holds_the_due_nudge_until_it_is_unpaused(desk, start_app):
    desk.dunstctl("set-paused", "true")
    try:
        with Typist(desk):
            app = start_app()
            wait_for(lambda: held(app), timeout=15, what="the due nudge to be held")
            # dunst queues what it gets while paused: "waiting" 0 means nudge sent nothing.
            stays_held(app, desk, "do not disturb is on (dunst is paused)")
            assert EventKind.OFFERED not in app.kinds()

            desk.dunstctl("set-paused", "false")
            wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge after the pause")
            assert EventKind.OFFERED in app.kinds()
            offered_once_and_answered(app, desk)
    finally:
        desk.dunstctl("set-paused", "false")


def test_an_app_recording_from_the_microphone_holds_the_due_nudge(desk, sound, start_app):
    call = sound.record(MICROPHONE, "fakecall")
    with Typist(desk):
        app = start_app(microphone=True)
        wait_for(lambda: held(app), timeout=15, what="the due nudge to be held")
        stays_held(app, desk, "the microphone is in use (fakecall)")
        assert EventKind.OFFERED not in app.kinds()

        # A screen recorder captures what the speakers play: not a microphone, no hold.
        sound.record(SPEAKERS_MONITOR, "screenrecorder")
        sound.stop(call)  # the call ends
        wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge after the call")
        offered_once_and_answered(app, desk)


def test_a_process_holding_the_configured_video_device_holds_the_due_nudge(desk, start_app,
                                                                            tmp_path):
    # Any path can be the camera: `video_devices` names it, so a plain file stands in for it.
    device = tmp_path / "video-fake0"
    device.write_bytes(b"")
    call = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(device)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert call.stdout is not None and call.stdout.readline().strip() == "open"
        with Typist(desk):
            app = start_app(video_devices=(str(tmp_path / "video-fake*"),))
            status = wait_for(lambda: held(app), timeout=15, what="the due nudge to be held")
            assert isinstance(status, dict)
            reason = status["held_by"]
            assert reason.startswith(f"the camera is in use ({device} by "), status
            stays_held(app, desk, reason)
            assert EventKind.OFFERED not in app.kinds()

            call.kill()  # the call ends; only the app's own recheck may notice
            call.wait(5)
            wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge after the call")
            offered_once_and_answered(app, desk)
    finally:
        if call.poll() is None:
            call.kill()
            call.wait(5)
