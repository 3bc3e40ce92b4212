"""Idle time from a Wayland compositor: ext-idle-notify-v1, or KDE's older org_kde_kwin_idle.

ext-idle-notify-v1 is offered by wlroots 0.17+ compositors (sway 1.8+, Hyprland, labwc, river…)
and KDE Plasma 5.27+; not by GNOME (use the Mutter source there). org_kde_kwin_idle is what sway
1.7 and other wlroots ≤ 0.16 compositors offer instead (KWin offers both). We prefer
ext-idle-notify-v1 when both are there (`choose_protocol`). Both are event-based and alike: we
ask for an idle event after THRESHOLD_MS without input and a `resumed` event at the next input,
and turn that into idle seconds = now − (time the idle event arrived − the threshold).

Events are read on a small daemon thread ("nudge-wayland") that waits on the Wayland socket, so
the arrival time of the idle event is the real one even when nobody reads for minutes. Both
honour idle inhibitors (ext's `get_idle_notification` by its spec; read, not tested here: sway
1.7 and KWin pause org_kde_kwin_idle timers while an inhibitor is held): while a video player
holds one, no idle event comes, so that time counts as seated — the same rule the tracker
applies to inhibitors.

pywayland 0.4.19 ships manylinux_2_34 x86_64 wheels (libwayland bundled; needs cffi, also a
wheel): no compiler on glibc ≥ 2.34 x86_64. Elsewhere pip builds it from source (libwayland-dev
and a C compiler). Without it this source reports "needs pywayland". pywayland does not ship
org_kde_kwin_idle: its binding is generated at packaging time (`wayland_protocols/`).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe, Unavailable
from nudge.app.ports import ActivityReading
from nudge.i18n import N_, _
from nudge.platform.probe import install_fix

log = logging.getLogger(__name__)
THRESHOLD_MS = 1000  # report idle after 1 s without input; shorter idle reads as 0
SETUP_TIMEOUT = 3.0  # seconds for the compositor to answer the registry round trips


@dataclass(frozen=True)
class IdleProtocol:
    """One Wayland idle protocol: its global, its name for people, and how to subscribe."""

    interface: str  # the global's interface name in the registry
    label: str  # for the log and `nudge doctor`
    idle_event: str  # the event sent after the timeout without input (`resumed` in both)
    subscribe: Callable[[Any, int, Any], Any]  # (registry, global name, seat) -> the timer


def _subscribe_ext(registry: Any, name: int, seat: Any) -> Any:
    from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1

    notifier = registry.bind(name, ExtIdleNotifierV1, 1)
    return notifier.get_idle_notification(THRESHOLD_MS, seat)


def _subscribe_kde(registry: Any, name: int, seat: Any) -> Any:
    from nudge.activity.wayland_protocols.idle import OrgKdeKwinIdle

    idle = registry.bind(name, OrgKdeKwinIdle, 1)
    return idle.get_idle_timeout(seat, THRESHOLD_MS)


EXT_IDLE_NOTIFY = IdleProtocol("ext_idle_notifier_v1", "ext-idle-notify-v1", "idled",
                               _subscribe_ext)
KDE_IDLE = IdleProtocol("org_kde_kwin_idle", "org_kde_kwin_idle", "idle", _subscribe_kde)
PROTOCOLS = (EXT_IDLE_NOTIFY, KDE_IDLE)  # the first one the compositor offers is used
NO_IDLE_PROTOCOL = N_("the compositor offers no idle protocol nudge speaks (neither "
                      "ext-idle-notify-v1 nor org_kde_kwin_idle), so it cannot say when you are "
                      "away")


def choose_protocol(offered: Collection[str]) -> IdleProtocol:
    """The idle protocol to speak with a compositor offering these globals: ext-idle-notify-v1
    when it is there (the standard one), else org_kde_kwin_idle; Unavailable if neither."""
    for protocol in PROTOCOLS:
        if protocol.interface in offered:
            return protocol
    raise Unavailable(_(NO_IDLE_PROTOCOL))


class WaylandIdleSource:
    """Idle seconds from ext-idle-notify-v1 or org_kde_kwin_idle idle/`resumed` events.

    Cost: event-driven — no request per read; one daemon thread blocked on the Wayland socket
    wakes once per idled/resumed transition. If the compositor goes away, reads raise OSError
    (the combined source then counts time as seated and logs it once).
    Thread: read() from any thread; all Wayland calls happen on nudge-wayland after start.
    """

    name = "wayland"

    def __init__(self, display_name: str, clock: Callable[[], float] = time.monotonic) -> None:
        try:
            from pywayland.client.display import Display
        except ImportError:
            raise Unavailable(_("needs pywayland: {fix}, or install nudge with its `wayland` "
                                "extra").format(fix=install_fix("pywayland"))) from None
        self._clock = clock
        self._lock = threading.Lock()
        self._idle_since: float | None = None
        self._failure: str | None = None
        self._closed = False
        self._globals: dict[str, tuple[int, int]] = {}
        self.protocol = EXT_IDLE_NOTIFY  # until the registry says which one is offered
        self._display: Any = Display(display_name)
        try:
            self._display.connect()
        except ValueError:
            raise Unavailable(_("cannot connect to Wayland display {display}").format(
                display=display_name)) from None
        try:
            self._timer = self._subscribe()
        except Exception:
            self._display.disconnect()
            raise
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="nudge-wayland", daemon=True)
        self._thread.start()

    # -- reading (any thread) ------------------------------------------------------------
    def read(self) -> ActivityReading:
        with self._lock:
            if self._failure is not None:
                raise OSError(self._failure)
            since = self._idle_since
        return ActivityReading(idle_seconds=0.0 if since is None
                               else max(0.0, self._clock() - since))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._thread.is_alive():
            os.write(self._wake_w, b"x")
            self._thread.join(2.0)
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        self._display.disconnect()

    # -- setup (caller's thread, before the event thread starts) -------------------------
    def _subscribe(self) -> Any:
        from pywayland.protocol.wayland import WlSeat

        registry = self._display.get_registry()
        registry.dispatcher["global"] = self._on_global
        self._roundtrip()
        self.protocol = choose_protocol(self._globals)
        if "wl_seat" not in self._globals:
            raise Unavailable(_("the compositor offers no seat (wl_seat)"))
        seat = registry.bind(self._globals["wl_seat"][0], WlSeat, 1)
        timer = self.protocol.subscribe(registry, self._globals[self.protocol.interface][0], seat)
        timer.dispatcher[self.protocol.idle_event] = self._on_idled
        timer.dispatcher["resumed"] = self._on_resumed
        self._roundtrip()
        return timer

    def _roundtrip(self) -> None:
        # wl_display_roundtrip would block forever on a compositor that never answers: send the
        # sync ourselves and wait for its `done` with a deadline.
        done: list[bool] = []
        callback = self._display.sync()
        callback.dispatcher["done"] = lambda *_: done.append(True)
        deadline = time.monotonic() + SETUP_TIMEOUT
        while not done:
            self._display.flush()
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._display.get_fd()], [], [], left)[0]:
                raise Unavailable(_("the Wayland compositor did not answer"))
            try:
                self._display.dispatch(block=True)
            except RuntimeError as error:
                raise Unavailable(_("the Wayland connection failed: {why}").format(
                    why=error)) from None

    def _on_global(self, _registry: Any, name: int, interface: str, version: int) -> None:
        self._globals.setdefault(interface, (name, version))  # the first seat is the user's

    # -- events (nudge-wayland thread) ---------------------------------------------------
    def _on_idled(self, _timer: Any) -> None:
        with self._lock:
            self._idle_since = self._clock() - THRESHOLD_MS / 1000.0

    def _on_resumed(self, _timer: Any) -> None:
        with self._lock:
            self._idle_since = None

    def _run(self) -> None:
        fd = self._display.get_fd()
        try:
            while True:
                self._display.flush()
                readable, _, _ = select.select([fd, self._wake_r], [], [])
                if self._wake_r in readable:
                    return
                self._display.dispatch(block=True)
        except Exception as error:
            with self._lock:
                self._failure = f"Wayland connection lost: {error}"
            log.warning("%s: Wayland connection lost: %s", self.protocol.label, error)


def probe(env: Mapping[str, str]) -> ActivityProbe:
    name = WaylandIdleSource.name
    display_name = env.get("WAYLAND_DISPLAY", "")
    if not display_name:
        return Probe.unavailable(name, _("not a Wayland session ($WAYLAND_DISPLAY is not "
                                         "set)"))
    if not os.path.isabs(display_name) and not env.get("XDG_RUNTIME_DIR"):
        return Probe.unavailable(name, _("$XDG_RUNTIME_DIR is not set, so the Wayland socket "
                                         "cannot be found"))
    try:
        source = WaylandIdleSource(_socket_path(display_name, env))
    except Unavailable as why:
        return Probe.unavailable(name, str(why))
    if source.protocol is EXT_IDLE_NOTIFY:
        # Translators: {protocol} names a Wayland protocol, {display} the Wayland display.
        reason = _("Wayland {protocol} on {display}").format(protocol=source.protocol.label,
                                                             display=display_name)
    else:
        reason = _("Wayland {protocol} on {display} (the compositor has no {better})").format(
            protocol=source.protocol.label, display=display_name, better=EXT_IDLE_NOTIFY.label)
    return Probe.used(name, source, reason, frozenset({Capability.IDLE_TIME}))


def _socket_path(display_name: str, env: Mapping[str, str]) -> str:
    # libwayland resolves a relative name against its own process's $XDG_RUNTIME_DIR; resolve it
    # against the environment we were given instead, so a picker given `env` stays consistent.
    if os.path.isabs(display_name):
        return display_name
    return os.path.join(env["XDG_RUNTIME_DIR"], display_name)
