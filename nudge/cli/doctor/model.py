"""What every doctor probe shares: the `Check` line, the probe's context and small helpers.

Any thread: data and small pure helpers, used by the probe threads and the main thread."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nudge.i18n import N_, _
from nudge.paths import Paths
from nudge.platform.error_words import detail as say
from nudge.platform.probe import install_fix

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread

_PIP_NAMES = {"PIL": "pillow", "dbus_fast": "dbus-fast", "Xlib": "python-xlib",
              "gi": "PyGObject", "desktop_notifier": "desktop-notifier"}


# Translators: the names of the lines of `nudge doctor`, a word or two each.
SECTION_NAMES = {
    "nudge": N_("nudge"), "desktop": N_("desktop"), "ui": N_("ui"),
    "session bus": N_("session bus"), "tray": N_("tray"), "tray host": N_("tray host"),
    "notifications": N_("notifications"), "notification daemon": N_("notification daemon"),
    "activity": N_("activity"), "lock and suspend": N_("lock and suspend"),
    "blockers": N_("blockers"), "data": N_("data"), "config": N_("config"),
    "state": N_("state"), "logs": N_("logs"), "running": N_("running"),
    "autostart": N_("autostart"), "pictures": N_("pictures"),
    "picture font": N_("picture font"),
}


@dataclass(frozen=True)
class BlockerState:
    """One blocker in doctor's JSON, for programs (the settings window): its config name, its
    state in stable English ("works", "off", "not here") and the reason in the user's words."""

    name: str
    state: str
    reason: str


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # True works; False missing or broken (see fix); None: for information
    detail: str
    fix: str = ""
    notes: tuple[str, ...] = field(default=())  # extra lines, e.g. each activity source tried
    # The detail where no tray runs, for a line that says answers go to the tray ("": the same).
    # Doctor picks it by the tray line's result, never by matching words (they are translated).
    without_tray: str = ""
    terminal_mode: bool = False  # the "ui" line: nudge would run in terminal mode here
    blockers: tuple[BlockerState, ...] = ()  # the blockers line: each one, as JSON "blockers"
    # The detail and notes for `--json` where they differ: things named by their English ids
    # (the blockers), not the user's words (None: as shown).
    json_detail: str | None = None
    json_notes: tuple[str, ...] | None = None


@dataclass
class Context:
    paths: Paths
    env: Mapping[str, str]
    platform: str
    install: str  # "sudo apt install" or this distribution's equivalent
    dbus: BusThread | None = None  # on Linux


Probe = Callable[[Context], list[Check]]


def missing_module(section: str, error: ImportError, module: str) -> Check:
    if error.name == module:
        return Check(section, None, _("not available in this build (nudge runs in the terminal: "
                                      "`nudge run --ui terminal`)"))
    package = _PIP_NAMES.get((error.name or "").split(".")[0], error.name or "?")
    # Translators: {error} is Python's own words ("ModuleNotFoundError: No module named 'gi'").
    return Check(section, False, _("cannot load: {error}").format(error=say(error)),
                 install_fix(package))


