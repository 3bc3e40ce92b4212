"""Failed sends: one log line per outage, no traceback, the plain fallback used.

These use both notifiers with buttons (tests/notifiers.py) and the real desktop-notifier library
against a session bus address where nothing listens (the bus is gone), so the failure is the
transport's own, not a fake.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

import pytest
from desktop_notifier import DesktopNotifier as Library
from desktop_notifier import Notification
from notifiers import NOTIFIERS, both
from test_notify_desktop import OFFER, RecordingPlain
from waiting import wait_for

from nudge.app.commands import Command, Reply
from nudge.notify.failures import Outage, describe, quiet_library_log

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the D-Bus notification backend is Linux only")


@pytest.fixture
def no_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/gone-bus")


def _no_submit(command: Command) -> Future[Reply]:
    raise AssertionError(f"nothing should be submitted, got {command}")


def _loud(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@both
def test_with_the_bus_gone_each_nudge_falls_back_and_the_outage_is_logged_once(
        no_bus: None, caplog: pytest.LogCaptureFixture, notifier_kind: str) -> None:
    caplog.set_level(logging.DEBUG)
    delivered: list[tuple[str, bool]] = []
    plain = RecordingPlain()
    notifier = NOTIFIERS[notifier_kind](
        _no_submit, None, lambda i, ok: delivered.append((i, ok)), plain=plain,
        dispatch_timeout=5.0)
    try:
        for nudge_id in ("n1", "n2", "n3"):
            notifier.show(replace(OFFER, nudge_id=nudge_id))
            wait_for(lambda n=nudge_id: (n, False) in delivered, 5, f"{nudge_id} not delivered")
        notifier.message("Nudges resumed.")
        wait_for(lambda: len(plain.shown) == 4, 5, "the note through the plain fallback")
    finally:
        notifier.close()
    assert delivered == [("n1", False), ("n2", False), ("n3", False)]
    assert not [r for r in caplog.records if r.exc_info], "a traceback reached the log"
    assert not [r for r in caplog.records if r.name.startswith("desktop_notifier")]
    (warning,) = _loud(caplog)
    assert warning.getMessage().startswith(
        "desktop notifications are failing: the D-Bus session bus cannot be reached ("), \
        warning.getMessage()
    assert "\n" not in warning.getMessage()


def test_a_send_outside_nudge_is_one_debug_line_not_a_traceback(
        no_bus: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_library_log()
    asyncio.run(Library(app_name="nudge-test").send_notification(Notification("t", "m")))
    assert _loud(caplog) == [] and not [r for r in caplog.records if r.exc_info]
    assert any(r.getMessage().startswith("desktop-notifier: a send failed: the D-Bus session")
               for r in caplog.records)


def test_an_outage_warns_once_and_says_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="nudge")
    outage = Outage("desktop notifications", "nudges go to the plain fallback")
    outage.worked()  # nothing to say while all is well
    outage.failed("no notification service is on the session bus")
    outage.failed("no notification service is on the session bus")
    outage.worked()
    outage.failed("the notification service did not answer within 3 s")
    said = [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.INFO]
    assert said == [
        ("WARNING", "desktop notifications are failing: no notification service is on the "
                    "session bus; nudges go to the plain fallback until they work again "
                    "(logged once)"),
        ("INFO", "desktop notifications work again"),
        ("WARNING", "desktop notifications are failing: the notification service did not "
                    "answer within 3 s; nudges go to the plain fallback until they work "
                    "again (logged once)")]


@pytest.mark.parametrize(("error", "said"), [
    (ConnectionRefusedError(111, "Connection refused"),
     "the D-Bus session bus cannot be reached (ConnectionRefusedError: [Errno 111] "
     "Connection refused)"),
    (EOFError(), "the D-Bus session bus cannot be reached (EOFError)"),
    (RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: The name was not provided"),
     "no notification service is on the session bus"),
    (ValueError("first line\nsecond line"), "ValueError: first line"),
    (None, "no reason given")])
def test_describe_gives_one_line(error: BaseException | None, said: str) -> None:
    assert describe(error) == said
