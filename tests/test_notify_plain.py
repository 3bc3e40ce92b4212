"""The plain (plyer) notifier, the null one, and how build_notifier chooses without a desktop."""

from __future__ import annotations

import sys
import threading
import types
from concurrent.futures import Future

import pytest

import nudge.notify as notify
from nudge.commands import Command, Reply
from nudge.core.catalogue import Exercise, ExerciseKind, Where
from nudge.core.decisions import NudgeOffer
from nudge.notify import NullNotifier, PlainNotifier, build_notifier
from nudge.notify.texts import PLAIN_HINT

RISE = Exercise("glute_rise", "Glute-first chair rise", ("Squeeze first.", "Stand tall."), 5,
                ExerciseKind.RISE, Where.CHAIR)
OFFER = NudgeOffer("n1", RISE, 5, 1, (300.0, 600.0), 600.0)


def _plyer_that_raises(error: Exception) -> types.ModuleType:
    def fail(**_: object) -> None:
        raise error

    module = types.ModuleType("plyer")
    module.notification = types.SimpleNamespace(notify=fail)  # type: ignore[attr-defined]
    return module


def _no_submit(command: Command) -> Future[Reply]:
    raise AssertionError(f"nothing should be submitted, got {command}")


def test_plyer_not_implemented_in_a_plain_venv_is_reported_as_failure(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "plyer", _plyer_that_raises(NotImplementedError()))
    assert PlainNotifier().notify("title", "text") is False


def test_a_failed_plain_nudge_is_reported_not_delivered_from_the_worker_thread(
        monkeypatch: pytest.MonkeyPatch) -> None:
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
        monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_null_notifier_records_and_reports_each_nudge_pending() -> None:
    reported: list[tuple[str, bool]] = []
    null = NullNotifier(lambda nudge_id, ok: reported.append((nudge_id, ok)), "no way")
    null.show(OFFER)
    null.withdraw("n1")
    assert null.shown == [OFFER] and null.withdrawn == ["n1"]
    assert reported == [("n1", False)]


def test_without_a_desktop_backend_plyer_is_chosen_and_says_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "_desktop_check", lambda dbus: ("no bus here", ""))
    monkeypatch.setattr(notify, "plyer_reason", lambda: None)
    notifier, why = build_notifier(_no_submit, None)
    assert isinstance(notifier, PlainNotifier)
    assert "plyer" in why and "no bus here" in why
    notifier.close()


def test_with_neither_the_null_notifier_is_chosen_and_the_reason_names_both(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "_desktop_check", lambda dbus: ("no bus here", ""))
    monkeypatch.setattr(notify, "plyer_reason", lambda: "no notify-send")
    notifier, why = build_notifier(_no_submit, None)
    assert isinstance(notifier, NullNotifier)
    assert "no bus here" in why and "no notify-send" in why and "tray" in why


def test_without_a_session_bus_plain_notifications_are_chosen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nudge.dbus_loop import DbusLoop

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
