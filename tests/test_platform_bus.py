"""nudge's jeepney transport (nudge.platform.bus) against real, private dbus-daemons: calls
from any thread, signals, exported objects with properties and introspection, a lost bus,
and an I/O thread that sleeps when nothing happens."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nudge.platform import bus_calls
from nudge.platform.bus import BusThread
from nudge.platform.bus_connection import BusGone, Signal
from nudge.platform.bus_objects import CallFailed, Interface, Method, MethodError

from desktop import DesktopSession, wait_for

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                                reason="needs dbus-daemon")
NAME = "io.github.nudge.BusTest"


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DesktopSession]:
    bus = DesktopSession(tmp_path)
    bus.env = {"PATH": "/usr/bin:/bin"}
    bus.start_bus()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.env["DBUS_SESSION_BUS_ADDRESS"])
    yield bus
    bus.close()


@pytest.fixture
def server() -> Iterator[BusThread]:
    side = BusThread()
    yield side
    side.close()


@pytest.fixture
def client() -> Iterator[BusThread]:
    side = BusThread()
    yield side
    side.close()


def counter_interface(state: dict[str, Any], clicks: list[int]) -> Interface:
    def add(a: int, b: int) -> tuple[int]:
        return (a + b,)

    def fail() -> tuple[()]:
        raise MethodError("org.freedesktop.DBus.Error.NotSupported", "not here")

    return Interface(
        "io.github.nudge.Counter",
        methods={"Add": Method("ii", "i", add), "Fail": Method("", "", fail),
                 "Click": Method("i", "", lambda n: clicks.append(n) or ())},
        properties={"Count": ("u", lambda: state["count"]),
                    "Pixmaps": ("a(iiay)", lambda: [(1, 1, b"\x01\x02\x03\x04")])},
        signals={"Changed": "u"})


def test_calls_properties_signals_and_introspection(session: DesktopSession,
                                                    server: BusThread, client: BusThread):
    state, clicks = {"count": 7}, []
    served = server.connection()
    served.exports.add("/Counter", counter_interface(state, clicks))
    bus_calls.request_name(served, NAME, 5)
    asking = client.connection()

    assert asking.call(NAME, "/Counter", "io.github.nudge.Counter", "Add", "ii", (2, 3), 5) \
        == (5,)
    assert bus_calls.get_property(asking, NAME, "/Counter", "io.github.nudge.Counter",
                                  "Count", 5) == 7
    (values,) = asking.call(NAME, "/Counter", bus_calls.PROPERTIES, "GetAll", "s",
                            ("io.github.nudge.Counter",), 5)
    assert values == {"Count": ("u", 7), "Pixmaps": ("a(iiay)", [(1, 1, b"\x01\x02\x03\x04")])}
    with pytest.raises(CallFailed) as failed:
        asking.call(NAME, "/Counter", "io.github.nudge.Counter", "Fail", timeout=5)
    assert failed.value.name == "org.freedesktop.DBus.Error.NotSupported"
    with pytest.raises(CallFailed) as unknown:
        asking.call(NAME, "/Nothing", "io.github.nudge.Counter", "Add", "ii", (1, 1), 5)
    assert unknown.value.name == "org.freedesktop.DBus.Error.UnknownObject"
    (xml,) = asking.call(NAME, "/Counter", "org.freedesktop.DBus.Introspectable", "Introspect",
                         timeout=5)
    assert '<method name="Add"><arg type="i" direction="in"/>' in xml
    assert '<property name="Pixmaps" type="a(iiay)" access="read"/>' in xml
    (root,) = asking.call(NAME, "/", "org.freedesktop.DBus.Introspectable", "Introspect",
                          timeout=5)
    assert '<node name="Counter"/>' in root

    # A call from the I/O thread itself goes through the Future, never blocking.
    results: list[Any] = []
    server.call_soon(lambda: served.call_async(NAME, "/Counter", "io.github.nudge.Counter",
                                               "Add", "ii", (1, 1)).add_done_callback(
        lambda done: results.append(done.result())))
    wait_for(lambda: results == [(2,)], what="a call made on the I/O thread")

    seen: list[Signal] = []
    asking.add_handler(seen.append)
    bus_calls.add_match(asking, bus_calls.signal_rule(NAME, "/Counter",
                                                      "io.github.nudge.Counter"), 5)
    owner = bus_calls.name_owner(asking, NAME, 5)
    served.emit("/Counter", "io.github.nudge.Counter", "Changed", "u", (8,))
    wait_for(lambda: any(s.member == "Changed" for s in seen), what="the signal")
    assert [(s.sender, s.body) for s in seen if s.member == "Changed"] == [(owner, (8,))]


def test_a_blocking_call_on_the_io_thread_is_refused(session: DesktopSession,
                                                     server: BusThread):
    connection = server.connection()
    errors: list[BaseException] = []

    def on_thread() -> None:
        try:
            bus_calls.name_owner(connection, NAME, 1)
        except RuntimeError as error:
            errors.append(error)

    server.call_soon(on_thread)
    wait_for(lambda: bool(errors), what="the refusal")


def test_a_call_times_out_and_a_lost_bus_fails_waiting_calls_then_reconnects(
        tmp_path: Path, session: DesktopSession, server: BusThread, client: BusThread,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):
    answered = threading.Event()
    hang = Interface("io.github.nudge.Hang", methods={
        "Hang": Method("", "", lambda: answered.wait() and ())})
    served = server.connection()
    served.exports.add("/Hang", hang)
    bus_calls.request_name(served, NAME, 5)
    asking = client.connection()
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        asking.call(NAME, "/Hang", "io.github.nudge.Hang", "Hang", timeout=0.3)
    assert time.monotonic() - started < 2
    answered.set()

    waiting = asking.call_async(NAME, "/Nowhere", "io.github.nudge.Hang", "Hang")
    session.processes["bus"].kill()
    session.processes["bus"].wait()
    with pytest.raises((BusGone, CallFailed)):
        waiting.result(5)
    wait_for(lambda: not client.connected(), what="the lost connection")
    assert "lost the D-Bus session bus" in caplog.text
    with pytest.raises(BusGone):
        asking.call_async(BUS := "org.freedesktop.DBus", "/", BUS, "Ping").result(1)

    # A new bus (a new session): the next use connects again.
    again = DesktopSession(tmp_path / "again")
    again.env = {"PATH": "/usr/bin:/bin"}
    again.start_bus()
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", again.env["DBUS_SESSION_BUS_ADDRESS"])
        assert bus_calls.name_owner(client.connection(), "org.freedesktop.DBus", 5) \
            == "org.freedesktop.DBus"
        assert client.connected()
    finally:
        again.close()


def test_the_io_thread_sleeps_when_idle(session: DesktopSession, server: BusThread):
    """No timers and nothing on the bus: the thread blocks in select, using no CPU."""
    served = server.connection()
    served.exports.add("/Counter", counter_interface({"count": 0}, []))
    bus_calls.bus_call(served, "GetId", timeout=5)  # the bus's greetings have come by now
    settled = threading.Event()
    server.call_soon(settled.set)
    assert settled.wait(5)
    thread = next(t for t in threading.enumerate() if t.name == "nudge-dbus")
    native = thread.native_id
    stat = Path(f"/proc/self/task/{native}/stat")
    before = _cpu_ticks(stat)
    ctx = Path(f"/proc/self/task/{native}/status")
    switches = _switches(ctx)
    time.sleep(1.0)  # real time on purpose: measuring that nothing happens in it
    assert _switches(ctx) - switches <= 1
    assert _cpu_ticks(stat) - before <= 1


def test_timers_run_on_the_io_thread_and_cancel(session: DesktopSession, server: BusThread):
    ran: list[str] = []
    done = threading.Event()
    cancelled = server.call_later(0.05, ran.append, "cancelled")
    server.call_later(0.1, lambda: (ran.append(threading.current_thread().name), done.set()))
    cancelled.cancel()
    assert done.wait(5)
    assert ran == ["nudge-dbus"]


def _cpu_ticks(stat: Path) -> int:
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _switches(status: Path) -> int:
    for line in status.read_text().splitlines():
        if line.startswith("voluntary_ctxt_switches"):
            return int(line.split()[1])
    raise AssertionError("no voluntary_ctxt_switches")
