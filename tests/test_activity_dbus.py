"""D-Bus activity sources against service doubles on real, private dbus-daemons.

The doubles (GNOME's idle monitor, KDE's screen saver, logind, gnome-session) are exported
with dbus-fast on their own connection and thread; the sources under test talk to them through
a fresh `DbusLoop` like the app does. "System bus" here is a second private dbus-daemon that
`DBUS_SYSTEM_BUS_ADDRESS` points at.
"""

# No `from __future__ import annotations` here: dbus-fast reads the D-Bus signatures from the
# annotations of the service methods below ('t', 'b', …).

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from dbus_fast import DBusError, PropertyAccess
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, dbus_property, method, signal
from dbus_loop import DbusLoop

from nudge.activity import Choice, gnome, kde, logind, pick_activity_source
from nudge.activity.combined import CombinedActivitySource

from desktop import DesktopSession, wait_for

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                                reason="needs dbus-daemon")
NOWHERE = "unix:path=/nonexistent/nudge-test-bus"
SESSION_PATH = "/org/freedesktop/login1/session/_37"


# -- plumbing ------------------------------------------------------------------------------
class Services:
    """Exports service doubles from their own thread, like separate processes would."""

    def __init__(self) -> None:
        self.loop = DbusLoop()
        self.buses: list[Any] = []

    def export(self, address: str, name: str | None, objects: dict[str, ServiceInterface]
               ) -> Any:
        async def connect() -> Any:
            bus = await MessageBus(bus_address=address).connect()
            for path, interface in objects.items():
                bus.export(path, interface)
            if name is not None:
                await bus.request_name(name)
            return bus

        bus = self.loop.run(connect())
        self.buses.append(bus)
        return bus

    def on_loop(self, action: Callable[[], object]) -> None:
        """Emit signals from the services' own thread, as dbus-fast expects."""
        async def go() -> None:
            action()

        self.loop.run(go())

    def disconnect(self, bus: Any) -> None:
        self.loop.loop.call_soon_threadsafe(bus.disconnect)

    def close(self) -> None:
        for bus in self.buses:
            self.loop.loop.call_soon_threadsafe(bus.disconnect)
        self.loop.close()


def start_bus(root: Path) -> DesktopSession:
    bus = DesktopSession(root)
    bus.env = {"PATH": "/usr/bin:/bin"}
    bus.start_bus()
    return bus


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    bus = start_bus(tmp_path / "session")
    address = bus.env["DBUS_SESSION_BUS_ADDRESS"]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE)  # never the machine's real logind
    yield address
    bus.close()


@pytest.fixture
def system_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    bus = start_bus(tmp_path / "system")
    address = bus.env["DBUS_SESSION_BUS_ADDRESS"]
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
    yield address
    bus.close()


@pytest.fixture
def services() -> Iterator[Services]:
    side = Services()
    yield side
    side.close()


@pytest.fixture
def dbus() -> Iterator[DbusLoop]:
    loop = DbusLoop()
    yield loop
    loop.close()


# -- doubles -------------------------------------------------------------------------------
class FakeMutterIdleMonitor(ServiceInterface):
    def __init__(self, idle_ms: int) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.idle_ms = idle_ms

    @method()
    def GetIdletime(self) -> "t":  # noqa: F821 - D-Bus signatures, not names
        return self.idle_ms


class FakeKdeScreenSaver(ServiceInterface):
    def __init__(self, idle_ms: int | None) -> None:
        super().__init__("org.freedesktop.ScreenSaver")
        self.idle_ms = idle_ms  # None: answer like KDE on Wayland

    @method()
    def GetSessionIdleTime(self) -> "u":  # noqa: F821
        if self.idle_ms is None:
            raise DBusError("org.freedesktop.DBus.Error.NotSupported",
                            "GetSessionIdleTime is not supported on this platform")
        return self.idle_ms


