"""Activity sources: where idle time, screen lock and suspend come from on each desktop.

`pick_activity_source()` chooses the best one that works here and says why, listing every
candidate it considered (for `nudge doctor`). Every source implements
`nudge.app.ports.ActivitySource`; platform modules are imported only when tried.

Idle time, the first that works in `IDLE_SOURCES`: GNOME Mutter (session bus) → KDE ScreenSaver
(X11 only) → X11 MIT-SCREEN-SAVER (not under Wayland: XWayland sees only X11 windows' input) →
Wayland ext-idle-notify-v1 (or org_kde_kwin_idle, what sway 1.7 offers) → Windows → macOS →
none (all time counts as seated while unlocked).
Lock, inhibitors and resume on Linux come from logind (`logind.py`), combined with the idle
source by `CombinedActivitySource`; Windows and macOS sources report lock themselves.

`pick_activity_source` runs on the main thread at start (on a probe's thread in `nudge doctor`); the
source it returns is read on the engine thread.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nudge.activity.base import ActivityProbe, Capability, Probe
from nudge.activity.combined import CombinedActivitySource
from nudge.activity.null import NullActivitySource
from nudge.app.ports import ActivitySource
from nudge.i18n import N_, _
from nudge.platform.probe import PROBE_FAILED, attempt

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread

__all__ = ["Choice", "CombinedActivitySource", "NullActivitySource", "pick_activity_source"]
NO_IDLE_UNLOCKED = N_("no idle source works here: counting all time while the session is "
                      "unlocked as seated")
NO_IDLE_NO_LOCK = N_("no idle source works here: counting all time while nudge runs as seated "
                     "(no screen-lock information either)")


@dataclass(frozen=True)
class Choice:
    source: ActivitySource
    reason: str  # one line for `nudge doctor` and the log
    probes: tuple[ActivityProbe, ...] = ()  # every candidate considered, in order
    sees_idle: bool = True  # False: no idle source, all running (unlocked) time counts as seated
    sees_lock: bool = False  # a lock source is used: locked time does not count as seated

    @property
    def tried(self) -> list[tuple[str, str]]:
        """(candidate, why (not) used) for each candidate considered."""
        return [(probe.name, probe.said()) for probe in self.probes]

    def seated_note(self, terminal: bool) -> str | None:
        """Said once at start when nothing tells idle time apart (a headless terminal): the
        user then knows why the seated clock runs on while they are away, and what to do."""
        if self.sees_idle:
            return None
        if terminal:
            return _("No idle source here: every minute the screen is unlocked counts as "
                     "seated; press r when you have stood up, and p to pause while you are "
                     "away.") if self.sees_lock else \
                _("No idle source here: every minute nudge runs counts as seated; press r "
                  "when you have stood up, and p to pause while you are away.")
        return _("No idle source here: every minute the screen is unlocked counts as seated; "
                 "choose “I just did a glute-first rise” when you have stood up, and Pause "
                 "while you are away.") if self.sees_lock else \
            _("No idle source here: every minute nudge runs counts as seated; choose “I just "
              "did a glute-first rise” when you have stood up, and Pause while you are away.")


@dataclass(frozen=True)
class Here:
    """What a candidate's probe may use: the desktop's environment and the D-Bus loop."""

    env: Mapping[str, str]
    dbus: BusThread | None
    on_resume: Callable[[], None] | None = None

    def bus(self) -> BusThread:
        assert self.dbus is not None, "a candidate that needs D-Bus is only tried with it"
        return self.dbus


@dataclass(frozen=True)
class Candidate:
    """One activity source the picker may try: its probe, and what it needs to be tried."""

    name: str
    probe: Callable[[Here], ActivityProbe]
    needs_dbus: bool = False
    unix_only: bool = False  # not Windows or macOS (X11, Wayland)

    def try_here(self, here: Here) -> ActivityProbe:
        """Its probe, or why it cannot be tried here. Never raises."""
        if self.needs_dbus and here.dbus is None:
            return Probe.unavailable(self.name, _("no D-Bus on this platform"))
        if self.unix_only and sys.platform in ("win32", "darwin"):
            return Probe.unavailable(self.name, _("not used on {platform}").format(
                platform=sys.platform))
        # A probe that crashes is a source that cannot work here, not a crash of the app.
        return attempt(self.name, lambda: self.probe(here), crashed=PROBE_FAILED)


# Platform modules are imported only when tried; their `probe` is looked up then, too.
def _gnome(here: Here) -> ActivityProbe:
    from nudge.activity import gnome

    return gnome.probe(here.bus())


def _kde(here: Here) -> ActivityProbe:
    from nudge.activity import kde

    return kde.probe(here.bus(), here.env)


def _x11(here: Here) -> ActivityProbe:
    from nudge.activity import x11

    return x11.probe(here.env)


def _wayland(here: Here) -> ActivityProbe:
    from nudge.activity import wayland

    return wayland.probe(here.env)


def _windows(here: Here) -> ActivityProbe:
    from nudge.activity import windows

    return windows.probe()


def _macos(here: Here) -> ActivityProbe:
    from nudge.activity import macos

    return macos.probe()


def _logind(here: Here) -> ActivityProbe:
    from nudge.activity import logind

    return logind.probe(here.bus(), here.on_resume, here.env)


# Idle time: the first that works, in this order (see the module docstring for why).
IDLE_SOURCES = (
    Candidate("gnome", _gnome, needs_dbus=True),
    Candidate("kde", _kde, needs_dbus=True),
    Candidate("x11", _x11, unix_only=True),
    Candidate("wayland", _wayland, unix_only=True),
    Candidate("windows", _windows),
    Candidate("macos", _macos),
)
# Lock, inhibitors and resume, unless the idle source sees the lock itself.
LOCK_SOURCE = Candidate("logind", _logind, needs_dbus=True)


def pick_activity_source(on_resume: Callable[[], None] | None = None,
                         dbus: BusThread | None = None,
                         env: Mapping[str, str] | None = None) -> Choice:
    """The best activity source that works here. Never raises.

    `on_resume` is called on the nudge-dbus thread when logind reports a resume from suspend.
    `dbus` is the app's D-Bus loop; without one (on Linux) the picker makes its own, which the
    chosen source closes. `env` decides which desktop this is (default `os.environ`); the D-Bus
    bus addresses are still read from `os.environ` (jeepney).
    Call it on the main thread at start-up: it makes a few blocking probes (≤ 2 s each).
    """
    own_dbus: BusThread | None = None
    if dbus is None and sys.platform not in ("win32", "darwin"):
        from nudge.platform.bus import BusThread

        dbus = own_dbus = BusThread()
    here = Here(os.environ if env is None else env, dbus, on_resume)
    probes: list[ActivityProbe] = []
    idle: ActivityProbe | None = None
    for candidate in IDLE_SOURCES:
        found = candidate.try_here(here) if idle is None else \
            Probe.skipped(candidate.name, _("not tried: {source} came first").format(
                source=idle.name))
        probes.append(found)
        if idle is None and found.works:
            idle = found
    lock = _lock_probe(idle, here)
    probes.append(lock)
    used = [p for p in (idle, lock) if p is not None and p.works]
    if own_dbus is not None and not any(Capability.USES_DBUS in p.capabilities for p in used):
        own_dbus.close()
        own_dbus = None
    return _choice(idle, lock, probes, own_dbus.close if own_dbus is not None else None)


def _lock_probe(idle: ActivityProbe | None, here: Here) -> ActivityProbe:
    if idle is not None and Capability.SCREEN_LOCK in idle.capabilities:
        return Probe.skipped(LOCK_SOURCE.name, _(
            "not needed: {source} reports the lock itself").format(source=idle.name))
    return LOCK_SOURCE.try_here(here)


def _choice(idle: ActivityProbe | None, lock: ActivityProbe, probes: list[ActivityProbe],
            on_close: Callable[[], None] | None) -> Choice:
    """The chosen sources as one, with the reason; the null source when no idle source works."""
    lock_source = lock.adapter if lock.works else None
    if idle is None or idle.adapter is None:
        reason = _(NO_IDLE_UNLOCKED if lock_source is not None else NO_IDLE_NO_LOCK)
        null = NullActivitySource(reason)
        probes.append(Probe.used("none", null, reason))
        if lock_source is None:
            return Choice(null, reason, tuple(probes), sees_idle=False)
        return Choice(CombinedActivitySource(null, lock_source, on_close=on_close),
                      f"{reason}; {lock.reason}", tuple(probes), sees_idle=False,
                      sees_lock=True)
    reason = idle.reason + (f"; {lock.reason}" if lock_source is not None else "")
    source = CombinedActivitySource(idle.adapter, lock_source, on_close=on_close)
    return Choice(source, reason, tuple(probes),
                  sees_lock=lock_source is not None
                  or Capability.SCREEN_LOCK in idle.capabilities)
