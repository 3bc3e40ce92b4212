"""Nudges as desktop notifications with Done / Snooze / Skip buttons, through desktop-notifier on
Windows and macOS (Linux and the BSDs speak to their daemon directly: notify/fdo_notifier.py).

Threads: `show`, `withdraw` and `message` are called on the engine thread (or any thread) and
only hand work to the notifier's asyncio loop (nudge/notify/loop.py). Everything else — sending,
button callbacks, reply confirmations, `on_delivery` — runs on that loop thread, and only there
is `_current` written. A button only submits an `AnswerNudge`; the engine decides what it means.

desktop-notifier's `send()` never raises: the only sign that a notification arrived is its
`on_dispatched` callback. No callback (no service, a crash) or none within `dispatch_timeout`
(a hung daemon) means: show it through plyer instead and report `on_delivery(id, False)`.
The calls to the daemon and the record of a sent nudge are in nudge/notify/popups.py; failed
sends are logged once per outage (nudge/notify/failures.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path

from nudge.app.commands import AnswerNudge, Command, Reply
from nudge.core.decisions import NudgeOffer
from nudge.i18n import _
from nudge.notify import texts
from nudge.notify.failures import guarded
from nudge.notify.identity import app_icon_file
from nudge.notify.loop import NotifyLoop
from nudge.notify.notifications import NUDGE_EXPIRY, note_notification, nudge_notification
from nudge.notify.plain import NUDGE_TIMEOUT_S, PlainNotifier
from nudge.notify.popups import Popups, Sent
from nudge.notify.texts import CLOSE_TIMEOUT_S, CONFIRM_SECONDS, DISPATCH_TIMEOUT_S, REVIEW_SECONDS

__all__ = ["CLOSE_TIMEOUT_S", "CONFIRM_SECONDS", "DISPATCH_TIMEOUT_S", "NUDGE_EXPIRY",
           "Delivery", "DesktopNotifier", "Submit"]

log = logging.getLogger(__name__)


Submit = Callable[[Command], "Future[Reply]"]
Delivery = Callable[[str, bool], None]


class DesktopNotifier:
    """The Notifier with buttons. `submit` sends answers to the engine; `on_delivery(nudge_id,
    delivered)` (called on the loop thread) tells the tray whether the popup arrived."""

    name = "desktop"

    def __init__(self, submit: Submit, dbus: object | None,
                 on_delivery: Delivery | None = None, *, app_icon: Path | None = None,
                 plain: PlainNotifier | None = None,
                 dispatch_timeout: float = DISPATCH_TIMEOUT_S,
                 confirm_seconds: int = CONFIRM_SECONDS, markup: bool = False) -> None:
        self._submit = submit
        app_icon = app_icon if app_icon is not None else app_icon_file()
        # The service reads markup in bodies: what we send is escaped (desktop-notifier does not).
        self._body = texts.markup_safe if markup else str
        self._on_delivery = on_delivery
        self._plain = plain if plain is not None else PlainNotifier(app_icon=app_icon)
        self._dispatch_timeout = dispatch_timeout
        self._confirm_seconds = confirm_seconds
        self._closed = False
        # What a click on the weekly review runs (the tray's "Insights…"); any thread, at once.
        self.open_insights: Callable[[], None] | None = None
        self._loop = NotifyLoop()  # `dbus` is unused: there is no D-Bus here
        # Loop thread only:
        self._popups = Popups(app_icon)
        self._current: Sent | None = None

    # -- any thread --------------------------------------------------------------------------
    @property
    def on_screen(self) -> str | None:
        """The nudge id being shown or sent (not answered, dismissed or withdrawn), or None.
        Any thread; a snapshot for diagnostics and tests."""
        current = self._current
        return None if current is None else current.offer.nudge_id

    def show(self, offer: NudgeOffer) -> None:
        """Show `offer`, replacing whatever nudge is up. Engine thread; returns at once."""
        self._call(self._show_now, offer)

    def withdraw(self, nudge_id: str) -> None:
        """Close that nudge's popup if it is the one up. Engine thread; returns at once."""
        self._call(self._withdraw_now, nudge_id)

    def message(self, text: str) -> None:
        """A short expiring note without buttons (tray feedback). Any thread; returns at once."""
        self._call(self._note_now, texts.APP_NAME, text)

    def review(self, text: str) -> None:
        """The weekly review: a note that opens insights when clicked. Any thread."""
        self._call(self._note_now, texts.APP_NAME, text, True)

    def confirm(self, reply: Reply) -> None:
        """What became of an answer given elsewhere (the tray menu), told as a button's answer
        is: the same note. Any thread; returns at once."""
        self._call(self._note_now, *texts.confirmation(reply))

    def close(self) -> None:
        """Main thread, at exit: take the nudge down (waits at most ~3 s) and stop."""
        if self._closed:
            return
        self._closed = True
        try:
            self._loop.run(self._shutdown(), CLOSE_TIMEOUT_S + 1.0)
        except Exception as error:  # a closed loop or a hung daemon: nothing more to do
            log.debug("notifier shutdown incomplete: %r", error)
        self._loop.close()
        self._plain.close()

    def _call(self, fn: Callable[..., None], *args: object) -> None:
        if not self._closed:
            self._loop.call(fn, *args)

    # -- loop thread: state changes -------------------------------------------------------------
    def _show_now(self, offer: NudgeOffer) -> None:
        previous, self._current = self._current, Sent(offer, uuid.uuid4().hex)
        self._loop.spawn(self._replace(previous, self._current))

    def _withdraw_now(self, nudge_id: str) -> None:
        current = self._current
        if current is not None and current.offer.nudge_id == nudge_id:
            self._current = None
            self._loop.spawn(self._retire(current))

    def _note_now(self, title: str, text: str, opens: bool = False) -> None:
        self._loop.spawn(self._send_note(title, text, opens))

    def _dispatched(self, sent: Sent) -> None:
        """desktop-notifier: the daemon accepted it (inside `send`, before it returns)."""
        sent.dispatched = True
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent is not self._current:  # replaced or withdrawn while it was on its way
            self._loop.spawn(self._popups.clear(sent))
            return
        self._report(sent.offer.nudge_id, True)

    def _overdue(self, sent: Sent) -> None:
        """No dispatch within `dispatch_timeout`: the daemon hangs. If it answers later, the
        popup is still used (`_dispatched` reports it delivered then)."""
        if not sent.dispatched and sent is self._current:
            self._popups.outage.failed("the notification service did not answer within "
                                       f"{self._dispatch_timeout:g} s")
            self._fall_back(sent)

    def _fall_back(self, sent: Sent) -> None:
        if sent.fell_back:
            return
        sent.fell_back = True
        log.info("nudge %s: no notification daemon took it; showing it as plain text",
                 sent.offer.nudge_id)
        self._plain.post(sent.offer.title, texts.plain_body(sent.offer), NUDGE_TIMEOUT_S)
        self._report(sent.offer.nudge_id, False)

    def _pressed(self, sent: Sent, command: AnswerNudge) -> None:
        """A button (loop thread): submit the answer; confirm when it is saved."""
        if sent is self._current:
            self._current = None
        try:
            future = self._submit(command)
        except Exception as error:
            self._loop.spawn(self._send_note(*texts.failure(error)))
            return
        loop = asyncio.get_running_loop()

        def replied(done: Future[Reply]) -> None:  # on the engine thread
            with contextlib.suppress(RuntimeError):  # the loop closed at exit
                loop.call_soon_threadsafe(guarded, self._confirm, done)

        future.add_done_callback(replied)

    def _confirm(self, done: Future[Reply]) -> None:
        if done.cancelled():
            title, text = texts.failure(RuntimeError(_("the answer was cancelled")))
        elif (error := done.exception()) is not None:
            title, text = texts.failure(error)
        else:
            title, text = texts.confirmation(done.result())
        self._loop.spawn(self._send_note(title, text))

    def _clicked(self, sent: Sent) -> None:
        """Body click: records nothing. Like a dismissal, the popup goes (desktop-notifier
        ignores its buttons after a click) and the engine re-shows the nudge by its rules."""
        if sent is self._current:
            self._current = None

    def _dismissed(self, sent: Sent) -> None:
        """Closed by the user: no answer; the engine re-shows it later by its rules."""
        if sent is self._current:
            self._current = None

    def _report(self, nudge_id: str, delivered: bool) -> None:
        if self._on_delivery is not None:
            try:
                self._on_delivery(nudge_id, delivered)
            except Exception:
                log.exception("on_delivery failed")

    # -- loop thread: sending -------------------------------------------------------------------
    async def _replace(self, previous: Sent | None, sent: Sent) -> None:
        # The watchdog starts now: a slow close of the old popup counts against delivery time.
        sent.watchdog = asyncio.get_running_loop().call_later(
            self._dispatch_timeout, guarded, self._overdue, sent)
        if previous is not None:
            await self._retire(previous)  # closed before the new one is sent: one at a time
        if sent is self._current:
            await self._send_nudge(sent)
        else:
            sent.watchdog.cancel()

    async def _retire(self, sent: Sent) -> None:
        """Take `sent` off screen: now if it arrived, else as soon as it does (`_dispatched`)."""
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent.dispatched:
            await self._popups.clear(sent)

    async def _send_nudge(self, sent: Sent) -> None:
        sent.lib = lib = self._popups.library()
        relay, theme = self._loop.relay, await self._popups.theme.current()
        notification = nudge_notification(
            sent.offer, sent.ident, self._body,
            pressed=lambda command: partial(relay, self._pressed, sent, command),
            # on_dispatched runs inside `send`, so on this thread on every platform.
            dispatched=partial(guarded, self._dispatched, sent),
            clicked=partial(relay, self._clicked, sent),
            dismissed=partial(relay, self._dismissed, sent), theme=theme)
        # No time limit here: a stuck daemon is the watchdog's (`_overdue`); a late answer
        # still counts.
        if await self._popups.send(lib, notification, lambda: sent.dispatched):
            return
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent is self._current:
            self._fall_back(sent)

    async def _send_note(self, title: str, text: str, opens: bool = False) -> None:
        """An expiring notification; plyer if the daemon does not take it. `opens`: a click
        opens insights (if the app gave a way to)."""
        arrived: list[bool] = []
        opener = self.open_insights if opens else None
        note = note_notification(
            title, self._body(text), REVIEW_SECONDS if opens else self._confirm_seconds,
            lambda: arrived.append(True),
            None if opener is None else partial(self._loop.relay, opener))
        lib = self._popups.library()

        def nudge_uses_it() -> bool:  # the nudge on screen hears its buttons on this connection
            return self._current is not None and self._current.lib is lib

        if not await self._popups.send(lib, note, lambda: bool(arrived), self._dispatch_timeout,
                                       keep=nudge_uses_it):
            self._plain.post(title, text)

    async def _shutdown(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            await self._retire(current)
        await self._loop.cancel_pending()
        self._popups.close()