class FakeLoginManager(ServiceInterface):
    def __init__(self, block_inhibited: str = "handle-lid-switch:sleep") -> None:
        super().__init__("org.freedesktop.login1.Manager")
        self.block_inhibited = block_inhibited
        self.asked: list[tuple[str, object]] = []

    @method()
    def GetSessionByPID(self, pid: "u") -> "o":  # noqa: F821
        self.asked.append(("GetSessionByPID", pid))
        # As for an app started by a systemd user service: not in any session.
        raise DBusError("org.freedesktop.login1.NoSessionForPID",
                        "PID does not belong to any known session")

    @method()
    def GetSession(self, session_id: "s") -> "o":  # noqa: F821
        self.asked.append(("GetSession", session_id))
        if session_id != "37":
            raise DBusError("org.freedesktop.login1.NoSuchSession", "No such session")
        return SESSION_PATH

    @signal()
    def PrepareForSleep(self, start: bool) -> "b":  # noqa: F821
        return start

    @dbus_property(access=PropertyAccess.READ)
    def BlockInhibited(self) -> "s":  # noqa: F821
        return self.block_inhibited

    def set_block_inhibited(self, value: str) -> None:
        self.block_inhibited = value
        self.emit_properties_changed({"BlockInhibited": value})


class FakeLoginSession(ServiceInterface):
    def __init__(self, locked_hint: bool = False) -> None:
        super().__init__("org.freedesktop.login1.Session")
        self.locked_hint = locked_hint

    @signal()
    def Lock(self) -> None:
        pass

    @signal()
    def Unlock(self) -> None:
        pass

    @dbus_property(access=PropertyAccess.READ)
    def LockedHint(self) -> "b":  # noqa: F821
        return self.locked_hint

    def set_locked_hint(self, value: bool) -> None:
        self.locked_hint = value
        self.emit_properties_changed({"LockedHint": value})


class FakeGnomeSessionManager(ServiceInterface):
    def __init__(self) -> None:
        super().__init__("org.gnome.SessionManager")
        self.flags = 0  # OR of the inhibitors' GsmInhibitorFlag values

    @method()
    def IsInhibited(self, flags: "u") -> "b":  # noqa: F821
        return bool(self.flags & flags)

    @signal()
    def InhibitorAdded(self, inhibitor: str) -> "o":  # noqa: F821
        return inhibitor

    @signal()
    def InhibitorRemoved(self, inhibitor: str) -> "o":  # noqa: F821
        return inhibitor


def start_logind(services: Services, address: str, *, block: str = "handle-lid-switch",
                 locked_hint: bool = False) -> tuple[FakeLoginManager, FakeLoginSession]:
    manager, session = FakeLoginManager(block), FakeLoginSession(locked_hint)
    services.export(address, "org.freedesktop.login1",
                    {"/org/freedesktop/login1": manager, SESSION_PATH: session})
    return manager, session


# -- GNOME ---------------------------------------------------------------------------------
def test_gnome_source_reads_mutter_idle_milliseconds_as_seconds(session_bus, services, dbus):
    monitor = FakeMutterIdleMonitor(4321)
    services.export(session_bus, "org.gnome.Mutter.IdleMonitor",
                    {"/org/gnome/Mutter/IdleMonitor/Core": monitor})
    found = gnome.probe(dbus)
    assert found.source is not None, found.reason
    assert found.source.read().idle_seconds == pytest.approx(4.321)
    monitor.idle_ms = 15
    assert found.source.read().idle_seconds == pytest.approx(0.015)


def test_gnome_is_unavailable_when_mutter_is_not_on_the_bus(session_bus, dbus):
    found = gnome.probe(dbus)
    assert found.source is None
    assert "not on the session bus" in found.reason


