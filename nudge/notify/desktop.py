"""Nudges as desktop notifications with Done / Snooze / Skip buttons, through desktop-notifier.

Threads: `show`, `withdraw` and `message` are called on the engine thread (or any thread) and
only hand work to the notifier's asyncio loop: the shared DbusLoop thread ("nudge-dbus") on Linux,
a private "nudge-notify" loop thread elsewhere. Everything else — sending, button callbacks,
reply confirmations, `on_delivery` — runs on that loop thread, and only there is `_current`
written. A button only submits an `AnswerNudge`; the engine decides what it means.

desktop-notifier's `send()` never raises: the only sign that a notification arrived is its
`on_dispatched` callback. No callback (no service, a crash) or none within `dispatch_timeout`
(a hung daemon) means: show it through plyer instead and report `on_delivery(id, False)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nudge.commands import AnswerNudge, Command, Reply
from nudge.core.decisions import NudgeOffer
from nudge.notify import daemon, texts
from nudge.notify.plain import NUDGE_TIMEOUT_S, PlainNotifier

if TYPE_CHECKING:
    from nudge.dbus_loop import DbusLoop

log = logging.getLogger(__name__)

DISPATCH_TIMEOUT_S = 3.0  # a send not confirmed by then is shown through plyer instead
CLOSE_TIMEOUT_S = 2.0  # bound on closing a popup
CONFIRM_SECONDS = 5  # how long "Saved: 5 reps. Nice work." stays up
NUDGE_EXPIRY = 0  # desktop-notifier timeout: 0 asks the daemon to keep it until answered

Submit = Callable[[Command], "Future[Reply]"]
Delivery = Callable[[str, bool], None]


@dataclass(eq=False)
class _Sent:
    """One nudge notification, from `show()` until it is answered, replaced or withdrawn."""

    offer: NudgeOffer
    ident: str  # desktop-notifier's identifier (ours, so callbacks can find it)
    lib: Any = None  # the desktop_notifier.DesktopNotifier that sent it
    platform_id: int | None = None  # the daemon's own id for it
    daemon: str | None = None  # unique bus name of the daemon that took it (Linux)
    dispatched: bool = False
    fell_back: bool = False
    watchdog: asyncio.TimerHandle | None = None


class _LoopThread:
    """A private asyncio loop in a daemon thread, for macOS and Windows (no DbusLoop there)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="nudge-notify",
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not threading.current_thread():
            self._thread.join(2.0)


