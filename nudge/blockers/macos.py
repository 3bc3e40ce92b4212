"""Blockers on macOS: apps, camera and microphone work; the rest is documented as not
detectable here.

- apps: the process list from `ps -Ao comm=` (needs no permission).
- camera, microphone: best effort, through ctypes: a device "running somewhere" according to
  CoreMediaIO (cameras) or the CoreAudio HAL (devices with input streams); see
  `macos_devices` for the limits (it cannot name the app; untested on a real Mac).
- fullscreen: no public API says whether the front window is fullscreen without the
  Accessibility permission.
- do not disturb (Focus): its state is only in ~/Library/DoNotDisturb, which macOS protects
  (Full Disk Access); there is no public API.
- focused apps: needs AppKit (`NSWorkspace.frontmostApplication`, PyObjC), not a dependency.
- screen sharing: no public API.

Checked on the engine thread (a probe's thread in `nudge doctor`), one check at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nudge.blockers import _tools
from nudge.blockers.apps import AppsBlocker, ProcessNames, program_name
from nudge.blockers.base import BlockerProbe, CheckFailed, attempt
from nudge.blockers.macos_devices import (
    MediaDevices,
    load_coreaudio,
    load_coremediaio,
    mac_camera,
    mac_microphone,
)
from nudge.config.blocker_settings import SETTING_OF, BlockerSettings
from nudge.i18n import N_, English, _
from nudge.platform.probe import Probe

NOT_DETECTABLE = {  # marked: shown as _(why)
    "fullscreen": N_("not detectable on macOS without the Accessibility permission"),
    "do not disturb": N_("not detectable on macOS: Focus has no public API"),
    "focused apps": N_("not available on macOS (needs AppKit through PyObjC)"),
    "screen sharing": N_("not detectable on macOS: no public API"),
}


def ps_processes(env: Mapping[str, str]) -> list[ProcessNames]:
    """Program file names of every process, from `ps` (time-boxed)."""
    done = _tools.run_tool(["ps", "-Ao", "comm="], env)
    if done.returncode != 0:
        # Translators: {error} is the ps program's own words.
        raise CheckFailed(English(N_("ps failed: {error}"), error=done.stderr.strip()[:200]))
    return [(program_name(line.strip()),) for line in done.stdout.splitlines() if line.strip()]


def candidates(settings: BlockerSettings, env: Mapping[str, str], *,
               camera_devices: Callable[[], MediaDevices] = load_coremediaio,
               microphone_devices: Callable[[], MediaDevices] = load_coreaudio,
               ) -> list[BlockerProbe]:
    """The macOS blockers. The frameworks are loaded here, through the two loaders (tests pass
    fakes); one that cannot load leaves its blocker unbuilt, saying why."""
    found: list[BlockerProbe] = []
    for name, why in NOT_DETECTABLE.items():
        if getattr(settings, SETTING_OF[name]):
            found.append(Probe.unavailable(name, _(why)))
    if settings.apps:
        found.append(Probe.used("apps", AppsBlocker(settings.apps, lambda: ps_processes(env)),
                                _("running programs (ps): {apps}").format(
                                    apps=", ".join(settings.apps))))
    if settings.camera:
        found.append(attempt("camera", lambda: mac_camera(camera_devices)))
    if settings.microphone:
        found.append(attempt("microphone", lambda: mac_microphone(microphone_devices)))
    return found

