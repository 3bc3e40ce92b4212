"""Activity pieces that need no desktop: Windows tick arithmetic, platform modules on Linux,
the combined source's rules, and the picker with nothing to find."""

from __future__ import annotations

import importlib
import logging
import sys
from dataclasses import dataclass, field

import pytest

from nudge.activity import pick_activity_source
from nudge.activity.combined import CombinedActivitySource
from nudge.activity.null import NullActivitySource
from nudge.activity.windows import TICK_MODULUS, idle_ms_between
from nudge.app.ports import ActivityReading

NOWHERE = "unix:path=/nonexistent/nudge-test-bus"


@pytest.mark.parametrize(("tick_now", "last_input", "idle_ms"), [
    (1_000, 400, 600),                          # the plain case
    (5_000, 5_000, 0),                          # input this very millisecond
    (100, TICK_MODULUS - 50, 150),              # the 32-bit tick wrapped after the input
    (0, TICK_MODULUS - 1, 1),                   # … by exactly one tick
    (TICK_MODULUS - 1, 0, None),                # upper half: a race, not 49.7 days idle
    (400, 401, 0),                              # input landed between our two calls
    (2**31 - 1, 0, 2**31 - 1),                  # the longest idle we believe (24.8 days)
    (10_000 + 2**31, 10_000, 0),                # anything longer reads as a race
])
def test_windows_idle_is_taken_modulo_the_32_bit_tick(tick_now, last_input, idle_ms):
    expected = 0 if idle_ms is None else idle_ms
    assert idle_ms_between(tick_now, last_input) == expected


@pytest.mark.parametrize(("module", "platform_name"), [("windows", "Windows"),
                                                       ("macos", "macOS")])
def test_other_platform_modules_import_here_and_say_not_this_platform(module, platform_name):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("checks the behaviour on other platforms")
    loaded = importlib.import_module(f"nudge.activity.{module}")
    found = loaded.probe()
    assert found.source is None
    assert "not this platform" in found.reason and platform_name in found.reason


def test_wayland_without_pywayland_says_it_needs_it(monkeypatch, tmp_path):
    from nudge.activity import wayland

    # Import fails like a missing package; also for pywayland modules another test module
    # loaded at collection (the sway harness generates protocol bindings with pywayland).
    for name in [n for n in sys.modules if n == "pywayland" or n.startswith("pywayland.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "pywayland", None)
    monkeypatch.setitem(sys.modules, "pywayland.client", None)
    found = wayland.probe({"WAYLAND_DISPLAY": str(tmp_path / "wayland-9")})
    assert found.source is None and "needs pywayland" in found.reason


@dataclass
class ScriptedSource:
    name: str
    readings: list[ActivityReading | Exception] = field(default_factory=list)
    closed: bool = False

    def read(self) -> ActivityReading:
        next_one = self.readings.pop(0)
        if isinstance(next_one, Exception):
            raise next_one
        return next_one

    def close(self) -> None:
        self.closed = True


def test_combined_takes_idle_from_one_and_lock_inhibit_resume_from_the_other():
    idle = ScriptedSource("x11", [ActivityReading(42.0), ActivityReading(3.0)])
    lock = ScriptedSource("logind", [ActivityReading(0.0, locked=True, resumed=True),
                                     ActivityReading(0.0, inhibited=True)])
    combined = CombinedActivitySource(idle, lock)
    assert combined.name == "x11"
    assert combined.read() == ActivityReading(42.0, locked=True, resumed=True)
    assert combined.read() == ActivityReading(3.0, inhibited=True)
    combined.close()
    assert idle.closed and lock.closed


def test_combined_keeps_what_the_idle_source_knows_itself():
    idle = ScriptedSource("windows", [ActivityReading(5.0, locked=True)])
    lock = ScriptedSource("logind", [ActivityReading(0.0)])
    assert CombinedActivitySource(idle, lock).read() == ActivityReading(5.0, locked=True)


def test_a_failing_idle_source_counts_as_seated_logged_once_and_recovery_logged(caplog):
    idle = ScriptedSource("gnome", [OSError("shell restarting"), OSError("again"),
                                    ActivityReading(7.0)])
    lock = ScriptedSource("logind", [ActivityReading(0.0, locked=False)] * 3)
    combined = CombinedActivitySource(idle, lock)
    with caplog.at_level(logging.INFO, logger="nudge.activity"):
        readings = [combined.read() for _ in range(3)]
    assert [r.idle_seconds for r in readings] == [0.0, 0.0, 7.0]
    messages = [r.getMessage() for r in caplog.records]
    assert len([m for m in messages if "failed" in m]) == 1
    assert messages[-1] == "idle source gnome works again"


def test_combined_runs_its_on_close_once_after_closing_the_parts():
    order: list[str] = []
    idle = ScriptedSource("x11")
    combined = CombinedActivitySource(idle, None, on_close=lambda: order.append("loop"))
    combined.close()
    combined.close()
    assert idle.closed and order == ["loop"]


def test_picker_with_nothing_falls_back_to_null_and_says_why(monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE)
    choice = pick_activity_source(env={})
    assert isinstance(choice.source, NullActivitySource)
    assert choice.reason.startswith("no idle source works here")
    assert choice.source.read() == ActivityReading(0.0)
    names = [name for name, _ in choice.tried]
    assert names == ["gnome", "kde", "x11", "wayland", "windows", "macos", "logind", "none"]
    assert all(why for _, why in choice.tried)
    assert dict(choice.tried)["none"].startswith("used:")
    choice.source.close()


def test_picker_never_raises_when_a_probe_crashes(monkeypatch):
    from nudge.activity import x11

    def explode(env):
        raise RuntimeError("boom")

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE)
    monkeypatch.setattr(x11, "probe", explode)
    choice = pick_activity_source(env={"DISPLAY": ":77"})
    assert dict(choice.tried)["x11"] == "probe failed: boom"
    assert choice.source.name == "none"


def test_an_idle_source_that_sees_the_lock_itself_makes_logind_unneeded(monkeypatch):
    from nudge.activity import x11
    from nudge.platform.probe import Capability, Probe

    idle = ScriptedSource("x11", [ActivityReading(4.0, locked=True)])
    sees = frozenset({Capability.IDLE_TIME, Capability.SCREEN_LOCK})
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", NOWHERE)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", NOWHERE)
    monkeypatch.setattr(x11, "probe", lambda env: Probe.used("x11", idle, "scripted", sees))
    choice = pick_activity_source(env={"DISPLAY": ":77"})
    try:
        assert dict(choice.tried)["logind"] == "not needed: x11 reports the lock itself"
        assert choice.sees_idle and choice.sees_lock
        assert choice.source.read() == ActivityReading(4.0, locked=True)
    finally:
        choice.source.close()
    assert idle.closed


