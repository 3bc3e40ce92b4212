"""Camera and microphone in use, on Linux.

Camera: some process of this user holds a video device open: a link in `/proc/PID/fd` points
at a path matching `video_devices` ("/dev/video*"). /proc shows only our own processes' file
descriptors, which is where video calls run. A device held by another user's process (a
system service) is not seen; a program that keeps the device open without streaming (some
PipeWire set-ups do for a few seconds after a call) counts as in use.

Microphone: an app is recording: `pactl list source-outputs` (PulseAudio, or PipeWire through
pipewire-pulse) lists a capture stream that is not paused ("corked"), not reading a monitor
source (that records what the speakers play, as screen recorders do) and not a volume meter's
"Peak detect" stream (pavucontrol, GNOME Settings). Without pactl the microphone is unknown.

Checked on the engine thread (a probe's thread in `nudge doctor`), one check at a time.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nudge.blockers import _tools
from nudge.blockers.apps import linux_names
from nudge.blockers.base import CheckFailed, Unavailable
from nudge.i18n import N_, English, _

SCAN_SECONDS = 0.5  # give up a /proc scan after this (thousands of fds): "unknown"
C_LOCALE = {"LC_ALL": "C"}  # pactl translates its labels
PEAK_DETECT = "peak detect"


class CameraBlocker:
    """Blocks while a process of this user has a video device open.

    Cost: a glob of `video_devices`; only if a device exists, one pass over this user's
    processes' open files (one readlink each, ~4 µs: 20,000 open files took 90 ms here; cut
    off at `SCAN_SECONDS`). While a call goes on, the last holder is asked first, so repeated
    checks are cheap. Thread: any, one at a time.
    """

    name = "camera"

    def __init__(self, patterns: Sequence[str], proc: str = "/proc",
                 uid: int | None = None) -> None:
        self.patterns = tuple(patterns)
        self._proc = proc
        self._uid = os.getuid() if uid is None else uid
        self._last_holder: str | None = None  # asked first: a call holds the camera for long

    def check(self) -> str | None:
        devices = self.devices()
        if not devices:
            return None  # no camera plugged in: nothing to scan
        found = self._holder(devices)
        if found is None:
            return None
        path, pid = found
        names = linux_names(pid, self._proc)
        if names:
            # Translators: why a nudge waits; {device} is a file like /dev/video0, {app} a
            # program's name.
            return English(N_("the camera is in use ({device} by {app})"), device=path,
                           app=names[0])
        return English(N_("the camera is in use ({device})"), device=path)

    def devices(self) -> set[str]:
        """Every path matching the patterns, and where its symlinks lead (/dev/v4l/by-id/…)."""
        found: set[str] = set()
        for pattern in self.patterns:
            for path in glob.glob(pattern):
                found.add(path)
                found.add(os.path.realpath(path))
        return found

    def _holder(self, devices: set[str]) -> tuple[str, int] | None:
        if self._last_holder is not None:
            target = self._holding(self._last_holder, devices)
            if target is not None:
                return target, int(self._last_holder)
            self._last_holder = None
        deadline = time.monotonic() + SCAN_SECONDS
        try:
            entries = list(os.scandir(self._proc))
        except OSError as error:
            # Translators: {folder} is /proc; {error} why it cannot be listed.
            raise CheckFailed(English(N_("cannot list {folder}: {error}"), folder=self._proc,
                                      error=str(error))) from None
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid != self._uid:
                    continue  # other users' fds are not readable anyway
            except OSError:
                continue  # gone
            target = self._holding(entry.name, devices)
            if target is not None:
                self._last_holder = entry.name
                return target, int(entry.name)
            if time.monotonic() > deadline:
                raise CheckFailed(English(N_("looking for open video devices took over "
                                             "{seconds} s"), seconds=SCAN_SECONDS))
        return None

    def _holding(self, pid: str, devices: set[str]) -> str | None:
        """The device process `pid` has open, if any (one readlink per open file)."""
        folder = f"{self._proc}/{pid}/fd"
        try:
            fds = os.listdir(folder)
        except OSError:
            return None  # gone, or not ours
        for fd in fds:
            try:
                target = os.readlink(f"{folder}/{fd}")
            except OSError:
                continue
            if target in devices:
                return target
        return None


# -- microphone: pactl --------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceOutput:
    """One capture stream as `pactl list source-outputs` shows it."""

    source: str  # the index of the source it records from
    corked: bool
    app: str  # application.name, else the program's file name, else ""
    media: str  # media.name ("RecordStream", "Peak detect", …)


def parse_sources(text: str) -> dict[str, str]:
    """`pactl list sources short` → {index: name}."""
    sources: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip().isdigit():
            sources[parts[0].strip()] = parts[1].strip()
    return sources


def parse_source_outputs(text: str) -> list[SourceOutput]:
    """`pactl list source-outputs` (C locale, long form) → one SourceOutput per stream."""
    outputs: list[SourceOutput] = []
    block: dict[str, str] | None = None

    def finish() -> None:
        if block is not None:
            outputs.append(SourceOutput(
                source=block.get("Source", ""), corked=block.get("Corked", "no") == "yes",
                app=block.get("application.name") or block.get("application.process.binary")
                or "", media=block.get("media.name", "")))

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("Source Output #"):
            finish()
            block = {}
        elif block is None or not line:
            continue
        elif " = " in line and raw.startswith("\t\t"):  # a property: key = "value"
            key, _, value = line.partition(" = ")
            block.setdefault(key.strip(), _unquote(value))
        elif ":" in line and not raw.startswith("\t\t"):
            key, _, value = line.partition(":")
            block.setdefault(key.strip(), value.strip())
    finish()
    return outputs


def recording(outputs: Sequence[SourceOutput], sources: Mapping[str, str]) -> list[SourceOutput]:
    """The streams that mean "someone is talking into a microphone"."""
    return [o for o in outputs
            if not o.corked
            and not sources.get(o.source, "").endswith(".monitor")
            and o.media.strip().lower() != PEAK_DETECT]


class PactlMicrophoneBlocker:
    """Blocks while an app records from a microphone (PulseAudio or pipewire-pulse).

    Cost: two runs of `pactl` (a few ms each), each time-boxed to 1 s. Thread: any.
    """

    name = "microphone"

    def __init__(self, pactl: str, env: Mapping[str, str]) -> None:
        self._pactl = pactl
        self._env = env

    def check(self) -> str | None:
        outputs = parse_source_outputs(self._pactl_out("list", "source-outputs"))
        if not outputs:
            return None
        active = recording(outputs, parse_sources(self._pactl_out("list", "sources", "short")))
        if not active:
            return None
        apps = sorted({o.app for o in active if o.app})
        # Translators: why a nudge waits; {apps} lists programs' names.
        return English(N_("the microphone is in use ({apps})"), apps=", ".join(apps)) if apps \
            else English(N_("the microphone is in use"))

    def _pactl_out(self, *args: str) -> str:
        done = _tools.run_tool([self._pactl, *args], self._env, extra_env=C_LOCALE)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip()
            if "Connection" in said:  # "Connection failure: Connection refused" and the like
                # Translators: {error} is pactl's own words.
                raise CheckFailed(English(N_("no sound server answers pactl (PulseAudio or "
                                             "PipeWire): {error}"),
                                          error=said.splitlines()[0][:200]))
            # Translators: {command} is a pactl command line; {error} pactl's own words.
            raise CheckFailed(English(N_("{command} failed: {error}"),
                                      command=" ".join(["pactl", *args]), error=said[:200]))
        return done.stdout


def pactl_microphone(env: Mapping[str, str]) -> tuple[PactlMicrophoneBlocker, str]:
    pactl = _tools.find_tool("pactl", env)
    if pactl is None:
        raise Unavailable(_("pactl is not installed (package pulseaudio-utils), so the "
                            "microphone cannot be seen"))
    return (PactlMicrophoneBlocker(pactl, env),
            _("capture streams from pactl (PulseAudio or PipeWire)"))


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value
