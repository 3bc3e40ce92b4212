"""The plain (plyer) notifier, the null one, and how build_notifier chooses without a desktop."""

from __future__ import annotations

import logging
import shutil
import sys
import threading
import types
from concurrent.futures import Future
from pathlib import Path

import pytest
from pseudo_language import speaking_pseudo

import nudge.notify as notify
import nudge.notify.plain as plain_module
from nudge.app.commands import Command, Reply
from nudge.core.catalogue import Exercise, ExerciseKind, Where
from nudge.core.decisions import NudgeOffer
from nudge.i18n import shown
from nudge.notify import NullNotifier, PlainNotifier, build_notifier
from nudge.notify.texts import PLAIN_HINT

RISE = Exercise("glute_rise", "Glute-first chair rise", ("Squeeze first.", "Stand tall."), 5,
                ExerciseKind.RISE, Where.CHAIR)
__all__ = ["speaking_pseudo"]  # the fixture, used by name
OFFER = NudgeOffer("n1", RISE, 5, 1, (300.0, 600.0), 600.0)


def _plyer_that_raises(error: Exception) -> types.ModuleType:
    def fail(**_: object) -> None:
        raise error

    module = types.ModuleType("plyer")
    module.notification = types.SimpleNamespace(notify=fail)  # type: ignore[attr-defined]
    return module


def _no_submit(command: Command) -> Future[Reply]:
    raise AssertionError(f"nothing should be submitted, got {command}")


@pytest.fixture
def through_plyer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take plyer's own path even where nudge would run `notify-send` itself."""
    monkeypatch.setattr(plain_module, "notify_send_path", lambda: None)


def test_plyer_not_implemented_in_a_plain_venv_is_reported_as_failure(
        monkeypatch: pytest.MonkeyPatch, through_plyer: None) -> None:
    monkeypatch.setitem(sys.modules, "plyer", _plyer_that_raises(NotImplementedError()))
    assert PlainNotifier().notify("title", "text") is False


def test_a_failed_plain_nudge_is_reported_not_delivered_from_the_worker_thread(
        monkeypatch: pytest.MonkeyPatch, through_plyer: None) -> None:
    monkeypatch.setitem(sys.modules, "plyer", _plyer_that_raises(OSError("no display")))
    reported: list[tuple[str, bool, str]] = []
    done = threading.Event()

    def on_delivery(nudge_id: str, delivered: bool) -> None:
        reported.append((nudge_id, delivered, threading.current_thread().name))
        done.set()

    plain = PlainNotifier(on_delivery)
    plain.show(OFFER)  # returns at once; plyer runs on the worker
    assert done.wait(5)
    plain.close()
    assert reported[0][:2] == ("n1", False)
    assert reported[0][2].startswith("nudge-plain")


def test_a_plain_nudge_passes_title_and_cues_with_the_tray_hint(
        monkeypatch: pytest.MonkeyPatch, through_plyer: None) -> None:
    seen: list[dict[str, object]] = []
    module = types.ModuleType("plyer")
    module.notification = types.SimpleNamespace(  # type: ignore[attr-defined]
        notify=lambda **kwargs: seen.append(kwargs))
    monkeypatch.setitem(sys.modules, "plyer", module)
    assert PlainNotifier().notify(OFFER.title, "x") is True
    plain = PlainNotifier()
    done = threading.Event()
    plain.post(OFFER.title, "body\n" + PLAIN_HINT, then=lambda ok: done.set())
    assert done.wait(5)
    plain.close()
    assert seen[-1]["title"] == "Glute-first chair rise — 5 reps"
    assert seen[-1]["app_name"] == "nudge"


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("notify-send") is None,
                    reason="needs Linux and notify-send (libnotify-bin)")
