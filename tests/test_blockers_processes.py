"""Blockers that look at real processes: a child holding a "camera" open, a running app, and
the helper programs (pactl, pw-dump) replaced by scripts that print what the real ones print,
including one that hangs (the check must stay time-boxed)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from waiting import wait_for

from nudge.blockers import BlockerSettings, build_blockers
from nudge.blockers.devices import CameraBlocker

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
NONE = BlockerSettings(fullscreen=False, do_not_disturb=False, camera=False, microphone=False,
                       screen_sharing=False)
HOLD_OPEN = "import sys, time\nf = open(sys.argv[1], 'rb')\nprint('open', flush=True)\n" \
            "time.sleep(30)\n"


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for child in started:
        if child.poll() is None:
            child.kill()
            child.wait(5)


def test_a_process_holding_a_video_device_blocks(tmp_path: Path,
                                                 children: list[subprocess.Popen[str]]):
    device = tmp_path / "video-fake0"
    device.write_bytes(b"")
    settings = BlockerSettings(fullscreen=False, do_not_disturb=False, microphone=False,
                               screen_sharing=False,
                               video_devices=(str(tmp_path / "video-fake*"),))
    blockers = build_blockers(settings, None, {"PATH": os.defpath})
    assert blockers.names == ["camera"]
    assert str(device) in blockers.describe()[0][2]  # "now: …/video-fake0"
    assert blockers.check() is None

    child = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(device)],
                             stdout=subprocess.PIPE, text=True)
    children.append(child)
    assert child.stdout is not None and child.stdout.readline().strip() == "open"
    reason = blockers.check()
    assert reason is not None
    assert reason.startswith(f"the camera is in use ({device} by python")
    assert blockers.check() == reason  # asked again: the last holder first
    child.kill()
    child.wait(5)
    wait_for(lambda: blockers.check() is None, what="the camera to be free")


def test_a_video_device_reached_through_a_symlink_is_found(tmp_path: Path,
                                                           children: list[subprocess.Popen[str]]):
    device = tmp_path / "video7"
    device.write_bytes(b"")
    (tmp_path / "by-id").mkdir()
    (tmp_path / "by-id" / "usb-Fake_Camera-video-index0").symlink_to(device)
    blocker = CameraBlocker([str(tmp_path / "by-id" / "*")])
    child = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(device)],
                             stdout=subprocess.PIPE, text=True)
    children.append(child)
    assert child.stdout is not None and child.stdout.readline().strip() == "open"
    assert f"({device} by" in (blocker.check() or "")


def test_no_video_device_means_no_scan(tmp_path: Path):
    blocker = CameraBlocker([str(tmp_path / "video*")], proc=str(tmp_path / "no-proc"))
    assert blocker.check() is None  # would raise if it scanned the missing /proc


def test_a_running_app_blocks_until_it_exits(tmp_path: Path,
                                             children: list[subprocess.Popen[str]]):
    fakezoom = tmp_path / "fakezoom"
    shutil.copy("/bin/sleep", fakezoom)
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, microphone=False,
                                              screen_sharing=False, apps=("Teams", "FakeZoom")),
                              None, {"PATH": os.defpath})
    assert blockers.names == ["apps"]
    assert blockers.check() is None
    child = subprocess.Popen([str(fakezoom), "30"], text=True)
    children.append(child)
    wait_for(lambda: blockers.check() == "FakeZoom is running", what="fakezoom in /proc")
    child.terminate()
    child.wait(5)  # reaped: a zombie would still show its name in /proc
    assert blockers.check() is None


def test_an_app_with_a_long_name_is_found_by_its_program_file(
        tmp_path: Path, children: list[subprocess.Popen[str]]):
    long_name = tmp_path / "fake-conference-client"  # comm is cut to "fake-conferenc"
    shutil.copy("/bin/sleep", long_name)
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, microphone=False,
                                              screen_sharing=False,
                                              apps=("fake-conference-client",)),
                              None, {"PATH": os.defpath})
    children.append(subprocess.Popen([str(long_name), "30"], text=True))
    wait_for(lambda: blockers.check() == "fake-conference-client is running",
             what="the long-named app")


# -- helper programs ---------------------------------------------------------------------------
def fake_tool(folder: Path, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)


CAPTURE = """Source Output #42
\tDriver: protocol-native.c
\tClient: 58
\tSource: 52
\tCorked: no
\tProperties:
\t\tmedia.name = "RecordStream"
\t\tapplication.name = "Firefox"
"""
SOURCES = "52\talsa_input.pci-0000_00_1f.3.analog-stereo\tPipeWire\ts32le 2ch 48000Hz\tRUNNING\n"


@pytest.fixture
def tools(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder, {"PATH": f"{folder}:{os.defpath}"}


def test_an_app_recording_the_microphone_blocks(tools: tuple[Path, dict[str, str]]):
    folder, env = tools
    (folder / "outputs").write_text(CAPTURE)
    (folder / "sources").write_text(SOURCES)
    fake_tool(folder, "pactl", f"""echo "$LC_ALL" > '{folder}/locale'
