"""Activity sources: where idle time, screen lock and suspend come from on each desktop.

`pick_activity_source()` chooses the best one that works here and says why, listing every
candidate it considered (for `nudge doctor`). Every source implements
`nudge.app.ports.ActivitySource`; platform modules are imported only when tried.

Idle time, first that works: GNOME Mutter (session bus) → KDE ScreenSaver (X11 only) → X11
MIT-SCREEN-SAVER (not under Wayland: XWayland sees only X11 windows' input) → Wayland
ext-idle-notify-v1 → Windows → macOS → none (all time counts as seated while unlocked).
Lock, inhibitors and resume on Linux come from logind (`logind.py`), combined with the idle
source by `CombinedActivitySource`; Windows and macOS sources report lock themselves.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nudge.activity.base import Probe, describe
from nudge.activity.combined import CombinedActivitySource
from nudge.activity.null import NullActivitySource
from nudge.app.ports import ActivitySource

if TYPE_CHECKING:
    from nudge.platform.dbus_loop import DbusLoop

__all__ = ["Choice", "CombinedActivitySource", "NullActivitySource", "pick_activity_source"]
log = logging.getLogger(__name__)
NO_IDLE_UNLOCKED = ("no idle source works here: counting all time while the session is "
                    "unlocked as seated")
NO_IDLE_NO_LOCK = ("no idle source works here: counting all time while nudge runs as seated "
                   "(no screen-lock information either)")
D_BUS_SOURCES = ("gnome", "kde", "logind")


@dataclass(frozen=True)
class Choice:
    source: ActivitySource
    reason: str  # one line for `nudge doctor` and the log
    tried: list[tuple[str, str]] = field(default_factory=list)  # (candidate, why (not) used)
    sees_idle: bool = True  # False: no idle source, all running (unlocked) time counts as seated

    def seated_note(self, terminal: bool) -> str | None:
        """Said once at start when nothing tells idle time apart (a headless terminal): the
        user then knows why the seated clock runs on while they are away, and what to do."""
        if self.sees_idle:
            return None
        while_ = "the screen is unlocked" if self.reason.startswith(NO_IDLE_UNLOCKED) \
            else "nudge runs"
        act = ("press r when you have stood up, and p to pause while you are away" if terminal
               else "choose “I just did a glute-first rise” when you have stood up, and Pause "
                    "while you are away")
        return f"No idle source here: every minute {while_} counts as seated; {act}."


def pick_activity_source(on_resume: Callable[[], None] | None = None,
                         dbus: DbusLoop | None = None,
                         env: Mapping[str, str] | None = None) -> Choice:
    """The best activity source that works here. Never raises.

    `on_resume` is called on the nudge-dbus thread when logind reports a resume from suspend.
    `dbus` is the app's D-Bus loop; without one (on Linux) the picker makes its own, which the
    chosen source closes. `env` decides which desktop this is (default `os.environ`); the D-Bus
    bus addresses are still read from `os.environ` by dbus-fast.
    Call it on the main thread at start-up: it makes a few blocking probes (≤ 2 s each).
    """
    env = os.environ if env is None else env
    own_dbus: DbusLoop | None = None
    if dbus is None and _has_dbus():
        from nudge.platform.dbus_loop import DbusLoop

        dbus = own_dbus = DbusLoop()
    tried: list[tuple[str, str]] = []
    idle: Probe | None = None
    for name, attempt in _idle_candidates(env, dbus):
        if idle is not None:
            tried.append((name, f"not tried: {idle.name} came first"))
            continue
        found = _safely(name, attempt)
        tried.append((name, f"used: {found.reason}" if found.source else found.reason))
        if found.source is not None:
            idle = found
    lock: Probe | None = None
    if idle is not None and idle.name in ("windows", "macos"):
        tried.append(("logind", f"not needed: {idle.name} reports the lock itself"))
    elif dbus is None:
        tried.append(("logind", "no D-Bus on this platform"))
    else:
        loop = dbus
        lock = _safely("logind", lambda: _probe_logind(loop, on_resume, env))
        tried.append(("logind", f"used: {lock.reason}" if lock.source else lock.reason))
        if lock.source is None:
            lock = None
    uses_dbus = lock is not None or (idle is not None and idle.name in D_BUS_SOURCES)
    if own_dbus is not None and not uses_dbus:
        own_dbus.close()
        own_dbus = None
    on_close = own_dbus.close if own_dbus is not None else None
    if idle is None:
        reason = NO_IDLE_UNLOCKED if lock is not None else NO_IDLE_NO_LOCK
        tried.append(("none", f"used: {reason}"))
        null = NullActivitySource(reason)
        if lock is None or lock.source is None:
            return Choice(null, reason, tried, sees_idle=False)
        source: ActivitySource = CombinedActivitySource(null, lock.source, on_close=on_close)
        return Choice(source, f"{reason}; {lock.reason}", tried, sees_idle=False)
    assert idle.source is not None
    reason = idle.reason + (f"; {lock.reason}" if lock is not None else "")
    source = CombinedActivitySource(idle.source, lock.source if lock else None,
                                    on_close=on_close)
    return Choice(source, reason, tried)


def _idle_candidates(env: Mapping[str, str], dbus: DbusLoop | None
                     ) -> Iterator[tuple[str, Callable[[], Probe]]]:
    def needs_dbus(name: str, attempt: Callable[[DbusLoop], Probe]) -> Callable[[], Probe]:
        if dbus is None:
            return lambda: Probe.failed(name, "no D-Bus on this platform")
        loop = dbus
        return lambda: attempt(loop)

    def unix_only(name: str, attempt: Callable[[], Probe]) -> Callable[[], Probe]:
        if sys.platform in ("win32", "darwin"):
            return lambda: Probe.failed(name, f"not used on {sys.platform}")
        return attempt

    def gnome(loop: DbusLoop) -> Probe:
        from nudge.activity import gnome

        return gnome.probe(loop)

    def kde(loop: DbusLoop) -> Probe:
        from nudge.activity import kde

        return kde.probe(loop, env)

    def x11() -> Probe:
        from nudge.activity import x11

        return x11.probe(env)

    def wayland() -> Probe:
        from nudge.activity import wayland

        return wayland.probe(env)

    def windows() -> Probe:
        from nudge.activity import windows

        return windows.probe()

    def macos() -> Probe:
        from nudge.activity import macos

        return macos.probe()

    yield "gnome", needs_dbus("gnome", gnome)
    yield "kde", needs_dbus("kde", kde)
    yield "x11", unix_only("x11", x11)
    yield "wayland", unix_only("wayland", wayland)
    yield "windows", windows
    yield "macos", macos


def _probe_logind(dbus: DbusLoop, on_resume: Callable[[], None] | None,
                  env: Mapping[str, str]) -> Probe:
    from nudge.activity import logind

    return logind.probe(dbus, on_resume, env)


def _safely(name: str, attempt: Callable[[], Probe]) -> Probe:
    """A probe that crashes is a source that cannot work here, not a crash of the app."""
    try:
        return attempt()
    except Exception as error:
        log.debug("activity source %s: probe crashed", name, exc_info=True)
        return Probe.failed(name, f"probe failed: {describe(error)}")


def _has_dbus() -> bool:
    return sys.platform not in ("win32", "darwin")
