"""macOS camera and microphone blockers, on any platform: the pure logic over a fake device list,
the ctypes layer against fake C functions (real ctypes calls through callbacks), and how
`macos.candidates` builds them or says why not."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from nudge.blockers import BlockerSettings, Unavailable, build_blockers, macos
from nudge.blockers.base import CheckFailed
from nudge.blockers.macos_devices import (
    AUDIO_GET_DATA,
    CMIO_GET_DATA,
    DEVICES,
    GET_SIZE,
    RUNNING_SOMEWHERE,
    SCOPE_GLOBAL,
    SCOPE_INPUT,
    STREAMS,
    SYSTEM_OBJECT,
    CoreAudio,
    CoreMediaIO,
    MacCameraBlocker,
    MacMicrophoneBlocker,
    OSStatusError,
    PropertyAddress,
    fourcc,
    fourcc_text,
    load_coreaudio,
    load_coremediaio,
)

FAKE_BROKE = fourcc("fake")  # a fake C function raised: ctypes would swallow it and return 0
NOT_RUNNING = fourcc("stop")  # kAudioHardwareNotRunningError
UNKNOWN_PROPERTY = fourcc("who?")
BAD_OBJECT = fourcc("!obj")
ONLY_DEVICES = BlockerSettings(fullscreen=False, do_not_disturb=False, screen_sharing=False)


# -- four-character codes and the struct --------------------------------------------------------
@pytest.mark.parametrize(("code", "value"), [
    ("gone", 0x676F6E65), ("dev#", 0x64657623), ("glob", 0x676C6F62), ("inpt", 0x696E7074),
    ("stm#", 0x73746D23), ("!obj", 560947818), ("who?", 2003332927)])
def test_four_character_codes_are_big_endian(code: str, value: int):
    assert fourcc(code) == value
    assert fourcc_text(value) == f"'{code}'"


@pytest.mark.parametrize("code", ["gon", "gones", "göne"])
def test_a_four_character_code_has_four_ascii_characters(code: str):
    with pytest.raises((ValueError, UnicodeEncodeError)):
        fourcc(code)


def test_statuses_that_spell_nothing_are_numbers():
    assert fourcc_text(-50) == "-50"  # paramErr
    assert fourcc_text(1) == "1"


def test_the_property_address_is_three_uint32s():
    assert ctypes.sizeof(PropertyAddress) == 12
    assert [getattr(PropertyAddress, f).offset for f in ("mSelector", "mScope", "mElement")] \
        == [0, 4, 8]
    address = PropertyAddress(RUNNING_SOMEWHERE, SCOPE_GLOBAL, 0)
    assert bytes(address)[:4] == (0x676F6E65).to_bytes(4, sys.byteorder)


# -- the pure logic -----------------------------------------------------------------------------
@dataclass
class FakeDevices:
    """A device list: id → (has input, running); `errors` makes one call on one device fail."""

    table: dict[int, tuple[bool, bool]]
    errors: dict[tuple[str, int], int] = field(default_factory=dict)
    list_error: int | None = None
    asked: list[tuple[str, int]] = field(default_factory=list)

    def devices(self) -> list[int]:
        if self.list_error is not None:
            raise OSStatusError("listing failed", self.list_error)
        return list(self.table)

    def has_input(self, device: int) -> bool:
        return self._answer("has_input", device, 0)

    def running_somewhere(self, device: int) -> bool:
        return self._answer("running_somewhere", device, 1)

    def _answer(self, what: str, device: int, column: int) -> bool:
        self.asked.append((what, device))
        if (what, device) in self.errors:
            raise OSStatusError(f"{what} of {device} failed", self.errors[(what, device)])
        return self.table[device][column]


def test_no_device_running_does_not_block():
    devices = FakeDevices({1: (True, False), 2: (False, False)})
    assert MacMicrophoneBlocker(devices).check() is None
    assert ("has_input", 1) not in devices.asked  # idle devices cost one read each


def test_a_running_input_device_blocks():
    devices = FakeDevices({1: (False, False), 2: (True, True)})
    assert MacMicrophoneBlocker(devices).check() == "the microphone is in use"


def test_an_output_only_device_playing_sound_does_not_block():
    devices = FakeDevices({7: (False, True)})  # speakers playing music
    assert MacMicrophoneBlocker(devices).check() is None
    assert ("has_input", 7) in devices.asked


def test_the_camera_says_camera():
    blocker = MacCameraBlocker(FakeDevices({40: (True, True)}))
    assert blocker.name == "camera"
    assert blocker.check() == "the camera is in use"


def test_no_devices_at_all_does_not_block():
    assert MacCameraBlocker(FakeDevices({})).check() is None


def test_a_failing_device_list_is_a_failed_check():
    blocker = MacMicrophoneBlocker(FakeDevices({}, list_error=NOT_RUNNING))
    with pytest.raises(CheckFailed, match="listing failed"):
        blocker.check()


def test_a_device_unplugged_mid_check_is_skipped():
    assert MacMicrophoneBlocker(FakeDevices(
        {1: (True, True)}, errors={("running_somewhere", 1): BAD_OBJECT})).check() is None
    assert MacMicrophoneBlocker(FakeDevices(
        {1: (True, True), 2: (True, True)},
        errors={("running_somewhere", 1): BAD_OBJECT})).check() == "the microphone is in use"


def test_a_failing_device_does_not_hide_a_running_one_but_is_reported_otherwise():
    errors = {("running_somewhere", 1): NOT_RUNNING}
    assert MacMicrophoneBlocker(FakeDevices({1: (True, True), 2: (True, True)},
                                            errors=errors)).check() == "the microphone is in use"
    with pytest.raises(CheckFailed, match="running_somewhere of 1 failed"):
        MacMicrophoneBlocker(FakeDevices({1: (True, True), 2: (True, False)},
                                         errors=errors)).check()


# -- the ctypes layer, against fake C functions -------------------------------------------------
def u32s(*values: int) -> bytes:
    return bytes((ctypes.c_uint32 * len(values))(*values))


@dataclass
class FakeHal:
    """Property values by (object, selector, scope), served through real C callbacks.

    `grow` adds ids to the device list after its size was asked (a device plugged in)."""

    props: dict[tuple[int, int, int], bytes]
    errors: dict[tuple[int, int], int] = field(default_factory=dict)
    grow: tuple[int, ...] = ()
    calls: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    def _lookup(self, call: str, obj: int, address: ctypes._Pointer[PropertyAddress],
                ) -> tuple[int, bytes]:
        a = address.contents
        self.calls.append((call, obj, a.mSelector, a.mScope, a.mElement))
        if (obj, a.mSelector) in self.errors:
            return self.errors[(obj, a.mSelector)], b""
        data = self.props.get((obj, a.mSelector, a.mScope))
        if data is None:
            return UNKNOWN_PROPERTY, b""
        if call == "data" and (obj, a.mSelector) == (SYSTEM_OBJECT, DEVICES):
            data += u32s(*self.grow)
        return 0, data

    def get_size(self, obj: int, address: ctypes._Pointer[PropertyAddress], qsize: int,
                 qualifier: int | None, size: ctypes._Pointer[ctypes.c_uint32]) -> int:
        if (qsize, qualifier) != (0, None):
            return FAKE_BROKE
        status, data = self._lookup("size", obj, address)
        size[0] = len(data)
        return status

    def _fill(self, data: bytes, room: int, buffer: int | None) -> int:
        if buffer is None:
            return FAKE_BROKE
        if len(data) > room:
            return fourcc("!siz")
        ctypes.memmove(buffer, data, len(data))
        return 0

    def audio_get(self, obj: int, address: ctypes._Pointer[PropertyAddress], qsize: int,
                  qualifier: int | None, io_size: ctypes._Pointer[ctypes.c_uint32],
                  buffer: int | None) -> int:
        status, data = self._lookup("data", obj, address)
        if status == 0:
            status = self._fill(data, io_size[0], buffer)
            io_size[0] = len(data)
        return status

    def cmio_get(self, obj: int, address: ctypes._Pointer[PropertyAddress], qsize: int,
                 qualifier: int | None, size: int, used: ctypes._Pointer[ctypes.c_uint32],
                 buffer: int | None) -> int:
        status, data = self._lookup("data", obj, address)
        if status == 0:
            status = self._fill(data, size, buffer)
            used[0] = len(data)
        return status

    def core_audio(self) -> CoreAudio:
        return CoreAudio(GET_SIZE(guarded(self.get_size)),
                         AUDIO_GET_DATA(guarded(self.audio_get)))

    def core_media_io(self) -> CoreMediaIO:
        return CoreMediaIO(GET_SIZE(guarded(self.get_size)),
                           CMIO_GET_DATA(guarded(self.cmio_get)))


def guarded(function: Callable[..., int]) -> Callable[..., int]:
    """An exception in a ctypes callback is printed and the C caller sees 0 (success): turn it
    into a status the code under test reports instead."""
    def call(*args: object) -> int:
        try:
            return function(*args)
        except Exception:
            return FAKE_BROKE
    return call


def audio_hal(mic_running: bool) -> FakeHal:
    """Device 10: speakers, playing; device 11: a microphone (one input stream, id 90)."""
    return FakeHal({
        (SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL): u32s(10, 11),
        (10, RUNNING_SOMEWHERE, SCOPE_GLOBAL): u32s(1),
        (10, STREAMS, SCOPE_INPUT): b"",
        (11, RUNNING_SOMEWHERE, SCOPE_GLOBAL): u32s(int(mic_running)),
        (11, STREAMS, SCOPE_INPUT): u32s(90),
    })


def test_core_audio_reads_devices_running_and_input_streams():
    hal = audio_hal(mic_running=True)
    audio = hal.core_audio()
    assert audio.devices() == [10, 11]
    assert audio.running_somewhere(10) and audio.running_somewhere(11)
    assert not audio.has_input(10) and audio.has_input(11)
    assert {(sel, scope, element) for _, _, sel, scope, element in hal.calls} == {
        (DEVICES, SCOPE_GLOBAL, 0), (RUNNING_SOMEWHERE, SCOPE_GLOBAL, 0),
        (STREAMS, SCOPE_INPUT, 0)}


@pytest.mark.parametrize(("running", "reason"), [(True, "the microphone is in use"),
                                                 (False, None)])
def test_the_microphone_blocker_over_core_audio(running: bool, reason: str | None):
    assert MacMicrophoneBlocker(audio_hal(running).core_audio()).check() == reason


@pytest.mark.parametrize("running", [0, 1, 0x100])
def test_core_media_io_reads_running_by_its_own_signature(running: int):
    hal = FakeHal({(SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL): u32s(33, 34),
                   (33, RUNNING_SOMEWHERE, SCOPE_GLOBAL): u32s(0),
                   (34, RUNNING_SOMEWHERE, SCOPE_GLOBAL): u32s(running)})
    blocker = MacCameraBlocker(hal.core_media_io())
    assert blocker.check() == ("the camera is in use" if running else None)
    assert ("size", SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL, 0) in hal.calls


def test_a_device_plugged_in_between_size_and_read_is_listed():
    hal = audio_hal(mic_running=False)
    hal.grow = (12,)
    assert hal.core_audio().devices() == [10, 11, 12]
    hal = FakeHal({(SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL): u32s(33)}, grow=(34, 35))
    assert hal.core_media_io().devices() == [33, 34, 35]


@pytest.mark.parametrize("make", [FakeHal.core_audio, FakeHal.core_media_io])
def test_a_non_zero_os_status_is_a_failed_check_that_says_which(make):
    hal = FakeHal({}, errors={(SYSTEM_OBJECT, DEVICES): NOT_RUNNING})
    with pytest.raises(CheckFailed, match=r"'dev#' of object 1 failed \(OSStatus 'stop'\)"):
        make(hal).devices()


def test_an_unplugged_device_read_through_ctypes_is_skipped():
    hal = audio_hal(mic_running=True)
    hal.errors[(10, RUNNING_SOMEWHERE)] = BAD_OBJECT
    assert MacMicrophoneBlocker(hal.core_audio()).check() == "the microphone is in use"
    hal.errors[(11, RUNNING_SOMEWHERE)] = BAD_OBJECT
    assert MacMicrophoneBlocker(hal.core_audio()).check() is None


def test_a_missing_framework_is_unavailable():
    with pytest.raises(Unavailable, match="CoreAudio cannot be loaded"):
        load_coreaudio("/nowhere/CoreAudio.framework/CoreAudio")
    with pytest.raises(Unavailable, match="CoreMediaIO cannot be loaded"):
        load_coremediaio("/nowhere/CoreMediaIO.framework/CoreMediaIO")


@pytest.mark.skipif(ctypes.util.find_library("c") is None, reason="no C library to load")
def test_a_library_without_the_functions_is_unavailable():
    libc = ctypes.util.find_library("c")
    assert libc is not None
    with pytest.raises(Unavailable, match="CoreAudio lacks a function"):
        load_coreaudio(libc)
    with pytest.raises(Unavailable, match="CoreMediaIO lacks a function"):
        load_coremediaio(libc)


# -- macos.candidates ---------------------------------------------------------------------------
def test_candidates_build_camera_and_microphone_from_the_loaders():
    loaded: list[str] = []

    def camera() -> CoreMediaIO:
        loaded.append("camera")
        return FakeHal({(SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL): u32s(33),
                        (33, RUNNING_SOMEWHERE, SCOPE_GLOBAL): u32s(1)}).core_media_io()

    def microphone() -> CoreAudio:
        loaded.append("microphone")
        return audio_hal(mic_running=False).core_audio()

    found = {c.name: c for c in macos.candidates(ONLY_DEVICES, {}, camera_devices=camera,
                                                 microphone_devices=microphone)}
    assert set(found) == {"camera", "microphone"}  # no "not detectable" entries for them
    assert sorted(loaded) == ["camera", "microphone"]
    camera_blocker, mic_blocker = found["camera"].adapter, found["microphone"].adapter
    assert camera_blocker is not None and mic_blocker is not None
    assert camera_blocker.check() == "the camera is in use"
    assert mic_blocker.check() is None
    assert "CoreMediaIO" in found["camera"].reason and "CoreAudio" in found["microphone"].reason


def test_candidates_say_why_a_framework_cannot_load():
    def missing() -> CoreAudio:
        raise Unavailable("CoreAudio cannot be loaded (no such file)")

    def broken() -> CoreMediaIO:
        raise RuntimeError("boom")

    found = {c.name: c for c in macos.candidates(ONLY_DEVICES, {}, camera_devices=broken,
                                                 microphone_devices=missing)}
    assert found["microphone"].adapter is None
    assert found["microphone"].reason == "CoreAudio cannot be loaded (no such file)"
    assert found["camera"].adapter is None and found["camera"].reason == "set-up failed: boom"


def test_candidates_turned_off_are_not_loaded():
    def never() -> CoreAudio:
        raise AssertionError("loaded a framework for a blocker turned off")

    found = macos.candidates(BlockerSettings(camera=False, microphone=False), {},
                             camera_devices=never, microphone_devices=never)
    assert {c.name for c in found}.isdisjoint({"camera", "microphone"})


@pytest.mark.skipif(sys.platform == "darwin", reason="the frameworks exist on macOS")
def test_off_macos_the_real_loaders_say_the_framework_is_missing():
    blockers = build_blockers(ONLY_DEVICES, None, {"PATH": "/usr/bin:/bin"}, platform="darwin")
    described = {n: (available, why) for n, available, why in blockers.describe()}
    assert described["camera"][0] is False and "CoreMediaIO cannot be loaded" in \
        described["camera"][1]
    assert described["microphone"][0] is False and "CoreAudio cannot be loaded" in \
        described["microphone"][1]
    assert blockers.names == []
