"""Camera and microphone in use, on macOS, through ctypes only (no PyObjC), best effort.

Both answers come from one documented property, read per device:

- camera: CoreMediaIO (the DAL) lists the video devices (`kCMIOHardwarePropertyDevices` on
  the system object); a device whose `kCMIODevicePropertyDeviceIsRunningSomewhere` is non-zero
  is in use.
- microphone: the CoreAudio HAL lists the audio devices (`kAudioHardwarePropertyDevices`); a
  device with input streams (`kAudioDevicePropertyStreams`, input scope) whose
  `kAudioDevicePropertyDeviceIsRunningSomewhere` is non-zero is in use.

Limits:
- The answer is "some process on this Mac runs the device". nudge itself never opens a camera
  or a microphone, so it is another app, but these properties cannot say which one.
- A device that records and plays at once (a USB headset or audio interface that macOS shows as
  one device) is "running" while it only plays sound, so music on it reads as the microphone
  in use.
- Virtual cameras behave as their plug-in makes them: some have been reported as running while
  no app used them (that holds nudges), others may not be listed.
- The DAL loads its plug-ins on the first call, so the first check may be slow. Device-list
  changes are announced through a run loop, which the engine thread does not run; whether a
  camera plugged in after start-up is then seen is untested.
- These are reads of device state, not of media; they are not expected to ask for the camera
  or microphone permission. Written against Apple's headers and not yet run on a real Mac: the
  tests run the ctypes layer against fake C functions.

The split follows `windows_devices`: `CoreAudio` and `CoreMediaIO` are the thin ctypes layer
(the frameworks are loaded only by `load_coreaudio` / `load_coremediaio`, on macOS, when the
blockers are built); `MacCameraBlocker` and `MacMicrophoneBlocker` are the pure logic over any
`MediaDevices`.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Protocol, TypeAlias

from nudge.blockers.base import CheckFailed, Unavailable
from nudge.i18n import N_, English, _

COREAUDIO = "/System/Library/Frameworks/CoreAudio.framework/CoreAudio"
COREMEDIAIO = "/System/Library/Frameworks/CoreMediaIO.framework/CoreMediaIO"


def fourcc(code: str) -> int:
    """A four-character code as Apple's headers mean it: 'gone' → 0x676F6E65 (big-endian)."""
    data = code.encode("ascii")
    if len(data) != 4:
        raise ValueError(f"a four-character code has four characters, not {code!r}")
    return int.from_bytes(data, "big")


def fourcc_text(value: int) -> str:
    """'!obj' for a value that spells four printable characters, else the number (-50)."""
    data = (value & 0xFFFFFFFF).to_bytes(4, "big")
    if all(32 <= byte < 127 for byte in data):
        return f"'{data.decode('ascii')}'"
    return str(value)


SYSTEM_OBJECT = 1  # kAudioObjectSystemObject, kCMIOObjectSystemObject
DEVICES = fourcc("dev#")  # kAudioHardwarePropertyDevices, kCMIOHardwarePropertyDevices
STREAMS = fourcc("stm#")  # kAudioDevicePropertyStreams
RUNNING_SOMEWHERE = fourcc("gone")  # k{Audio,CMIO}DevicePropertyDeviceIsRunningSomewhere
SCOPE_GLOBAL = fourcc("glob")  # kAudioObjectPropertyScopeGlobal, kCMIOObjectPropertyScopeGlobal
SCOPE_INPUT = fourcc("inpt")  # kAudioObjectPropertyScopeInput
ELEMENT_MAIN = 0  # kAudioObjectPropertyElementMain, kCMIOObjectPropertyElementMain
# The device went away between listing and asking (unplugged mid-check): not an error.
GONE = frozenset({fourcc("!obj"), fourcc("!dev")})  # k{Audio,CMIO}HardwareBad{Object,Device}Error
SPARE_IDS = 4  # room in the device-list buffer for devices plugged in between size and read


class PropertyAddress(ctypes.Structure):
    """AudioObjectPropertyAddress and CMIOObjectPropertyAddress (the same three UInt32s)."""

    _fields_ = [("mSelector", ctypes.c_uint32), ("mScope", ctypes.c_uint32),
                ("mElement", ctypes.c_uint32)]