case "$*" in
  "list source-outputs") cat '{folder}/outputs' ;;
  "list sources short") cat '{folder}/sources' ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
""")
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, screen_sharing=False), None, env)
    assert blockers.names == ["microphone"]
    assert blockers.check() == "the microphone is in use (Firefox)"
    assert (folder / "locale").read_text().strip() == "C"  # pactl's labels are translated
    (folder / "outputs").write_text("")
    assert blockers.check() is None


def test_pactl_without_a_sound_server_counts_as_not_blocking(
        tools: tuple[Path, dict[str, str]], caplog: pytest.LogCaptureFixture):
    folder, env = tools
    fake_tool(folder, "pactl", "echo 'Connection failure: Connection refused' >&2\nexit 1\n")
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, screen_sharing=False), None, env)
    with caplog.at_level(logging.WARNING, logger="nudge.blockers"):
        assert [blockers.check() for _ in range(3)] == [None] * 3
    assert len(caplog.records) == 1
    assert "Connection refused" in caplog.records[0].getMessage()


def test_a_hanging_helper_is_cut_off_within_its_time_box(tools: tuple[Path, dict[str, str]],
                                                         caplog: pytest.LogCaptureFixture):
    folder, env = tools
    # The shell's child holds the output pipe too: waiting for it would break the time box.
    fake_tool(folder, "pactl", f"sleep 20 &\necho $! > '{folder}/child'\nwait\n")
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, screen_sharing=False), None, env)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="nudge.blockers"):
        assert blockers.check() is None
    assert time.monotonic() - started < 2.5
    assert "did not answer within 1 s" in caplog.text
    child = int((folder / "child").read_text())
    wait_for(lambda: not running(child), timeout=5, what="the helper's child to be killed")


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def pw_node(state: str, media_class: str, name: str) -> dict[str, object]:
    return {"id": 47, "type": "PipeWire:Interface:Node",
            "info": {"state": state, "props": {"media.class": media_class, "node.name": name,
                                               "media.name": "meta-screen-cast-src"}}}


def test_a_running_pipewire_screen_cast_blocks(tools: tuple[Path, dict[str, str]]):
    folder, env = tools
    dump = folder / "dump.json"
    fake_tool(folder, "pw-dump", f"cat '{dump}'\n")
    blockers = build_blockers(BlockerSettings(fullscreen=False, do_not_disturb=False,
                                              camera=False, microphone=False), None, env)
    assert blockers.names == ["screen sharing"]
    dump.write_text(json.dumps([pw_node("suspended", "Video/Source", "v4l2_input.camera")]))
    assert blockers.check() is None
    dump.write_text(json.dumps([pw_node("running", "Stream/Output/Video", "gnome-shell")]))
    assert blockers.check() == "the screen is being shared"
    dump.write_text("not json")
    assert blockers.check() is None  # a broken dump is "unknown", never a crash


def test_nothing_is_asked_when_nothing_is_turned_on():
    assert build_blockers(NONE, None, {"PATH": os.defpath}).names == []
