"""The notifiers with buttons against a real dunst on a private session bus (tests/desktop.py):
the Linux one and, where it behaves the same, the Windows/macOS one (tests/notifiers.py).

Buttons are pressed through dunst's own context menu, dismissals and clicks through `dunstctl`,
and what dunst showed is read back from `dunstctl count` / `history`. Waits poll real processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from dbus_loop import DbusLoop
from notifiers import FDO, NOTIFIERS, AnyNotifier, both, fdo_only

from nudge.app.commands import AnswerNudge, Command, Reply
from nudge.config.exercise_files import load_catalogue
from nudge.config.exercise_pictures import picture_file
from nudge.core.catalogue import ExerciseKind
from nudge.core.decisions import Answer, NudgeOffer
from nudge.notify import DesktopNotifier, PlainNotifier, build_notifier
from nudge.notify.notifications import picture_for
from nudge.notify.texts import PLAIN_HINT

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop test tools missing: {missing_tools()}")

RISE = load_catalogue(None).catalogue.first_of_kind(ExerciseKind.RISE)
OFFER = NudgeOffer("n1", RISE, 5, 1, (300.0, 600.0, 1200.0), 600.0)
TITLE = "Glute-first chair rise — 5 reps"
REPLIES = {Answer.DONE: "Saved: 5 reps. Nice work.", Answer.SNOOZE: "Snoozed until 10:40.",
           Answer.SKIP: "Skipped. The next nudge comes later."}


class RecordingPlain(PlainNotifier):
    """The plyer fallback, recorded instead of shown (plyer itself is tested separately)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, text: str, timeout: int = 10) -> bool:
        self.shown.append((title, text))
        return True


@dataclass
class Rig:
    session: DesktopSession
    dbus: DbusLoop
    notifier: AnyNotifier
    plain: RecordingPlain
    sent: list[Command] = field(default_factory=list)
    delivered: list[tuple[str, bool]] = field(default_factory=list)

    def submit(self, command: Command) -> Future[Reply]:
        """Stands in for the engine: records the answer and replies as the engine would."""
        self.sent.append(command)
        future: Future[Reply] = Future()
        assert isinstance(command, AnswerNudge)
        future.set_result(Reply(True, REPLIES[command.answer]))
        return future

    def displayed(self) -> int:
        return int(self.session.dunstctl("count", "displayed").stdout.strip() or 0)

    def history(self) -> list[dict[str, Any]]:
        """Closed notifications, newest first: summary, body, appname, timeout (µs)."""
        doc = json.loads(self.session.dunstctl("history").stdout)
        return [{k: v["data"] for k, v in entry.items()} for entry in doc["data"][0]]

    def offered_buttons(self) -> list[str]:
        return self.session.offered_buttons()

    def press(self, label: str) -> None:
        """Press a button through dunst and wait until the notifier submitted the answer."""
        before = len(self.sent)
        self.session.press_button(label, pressed=lambda: len(self.sent) > before)

    def settle(self) -> None:
        """Wait until the notifier's thread has run the calls handed to it so far (for
        desktop-notifier: not the tasks those calls started on its loop, which may still run)."""
        handled = threading.Event()
        self.notifier._post(handled.set)
        assert handled.wait(5), "the notifier's thread is stuck"

    def wait_delivered(self, nudge_id: str, ok: bool = True, timeout: float = 5) -> None:
        wait_for(lambda: (nudge_id, ok) in self.delivered, timeout, f"delivery of {nudge_id}")

    def wait_displayed(self, count: int) -> None:
        wait_for(lambda: self.displayed() == count, 5, f"{count} popup(s) on screen")

    @contextlib.contextmanager
    def frozen_daemon(self) -> Iterator[None]:
        """dunst stopped (SIGSTOP) inside the block: on the bus, answering nothing."""
        dunst = self.session.processes["dunst"]
        os.kill(dunst.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(dunst.pid, signal.SIGCONT)


@pytest.fixture
def activation() -> bool:
    """Whether the rig's bus may start dunst by itself (overridden by a parametrized test)."""
    return False


@pytest.fixture
def notifier_kind() -> str:
    """Which notifier the rig builds: the Linux one unless a test says `@both` (notifiers.py)."""
    return FDO


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, activation: bool,
        notifier_kind: str) -> Iterator[Rig]:
    root = tmp_path / "desktop"
    root.mkdir()
    session = DesktopSession(root)
    dbus = DbusLoop()
    notifier: AnyNotifier | None = None
    try:
        session.start_x()
        session.start_bus(activation=activation)
        session.start_dunst()
        # The code under test connects lazily, so the environment must point at this session
        # before the DbusLoop or desktop-notifier opens a connection.
        for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):
            monkeypatch.setenv(name, session.env[name])
        plain = RecordingPlain()
        rig = Rig(session, dbus, None, plain)  # type: ignore[arg-type]
        notifier = NOTIFIERS[notifier_kind](
            rig.submit, dbus, lambda i, ok: rig.delivered.append((i, ok)), plain=plain,
            dispatch_timeout=1.0, confirm_seconds=1)
        rig.notifier = notifier
        yield rig
    finally:
        if notifier is not None:
            notifier.close()
        dbus.close()
        session.close()


