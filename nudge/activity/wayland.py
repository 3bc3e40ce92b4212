"""Idle time from a Wayland compositor's ext-idle-notify-v1 protocol (pywayland).

Offered by wlroots 0.17+ compositors (Sway 1.8+, Hyprland, labwc, river…), KDE Plasma 6 and
others; not by GNOME (use the Mutter source there). The protocol is event-based: we ask for an
`idled` event after THRESHOLD_MS without input and a `resumed` event at the next input, and turn
that into idle seconds = now − (time the `idled` event arrived − the threshold).

Events are read on a small daemon thread ("nudge-wayland") that waits on the Wayland socket, so
the arrival time of `idled` is the real one even when nobody reads for minutes. We ask with
`get_idle_notification` (version 1), which honours idle inhibitors: while a video player holds
one, the compositor sends no `idled`, so that time counts as seated — the same rule the tracker
applies to inhibitors.

pywayland 0.4.19 ships manylinux_2_34 x86_64 wheels (libwayland bundled; needs cffi, also a
wheel): no compiler on glibc ≥ 2.34 x86_64. Elsewhere pip builds it from source (libwayland-dev
and a C compiler). Without it this source reports "needs pywayland".
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe, Unavailable
from nudge.app.ports import ActivityReading
from nudge.platform.probe import install_fix

log = logging.getLogger(__name__)
THRESHOLD_MS = 1000  # report idle after 1 s without input; shorter idle reads as 0
SETUP_TIMEOUT = 3.0  # seconds for the compositor to answer the registry round trips


class ExtIdleNotifySource:
    """Idle seconds from ext-idle-notify-v1 `idled`/`resumed` events.

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
            raise Unavailable(f"needs pywayland: {install_fix('pywayland')}, or install "
                              "nudge with its `wayland` extra") from None
        self._clock = clock
        self._lock = threading.Lock()
        self._idle_since: float | None = None
        self._failure: str | None = None
        self._closed = False
        self._globals: dict[str, tuple[int, int]] = {}
        self._display: Any = Display(display_name)
        try:
            self._display.connect()
        except ValueError:
            raise Unavailable(f"cannot connect to Wayland display {display_name}") from None
        try:
            self._notification = self._subscribe()
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
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1
        from pywayland.protocol.wayland import WlSeat

        registry = self._display.get_registry()
        registry.dispatcher["global"] = self._on_global
        self._roundtrip()
        if "ext_idle_notifier_v1" not in self._globals:
            raise Unavailable("the compositor does not offer ext-idle-notify-v1")
        if "wl_seat" not in self._globals:
            raise Unavailable("the compositor offers no seat (wl_seat)")
        notifier = registry.bind(self._globals["ext_idle_notifier_v1"][0], ExtIdleNotifierV1, 1)
        seat = registry.bind(self._globals["wl_seat"][0], WlSeat, 1)
        notification = notifier.get_idle_notification(THRESHOLD_MS, seat)
        notification.dispatcher["idled"] = self._on_idled
        notification.dispatcher["resumed"] = self._on_resumed
        self._roundtrip()
        return notification

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
                raise Unavailable("the Wayland compositor did not answer")
            try:
                self._display.dispatch(block=True)
            except RuntimeError as error:
                raise Unavailable(f"the Wayland connection failed: {error}") from None

    def _on_global(self, _registry: Any, name: int, interface: str, version: int) -> None:
        self._globals.setdefault(interface, (name, version))  # the first seat is the user's

    # -- events (nudge-wayland thread) ---------------------------------------------------
    def _on_idled(self, _notification: Any) -> None:
        with self._lock:
            self._idle_since = self._clock() - THRESHOLD_MS / 1000.0

    def _on_resumed(self, _notification: Any) -> None:
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
            log.warning("ext-idle-notify: Wayland connection lost: %s", error)


def probe(env: Mapping[str, str]) -> ActivityProbe:
    name = ExtIdleNotifySource.name
    display_name = env.get("WAYLAND_DISPLAY", "")
    if not display_name:
        return Probe.unavailable(name, "not a Wayland session ($WAYLAND_DISPLAY is not set)")
    if not os.path.isabs(display_name) and not env.get("XDG_RUNTIME_DIR"):
        return Probe.unavailable(name, "$XDG_RUNTIME_DIR is not set, so the Wayland socket "
                                       "cannot be found")
    try:
        source = ExtIdleNotifySource(_socket_path(display_name, env))
    except Unavailable as why:
        return Probe.unavailable(name, str(why))
    return Probe.used(name, source, f"Wayland ext-idle-notify-v1 on {display_name}",
                      frozenset({Capability.IDLE_TIME}))


def _socket_path(display_name: str, env: Mapping[str, str]) -> str:
    # libwayland resolves a relative name against its own process's $XDG_RUNTIME_DIR; resolve it
    # against the environment we were given instead, so a picker given `env` stays consistent.
    if os.path.isabs(display_name):
        return display_name
    return os.path.join(env["XDG_RUNTIME_DIR"], display_name)
