"""Screen sharing, best effort: a screen-cast stream in the PipeWire graph (Linux).

On Wayland every screen share goes through xdg-desktop-portal, and the compositor (GNOME's
Mutter, KDE's KWin, xdg-desktop-portal-wlr) publishes the picture as a PipeWire stream node of
media class "Stream/Output/Video" ("meta-screen-cast-src" on GNOME), which is "running" while
someone watches it. `pw-dump` shows the graph. The portal itself has no API to list other apps'
sessions, so this is the one place a share is visible.

Not seen: screen sharing on X11 (apps read the screen straight from the X server; nothing
records that), and shares by apps that capture some other way. On KDE Plasma, its own
"do not disturb while screen sharing" option (on by default, read) also sets the
notifications' Inhibited flag, which the do-not-disturb blocker sees.

Checked on the engine thread (a probe's thread in `nudge doctor`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nudge.blockers import _tools
from nudge.blockers.base import CheckFailed, Unavailable
from nudge.i18n import N_, English, _

SCREEN_CAST_CLASS = "Stream/Output/Video"


def screen_casts(dump: Any) -> list[str]:
    """Names of the running screen-cast streams in a parsed `pw-dump` document."""
    found: list[str] = []
    if not isinstance(dump, list):
        return found
    for item in dump:
        if not isinstance(item, dict) or item.get("type") != "PipeWire:Interface:Node":
            continue
        info = item.get("info")
        if not isinstance(info, dict) or info.get("state") != "running":
            continue
        props = info.get("props")
        if not isinstance(props, dict) or props.get("media.class") != SCREEN_CAST_CLASS:
            continue
        name = props.get("application.name") or props.get("node.name") or \
            props.get("media.name") or ""
        found.append(str(name))
    return found


class PipeWireScreenShareBlocker:
    """Blocks while a screen-cast stream runs in PipeWire.

    Cost: one run of `pw-dump` (tens of ms on a busy graph), time-boxed to 1 s; asked last.
    Thread: any.
    """

    name = "screen sharing"

    def __init__(self, pw_dump: str, env: Mapping[str, str]) -> None:
        self._pw_dump = pw_dump
        self._env = env

    def check(self) -> str | None:
        done = _tools.run_tool([self._pw_dump], self._env)
        if done.returncode != 0:
            # Translators: {error} is pw-dump's own words.
            raise CheckFailed(English(N_("pw-dump failed: {error}"),
                                      error=done.stderr.strip()[:200]))
        try:
            dump = json.loads(done.stdout or "[]")
        except ValueError as error:
            raise CheckFailed(English(N_("pw-dump printed something that is not JSON: {error}"),
                                      error=str(error))) from None
        # Translators: why a nudge waits.
        return English(N_("the screen is being shared")) if screen_casts(dump) else None


def pipewire_screen_share(env: Mapping[str, str]) -> tuple[PipeWireScreenShareBlocker, str]:
    pw_dump = _tools.find_tool("pw-dump", env)
    if pw_dump is None:
        raise Unavailable(_("pw-dump is not installed (package pipewire-bin), so screen casts "
                            "cannot be seen"))
    return (PipeWireScreenShareBlocker(pw_dump, env),
            _("screen-cast streams in PipeWire (Wayland portals); sharing on X11 is not seen"))