def test_when_gnome_shell_goes_away_reads_count_as_seated_and_it_is_logged_once(
        session_bus, services, dbus, caplog):
    bus = services.export(session_bus, "org.gnome.Mutter.IdleMonitor",
                          {"/org/gnome/Mutter/IdleMonitor/Core": FakeMutterIdleMonitor(9000)})
    found = gnome.probe(dbus)
    assert found.source is not None
    combined = CombinedActivitySource(found.source, None)
    assert combined.read().idle_seconds == pytest.approx(9.0)
    services.disconnect(bus)
    wait_for(lambda: not dbus.run(_has_owner(dbus, "org.gnome.Mutter.IdleMonitor")),
             what="the idle monitor to leave the bus")
    with caplog.at_level(logging.WARNING, logger="nudge.activity"):
        readings = [combined.read() for _ in range(3)]
    assert [r.idle_seconds for r in readings] == [0.0, 0.0, 0.0]
    assert len([r for r in caplog.records if "failed" in r.getMessage()]) == 1


async def _has_owner(dbus: DbusLoop, name: str) -> bool:
    import dbus_calls as _dbus

    return await _dbus.name_owner(await dbus.bus("session"), name) is not None


# -- KDE -----------------------------------------------------------------------------------
KDE_X11 = {"XDG_CURRENT_DESKTOP": "KDE", "XDG_SESSION_TYPE": "x11", "DISPLAY": ":99"}


def test_kde_source_reads_session_idle_time_on_x11(session_bus, services, dbus):
    services.export(session_bus, "org.freedesktop.ScreenSaver",
                    {"/org/freedesktop/ScreenSaver": FakeKdeScreenSaver(2500)})
    found = kde.probe(dbus, KDE_X11)
    assert found.source is not None, found.reason
    assert found.source.read().idle_seconds == pytest.approx(2.5)


def test_kde_answering_not_supported_makes_it_unavailable_with_a_reason(
        session_bus, services, dbus):
    services.export(session_bus, "org.freedesktop.ScreenSaver",
                    {"/org/freedesktop/ScreenSaver": FakeKdeScreenSaver(None)})
    found = kde.probe(dbus, KDE_X11)
    assert found.source is None
    assert "not supported" in found.reason and "Wayland" in found.reason


def test_kde_is_not_asked_outside_kde_or_on_wayland(session_bus, dbus):
    assert "not a KDE session" in kde.probe(dbus, {"XDG_CURRENT_DESKTOP": "XFCE"}).reason
    wayland = {"XDG_CURRENT_DESKTOP": "KDE", "WAYLAND_DISPLAY": "wayland-0"}
    assert "Wayland" in kde.probe(dbus, wayland).reason


# -- logind --------------------------------------------------------------------------------
def test_logind_reports_lock_inhibit_and_resume_once(session_bus, system_bus, services, dbus):
    manager, session = start_logind(services, system_bus)
    resumes: list[str] = []
    source = logind.LogindActivitySource(dbus, on_resume=lambda: resumes.append("woke"),
                                         env={"XDG_SESSION_ID": "37"})
    tracked = source.start()
    try:
        assert source.session_path == SESSION_PATH
        assert manager.asked[0][0] == "GetSessionByPID"  # tried first, then $XDG_SESSION_ID
        assert ("GetSession", "37") in manager.asked
        assert "screen lock" in tracked and "resume" in tracked
        assert source.read() == logind.ActivityReading(0.0)

        services.on_loop(session.Lock)
        wait_for(lambda: source.read().locked, what="locked after Lock")
        services.on_loop(session.Unlock)
        wait_for(lambda: not source.read().locked, what="unlocked after Unlock")
        services.on_loop(lambda: session.set_locked_hint(True))
        wait_for(lambda: source.read().locked, what="locked after LockedHint")
        services.on_loop(lambda: session.set_locked_hint(False))
        wait_for(lambda: not source.read().locked, what="unlocked after LockedHint")

        services.on_loop(lambda: manager.set_block_inhibited("sleep:idle:handle-lid-switch"))
        wait_for(lambda: source.read().inhibited, what="inhibited after an idle inhibitor")
        services.on_loop(lambda: manager.set_block_inhibited("sleep"))
        wait_for(lambda: not source.read().inhibited, what="an idle inhibitor released")

        services.on_loop(lambda: manager.PrepareForSleep(True))
        services.on_loop(lambda: manager.PrepareForSleep(False))
        wait_for(lambda: resumes, what="on_resume")
        assert resumes == ["woke"]
        assert source.read().resumed is True
        assert source.read().resumed is False  # reported once
    finally:
        source.close()


