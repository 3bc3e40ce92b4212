"""Blockers on macOS: only `apps` works; the rest is documented as not detectable here.

- apps: the process list from `ps -Ao comm=` (needs no permission).
- fullscreen: no public API says whether the front window is fullscreen without the
  Accessibility permission.
- do not disturb (Focus): its state is only in ~/Library/DoNotDisturb, which macOS protects
  (Full Disk Access); there is no public API.
- camera, microphone: public CoreMediaIO / CoreAudio properties ("device is running
  somewhere") could answer this; not built yet because it could not be tested here.
- focused apps: needs AppKit (`NSWorkspace.frontmostApplication`, PyObjC), not a dependency.
- screen sharing: no public API.
"""

from __future__ import annotations

from collections.abc import Mapping

from nudge.blockers import _tools
from nudge.blockers.apps import AppsBlocker, ProcessNames, program_name
from nudge.blockers.base import Candidate, CheckFailed
from nudge.blockers.settings import BlockerSettings

NOT_DETECTABLE = {
    "fullscreen": "not detectable on macOS without the Accessibility permission",
    "do not disturb": "not detectable on macOS: Focus has no public API",
    "focused apps": "not available on macOS (needs AppKit through PyObjC)",
    "camera": "not available on macOS yet (CoreMediaIO could tell; untested, so not built)",
    "microphone": "not available on macOS yet (CoreAudio could tell; untested, so not built)",
    "screen sharing": "not detectable on macOS: no public API",
}
SETTING_OF = {"fullscreen": "fullscreen", "do not disturb": "do_not_disturb",
              "focused apps": "focused_apps", "camera": "camera", "microphone": "microphone",
              "screen sharing": "screen_sharing"}


def ps_processes(env: Mapping[str, str]) -> list[ProcessNames]:
    """Program file names of every process, from `ps` (time-boxed)."""
    done = _tools.run_tool(["ps", "-Ao", "comm="], env)
    if done.returncode != 0:
        raise CheckFailed(f"ps failed: {done.stderr.strip()[:200]}")
    return [(program_name(line.strip()),) for line in done.stdout.splitlines() if line.strip()]


def candidates(settings: BlockerSettings, env: Mapping[str, str]) -> list[Candidate]:
    found: list[Candidate] = []
    for name, why in NOT_DETECTABLE.items():
        if getattr(settings, SETTING_OF[name]):
            found.append(Candidate(name, None, why))
    if settings.apps:
        found.append(Candidate("apps", AppsBlocker(settings.apps, lambda: ps_processes(env)),
                               f"running programs (ps): {', '.join(settings.apps)}"))
    return found
