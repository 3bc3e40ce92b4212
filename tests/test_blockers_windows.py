"""Windows blockers, the decoding (pure, so it runs on any platform): the shell's notification
state, Focus Assist's profile, and the privacy records of camera and microphone use."""

from __future__ import annotations

import sys

import pytest

from nudge.blockers import windows
from nudge.blockers.windows import (
    ConsentEntry,
    apps_in_use,
    device_reason,
    focus_assist_reason,
    notification_state_reason,
)

FILETIME = 133_500_000_000_000_000  # some moment in 2024, in 100 ns since 1601


@pytest.mark.parametrize(("state", "reason"), [
    (windows.QUNS_NOT_PRESENT, None),  # locked or screen saver: the lock handling covers it
    (windows.QUNS_BUSY, "a fullscreen app"),
    (windows.QUNS_RUNNING_D3D_FULL_SCREEN, "a fullscreen game (Direct3D)"),
    (windows.QUNS_PRESENTATION_MODE, "presentation mode is on"),
    (windows.QUNS_ACCEPTS_NOTIFICATIONS, None),
    (windows.QUNS_QUIET_TIME, "Windows quiet time is on"),
    (windows.QUNS_APP, None),
    (0, None),
    (99, None),
])
def test_the_shell_notification_state(state: int, reason: str | None):
    assert notification_state_reason(state) == reason


@pytest.mark.parametrize(("profile", "reason"), [
    (None, None),  # the WNF query failed: unknown, so not blocking
    (0, None),
    (1, "Focus Assist is on (priority only)"),
    (2, "Focus Assist is on (alarms only)"),
    (3, "Focus Assist is on"),  # a profile a later Windows adds
    (-1, None),
])
def test_focus_assist_profiles(profile: int | None, reason: str | None):
    assert focus_assist_reason(profile) == reason


@pytest.mark.parametrize(("key", "non_packaged", "app"), [
    ("C:#Program Files#Zoom#bin#Zoom.exe", True, "Zoom.exe"),
    ("C:#Users#me#AppData#Local#Discord#app-1.0.9#Discord.exe", True, "Discord.exe"),
    ("Microsoft.WindowsCamera_8wekyb3d8bbwe", False, "Microsoft.WindowsCamera"),
    ("MSTeams_8wekyb3d8bbwe", False, "MSTeams"),
    ("SomeApp", False, "SomeApp"),
])
def test_consent_store_keys_become_app_names(key: str, non_packaged: bool, app: str):
    assert ConsentEntry(key, non_packaged, FILETIME, 0).app == app


@pytest.mark.parametrize(("start", "stop", "in_use"), [
    (FILETIME, 0, True),  # started, not stopped: in use now
    (FILETIME, FILETIME + 10, False),  # used earlier
    (0, 0, False),  # allowed but never used
])
def test_consent_store_in_use_means_stop_is_zero(start: int, stop: int, in_use: bool):
    assert ConsentEntry("App_x", False, start, stop).in_use is in_use


ZOOM = ConsentEntry("C:#Program Files#Zoom#bin#Zoom.exe", True, FILETIME, 0)
CRASHED = ConsentEntry("C:#Tools#Recorder.exe", True, FILETIME, 0)
CAMERA_APP = ConsentEntry("Microsoft.WindowsCamera_8wekyb3d8bbwe", False, FILETIME, 0)
DONE = ConsentEntry("C:#Program Files#Slack#slack.exe", True, FILETIME, FILETIME + 5)


@pytest.mark.parametrize(("entries", "running", "apps"), [
    ([ZOOM, DONE], ["System", "zoom.exe"], ["Zoom.exe"]),
    # A program that crashed mid-call leaves "in use" behind: it counts only while it runs.
    ([CRASHED], ["explorer.exe"], []),
    ([CRASHED], None, ["Recorder.exe"]),  # no process list: trust the record
    # Store apps are not in the process list under their package name: trust the record.
    ([CAMERA_APP], ["explorer.exe"], ["Microsoft.WindowsCamera"]),
    ([ZOOM, ZOOM], ["Zoom.exe"], ["Zoom.exe"]),
    ([DONE], ["slack.exe"], []),
    ([], ["zoom.exe"], []),
])
def test_apps_using_a_device_now(entries: list[ConsentEntry], running: list[str] | None,
                                 apps: list[str]):
    assert apps_in_use(entries, running) == apps


def test_device_reasons():
    assert device_reason("camera", ["Zoom.exe"]) == "the camera is in use (Zoom.exe)"
    assert device_reason("microphone", ["a", "b"]) == "the microphone is in use (a, b)"
    assert device_reason("camera", []) is None


@pytest.mark.skipif(sys.platform == "win32", reason="checks the import guard off Windows")
def test_the_module_imports_off_windows_without_touching_win32():
    assert windows.CONSENT_KINDS == {"camera": "webcam", "microphone": "microphone"}
