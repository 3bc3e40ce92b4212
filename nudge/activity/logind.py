"""Screen lock, idle inhibitors and resume from suspend: logind on the system bus (Linux).

Event-driven: signals are cached on the nudge-dbus thread (nudge.platform.bus) and read() returns
the cache.
- Resume: `org.freedesktop.login1.Manager.PrepareForSleep(false)` sets a `resumed` flag that the
  next read() returns once, and calls `on_resume` (so the app can wake its engine loop and
  APScheduler, whose monotonic waits stop during suspend).
- Lock: our session's `Lock`/`Unlock` signals (a lock was asked for / lifted) and its
  `LockedHint` property (set by the screen locker: GNOME, KDE, light-locker…), whichever came
  last. Where logind has `LockedHint` (systemd 230+), a `Lock` request that no `LockedHint`
  confirms within `lock_confirm_s` is dropped: a locker that does not set the hint (swaylock,
  xscreensaver) never sends `Unlock` either, and the user would stay "away" until a restart;
  idle time then tells that they are away. `IdleHint` is deliberately not used: few desktops
  keep it right.
- Inhibitors: "idle" in the manager's `BlockInhibited` (systemd-inhibit --what=idle, some video
  players and call apps), and on GNOME `org.gnome.SessionManager.IsInhibited(8)` (8 = idle; this
  is where browsers' org.freedesktop.ScreenSaver.Inhibit calls end up on GNOME), re-asked on each
  InhibitorAdded/InhibitorRemoved signal. `BlockInhibited` is system wide: another user's idle
  inhibitor counts too. The freedesktop ScreenSaver API has no "is inhibited" query, so on other
  desktops (KDE, XFCE) a browser's inhibit is not seen here.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

from nudge.activity.base import ActivityProbe, Capability, Probe, Unavailable
from nudge.activity.dbus_signals import changed_property
from nudge.app.ports import ActivityReading
from nudge.i18n import _
from nudge.platform import bus_calls, error_words
from nudge.platform.bus import BusThread
from nudge.platform.bus_calls import BUS_NAME, PROPERTIES, is_owner_change, signal_rule
from nudge.platform.bus_connection import Connection, Signal
from nudge.platform.bus_objects import CallFailed

log = logging.getLogger(__name__)
LOGIN1 = "org.freedesktop.login1"
MANAGER_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
GNOME_SM = "org.gnome.SessionManager"
GNOME_SM_PATH = "/org/gnome/SessionManager"
GSM_INHIBIT_IDLE = 8  # GsmInhibitorFlag: 1 logout, 2 switch user, 4 suspend, 8 idle
START_TIMEOUT = 5.0  # seconds for all set-up calls together
LOCK_CONFIRM = 10.0  # seconds a Lock request waits for the locker to set LockedHint


class LogindActivitySource:
    """Lock, inhibit and resume state from logind (+ gnome-session inhibitors if present).

    Cost: event-driven — no D-Bus request per read; a few set-up calls, then one IsInhibited call
    per GNOME inhibitor change. read() reports idle 0 (it knows no idle time) and is meant to be
    combined with an idle source (`CombinedActivitySource`).
    Threads: read() from any thread; start() and close() not on nudge-dbus; signal handlers and
    `on_resume` run on nudge-dbus. Close it before the BusThread.
    """

    name = "logind"

    def __init__(self, dbus: BusThread, on_resume: Callable[[], None] | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self._dbus = dbus
        self._on_resume = on_resume
        self._env = os.environ if env is None else env
        self._state = threading.Lock()
        self._locked = False
        self._hint_known = False  # logind has LockedHint: a Lock request must be confirmed
        self._lock_requests = 0  # counts Lock/Unlock, so a late check sees a newer one
        self.lock_confirm_s = LOCK_CONFIRM
        self._idle_blocked = False
        self._gnome_inhibited = False
        self._resumed = False
        self._closed = False
        self._owners: dict[str, str] = {}  # well-known name -> unique name we accept signals from
        self._listening: list[tuple[Connection, Callable[[Signal], None]]] = []
        self._matches: list[tuple[Connection, str]] = []
        self._deadline = 0.0
        self.session_path: str | None = None
        self.notes: list[str] = []  # what is and is not tracked, for the reason line

    # -- reading (any thread) ------------------------------------------------------------
    def read(self) -> ActivityReading:
        with self._state:
            resumed, self._resumed = self._resumed, False
            return ActivityReading(idle_seconds=0.0, locked=self._locked,
                                   inhibited=self._idle_blocked or self._gnome_inhibited,
                                   resumed=resumed)

    def start(self) -> str:
        """Subscribe and read the current state; raise Unavailable (with a reason) if logind
        cannot be reached. Returns one line saying what is tracked. Not on nudge-dbus."""
        self._deadline = time.monotonic() + START_TIMEOUT
        try:
            return self._start()
        except Unavailable:
            self.close()
            raise
        except Exception as error:
            self.close()
            raise Unavailable(_("cannot reach logind on the system bus: {why}").format(
                why=error_words.reason(error))) from None

    def close(self) -> None:
        """Stop listening; the unsubscribe calls are sent, not waited for. Any thread."""
        if self._closed:
            return
        self._closed = True
        for connection, handler in self._listening:
            connection.remove_handler(handler)
        self._listening.clear()
        for connection, rule in self._matches:
            if connection.open:
                connection.call_async(BUS_NAME, bus_calls.BUS_PATH, BUS_NAME, "RemoveMatch", "s",
                                      (rule,))
        self._matches.clear()

    # -- set-up (the caller's thread, blocking with one deadline) -------------------------
    def _left(self) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no answer within {START_TIMEOUT:g} s")
        return left

    def _start(self) -> str:
        system = self._dbus.connection("system")
        owner = bus_calls.name_owner(system, LOGIN1, self._left())
        if owner is None:
            raise Unavailable(_("logind (org.freedesktop.login1) is not on the system bus"))
        self._owners[LOGIN1] = owner
        self._listen(system, self._on_system_signal)
        # Subscribe first, then read: a change racing the read arrives after it, in order.
        self._match(system, signal_rule(LOGIN1, MANAGER_PATH, MANAGER, "PrepareForSleep"))
        self._match(system, signal_rule(LOGIN1, MANAGER_PATH, PROPERTIES, "PropertiesChanged"))
        self._match(system, bus_calls.owner_changed_rule(LOGIN1))
        blocked = bus_calls.get_property(system, LOGIN1, MANAGER_PATH, MANAGER,
                                         "BlockInhibited", self._left())
        self._set_blocked(str(blocked))
        self.notes.append(_("resume and idle inhibitors from logind"))
        self.session_path = self._find_session(system)
        if self.session_path is None:
            self.notes.append(_("no logind session for this process, so screen lock is not "
                                "seen"))
        else:
            self._match(system, signal_rule(LOGIN1, self.session_path, SESSION))
            self._match(system, signal_rule(LOGIN1, self.session_path, PROPERTIES,
                                            "PropertiesChanged"))
            try:
                locked = bus_calls.get_property(system, LOGIN1, self.session_path, SESSION,
                                                "LockedHint", self._left())
                with self._state:
                    self._locked = bool(locked)
                    self._hint_known = True
            except CallFailed:  # systemd < 230 has no LockedHint: Lock/Unlock only
                pass
            self.notes.append(_("screen lock from logind session {session}").format(
                session=self.session_path))
        if self._watch_gnome():
            self.notes.append(_("GNOME session inhibitors"))
        return "; ".join(self.notes)

    def _find_session(self, system: Connection) -> str | None:
        asks: list[tuple[str, str, Any]] = [("GetSessionByPID", "u", os.getpid())]
        if self._env.get("XDG_SESSION_ID"):
            asks.append(("GetSession", "s", self._env["XDG_SESSION_ID"]))
        asks.append(("GetSession", "s", "auto"))  # systemd picks the user's display session
        for member, signature, argument in asks:
            try:
                reply = system.call(LOGIN1, MANAGER_PATH, MANAGER, member, signature,
                                    (argument,), self._left())
                return str(reply[0])
            except CallFailed as error:
                log.debug("logind %s(%r): %s", member, argument, error)
        return None

    def _watch_gnome(self) -> bool:
        try:
            session = self._dbus.connection("session")
            owner = bus_calls.name_owner(session, GNOME_SM, self._left())
        except Exception:
            return False
        if owner is None:
            return False
        self._owners[GNOME_SM] = owner
        self._listen(session, self._on_session_signal)
        self._match(session, signal_rule(GNOME_SM, GNOME_SM_PATH, GNOME_SM))
        self._ask_gnome(session).result(self._left())
        return True

    def _ask_gnome(self, session: Connection) -> Future[Any]:
        """IsInhibited(idle), its answer kept when it comes (on nudge-dbus). Any thread."""
        asked = session.call_async(GNOME_SM, GNOME_SM_PATH, GNOME_SM, "IsInhibited", "u",
                                   (GSM_INHIBIT_IDLE,))

        def answered(done: Future[tuple[Any, ...]]) -> None:
            if done.exception() is not None:
                log.debug("gnome-session IsInhibited failed: %s",
                          error_words.reason(done.exception()))  # type: ignore[arg-type]
                return
            with self._state:
                self._gnome_inhibited = bool(done.result()[0])

        asked.add_done_callback(answered)
        return asked

    def _listen(self, connection: Connection, handler: Callable[[Signal], None]) -> None:
        connection.add_handler(handler)
        self._listening.append((connection, handler))

    def _match(self, connection: Connection, rule: str) -> None:
        bus_calls.add_match(connection, rule, self._left())
        self._matches.append((connection, rule))

    # -- signals (nudge-dbus) ------------------------------------------------------------
    def _on_system_signal(self, signal: Signal) -> None:
        if self._closed:
            return
        if is_owner_change(signal, LOGIN1):
            self._owners[LOGIN1] = signal.body[2]  # logind restarted; sessions keep their paths
            return
        if signal.sender != self._owners.get(LOGIN1):
            return
        if signal.path == MANAGER_PATH:
            if signal.interface == MANAGER and signal.member == "PrepareForSleep":
                self._sleep(bool(signal.body[0]))
            elif changed_property(signal, MANAGER, "BlockInhibited") is not None:
                self._set_blocked(str(changed_property(signal, MANAGER, "BlockInhibited")))
        elif signal.path == self.session_path:
            if signal.interface == SESSION and signal.member in ("Lock", "Unlock"):
                with self._state:
                    self._locked = signal.member == "Lock"
                    self._lock_requests += 1
                    request, confirm = self._lock_requests, self._locked and self._hint_known
                if confirm:
                    self._dbus.call_later(self.lock_confirm_s, self._drop_unconfirmed_lock,
                                          request)
            elif changed_property(signal, SESSION, "LockedHint") is not None:
                with self._state:
                    self._locked = bool(changed_property(signal, SESSION, "LockedHint"))
                    self._lock_requests += 1  # the locker answered: no check pending applies

    def _drop_unconfirmed_lock(self, request: int) -> None:
        with self._state:
            if request == self._lock_requests and self._locked:
                self._locked = False
                log.info("logind: a lock request was not confirmed by the screen locker; "
                         "counting idle time instead")

    def _on_session_signal(self, signal: Signal) -> None:
        if self._closed:
            return
        if (signal.sender == self._owners.get(GNOME_SM) and signal.interface == GNOME_SM
                and signal.member in ("InhibitorAdded", "InhibitorRemoved")):
            try:
                self._ask_gnome(self._dbus.connection("session"))
            except Exception as error:
                log.debug("gnome-session: %s", error_words.reason(error))

    def _sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            log.info("logind: the system is going to sleep")
            return
        log.info("logind: resumed from sleep")
        with self._state:
            self._resumed = True
        if self._on_resume is not None:
            try:
                self._on_resume()
            except Exception:
                log.exception("the resume callback failed")

    def _set_blocked(self, block_inhibited: str) -> None:
        with self._state:
            self._idle_blocked = "idle" in block_inhibited.split(":")


def probe(dbus: BusThread, on_resume: Callable[[], None] | None,
          env: Mapping[str, str] | None = None) -> ActivityProbe:
    source = LogindActivitySource(dbus, on_resume, env)
    try:
        tracked = source.start()
    except Unavailable as why:
        return Probe.unavailable(source.name, str(why))
    sees = {Capability.INHIBITORS, Capability.RESUME, Capability.USES_DBUS}
    if source.session_path is not None:
        sees.add(Capability.SCREEN_LOCK)
    return Probe.used(source.name, source, tracked, frozenset(sees))
