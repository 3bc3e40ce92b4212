"""Nudges as desktop notifications with Done / Snooze / Skip buttons, on Linux and the BSDs:
org.freedesktop.Notifications spoken directly (nudge/notify/fdo.py) on nudge's D-Bus thread.
What both notifiers do alike (the front, the watchdog's verdict, the plyer fallback, a button's
answer and its confirmation) is in nudge/notify/base.py; this is the daemon's side of it.

Threads: `show`, `withdraw`, `message`, `review` and `confirm` are called on the engine thread
(or any thread) and only hand work to the D-Bus I/O thread ("nudge-dbus"). Everything else —
sending, the daemon's signals, reply confirmations, `on_delivery` — runs there, and only there
is `_current` written; `close` (main thread) waits for it there. A button only submits an
`AnswerNudge`; the engine decides what it means.

A nudge arrived when the daemon answers Notify with its id. No answer within `dispatch_timeout`
(a hung daemon) or an error (no daemon, no bus) means: show it through plyer instead and report
`on_delivery(id, False)`; a late answer still counts (reported delivered then). Failed sends are
logged once per outage (nudge/notify/failures.py). Windows and macOS use desktop-notifier
instead (nudge/notify/desktop.py): the same behaviour on their own notification centres.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Unpack

from nudge.app.commands import AnswerNudge
from nudge.core.decisions import NudgeOffer
from nudge.i18n import _
from nudge.notify import texts
from nudge.notify.base import ButtonNotifier, Delivery, Options, Submit
from nudge.notify.base import Sent as BaseSent
from nudge.notify.failures import describe, guarded
from nudge.notify.fdo import CLOSED_DISMISSED, DEFAULT_ACTION, Daemon, Popup
from nudge.notify.notifications import picture_for
from nudge.notify.texts import CLOSE_TIMEOUT_S, REVIEW_SECONDS
from nudge.platform.bus import BusThread
from nudge.platform.theme import DesktopTheme

if TYPE_CHECKING:
    from nudge.platform.bus import Timer

log = logging.getLogger(__name__)

OPEN_ACTION = "open-insights"


@dataclass(eq=False)
class Sent(BaseSent):
    """A nudge notification (nudge/notify/base.py) as the daemon knows it."""

    answers: dict[str, AnswerNudge] = field(default_factory=dict)  # action key -> answer
    platform_id: int | None = None  # the daemon's own id for it
    daemon: str | None = None  # unique bus name of the daemon that took it


@dataclass(eq=False)
class Note:
    """An expiring note; `opens` runs on a click or its button (the weekly review)."""

    title: str
    text: str
    opens: Callable[[], None] | None = None
    settled: bool = False  # arrived, or shown through plyer instead


class DesktopNotifier(ButtonNotifier[Sent]):
    """The Notifier with buttons (nudge/notify/base.py) over org.freedesktop.Notifications.
    `on_delivery` is called on the D-Bus thread. Without `dbus` it runs its own D-Bus thread,
    closed with it."""

    def __init__(self, submit: Submit, dbus: BusThread | None,
                 on_delivery: Delivery | None = None, **options: Unpack[Options]) -> None:
        super().__init__(submit, on_delivery, **options)
        self._own = dbus is None
        self._dbus = dbus if dbus is not None else BusThread()
        # D-Bus thread only:
        self._daemon = Daemon(self._dbus, self._app_icon, self._action, self._closed_by_daemon,
                              self._daemon_changed)
        self._theme = DesktopTheme(self._dbus)
        self._shown: dict[int, Sent | Note] = {}  # the daemon's ids of what is up
        self._call(self._follow_daemon)  # a crashed or restarted daemon: `_daemon_changed`

    # -- the transport -------------------------------------------------------------------------
    def _post(self, fn: Callable[..., None], *args: object) -> None:
        self._dbus.call_soon(guarded, fn, *args)

    def _then(self, future: Future[Any], fn: Callable[..., None], *args: object) -> None:
        future.add_done_callback(lambda done: self._dbus.call_soon(guarded, fn, *args, done))

    def _stop(self) -> None:
        """Waits at most ~2 s for the D-Bus thread to take the nudge down."""
        done = threading.Event()
        self._dbus.call_soon(guarded, self._shutdown, done)
        if not done.wait(CLOSE_TIMEOUT_S):
            log.debug("notifier shutdown incomplete: the D-Bus thread did not get to it")
        if self._own:
            self._dbus.close()

    # -- D-Bus thread: state changes -----------------------------------------------------------
    def _follow_daemon(self) -> None:
        try:
            self._daemon.connection()
        except Exception as error:  # no bus yet: each send tries again, and says so
            log.debug("notifications: no session bus yet: %r", error)

    def _show_now(self, offer: NudgeOffer) -> None:
        previous, self._current = self._current, Sent(offer)
        sent = self._current
        # The watchdog starts now: closing the old popup counts against delivery time.
        sent.watchdog = self._dbus.call_later(self._dispatch_timeout, guarded, self._overdue,
                                              sent)
        if previous is not None:
            self._take_down(previous)  # closed before the new one is sent: one at a time
        self._then(self._theme.ask(), self._send_nudge, sent)

    def _take_down(self, sent: Sent) -> None:
        """Take `sent` off screen: now if it arrived, else as soon as it does (`_landed`)."""
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent.dispatched:
            self._close_popup(sent)

    def _close_popup(self, sent: Sent) -> None:
        """Close by the daemon's id, unless the daemon that showed it is gone: its popup went
        with it, and a restarted daemon may have given that id to another popup."""
        if sent.platform_id is None:
            return
        self._shown.pop(sent.platform_id, None)
        if sent.daemon in (None, self._daemon.owner):
            self._daemon.close(sent.platform_id)

    def _dispatched(self, sent: Sent, platform_id: int, daemon: str) -> None:
        """The daemon took it (Notify answered)."""
        sent.platform_id = platform_id
        if sent.daemon is None:  # the daemon may have left meanwhile: see _daemon_changed
            sent.daemon = daemon or None
        self._outage.worked()
        if sent is self._current:  # its buttons and its closing are heard from now on
            self._shown[platform_id] = sent
        self._landed(sent)

    def _action(self, platform_id: int, key: str) -> None:
        """ActionInvoked from the daemon: a button, or the default action (a body click)."""
        shown = self._shown.pop(platform_id, None)
        if isinstance(shown, Note):
            if key in (DEFAULT_ACTION, OPEN_ACTION) and shown.opens is not None:
                shown.opens()
            return
        if shown is None:
            return
        self._let_go(shown)
        self._close_popup(shown)  # dunst keeps the popup after an action
        command = shown.answers.get(key)
        if command is not None:
            self._answer(command)
        # The body: records nothing. Like a dismissal, the popup goes and the engine re-shows
        # the nudge by its rules.

    def _closed_by_daemon(self, platform_id: int, reason: int) -> None:
        """NotificationClosed: expired, closed by us, or dismissed by the user (no answer; the
        engine re-shows it later by its rules)."""
        shown = self._shown.pop(platform_id, None)
        if reason == CLOSED_DISMISSED:
            self._let_go(shown)

    def _daemon_changed(self, old: str, new: str) -> None:
        """The daemon left or joined the bus. A popup dies with its daemon: the nudge then
        waits in the tray, and a new daemon gets it again at once."""
        self._shown.clear()  # ids are the old daemon's
        sent = self._current
        if not new:
            log.warning("the notification service left the session bus")
            if sent is not None and sent.dispatched and sent.daemon in (None, old):
                log.info("nudge %s: its popup went with it; it waits in the tray",
                         sent.offer.nudge_id)
                sent.daemon = old  # gone, so closing leaves the new daemon's ids alone
                self._report(sent.offer.nudge_id, False)
            return
        log.info("a notification service is on the session bus (again)")
        lost = sent is not None and (sent.fell_back or sent.daemon not in (None, new))
        if sent is not None and lost:
            log.info("nudge %s: showing it again through the new notification service",
                     sent.offer.nudge_id)
            self._show_now(sent.offer)

    # -- D-Bus thread: sending -----------------------------------------------------------------
    def _send_nudge(self, sent: Sent, theme: Future[str]) -> None:
        if sent is not self._current:
            if sent.watchdog is not None:
                sent.watchdog.cancel()
            return
        actions = []
        for index, spec in enumerate(texts.buttons(sent.offer)):
            key = f"answer-{index}"
            sent.answers[key] = spec.command
            actions.append((key, spec.label))
        popup = Popup(sent.offer.title, self._body(texts.body(sent.offer)), tuple(actions),
                      picture_for(sent.offer, theme=theme.result()), 0)
        self._then(self._daemon.send(popup), self._nudge_sent, sent)

    def _nudge_sent(self, sent: Sent, done: Future[tuple[int, str]]) -> None:
        error = done.exception()
        if error is None:
            self._dispatched(sent, *done.result())
            return
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        self._outage.failed(describe(error))
        if sent is self._current:
            self._fall_back(sent)

    def _note_now(self, title: str, text: str, opens: bool = False) -> None:
        self._send_note(Note(title, text, self.open_insights if opens else None))

    def _send_note(self, note: Note) -> None:
        """An expiring notification; plyer if the daemon does not take it in time."""
        actions = ((OPEN_ACTION, _(texts.OPEN_INSIGHTS)),) if note.opens is not None else ()
        seconds = REVIEW_SECONDS if note.opens is not None else self._confirm_seconds
        popup = Popup(note.title, self._body(note.text), actions, None, seconds)
        timer = self._dbus.call_later(self._dispatch_timeout, guarded, self._note_failed, note,
                                      "the notification service did not answer within "
                                      f"{self._dispatch_timeout:g} s")
        self._then(self._daemon.send(popup), self._note_sent, note, timer)

    def _note_sent(self, note: Note, timer: Timer, done: Future[tuple[int, str]]) -> None:
        timer.cancel()
        error = done.exception()
        if error is not None:
            self._note_failed(note, describe(error))
            return
        platform_id, _daemon = done.result()
        if note.opens is not None:
            self._shown[platform_id] = note
        if not note.settled:
            note.settled = True
            self._outage.worked()

    def _note_failed(self, note: Note, reason: str) -> None:
        if note.settled or self._closed:
            return
        note.settled = True
        self._outage.failed(reason)
        self._plain.post(note.title, note.text)

    def _shutdown(self, done: threading.Event) -> None:
        try:
            current, self._current = self._current, None
            if current is not None:
                self._take_down(current)
        finally:
            done.set()