def test_a_lock_request_no_locker_confirms_is_dropped_a_confirmed_one_kept(
        session_bus, system_bus, services, dbus):
    _, session = start_logind(services, system_bus)
    source = logind.LogindActivitySource(dbus, env={"XDG_SESSION_ID": "37"})
    source.lock_confirm_s = 0.3
    source.start()
    try:
        # `loginctl lock-session` under swaylock: Lock, then neither LockedHint nor Unlock.
        # The user used to stay "away" (no nudges, no sitting time) until nudge restarted.
        services.on_loop(session.Lock)
        wait_for(lambda: source.read().locked, what="locked after Lock")
        wait_for(lambda: not source.read().locked, what="an unconfirmed lock dropped")

        # GNOME, KDE: the locker sets LockedHint; locked until it clears it, however long.
        services.on_loop(session.Lock)
        services.on_loop(lambda: session.set_locked_hint(True))
        wait_for(lambda: source.read().locked, what="locked after Lock and LockedHint")
        time.sleep(3 * source.lock_confirm_s)  # real time: past the check, which must not fire
        assert source.read().locked
        services.on_loop(lambda: session.set_locked_hint(False))
        wait_for(lambda: not source.read().locked, what="unlocked after LockedHint")
    finally:
        source.close()


def test_logind_reads_the_state_it_starts_in(session_bus, system_bus, services, dbus):
    start_logind(services, system_bus, block="idle", locked_hint=True)
    source = logind.LogindActivitySource(dbus, env={"XDG_SESSION_ID": "37"})
    source.start()
    try:
        reading = source.read()
        assert reading.locked and reading.inhibited and not reading.resumed
    finally:
        source.close()


def test_logind_ignores_lookalike_signals_from_other_connections(
        session_bus, system_bus, services, dbus):
    start_logind(services, system_bus)
    impostor = FakeLoginSession()
    services.export(system_bus, None, {SESSION_PATH: impostor})
    resumes: list[str] = []
    source = logind.LogindActivitySource(dbus, on_resume=lambda: resumes.append("woke"),
                                         env={"XDG_SESSION_ID": "37"})
    source.start()
    try:
        services.on_loop(impostor.Lock)
        services.on_loop(lambda: impostor.set_locked_hint(True))
        # A round trip to the real (fake) logind: anything sent before it has been handled.
        services.on_loop(lambda: None)
        assert dbus.run(_ping_logind(dbus)) == SESSION_PATH
        assert source.read().locked is False
    finally:
        source.close()


