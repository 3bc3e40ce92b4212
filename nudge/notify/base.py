"""What both notifiers with buttons do the same way, whatever carries their popups: the front the
app calls, the nudge up (`_current`), the dispatch watchdog's verdict, the plyer fallback, the
answer a button gives and its confirmation, and the delivery reports.

`ButtonNotifier` is the base of the Linux/BSD notifier (nudge/notify/fdo_notifier.py: jeepney on
the "nudge-dbus" thread) and of the Windows/macOS one (nudge/notify/desktop.py: desktop-notifier
on its "nudge-notify" asyncio loop thread). Call that one thread the notifier's thread.

Threads: the public methods (`on_screen`, `show`, `withdraw`, `message`, `review`, `confirm`)
run on the caller's thread (the engine's, or any) and only hand work to the notifier's thread
(`_post`); `close` runs on the main thread. Every other method here runs on the notifier's
thread, and only there is `_current` written. A subclass gives the transport: `_post`, `_then`,
`_show_now`, `_take_down`, `_note_now` and `_stop`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypedDict, TypeVar

from nudge.app.commands import AnswerNudge, Command, Reply
from nudge.core.decisions import NudgeOffer
from nudge.i18n import _
from nudge.notify import texts
from nudge.notify.failures import Outage
from nudge.notify.identity import app_icon_file
from nudge.notify.plain import NUDGE_TIMEOUT_S, PlainNotifier, plain_texts
from nudge.notify.texts import CONFIRM_SECONDS, DISPATCH_TIMEOUT_S

log = logging.getLogger(__name__)

Submit = Callable[[Command], "Future[Reply]"]
Delivery = Callable[[str, bool], None]


class Options(TypedDict, total=False):
    """The keyword arguments every notifier with buttons takes (`ButtonNotifier`'s)."""

    app_icon: Path | None
    plain: PlainNotifier | None
    dispatch_timeout: float
    confirm_seconds: int
    markup: bool


class Cancellable(Protocol):
    def cancel(self) -> None: ...


@dataclass(eq=False)
class Sent:
    """One nudge notification, from `show()` until it is answered, replaced or withdrawn; each
    notifier adds what its transport knows of it."""

    offer: NudgeOffer
    dispatched: bool = False  # the service took it
    fell_back: bool = False  # shown through plyer instead
    watchdog: Cancellable | None = None  # `_overdue` unless it is dispatched in time


S = TypeVar("S", bound=Sent)


class ButtonNotifier(Generic[S]):
    """The Notifier with buttons. `submit` sends answers to the engine; `on_delivery(nudge_id,
    delivered)` (called on the notifier's thread) tells the tray whether the popup arrived."""

    name = "desktop"

    def __init__(self, submit: Submit, on_delivery: Delivery | None, *,
                 app_icon: Path | None = None, plain: PlainNotifier | None = None,
                 dispatch_timeout: float = DISPATCH_TIMEOUT_S,
                 confirm_seconds: int = CONFIRM_SECONDS, markup: bool = False) -> None:
        self._submit = submit
        self._app_icon = app_icon if app_icon is not None else app_icon_file()
        # The service reads markup in bodies: what we send is escaped.
        self._body = texts.markup_safe if markup else str
        self._on_delivery = on_delivery
        self._plain = plain if plain is not None else PlainNotifier(app_icon=self._app_icon)
        self._dispatch_timeout = dispatch_timeout
        self._confirm_seconds = confirm_seconds
        self._closed = False
        # What a click on the weekly review runs (the tray's "Insights…"); any thread, at once.
        self.open_insights: Callable[[], None] | None = None
        # The notifier's thread only:
        self._outage = Outage("desktop notifications", "nudges go to the plain fallback")
        self._current: S | None = None

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
        """Main thread, at exit: take the nudge down (a bounded wait, `_stop`) and stop."""
        if self._closed:
            return
        self._closed = True
        self._stop()
        self._plain.close()

    def _call(self, fn: Callable[..., None], *args: object) -> None:
        if not self._closed:
            self._post(fn, *args)

    # -- the notifier's thread -----------------------------------------------------------------
    def _withdraw_now(self, nudge_id: str) -> None:
        current = self._current
        if current is not None and current.offer.nudge_id == nudge_id:
            self._current = None
            self._take_down(current)

    def _landed(self, sent: S) -> None:
        """The service took it: reported delivered, or taken down if it was replaced or
        withdrawn while it was on its way."""
        sent.dispatched = True
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent is not self._current:
            self._take_down(sent)
            return
        self._report(sent.offer.nudge_id, True)

    def _overdue(self, sent: S) -> None:
        """No answer within `dispatch_timeout`: the service hangs. If it answers later, the
        popup is still used (`_landed` reports it delivered then)."""
        if not sent.dispatched and sent is self._current:
            self._outage.failed("the notification service did not answer within "
                                f"{self._dispatch_timeout:g} s")
            self._fall_back(sent)

    def _fall_back(self, sent: S) -> None:
        # The notifier's thread may still run after `close` stopped waiting for it: nothing
        # more then (plyer is closed too).
        if sent.fell_back or self._closed:
            return
        sent.fell_back = True
        log.info("nudge %s: no notification daemon took it; showing it as plain text",
                 sent.offer.nudge_id)
        self._plain.post(*plain_texts(sent.offer), NUDGE_TIMEOUT_S)
        self._report(sent.offer.nudge_id, False)

    def _let_go(self, shown: object) -> None:
        """Answered, clicked or dismissed: if `shown` is the nudge up, none is now. The engine
        re-shows an unanswered nudge by its rules."""
        if shown is self._current:
            self._current = None

    def _answer(self, command: AnswerNudge) -> None:
        """A button: submit its answer; confirm when it is saved."""
        try:
            future = self._submit(command)
        except Exception as error:
            self._note_now(*texts.failure(error))
            return
        self._then(future, self._confirm)

    def _confirm(self, done: Future[Reply]) -> None:
        if done.cancelled():
            title, text = texts.failure(RuntimeError(_("the answer was cancelled")))
        elif (error := done.exception()) is not None:
            title, text = texts.failure(error)
        else:
            title, text = texts.confirmation(done.result())
        self._note_now(title, text)

    def _report(self, nudge_id: str, delivered: bool) -> None:
        if self._on_delivery is not None:
            try:
                self._on_delivery(nudge_id, delivered)
            except Exception:
                log.exception("on_delivery failed")

    # -- the transport (each subclass) ---------------------------------------------------------
    def _post(self, fn: Callable[..., None], *args: object) -> None:
        """Any thread: run `fn(*args)` on the notifier's thread soon, guarded."""
        raise NotImplementedError

    def _then(self, future: Future[Any], fn: Callable[..., None], *args: object) -> None:
        """`fn(*args, future)` on the notifier's thread once `future` is done."""
        raise NotImplementedError

    def _show_now(self, offer: NudgeOffer) -> None:
        """Make `offer` the nudge up (`_current`), take the old one down and send it."""
        raise NotImplementedError

    def _take_down(self, sent: S) -> None:
        """Take `sent` off screen: now if it arrived, else as soon as it does."""
        raise NotImplementedError

    def _note_now(self, title: str, text: str, opens: bool = False) -> None:
        """Send an expiring note (plyer if the service does not take it); `opens`: a click
        on it runs `open_insights`."""
        raise NotImplementedError

    def _stop(self) -> None:
        """Main thread, from `close`: take the nudge down within a bounded wait; stop."""
        raise NotImplementedError