class DesktopNotifier:
    """The Notifier with buttons. `submit` sends answers to the engine; `on_delivery(nudge_id,
    delivered)` (called on the loop thread) tells the tray whether the popup arrived."""

    name = "desktop"

    def __init__(self, submit: Submit, dbus: DbusLoop | None,
                 on_delivery: Delivery | None = None, *, app_icon: Path | None = None,
                 plain: PlainNotifier | None = None,
                 dispatch_timeout: float = DISPATCH_TIMEOUT_S,
                 confirm_seconds: int = CONFIRM_SECONDS) -> None:
        self._submit = submit
        self._dbus = dbus
        self._own = _LoopThread() if dbus is None else None
        self._on_delivery = on_delivery
        self._app_icon = app_icon
        self._plain = plain if plain is not None else PlainNotifier(app_icon=app_icon)
        self._dispatch_timeout = dispatch_timeout
        self._confirm_seconds = confirm_seconds
        self._closed = False
        # Loop thread only:
        self._lib: Any = None
        self._current: _Sent | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        if dbus is not None:  # a crashed or restarted daemon: see `_daemon_changed`
            dbus.spawn(daemon.watch_owner(dbus, partial(self._guarded, self._daemon_changed)))

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

    def close(self) -> None:
        """Main thread, at exit: take the nudge down (waits at most ~3 s) and stop."""
        if self._closed:
            return
        self._closed = True
        try:
            done = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop())
            done.result(CLOSE_TIMEOUT_S + 1.0)
        except Exception as error:  # a closed loop or a hung daemon: nothing more to do
            log.debug("notifier shutdown incomplete: %r", error)
        if self._own is not None:
            self._own.close()
        self._plain.close()

    def _loop(self) -> asyncio.AbstractEventLoop:
        return self._own.loop if self._own is not None else self._dbus.loop  # type: ignore[union-attr]

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        if self._closed:
            return
        try:
            self._loop().call_soon_threadsafe(self._guarded, fn, *args)
        except RuntimeError as error:  # the loop is already closed (shutdown)
            log.debug("notifier loop gone: %s", error)

    @staticmethod
    def _guarded(fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("notification handler failed")

    def _relay(self, fn: Callable[..., None], *args: Any) -> None:
        """For desktop-notifier's user callbacks: run `fn` on the loop thread. On Linux they
        already arrive there (D-Bus signals); on macOS (read) they come on the main thread."""
        loop = self._loop()
        try:
            here = asyncio.get_running_loop() is loop
        except RuntimeError:
            here = False
        if here:
            self._guarded(fn, *args)
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed at exit
                loop.call_soon_threadsafe(self._guarded, fn, *args)

    # -- loop thread: state changes -------------------------------------------------------------
    def _show_now(self, offer: NudgeOffer) -> None:
        previous, self._current = self._current, _Sent(offer, uuid.uuid4().hex)
        self._spawn(self._replace(previous, self._current))

    def _withdraw_now(self, nudge_id: str) -> None:
        current = self._current
        if current is not None and current.offer.nudge_id == nudge_id:
            self._current = None
            self._spawn(self._retire(current))

    def _note_now(self, title: str, text: str) -> None:
        self._spawn(self._send_note(title, text))

    def _dispatched(self, sent: _Sent) -> None:
        """desktop-notifier: the daemon accepted it (inside `send`, before it returns)."""
        sent.dispatched = True
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        sent.platform_id = daemon.platform_id(sent.lib, sent.ident)
        if sent is not self._current:  # replaced or withdrawn while it was on its way
            self._spawn(self._clear(sent))
            return
        self._spawn(self._note_daemon(sent))
        self._report(sent.offer.nudge_id, True)

    def _overdue(self, sent: _Sent) -> None:
        """No dispatch within `dispatch_timeout`: the daemon hangs. If it answers later, the
        popup is still used (`_dispatched` reports it delivered then)."""
        if not sent.dispatched and sent is self._current:
            self._fall_back(sent)

    def _fall_back(self, sent: _Sent) -> None:
        if sent.fell_back:
            return
        sent.fell_back = True
        log.info("nudge %s: no notification daemon took it; showing it as plain text",
                 sent.offer.nudge_id)
        self._plain.post(sent.offer.title, texts.plain_body(sent.offer), NUDGE_TIMEOUT_S)
        self._report(sent.offer.nudge_id, False)

    def _pressed(self, sent: _Sent, command: AnswerNudge) -> None:
        """A button (D-Bus signal, loop thread): submit the answer; confirm when it is saved."""
        if sent is self._current:
            self._current = None
        self._spawn(self._close_popup(sent))  # dunst keeps the popup after an action
        try:
            future = self._submit(command)
        except Exception as error:
            self._spawn(self._send_note(*texts.failure(error)))
            return
        loop = asyncio.get_running_loop()

        def replied(done: Future[Reply]) -> None:  # on the engine thread
            with contextlib.suppress(RuntimeError):  # the loop closed at exit
                loop.call_soon_threadsafe(self._guarded, self._confirm, done)

        future.add_done_callback(replied)

    def _confirm(self, done: Future[Reply]) -> None:
        if done.cancelled():
            title, text = texts.failure(RuntimeError("the answer was cancelled"))
        elif (error := done.exception()) is not None:
            title, text = texts.failure(error)
        else:
            title, text = texts.confirmation(done.result())
        self._spawn(self._send_note(title, text))

    def _clicked(self, sent: _Sent) -> None:
        """Body click: records nothing. Like a dismissal, the popup goes (desktop-notifier
        ignores its buttons after a click) and the engine re-shows the nudge by its rules."""
        if sent is self._current:
            self._current = None
        self._spawn(self._close_popup(sent))

    def _dismissed(self, sent: _Sent) -> None:
        """Closed by the user: no answer; the engine re-shows it later by its rules."""
        if sent is self._current:
            self._current = None

    def _daemon_changed(self, old: str, new: str) -> None:
        """The daemon left or joined the bus (D-Bus signal, loop thread). A popup dies with its
        daemon: the nudge then waits in the tray, and a new daemon gets it again at once."""
        sent = self._current
        if not new:
            log.warning("the notification service left the session bus")
            if sent is not None and sent.dispatched and sent.daemon in (None, old):
                log.info("nudge %s: its popup went with it; it waits in the tray",
                         sent.offer.nudge_id)
                sent.daemon = old  # gone, so `_clear` leaves the new daemon's ids alone
                self._report(sent.offer.nudge_id, False)
            return
        log.info("a notification service is on the session bus (again)")
        lost = sent is not None and (sent.fell_back or sent.daemon not in (None, new))
        if sent is not None and lost:
            log.info("nudge %s: showing it again through the new notification service",
                     sent.offer.nudge_id)
            self._show_now(sent.offer)

    def _report(self, nudge_id: str, delivered: bool) -> None:
        if self._on_delivery is not None:
            try:
                self._on_delivery(nudge_id, delivered)
            except Exception:
                log.exception("on_delivery failed")

    # -- loop thread: talking to the daemon -----------------------------------------------------
    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("notification task failed: %r", task.exception())

    def _library(self) -> Any:
        if self._lib is None:
            from desktop_notifier import DesktopNotifier as Library
            from desktop_notifier import Icon

            icon = Icon(path=self._app_icon) if self._app_icon is not None else None
            self._lib = Library(app_name=texts.APP_NAME, app_icon=icon)
        return self._lib

    def _drop_library(self, lib: Any) -> None:
        """After a failed send, start afresh next time (a new bus connection and proxy)."""
        if self._lib is lib:
            self._lib = None
        bus = getattr(getattr(lib, "_backend", None), "bus", None)
        if bus is not None and bus.connected:
            try:
                bus.disconnect()
            except Exception as error:  # already going down
                log.debug("notification bus disconnect: %r", error)

    async def _replace(self, previous: _Sent | None, sent: _Sent) -> None:
        # The watchdog starts now: a slow close of the old popup counts against delivery time.
        sent.watchdog = asyncio.get_running_loop().call_later(
            self._dispatch_timeout, self._guarded, self._overdue, sent)
        if previous is not None:
            await self._retire(previous)  # closed before the new one is sent: one at a time
        if sent is self._current:
            await self._send_nudge(sent)
        else:
            sent.watchdog.cancel()

    async def _retire(self, sent: _Sent) -> None:
        """Take `sent` off screen: now if it arrived, else as soon as it does (`_dispatched`)."""
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        if sent.dispatched:
            await self._clear(sent)

    async def _send_nudge(self, sent: _Sent) -> None:
        from desktop_notifier import Button, Notification, Urgency

        sent.lib = lib = self._library()
        offer = sent.offer
        buttons = tuple(Button(spec.label, on_pressed=partial(self._relay, self._pressed, sent,
                                                                spec.command))
                        for spec in texts.buttons(offer))
        notification = Notification(
            offer.title, texts.body(offer), urgency=Urgency.Normal, buttons=buttons,
            # on_dispatched runs inside `send`, so on this thread on every platform.
            on_dispatched=partial(self._guarded, self._dispatched, sent),
            on_clicked=partial(self._relay, self._clicked, sent),
            on_dismissed=partial(self._relay, self._dismissed, sent),
            timeout=NUDGE_EXPIRY, identifier=sent.ident)
        await lib.send_notification(notification)  # never raises; may hang on a stuck daemon
        if sent.dispatched:
            return
        if sent.watchdog is not None:
            sent.watchdog.cancel()
        self._drop_library(lib)
        if sent is self._current:
            self._fall_back(sent)

    async def _send_note(self, title: str, text: str) -> None:
        """An expiring notification without buttons; plyer if the daemon does not take it."""
        from desktop_notifier import Notification, Urgency

        lib = self._library()
        arrived: list[bool] = []
        note = Notification(title, text, urgency=Urgency.Normal, timeout=self._confirm_seconds,
                            on_dispatched=lambda: arrived.append(True))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(lib.send_notification(note), self._dispatch_timeout)
        if not arrived:
            self._drop_library(lib)
            self._plain.post(title, text)

    async def _note_daemon(self, sent: _Sent) -> None:
        if self._dbus is not None:
            sent.daemon = await daemon.name_owner(self._dbus)

    async def _same_daemon(self, sent: _Sent) -> bool:
        """Whether the daemon that showed `sent` still runs. If it died, its popup went with
        it, and its id may already belong to another popup on a restarted daemon."""
        if self._dbus is None:
            return True
        owner = await daemon.name_owner(self._dbus)
        return owner is not None and sent.daemon in (None, owner)

    async def _clear(self, sent: _Sent) -> None:
        if not await self._same_daemon(sent):
            return
        try:
            await asyncio.wait_for(sent.lib.clear(sent.ident), CLOSE_TIMEOUT_S)
        except KeyError:
            # desktop-notifier forgot it: closed by the user or the daemon, or a button or the
            # body was pressed (then `_close_popup` already closed it).
            pass
        except Exception as error:  # a hung daemon, a closed connection
            log.debug("could not close notification: %r", error)

    async def _close_popup(self, sent: _Sent) -> None:
        """Close by the daemon's id: after an action desktop-notifier's `clear()` can't."""
        if sent.platform_id is None or self._dbus is None or not await self._same_daemon(sent):
            return
        try:
            await daemon.close_notification(self._dbus, sent.platform_id)
        except Exception as error:
            log.debug("could not close notification %s: %r", sent.platform_id, error)

    async def _shutdown(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            await self._retire(current)
        # Sends stuck on a hung daemon, closes in flight: end them before the loop stops.
        pending = [task for task in self._tasks if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if self._lib is not None:
            self._drop_library(self._lib)