Buffer: TypeAlias = "ctypes.Array[ctypes.c_uint32] | ctypes.c_uint32"  # what a read fills

# OSStatus (SInt32) f(ObjectID, const Address*, UInt32 qualifierSize, const void* qualifier, ...)
GET_SIZE = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_uint32, ctypes.POINTER(PropertyAddress),
                            ctypes.c_uint32, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32))
# CoreAudio: ..., UInt32* ioDataSize, void* outData
AUDIO_GET_DATA = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_uint32,
                                  ctypes.POINTER(PropertyAddress), ctypes.c_uint32,
                                  ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32),
                                  ctypes.c_void_p)
# CoreMediaIO: ..., UInt32 dataSize, UInt32* dataUsed, void* data
CMIO_GET_DATA = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_uint32,
                                 ctypes.POINTER(PropertyAddress), ctypes.c_uint32,
                                 ctypes.c_void_p, ctypes.c_uint32,
                                 ctypes.POINTER(ctypes.c_uint32), ctypes.c_void_p)


class OSStatusError(CheckFailed):
    """A property read returned a non-zero OSStatus."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class MediaDevices(Protocol):
    """What the blockers ask the OS. Any call may raise `OSStatusError`."""

    def devices(self) -> list[int]: ...

    def has_input(self, device: int) -> bool: ...

    def running_somewhere(self, device: int) -> bool: ...


# -- the ctypes layer ---------------------------------------------------------------------------
class _PropertyReader:
    """Reads the device list and UInt32 properties through one framework's C functions."""

    label = ""
    get_size_name = ""

    def __init__(self, get_size: Callable[..., int]) -> None:
        self._get_size = get_size

    def devices(self) -> list[int]:
        needed = self._size(SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL)
        buffer = (ctypes.c_uint32 * (needed // 4 + SPARE_IDS))()
        used = self._read(SYSTEM_OBJECT, DEVICES, SCOPE_GLOBAL, buffer)
        return list(buffer[:min(used, ctypes.sizeof(buffer)) // 4])

    def running_somewhere(self, device: int) -> bool:
        value = ctypes.c_uint32(0)
        self._read(device, RUNNING_SOMEWHERE, SCOPE_GLOBAL, value)
        return value.value != 0

    def _size(self, object_id: int, selector: int, scope: int) -> int:
        size = ctypes.c_uint32(0)
        status = self._get_size(object_id, ctypes.byref(_address(selector, scope)), 0, None,
                                ctypes.byref(size))
        self._raise_for(status, self.get_size_name, object_id, selector)
        return size.value

    def _read(self, object_id: int, selector: int, scope: int, into: Buffer) -> int:
        """Fill `into`; the number of bytes the framework wrote."""
        raise NotImplementedError

    def _raise_for(self, status: int, call: str, object_id: int, selector: int) -> None:
        if status != 0:
            raise OSStatusError(f"{self.label}: {call} {fourcc_text(selector)} of object "
                                f"{object_id} failed (OSStatus {fourcc_text(status)})", status)


class CoreAudio(_PropertyReader):
    """The CoreAudio HAL's AudioObjectGetPropertyData{,Size}."""

    label = "CoreAudio"
    get_size_name = "AudioObjectGetPropertyDataSize"

    def __init__(self, get_size: Callable[..., int], get_data: Callable[..., int]) -> None:
        super().__init__(get_size)
        self._get_data = get_data

    def has_input(self, device: int) -> bool:
        return self._size(device, STREAMS, SCOPE_INPUT) > 0

    def _read(self, object_id: int, selector: int, scope: int, into: Buffer) -> int:
        io_size = ctypes.c_uint32(ctypes.sizeof(into))  # in: the buffer's size; out: bytes used
        status = self._get_data(object_id, ctypes.byref(_address(selector, scope)), 0, None,
                                ctypes.byref(io_size), ctypes.byref(into))
        self._raise_for(status, "AudioObjectGetPropertyData", object_id, selector)
        return io_size.value


class CoreMediaIO(_PropertyReader):
    """The DAL's CMIOObjectGetPropertyData{,Size} (which takes the buffer size by value)."""

    label = "CoreMediaIO"
    get_size_name = "CMIOObjectGetPropertyDataSize"

    def __init__(self, get_size: Callable[..., int], get_data: Callable[..., int]) -> None:
        super().__init__(get_size)
        self._get_data = get_data

    def has_input(self, device: int) -> bool:
        return True  # every DAL device is a video source

    def _read(self, object_id: int, selector: int, scope: int, into: Buffer) -> int:
        used = ctypes.c_uint32(0)
        status = self._get_data(object_id, ctypes.byref(_address(selector, scope)), 0, None,
                                ctypes.sizeof(into), ctypes.byref(used), ctypes.byref(into))
        self._raise_for(status, "CMIOObjectGetPropertyData", object_id, selector)
        return used.value


def _address(selector: int, scope: int) -> PropertyAddress:
    return PropertyAddress(selector, scope, ELEMENT_MAIN)


def _framework(path: str, label: str) -> ctypes.CDLL:
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        # Translators: {framework} is a macOS framework (CoreAudio), {problem} why.
        raise Unavailable(_("{framework} cannot be loaded ({problem})").format(
            framework=label, problem=error)) from None


def load_coreaudio(path: str = COREAUDIO) -> CoreAudio:
    """Load CoreAudio and bind its two functions; `Unavailable` if that fails (not macOS)."""
    lib = _framework(path, "CoreAudio")
    try:
        return CoreAudio(GET_SIZE(("AudioObjectGetPropertyDataSize", lib)),
                         AUDIO_GET_DATA(("AudioObjectGetPropertyData", lib)))
    except AttributeError as error:
        raise Unavailable(_("{framework} lacks a function: {problem}").format(
            framework="CoreAudio", problem=error)) from None


def load_coremediaio(path: str = COREMEDIAIO) -> CoreMediaIO:
    """Load CoreMediaIO and bind its two functions; `Unavailable` if that fails (not macOS)."""
    lib = _framework(path, "CoreMediaIO")
    try:
        return CoreMediaIO(GET_SIZE(("CMIOObjectGetPropertyDataSize", lib)),
                           CMIO_GET_DATA(("CMIOObjectGetPropertyData", lib)))
    except AttributeError as error:
        raise Unavailable(_("{framework} lacks a function: {problem}").format(
            framework="CoreMediaIO", problem=error)) from None


# -- the blockers -------------------------------------------------------------------------------
class _DeviceInUseBlocker:
    """Blocks while some device with input is running in any process.

    Cost: one read of the device list, one read per device, and one more for each running
    device (its input streams); no media is touched. Thread: any one thread at a time.
    """

    name = ""
    in_use: English  # the reason, said when a device is in use

    def __init__(self, devices: MediaDevices) -> None:
        self._devices = devices

    def check(self) -> str | None:
        failed: OSStatusError | None = None
        for device in self._devices.devices():
            try:
                # Ask "running" first: it is one read, and most devices are idle.
                if self._devices.running_somewhere(device) and self._devices.has_input(device):
                    return self.in_use
            except OSStatusError as error:
                # Keep asking the other devices; report a failure only if none blocks.
                if error.status not in GONE and failed is None:
                    failed = error
        if failed is not None:
            raise failed
        return None


class MacCameraBlocker(_DeviceInUseBlocker):
    name = "camera"
    # Translators: why a nudge waits.
    in_use = English(N_("the camera is in use"))


class MacMicrophoneBlocker(_DeviceInUseBlocker):
    name = "microphone"
    # Translators: why a nudge waits.
    in_use = English(N_("the microphone is in use"))


def mac_camera(load: Callable[[], MediaDevices] = load_coremediaio,
               ) -> tuple[MacCameraBlocker, str]:
    return (MacCameraBlocker(load()),
            _("cameras running in any process (CoreMediaIO; best effort)"))


def mac_microphone(load: Callable[[], MediaDevices] = load_coreaudio,
                   ) -> tuple[MacMicrophoneBlocker, str]:
    return (MacMicrophoneBlocker(load()),
            _("audio input devices running in any process (CoreAudio; best effort)"))
