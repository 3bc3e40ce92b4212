"""Nudges as desktop notifications with Done / Snooze / Skip buttons, through desktop-notifier on
Windows and macOS (Linux and the BSDs speak to their daemon directly: notify/fdo_notifier.py).
What both notifiers do alike (the front, the watchdog's verdict, the plyer fallback, a button's
answer and its confirmation) is in nudge/notify/base.py; this is desktop-notifier's side of it.

Threads: `show`, `withdraw`, `message`, `review` and `confirm` are called on the engine thread
(or any thread) and only hand work to the notifier's asyncio loop (nudge/notify/loop.py, the
"nudge-notify" thread). Everything else — sending, button callbacks, reply confirmations,
`on_delivery` — runs on that loop thread, and only there is `_current` written; `close` (main
thread) waits for it there. A button only submits an `AnswerNudge`; the engine decides what it
means.

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
from typing import Any, Unpack

from nudge.app.commands import AnswerNudge
from nudge.core.decisions import NudgeOffer
from nudge.notify.base import ButtonNotifier, Delivery, Options, Submit
from nudge.notify.failures import guarded
from nudge.notify.loop import NotifyLoop
from nudge.notify.notifications import NUDGE_EXPIRY, note_notification, nudge_notification
from nudge.notify.popups import Popups, Sent
from nudge.notify.texts import CLOSE_TIMEOUT_S, CONFIRM_SECONDS, DISPATCH_TIMEOUT_S, REVIEW_SECONDS

__all__ = ["CLOSE_TIMEOUT_S", "CONFIRM_SECONDS", "DISPATCH_TIMEOUT_S", "NUDGE_EXPIRY",
           "Delivery", "DesktopNotifier", "Submit"]

log = logging.getLogger(__name__)


class DesktopNotifier(ButtonNotifier[Sent]):
    """The Notifier with buttons (nudge/notify/base.py) through desktop-notifier.
    `on_delivery` is called on the loop thread."""

    def __init__(self, submit: Submit, dbus: object | None,
                 on_delivery: Delivery | None = None, **options: Unpack[Options]) -> None:
        # With `markup`, the base escapes what goes in bodies: desktop-notifier does not.
        super().__init__(submit, on_delivery, **options)
        self._loop = NotifyLoop()  # `dbus` is unused: there is no D-Bus here
        # Loop thread only:
        self._popups = Popups(self._app_icon, self._outage)

    # -- the transport -------------------------------------------------------------------------
    def _post(self, fn: Callable[..., None], *args: object) -> None:
        self._loop.call(fn, *args)

    def _then(self, future: Future[Any], fn: Callable[..., None], *args: object) -> None:
        loop = self._loop.loop  # any thread may ask (the base's contract), as on Linux

        def finished(done: Future[Any]) -> None:  # on the thread that completes it (the engine)
            with contextlib.suppress(RuntimeError):  # the loop closed at exit
                loop.call_soon_threadsafe(partial(guarded, fn, *args, done))

        future.add_done_callback(finished)

    def _stop(self) -> None:
        """Waits at most ~3 s for the loop to take the nudge down."""
        try:
            self._loop.run(self._shutdown(), CLOSE_TIMEOUT_S + 1.0)
        except Exception as error:  # a closed loop or a hung daemon: nothing more to do
            log.debug("notifier shutdown incomplete: %r", error)
        self._loop.close()

    # -- loop thread: state changes -------------------------------------------------------------
    def _show_now(self, offer: NudgeOffer) -> None:
        previous, self._current = self._current, Sent(offer, ident=uuid.uuid4().hex)
        self._loop.spawn(self._replace(previous, self._current))

    def _take_down(self, sent: Sent) -> None:
        self._loop.spawn(self._retire(sent))

    def _note_now(self, title: str, text: str, opens: bool = False) -> None:
        self._loop.spawn(self._send_note(title, text, opens))

    def _pressed(self, sent: Sent, command: AnswerNudge) -> None:
        """A button (loop thread): submit the answer; confirm when it is saved."""
        self._let_go(sent)
        self._answer(command)

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
        """Take `sent` off screen: now if it arrived, else as soon as it does (`_landed`)."""
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
            dispatched=partial(guarded, self._landed, sent),
            # A body click records nothing: like a dismissal, the popup goes (desktop-notifier
            # ignores its buttons after a click) and the engine re-shows the nudge by its rules.
            clicked=partial(relay, self._let_go, sent),
            dismissed=partial(relay, self._let_go, sent), theme=theme)
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
