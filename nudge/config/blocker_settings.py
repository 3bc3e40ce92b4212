"""What the `[blockers]` config section decides: which "do not interrupt now" signals count.

Pure data (no imports beyond the standard library): `nudge.config` builds it from the file and
`nudge.blockers` reads it, so neither package imports the other's internals for it.

Any thread: pure data.
"""

from __future__ import annotations

from dataclasses import dataclass

# Each blocker's name (as doctor and the log say it) -> its setting in `BlockerSettings`.
SETTING_OF = {"fullscreen": "fullscreen", "focused apps": "focused_apps",
              "do not disturb": "do_not_disturb", "apps": "apps", "camera": "camera",
              "microphone": "microphone", "screen sharing": "screen_sharing"}


@dataclass(frozen=True)
class BlockerSettings:
    """Which blockers may defer a due nudge. Names are matched case-insensitively."""

    fullscreen: bool = True  # the focused window is fullscreen (video, game, slides)
    do_not_disturb: bool = True  # the desktop's own do-not-disturb / notifications paused
    camera: bool = True  # some process has a video device open
    microphone: bool = True  # some app is recording from a microphone
    screen_sharing: bool = True  # the screen is being cast (best effort, see the README)
    apps: tuple[str, ...] = ()  # process names that block while they run at all
    focused_apps: tuple[str, ...] = ()  # process names that block while their window has focus
    video_devices: tuple[str, ...] = ("/dev/video*",)  # glob patterns of camera device paths
