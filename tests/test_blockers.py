"""Blockers, the pure parts: the set's order and guard, the factory's choices and reasons, app
name matching, and decoding what pactl and pw-dump print."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field

import pytest

from nudge.blockers import BlockerProbe, BlockerSet, BlockerSettings, CheckFailed, build_blockers
from nudge.blockers.apps import match_app, program_name
from nudge.blockers.devices import parse_source_outputs, parse_sources, recording
from nudge.blockers.dnd import desktops
from nudge.blockers.screen_share import screen_casts
from nudge.platform.probe import Probe

ALL_OFF = BlockerSettings(fullscreen=False, do_not_disturb=False, camera=False,
                          microphone=False, screen_sharing=False)


@dataclass
class FakeBlocker:
    """Answers `reason` (or raises `error`) and records how often it was asked."""

    name: str
    reason: str | None = None
    error: Exception | None = None
    asked: int = 0
    closed: bool = False
    log: list[str] = field(default_factory=list)

    def check(self) -> str | None:
        self.asked += 1
        self.log.append(self.name)
        if self.error is not None:
            raise self.error
        return self.reason

    def close(self) -> None:
        self.closed = True


def blocker_set(*blockers: FakeBlocker) -> BlockerSet:
    return BlockerSet([Probe.used(b.name, b, f"fake {b.name}") for b in blockers])


# -- the set -----------------------------------------------------------------------------------
def test_the_first_blocking_reason_wins_and_later_blockers_are_not_asked():
    cheap, blocking, costly = (FakeBlocker("cheap"), FakeBlocker("dnd", "do not disturb is on"),
                               FakeBlocker("costly", "the screen is being shared"))
    blockers = blocker_set(cheap, blocking, costly)
    assert blockers.check() == "do not disturb is on"
    assert (cheap.asked, blocking.asked, costly.asked) == (1, 1, 0)


def test_nothing_blocking_asks_every_blocker_in_order():
    order: list[str] = []
    blockers = [FakeBlocker(name, log=order) for name in ("a", "b", "c")]
    assert blocker_set(*blockers).check() is None
    assert order == ["a", "b", "c"]


def test_an_empty_set_never_blocks():
    assert BlockerSet().check() is None
    assert BlockerSet().describe() == []


def test_a_blocker_that_raises_counts_as_not_blocking_and_is_logged_once_per_streak(
        caplog: pytest.LogCaptureFixture):
    broken = FakeBlocker("broken", error=RuntimeError("boom"))
    after = FakeBlocker("after", "zoom is running")
    blockers = blocker_set(broken, after)
    with caplog.at_level(logging.INFO, logger="nudge.blockers"):
        assert [blockers.check() for _ in range(3)] == ["zoom is running"] * 3
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "broken" in warnings[0].getMessage() and "boom" in warnings[0].getMessage()
        broken.error = None
        blockers.check()
        assert any("works again" in r.getMessage() for r in caplog.records)
        broken.error = CheckFailed("pactl did not answer within 1 s")
        blockers.check()
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2


@pytest.mark.parametrize("odd", ["", 0, b"bytes"])
def test_an_empty_or_odd_answer_is_not_a_reason(odd: object):
    blockers = blocker_set(FakeBlocker("odd", odd))  # type: ignore[arg-type]
    assert blockers.check() is None


def test_describe_lists_built_and_unavailable_blockers_and_close_closes_them():
    built = FakeBlocker("camera")
    closed: list[str] = []
    blockers = BlockerSet([Probe.used("camera", built, "open video devices"),
                           Probe.unavailable("microphone", "pactl is not installed")],
                          closers=[lambda: closed.append("x11")])
    assert blockers.describe() == [("camera", True, "open video devices"),
                                   ("microphone", False, "pactl is not installed")]
    assert blockers.names == ["camera"]
    blockers.close()
    assert built.closed and closed == ["x11"]


# -- the factory -------------------------------------------------------------------------------
def test_blockers_turned_off_are_not_built_but_are_described():
    blockers = build_blockers(ALL_OFF, None, {}, platform="linux")
    assert blockers.names == []
    described = {name: (available, why) for name, available, why in blockers.describe()}
    assert described["camera"] == (False, "turned off in the config ([blockers] camera = false)")
    assert described["apps"] == (False, "no apps listed ([blockers] apps = [])")
    assert set(described) == {"fullscreen", "focused apps", "do not disturb", "apps", "camera",
                              "microphone", "screen sharing"}
    assert blockers.check() is None


def test_without_a_display_the_window_blockers_say_why():
    settings = BlockerSettings(do_not_disturb=False, camera=False, microphone=False,
                               screen_sharing=False, focused_apps=("zoom",))
    described = {n: (a, w) for n, a, w in build_blockers(settings, None, {"PATH": "/nowhere"},
                                                          platform="linux").describe()}
    assert described["fullscreen"] == (False, "no X display ($DISPLAY is not set)")
    assert described["focused apps"][0] is False
    assert "$DISPLAY is not set" in described["focused apps"][1]


def test_on_wayland_without_xwayland_fullscreen_is_explained():
    env = {"WAYLAND_DISPLAY": "wayland-0", "PATH": "/nowhere"}
    settings = BlockerSettings(do_not_disturb=False, camera=False, microphone=False,
                               screen_sharing=False)
    ((name, available, why), *_) = build_blockers(settings, None, env,
                                                  platform="linux").describe()
    assert (name, available) == ("fullscreen", False)
    assert "Wayland offers no way to ask" in why


def test_missing_helper_programs_are_named_with_their_package():
    settings = BlockerSettings(fullscreen=False, do_not_disturb=False, camera=False)
    described = dict((n, w) for n, _, w in build_blockers(settings, None, {"PATH": "/nowhere"},
                                                           platform="linux").describe())
    assert "pulseaudio-utils" in described["microphone"]
    assert "pipewire-bin" in described["screen sharing"]


def test_do_not_disturb_needs_dbus_or_a_desktop_it_knows():
    settings = BlockerSettings(fullscreen=False, camera=False, microphone=False,
                               screen_sharing=False)
    ((name, available, why), *_) = build_blockers(settings, None, {"PATH": "/nowhere"},
                                                  platform="linux").describe()
    assert (name, available, why) == ("do not disturb", False,
                                     "no D-Bus, and this is not GNOME or Xfce")


@pytest.mark.skipif(sys.platform == "darwin", reason="here CoreMediaIO and CoreAudio load")
def test_on_macos_apps_work_and_the_rest_says_why():
    settings = BlockerSettings(apps=("zoom.us",))
    blockers = build_blockers(settings, None, {"PATH": "/usr/bin:/bin"}, platform="darwin")
    assert blockers.names == ["apps"]  # camera and microphone: no frameworks off a Mac
    described = {n: w for n, _, w in blockers.describe()}
    assert "Focus has no public API" in described["do not disturb"]
    assert "not detectable on macOS" in described["screen sharing"]
    assert "CoreMediaIO cannot be loaded" in described["camera"]
    assert "CoreAudio cannot be loaded" in described["microphone"]


def test_a_factory_that_crashes_gives_an_empty_set(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture):
    import nudge.blockers as blockers_module

    def crash(*args: object) -> list[BlockerProbe]:
        raise RuntimeError("boom")

    monkeypatch.setattr(blockers_module, "_unix_candidates", crash)
    with caplog.at_level(logging.ERROR, logger="nudge.blockers"):
        blockers = build_blockers(BlockerSettings(), None, {}, platform="linux")
    assert blockers.names == [] and blockers.check() is None
    assert "could not set up" in caplog.text
    described = {name: why for name, _, why in blockers.describe()}
    assert described["camera"] == "could not be set up (see the log)"
    assert described["apps"] == "no apps listed ([blockers] apps = [])"


# -- app names ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("wanted", "names", "found"), [
    (("zoom",), ("zoom", "zoom"), "zoom"),
    (("Zoom",), ("zoom",), "Zoom"),
    (("zoom.exe",), ("Zoom.exe",), "zoom.exe"),
    (("Zoom",), ("ZOOM.EXE",), "Zoom"),
    (("teams", "zoom"), ("python3", "zoom"), "zoom"),
    (("zoom",), ("zoomer",), None),
    (("zoom",), ("",), None),
    (("obs",), ("obs-studio",), None),
    # /proc/PID/comm is cut to 15 characters: it matches any name it begins.
    (("averyveryverylongappname",), ("averyveryverylo",), "averyveryverylongappname"),
    (("averyveryverylo",), ("averyveryverylo",), "averyveryverylo"),
    (("averyveryverylongappname",), ("averyveryveryl",), None),
])
def test_app_names_match_case_insensitively(wanted: tuple[str, ...], names: tuple[str, ...],
                                            found: str | None):
    assert match_app(wanted, names) == found


@pytest.mark.parametrize(("argv0", "name"), [
    ("/opt/zoom/zoom", "zoom"),
    ("zoom", "zoom"),
    ("/opt/google/chrome/chrome --type=renderer --lang=en", "chrome"),
    (r"C:\Program Files\Zoom\bin\Zoom.exe", "Zoom.exe"),
])
def test_program_names(argv0: str, name: str):
    assert program_name(argv0) == name


@pytest.mark.parametrize(("value", "names"), [
    ("ubuntu:GNOME", {"ubuntu", "gnome"}),
    ("XFCE", {"xfce"}),
    ("KDE", {"kde"}),
    ("", set()),
])
def test_desktop_names(value: str, names: set[str]):
    assert desktops({"XDG_CURRENT_DESKTOP": value}) == names


# -- pactl -------------------------------------------------------------------------------------
SOURCES = ("51\talsa_output.pci-0000_00_1f.3.analog-stereo.monitor\tPipeWire\ts32le 2ch "
           "48000Hz\tSUSPENDED\n"
           "52\talsa_input.pci-0000_00_1f.3.analog-stereo\tPipeWire\ts32le 2ch 48000Hz\t"
           "RUNNING\n")


def source_output(number: int, source: int, corked: str, props: dict[str, str]) -> str:
    lines = [f"Source Output #{number}", "\tDriver: protocol-native.c", "\tOwner Module: 10",
             "\tClient: 58", f"\tSource: {source}", "\tSample Specification: s16le 1ch 48000Hz",
             "\tChannel Map: mono",
             '\tFormat: pcm, format.sample_format = "\\"s16le\\""  format.rate = "48000"',
             f"\tCorked: {corked}", "\tMute: no",
             "\tVolume: mono: 65536 / 100% / 0.00 dB", "\t        balance 0.00",
             "\tBuffer Latency: 0 usec", "\tSource Latency: 0 usec",
             "\tResample method: n/a", "\tProperties:"]
    lines += [f'\t\t{key} = "{value}"' for key, value in props.items()]
    return "\n".join(lines) + "\n"


def test_pactl_output_is_decoded():
    text = (source_output(42, 52, "no", {"media.name": "RecordStream",
                                         "application.name": "Firefox",
                                         "application.process.binary": "firefox"})
            + "\n" + source_output(43, 51, "yes", {"application.process.binary": "obs"}))
    outputs = parse_source_outputs(text)
    assert [(o.source, o.corked, o.app, o.media) for o in outputs] == [
        ("52", False, "Firefox", "RecordStream"), ("51", True, "obs", "")]
    assert parse_sources(SOURCES) == {
        "51": "alsa_output.pci-0000_00_1f.3.analog-stereo.monitor",
        "52": "alsa_input.pci-0000_00_1f.3.analog-stereo"}


@pytest.mark.parametrize(("source", "corked", "media", "counts"), [
    (52, "no", "RecordStream", True),  # a call recording the microphone
    (52, "yes", "RecordStream", False),  # paused by the app
    (51, "no", "RecordStream", False),  # recording what the speakers play (a screen recorder)
    (52, "no", "Peak detect", False),  # a volume meter in pavucontrol or GNOME Settings
    (99, "no", "RecordStream", True),  # a source that appeared after the list was taken
])
def test_which_capture_streams_mean_the_microphone_is_in_use(source: int, corked: str,
                                                             media: str, counts: bool):
    outputs = parse_source_outputs(source_output(1, source, corked, {"media.name": media}))
    assert bool(recording(outputs, parse_sources(SOURCES))) is counts


def test_no_capture_streams():
    assert parse_source_outputs("") == []
    assert parse_sources("") == {}


# -- pw-dump -----------------------------------------------------------------------------------
def node(state: str, media_class: str, **props: str) -> dict[str, object]:
    return {"id": 47, "type": "PipeWire:Interface:Node",
            "info": {"state": state, "props": {"media.class": media_class, **props}}}


@pytest.mark.parametrize(("nodes", "found"), [
    ([node("running", "Stream/Output/Video", **{"media.name": "meta-screen-cast-src",
                                                "node.name": "gnome-shell"})], ["gnome-shell"]),
    ([node("idle", "Stream/Output/Video")], []),  # set up but nobody watches
    ([node("running", "Video/Source", **{"device.api": "v4l2"})], []),  # a camera
    ([node("running", "Stream/Input/Audio")], []),
    ([{"id": 1, "type": "PipeWire:Interface:Link", "info": None}, "odd", 5], []),
    ({"not": "a list"}, []),
])
def test_screen_casts_in_a_pipewire_dump(nodes: object, found: list[str]):
    assert screen_casts(json.loads(json.dumps(nodes))) == found


def test_every_blocker_name_maps_to_a_setting_and_every_switch_has_a_blocker() -> None:
    from dataclasses import fields

    from nudge.config.blocker_settings import SETTING_OF

    switches = {f.name for f in fields(BlockerSettings) if f.type in ("bool", bool)}
    settings = {f.name for f in fields(BlockerSettings)}
    assert set(SETTING_OF.values()) <= settings
    assert switches <= set(SETTING_OF.values())