@both
def test_a_nudge_shows_its_title_cues_and_three_buttons_and_never_expires(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    rig.wait_displayed(1)
    rig.session.screenshot("notification")
    lines = rig.offered_buttons()
    labels = [line.split(f" ({TITLE})")[0] for line in lines if f" ({TITLE}) [" in line]
    assert sorted(labels) == sorted(["#Done (5)", "#Snooze 10m", "#Skip", "#"]), lines  # "#": body

    rig.session.dunstctl("close")  # the user dismisses it
    wait_for(lambda: rig.notifier.on_screen is None, what="the dismissal to arrive")
    (closed,) = rig.history()
    assert closed["summary"] == TITLE
    assert closed["body"] == "\n".join(RISE.cues)
    assert closed["appname"] == "nudge"
    assert closed["timeout"] == 0  # stays until answered
    assert rig.sent == []  # a dismissal records nothing
    assert rig.plain.shown == []


@pytest.mark.parametrize(("label", "answer"), [("Done (5)", Answer.DONE),
                                               ("Snooze 10m", Answer.SNOOZE),
                                               ("Skip", Answer.SKIP)])
@fdo_only("dunst keeps a popup after a button; desktop.py leaves closing it to Windows/macOS")
def test_a_button_submits_its_answer_closes_the_nudge_and_confirms(
        rig: Rig, label: str, answer: Answer) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    rig.press(label)
    expected = {Answer.DONE: AnswerNudge("n1", Answer.DONE, reps=5),
                Answer.SNOOZE: AnswerNudge("n1", Answer.SNOOZE, snooze_seconds=600.0),
                Answer.SKIP: AnswerNudge("n1", Answer.SKIP)}[answer]
    assert rig.sent == [expected]
    # The nudge popup goes (dunst would keep it) and the confirmation takes its place...
    wait_for(lambda: [h["summary"] for h in rig.history()] == [TITLE], what="the nudge closed")
    rig.wait_displayed(1)
    if answer is Answer.DONE:
        rig.session.screenshot("notification-confirmation")
    # ...then expires by itself.
    wait_for(lambda: rig.history()[0]["summary"] == REPLIES[answer], 5, "the confirmation")
    assert rig.history()[0]["timeout"] > 0
    rig.wait_displayed(0)
    rig.notifier.withdraw("n1")  # what the engine does next: harmless now
    assert rig.notifier.on_screen is None


@both
def test_a_failed_answer_shows_the_engines_message(rig: Rig) -> None:
    def refuse(command: Command) -> Future[Reply]:
        rig.sent.append(command)
        future: Future[Reply] = Future()
        future.set_result(Reply(False, "That nudge is no longer open."))
        return future

    rig.notifier._submit = refuse  # the only way to change the reply mid-rig
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    rig.press("Skip")
    wait_for(lambda: any(h["body"] == "That nudge is no longer open." for h in rig.history()),
             5, "the failure note")


@fdo_only("dunst keeps a popup after a click; desktop.py leaves closing it to Windows/macOS")
def test_clicking_the_body_records_nothing_and_closes_it(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    rig.session.dunstctl("action", "0")  # the default action: a click on the body
    wait_for(lambda: rig.notifier.on_screen is None, what="the click to arrive")
    rig.wait_displayed(0)
    assert rig.sent == []


def _popup_ids(lines: list[str]) -> set[str]:
    """dunst's ids of the popups in context-menu lines like `#Skip (title) [3,<action>]`."""
    return {line.rsplit("[", 1)[1].split(",")[0] for line in lines}


@both
def test_a_reshow_or_a_new_nudge_replaces_the_popup_and_withdraw_closes_it(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    (first,) = _popup_ids(rig.offered_buttons())

    rig.notifier.show(replace(OFFER, times_shown=2))
    wait_for(lambda: rig.delivered.count(("n1", True)) == 2, what="the re-show")
    rig.wait_displayed(1)
    (second,) = _popup_ids(rig.offered_buttons())
    assert second != first  # the new popup, not the old one left standing

    rig.notifier.show(replace(OFFER, nudge_id="n2"))
    rig.wait_delivered("n2")
    rig.wait_displayed(1)
    (third,) = _popup_ids(rig.offered_buttons())
    assert third not in (first, second)
    rig.press("Done (5)")  # the replacement's buttons work
    assert rig.sent == [AnswerNudge("n2", Answer.DONE, reps=5)]


@both
def test_withdraw_closes_only_the_nudge_it_names(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    rig.notifier.withdraw("n0")  # not the one on screen: nothing happens
    rig.settle()
    assert rig.notifier.on_screen == "n1"
    assert rig.displayed() == 1
    rig.notifier.withdraw("n1")
    rig.wait_displayed(0)
    assert rig.notifier.on_screen is None
    assert rig.sent == [] and rig.plain.shown == []


@both
def test_with_no_daemon_on_the_bus_the_plain_fallback_is_used_without_hanging(rig: Rig) -> None:
    rig.session.stop_dunst()
    wait_for(lambda: not rig.session.bus_has("org.freedesktop.Notifications"),
             what="dunst gone from the bus")
    started = time.monotonic()
    rig.notifier.show(OFFER)  # returns at once
    assert time.monotonic() - started < 0.2
    rig.wait_delivered("n1", ok=False, timeout=3)
    # No picture on a plain notification: its words (alt text) come with the cues.
    assert rig.plain.shown == [(TITLE, "\n".join((*RISE.cues, RISE.alt, PLAIN_HINT)))]
    rig.notifier.message("Your settings file is ~/.config/nudge/config.toml")
    wait_for(lambda: len(rig.plain.shown) == 2, 3, "the note through plyer")
    started = time.monotonic()
    rig.notifier.close()
    assert time.monotonic() - started < 3


@both
def test_a_daemon_killed_mid_session_and_restarted_serves_the_next_nudge(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    dunst = rig.session.processes["dunst"]
    dunst.kill()  # a crash, not a clean exit
    dunst.wait(5)
    wait_for(lambda: not rig.session.bus_has("org.freedesktop.Notifications"), what="no daemon")
    rig.notifier.show(replace(OFFER, nudge_id="n2"))
    rig.wait_delivered("n2", ok=False, timeout=3)

    rig.session.start_dunst()
    rig.notifier.show(replace(OFFER, nudge_id="n3"))
    rig.wait_delivered("n3")
    rig.wait_displayed(1)
    rig.press("Done (5)")  # signals from the new daemon reach us too
    assert rig.sent == [AnswerNudge("n3", Answer.DONE, reps=5)]


@both
def test_a_frozen_daemon_falls_back_in_time_and_its_late_popup_is_used(rig: Rig) -> None:
    with rig.frozen_daemon():
        rig.notifier.show(OFFER)
        rig.wait_delivered("n1", ok=False, timeout=3)  # dispatch_timeout is 1 s here
        assert rig.plain.shown
    rig.wait_delivered("n1", ok=True)  # dunst answers late: the real popup counts after all
    rig.wait_displayed(1)
    rig.press("Skip")
    assert rig.sent == [AnswerNudge("n1", Answer.SKIP)]


def test_build_notifier_picks_desktop_and_names_the_daemon(rig: Rig) -> None:
    dbus = DbusLoop()
    try:
        notifier, why = build_notifier(rig.submit, dbus)
        assert isinstance(notifier, DesktopNotifier)
        # dunst takes actions but draws no buttons: the reason must not claim any.
        assert "via dunst" in why and "dunst shows no buttons" in why, why
        assert "with buttons" not in why, why
        notifier.close()
        rig.session.stop_dunst()
        notifier, why = build_notifier(rig.submit, dbus)
        assert isinstance(notifier, DesktopNotifier)
        assert "plain ones until it appears" in why, why
        notifier.close()
    finally:
        dbus.close()


def test_plain_notifier_shows_through_plyer_on_the_real_daemon(rig: Rig) -> None:
    reported: list[tuple[str, bool]] = []
    plain = PlainNotifier(lambda nudge_id, ok: reported.append((nudge_id, ok)))
    try:
        plain.show(OFFER)
        wait_for(lambda: reported == [("n1", True)], 5, "plyer to finish")
        rig.wait_displayed(1)
        rig.session.dunstctl("close")
        wait_for(rig.history, what="the plain popup in history")
        assert rig.history()[0]["summary"] == TITLE
        assert rig.history()[0]["body"].endswith(PLAIN_HINT)
        # It cannot be withdrawn: it expires when the nudge would be shown again (5 min, in µs).
        assert rig.history()[0]["timeout"] == 300 * 1_000_000
    finally:
        plain.close()


def _owner_pid(session: DesktopSession, name: str) -> int | None:
    out = session.run("dbus-send", "--session", "--dest=org.freedesktop.DBus",
                      "--type=method_call", "--print-reply", "/org/freedesktop/DBus",
                      "org.freedesktop.DBus.GetConnectionUnixProcessID", f"string:{name}").stdout
    words = out.split()
    return int(words[-1]) if "uint32" in words else None


@pytest.mark.parametrize("activation", [True])
@both
def test_with_bus_activation_the_next_show_starts_a_killed_daemon_again(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    dunst = rig.session.processes.pop("dunst")
    dunst.kill()
    dunst.wait(5)
    # The process is gone before the bus has dropped its name: a nudge sent in between goes to
    # the dead owner ("disconnected without replying") and, rightly, to the plain fallback.
    wait_for(lambda: not rig.session.bus_has("org.freedesktop.Notifications"), 5,
             "the bus to drop the killed daemon's name")
    rig.notifier.show(replace(OFFER, nudge_id="n2"))
    try:
        rig.wait_delivered("n2")  # the bus started /usr/bin/dunst for us
        rig.wait_displayed(1)
    finally:
        started = _owner_pid(rig.session, "org.freedesktop.Notifications")
        if started is not None and started != dunst.pid:
            os.kill(started, signal.SIGTERM)  # the bus's child, started by this test


@both
def test_closing_while_the_daemon_is_frozen_returns_in_bounded_time(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    with rig.frozen_daemon():
        started = time.monotonic()
        rig.notifier.close()  # tries to take the popup down; the daemon never answers
        assert time.monotonic() - started < 4


@both
def test_without_a_dbus_loop_it_runs_on_its_own_loop_thread(rig: Rig, notifier_kind: str) -> None:
    delivered: list[tuple[str, bool]] = []
    own = NOTIFIERS[notifier_kind](rig.submit, None, lambda i, ok: delivered.append((i, ok)),
                                   plain=rig.plain, confirm_seconds=1)
    try:
        own.show(OFFER)
        wait_for(lambda: delivered == [("n1", True)], 5, "delivery on the own loop")
        rig.wait_displayed(1)
        rig.press("Skip")
        assert rig.sent == [AnswerNudge("n1", Answer.SKIP)]
        own.message("Nudges resumed.")
        wait_for(lambda: any(h["summary"] == "nudge" for h in rig.history()), 5, "the note")
    finally:
        own.close()


def test_cues_with_markup_characters_show_as_written_on_a_daemon_that_reads_markup(
        rig: Rig) -> None:
    # A user's own exercise with "<" and "&" in a cue. dunst with `markup = full` says it reads
    # bodies as markup ("body-markup"), and desktop-notifier passes text through: "<5 s" was
    # taken for a tag.
    cues = ("Squeeze & hold <5 s", "Then stand")
    offer = replace(OFFER, nudge_id="m1", exercise=replace(RISE, cues=cues))
    rig.session.stop_dunst()
    rig.session.start_dunst(markup="full")
    notifier, _ = build_notifier(rig.submit, rig.dbus)
    try:
        notifier.show(offer)
        rig.wait_displayed(1)
        rig.session.screenshot("notification-markup")
        rig.session.dunstctl("close")
        wait_for(rig.history, what="the closed nudge in history")
    finally:
        notifier.close()
    (closed,) = rig.history()
    # What dunst renders: its format wraps the summary in <b>; the whole must parse as markup
    # and read as the cues were written.
    rendered = ElementTree.fromstring(f"<m>{closed['message']}</m>")
    assert "".join(rendered.itertext()) == f"{TITLE}\n" + "\n".join(cues)


@both
def test_a_note_the_frozen_daemon_misses_does_not_deafen_the_nudge_on_screen(rig: Rig) -> None:
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    with rig.frozen_daemon():
        rig.notifier.message("Nudges paused for 30 min.")  # e.g. from the tray menu
        wait_for(lambda: ("nudge", "Nudges paused for 30 min.") in rig.plain.shown, 5,
                 "the note to fall back to plain")
    # The failed note used to drop the connection the popup's buttons are heard on: pressing
    # Done then closed the popup and recorded nothing.
    rig.press("Done (5)")
    assert rig.sent == [AnswerNudge("n1", Answer.DONE, reps=5)]


# The Linux notifier only (build_notifier's pick here): desktop.py sends no desktop-entry hint.
def test_a_nudge_carries_nudges_icon_and_desktop_entry_to_the_daemon(rig: Rig) -> None:
    """What the daemon received: dunst's history keeps the icon; the desktop-entry hint is read
    off the bus (dbus-monitor), as dunst keeps no hints."""
    from nudge.notify.identity import APP_ID, app_icon_file

    icon = app_icon_file()
    assert icon is not None and icon.is_file()
    monitor = subprocess.Popen(
        ["dbus-monitor", "--session", "type='method_call',interface='org.freedesktop."
         "Notifications',member='Notify'"], env=rig.session.env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True)
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(iter(monitor.stdout.readline, "")),
                              daemon=True)
    reader.start()
    dbus = DbusLoop()
    notifier = None
    try:
        # A monitor drops its own name once it watches: from then on it sees every Notify.
        wait_for(lambda: any("member=NameLost" in line for line in seen), what="dbus-monitor")
        notifier, _ = build_notifier(rig.submit, dbus)  # as the app builds it
        notifier.show(OFFER)
        rig.wait_displayed(1)
        rig.session.dunstctl("close")
        wait_for(rig.history, what="the nudge in dunst's history")
        (closed,) = rig.history()
        assert closed["summary"] == TITLE and closed["appname"] == "nudge"
        text = lambda: "".join(seen)  # noqa: E731
        wait_for(lambda: f'string "{TITLE}"' in text(), what="the Notify call on the bus")
        # dunst shows (and keeps in its history) the exercise picture (the image-path hint) in
        # preference to the app icon, so the icon is read off the Notify call itself.
        assert f'string "{icon.as_uri()}"' in text(), text()
        assert re.search(r'string "desktop-entry"\s+variant\s+string "' + re.escape(APP_ID)
                         + '"', text()), text()
    finally:
        if notifier is not None:
            notifier.close()
        dbus.close()
        monitor.terminate()
        monitor.wait(5)


@both
def test_a_nudge_carries_its_exercise_picture_to_the_daemon(rig: Rig) -> None:
    """desktop-notifier's attachment is the freedesktop `image-path` hint; dunst resolves it
    to the file it shows (its history's icon_path). dunst draws it at icon size, so it is the
    one square key frame, not the strip."""
    rig.notifier.show(OFFER)
    rig.wait_delivered("n1")
    if os.environ.get("NUDGE_SCREENSHOTS"):  # the picture as dunst draws it, to look at
        rig.wait_displayed(1)
        rig.session.screenshot("notification-key-frame")
    rig.session.dunstctl("close")
    wait_for(lambda: rig.notifier.on_screen is None, what="the dismissal to arrive")
    (closed,) = rig.history()
    assert closed["icon_path"] == str(picture_file(RISE, key=True))
    assert Path(closed["icon_path"]).name == "glute_rise-key-light.png"


@pytest.mark.parametrize(("platform", "shown"), [
    ("linux", "glute_rise-key-light.png"), ("freebsd14", "glute_rise-key-light.png"),
    ("win32", "glute_rise-light.png"), ("darwin", "glute_rise-light.png")])
def test_the_strip_goes_where_images_show_large_the_key_frame_elsewhere(platform: str,
                                                                       shown: str) -> None:
    picture = picture_for(OFFER, platform)
    assert picture is not None and picture.name == shown


@both
def test_an_exercise_without_a_picture_is_a_text_only_nudge(rig: Rig) -> None:
    own = replace(RISE, id="my_own_rise", picture="")
    rig.notifier.show(replace(OFFER, exercise=own))
    rig.wait_delivered("n1")
    rig.session.dunstctl("close")
    wait_for(lambda: rig.notifier.on_screen is None, what="the dismissal to arrive")
    (closed,) = rig.history()
    assert closed["summary"] == TITLE
    assert "pictures" not in closed.get("icon_path", "")