def test_notify_send_without_a_bus_fails_in_one_log_line_and_nothing_on_stderr(
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setattr(plain_module.importlib.util, "find_spec",
                        lambda name, *a: None if name == "dbus" else _find_spec(name, *a))
    assert plain_module.notify_send_path() is not None  # the real notify-send runs
    caplog.set_level(logging.DEBUG, logger="nudge")
    plain = PlainNotifier()
    assert plain.notify(OFFER.title, "first") is False
    assert plain.notify(OFFER.title, "second") is False
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # notify-send's "Could not connect: …" was captured
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings  # once per outage, not per nudge
    assert warnings[0].startswith("plain notifications are failing: notify-send exited with 1: ")
    assert "\n" not in warnings[0] and not any(r.exc_info for r in caplog.records)


_find_spec = plain_module.importlib.util.find_spec


def test_null_notifier_records_and_reports_each_nudge_pending() -> None:
    reported: list[tuple[str, bool]] = []
    null = NullNotifier(lambda nudge_id, ok: reported.append((nudge_id, ok)), "no way")
    null.show(OFFER)
    null.withdraw("n1")
    assert null.shown == [OFFER] and null.withdrawn == ["n1"]
    assert reported == [("n1", False)]


def test_without_a_desktop_backend_plyer_is_chosen_and_says_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "_desktop_check", lambda dbus: ("no bus here", "", False, ""))
    monkeypatch.setattr(notify, "plyer_reason", lambda: None)
    notifier, why = build_notifier(_no_submit, None)
    assert isinstance(notifier, PlainNotifier)
    assert "plyer" in why and "no bus here" in why
    notifier.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus notifier's words")
def test_the_notifiers_reason_is_english_for_the_log_and_translated_when_shown(
        monkeypatch: pytest.MonkeyPatch, speaking_pseudo: None) -> None:
    monkeypatch.setattr(notify, "plyer_reason", lambda: None)
    notifier, why = build_notifier(_no_submit, None)
    notifier.close()
    assert why == ("plain notifications through plyer, answered from the tray (no D-Bus loop "
                   "to talk to the notification service)")  # as `notifier: plain (…)` logs it
    assert shown(why).startswith("⟦plain~~ notifications~~~~") and \
        "(⟦no~ D-Bus~ loop~~ to~ talk~~ to~" in shown(why), shown(why)


def test_with_neither_the_null_notifier_is_chosen_and_the_reason_names_both(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "_desktop_check", lambda dbus: ("no bus here", "", False, ""))
    monkeypatch.setattr(notify, "plyer_reason", lambda: "no notify-send")
    notifier, why = build_notifier(_no_submit, None)
    assert isinstance(notifier, NullNotifier)
    assert "no bus here" in why and "no notify-send" in why and "tray" in why


def test_without_a_session_bus_plain_notifications_are_chosen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from dbus_loop import DbusLoop

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setattr(notify, "plyer_reason", lambda: None)
    dbus = DbusLoop()
    try:
        notifier, why = build_notifier(_no_submit, dbus)
    finally:
        dbus.close()
    assert isinstance(notifier, PlainNotifier), why
    assert "no D-Bus session bus" in why
    notifier.close()


def test_an_undelivered_nudge_is_said_to_wait_where_it_really_does() -> None:
    from types import SimpleNamespace

    from dbus_loop import DbusLoop

    from nudge.app.front import where_it_waits
    from nudge.platform.probe import Capability
    from nudge.tray.backend import NullTray

    sni = SimpleNamespace(name="statusnotifier", has_menu=True, reason="",
                          capabilities=frozenset({Capability.MENU, Capability.USES_DBUS}))
    xembed = SimpleNamespace(name="pystray", has_menu=True, reason="",
                             capabilities=frozenset({Capability.MENU}))
    gone = DbusLoop()  # no open connection: as after the session bus went away
    up = SimpleNamespace(connected=lambda kind="session": True)
    assert where_it_waits(sni, up) == "the tray menu shows it"
    assert where_it_waits(xembed, gone) == "the tray menu shows it"  # X11, no bus needed
    assert where_it_waits(sni, gone) == ("the tray is gone with the session bus, so it waits "
                                         "in `nudge status` (`nudge log rise` records a rise)")
    assert where_it_waits(NullTray("no tray host"), None) == (
        "there is no tray menu (no tray host), so it waits in `nudge status` "
        "(`nudge log rise` records a rise)")