# -- Windows and macOS wiring, with their system libraries replaced by recording fakes. ------
# These check our ctypes calls and arithmetic on Linux; the real APIs are untested here.
class FakeFunction:
    def __init__(self, body):
        self.body = body
        self.calls: list[tuple] = []

    def __call__(self, *args):
        self.calls.append(args)
        return self.body(*args)


class FakeLibrary:
    def __init__(self, **functions):
        for name, body in functions.items():
            setattr(self, name, FakeFunction(body))


def test_windows_source_wiring_reads_idle_across_the_wrap_and_the_lock(monkeypatch):
    import ctypes

    from nudge.activity.windows import WindowsIdleSource

    state = {"last": TICK_MODULUS - 50, "tick": 100, "desktop": 0x44}

    def last_input(info_ref):
        info_ref._obj.dwTime = state["last"]
        return 1

    user32 = FakeLibrary(GetLastInputInfo=last_input,
                         OpenInputDesktop=lambda flags, inherit, access: state["desktop"],
                         CloseDesktop=lambda handle: 1)
    kernel32 = FakeLibrary(GetTickCount=lambda: state["tick"])
    monkeypatch.setattr(ctypes, "windll", FakeLibrary(), raising=False)
    ctypes.windll.user32, ctypes.windll.kernel32 = user32, kernel32  # type: ignore[attr-defined]
    source = WindowsIdleSource()
    assert source.read() == ActivityReading(idle_seconds=0.15, locked=False)
    assert user32.CloseDesktop.calls == [(0x44,)]  # the desktop handle is not leaked
    state["desktop"] = 0  # Winlogon's secure desktop: OpenInputDesktop fails
    assert source.read().locked is True


def test_macos_source_wiring_reads_idle_and_the_lock_key(monkeypatch):
    import ctypes

    from nudge.activity import macos

    values = {"locked": 0xB001}
    released: list[int] = []
    core_graphics = FakeLibrary(
        CGEventSourceSecondsSinceLastEventType=lambda state, kind: 12.5,
        CGSessionCopyCurrentDictionary=lambda: 0xD1C7)
    core_foundation = FakeLibrary(
        CFStringCreateWithCString=lambda allocator, text, encoding: 0xC0DE,
        CFDictionaryGetValue=lambda dictionary, key: values["locked"],
        CFGetTypeID=lambda value: 21, CFBooleanGetTypeID=lambda: 21,
        CFBooleanGetValue=lambda value: True, CFRelease=released.append)
    libraries = {macos.CORE_GRAPHICS: core_graphics, macos.CORE_FOUNDATION: core_foundation}
    monkeypatch.setattr(ctypes, "CDLL", lambda path: libraries[path])
    source = macos.MacIdleSource()
    assert source.read() == ActivityReading(idle_seconds=12.5, locked=True)
    sample = core_graphics.CGEventSourceSecondsSinceLastEventType.calls[0]
    assert sample == (macos.HID_SYSTEM_STATE, macos.ANY_INPUT_EVENT) == (1, 0xFFFFFFFF)
    assert core_foundation.CFDictionaryGetValue.calls[0] == (0xD1C7, 0xC0DE)
    values["locked"] = 0  # unlocked: the key is absent
    assert source.read().locked is False
    assert released == [0xD1C7, 0xD1C7]  # each copied dictionary is released
    source.close()
    assert released[-1] == 0xC0DE


def test_without_an_idle_source_the_start_note_says_all_time_counts_as_seated():
    from nudge.activity import NO_IDLE_NO_LOCK, NO_IDLE_UNLOCKED, Choice, NullActivitySource

    headless = Choice(NullActivitySource(), NO_IDLE_NO_LOCK, sees_idle=False)
    assert headless.seated_note(terminal=True) == (
        "No idle source here: every minute nudge runs counts as seated; press r when you "
        "have stood up, and p to pause while you are away.")
    locked = Choice(NullActivitySource(), f"{NO_IDLE_UNLOCKED}; logind", sees_idle=False,
                    sees_lock=True)
    assert "every minute the screen is unlocked counts" in locked.seated_note(terminal=False)
    assert "“I just did a glute-first rise”" in locked.seated_note(terminal=False)
    assert Choice(NullActivitySource(), "x11 idle").seated_note(terminal=True) is None