async def _ping_logind(dbus: DbusLoop) -> str:
    import dbus_calls as _dbus

    reply = await _dbus.call(await dbus.bus("system"), "org.freedesktop.login1",
                             "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                             "GetSession", "s", ["37"])
    return str(reply[0])


def test_gnome_session_idle_inhibitors_count_as_inhibited(session_bus, system_bus, services,
                                                          dbus):
    start_logind(services, system_bus)
    gsm = FakeGnomeSessionManager()
    services.export(session_bus, "org.gnome.SessionManager", {"/org/gnome/SessionManager": gsm})
    source = logind.LogindActivitySource(dbus, env={"XDG_SESSION_ID": "37"})
    assert "GNOME session inhibitors" in source.start()
    try:
        assert source.read().inhibited is False
        gsm.flags = 4  # a suspend inhibitor only: not idle
        services.on_loop(lambda: gsm.InhibitorAdded("/org/gnome/SessionManager/Inhibitor1"))
        gsm.flags = 4 | 8  # a video player: idle
        services.on_loop(lambda: gsm.InhibitorAdded("/org/gnome/SessionManager/Inhibitor2"))
        wait_for(lambda: source.read().inhibited, what="GNOME idle inhibitor")
        gsm.flags = 4
        services.on_loop(lambda: gsm.InhibitorRemoved("/org/gnome/SessionManager/Inhibitor2"))
        wait_for(lambda: not source.read().inhibited, what="GNOME idle inhibitor removed")
    finally:
        source.close()


def test_logind_is_unavailable_with_a_reason_without_a_system_bus(session_bus, dbus):
    found = logind.probe(dbus, None, {})
    assert found.source is None
    assert "system bus" in found.reason


# -- the picker with D-Bus -----------------------------------------------------------------
def close_choice(choice: Choice) -> None:
    choice.source.close()


def test_picker_prefers_gnome_when_mutter_is_on_the_bus(session_bus, services, dbus):
    services.export(session_bus, "org.gnome.Mutter.IdleMonitor",
                    {"/org/gnome/Mutter/IdleMonitor/Core": FakeMutterIdleMonitor(1200)})
    choice = pick_activity_source(dbus=dbus, env={"XDG_CURRENT_DESKTOP": "GNOME"})
    try:
        assert choice.source.name == "gnome"
        assert choice.source.read().idle_seconds == pytest.approx(1.2)
        tried = dict(choice.tried)
        assert tried["gnome"].startswith("used:")
        assert tried["x11"].startswith("not tried")
        assert "system bus" in tried["logind"]
    finally:
        close_choice(choice)


def test_picker_combines_gnome_idle_with_logind_lock(session_bus, system_bus, services, dbus):
    services.export(session_bus, "org.gnome.Mutter.IdleMonitor",
                    {"/org/gnome/Mutter/IdleMonitor/Core": FakeMutterIdleMonitor(700)})
    _, session = start_logind(services, system_bus)
    resumes: list[str] = []
    choice = pick_activity_source(on_resume=lambda: resumes.append("woke"), dbus=dbus,
                                  env={"XDG_SESSION_ID": "37"})
    try:
        assert choice.source.name == "gnome"
        assert isinstance(choice.source, CombinedActivitySource)
        assert choice.source.lock_source is not None
        assert choice.source.lock_source.name == "logind"
        assert "GNOME" in choice.reason and "screen lock" in choice.reason
        services.on_loop(session.Lock)
        wait_for(lambda: choice.source.read().locked, what="lock through the combined source")
        assert choice.source.read().idle_seconds == pytest.approx(0.7)
    finally:
        close_choice(choice)


def test_picker_skips_kde_on_wayland_and_says_why(session_bus, services, dbus):
    services.export(session_bus, "org.freedesktop.ScreenSaver",
                    {"/org/freedesktop/ScreenSaver": FakeKdeScreenSaver(None)})
    # KDE on Wayland, but nudge was started without $WAYLAND_DISPLAY (e.g. by a user service).
    choice = pick_activity_source(dbus=dbus, env={"XDG_CURRENT_DESKTOP": "KDE"})
    try:
        assert choice.source.name == "none"
        assert "not supported" in dict(choice.tried)["kde"]
    finally:
        close_choice(choice)


def test_picker_with_logind_but_no_idle_source_counts_unlocked_time(
        session_bus, system_bus, services, dbus):
    _, session = start_logind(services, system_bus)
    choice = pick_activity_source(dbus=dbus, env={"XDG_SESSION_ID": "37"})
    try:
        assert choice.source.name == "none"
        assert choice.reason.startswith("no idle source works here: counting all time while "
                                        "the session is unlocked as seated")
        services.on_loop(session.Lock)
        wait_for(lambda: choice.source.read().locked, what="lock without an idle source")
    finally:
        close_choice(choice)


def test_picker_makes_and_closes_its_own_dbus_loop_when_given_none(session_bus, system_bus,
                                                                   services):
    start_logind(services, system_bus)
    choice = pick_activity_source(env={"XDG_SESSION_ID": "37"})
    assert choice.source.name == "none"
    combined = choice.source
    assert isinstance(combined, CombinedActivitySource)
    assert combined.lock_source is not None
    thread = combined.lock_source._dbus._thread  # type: ignore[attr-defined]
    assert thread is not None and thread.is_alive()
    choice.source.close()
    wait_for(lambda: not thread.is_alive(), what="the picker's own D-Bus thread to stop")
