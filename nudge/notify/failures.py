"""Failed notification sends as one clear log line per outage, never a traceback per nudge.

desktop-notifier catches every send error itself and logs it at WARNING with the whole traceback
("Notification failed"), once per send: with the session bus gone, one traceback per nudge.
(Windows and macOS; on Linux nudge speaks to the daemon itself.) `send()` runs a send with that
record caught (a logging filter on desktop-notifier's logger)
and hands the error back instead. `Outage` turns a run of failures into one warning when it
starts and one line when sends work again; each failure in between is only a debug line.

Runs on the notifier's thread: `send` on the nudge-notify asyncio loop (Windows, macOS), `guarded`
on nudge-dbus (Linux), `Outage` on either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_notifier import DesktopNotifier as Library
    from desktop_notifier import Notification

log = logging.getLogger(__name__)

LIBRARY_LOGGER = "desktop_notifier.backends.base"
_FAILED = "Notification failed"
# The errors caught for the send running in this asyncio task (each task has its own value).
_caught: ContextVar[list[BaseException] | None] = ContextVar("nudge_notify_caught", default=None)


class _CatchSendFailures(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != _FAILED or not record.exc_info or record.exc_info[1] is None:
            return True
        holder = _caught.get()
        if holder is not None:
            holder.append(record.exc_info[1])
        else:  # a send not made through `send()`: still one line, not a traceback
            log.debug("desktop-notifier: a send failed: %s", describe(record.exc_info[1]))
        return False


_FILTER = _CatchSendFailures()


def quiet_library_log() -> None:
    """Keep desktop-notifier's per-send tracebacks out of the log (idempotent)."""
    logging.getLogger(LIBRARY_LOGGER).addFilter(_FILTER)  # adds it only once


async def send(lib: Library, notification: Notification) -> BaseException | None:
    """`lib.send_notification(notification)`; the error that stopped it, or None.

    None does not mean it arrived: only desktop-notifier's `on_dispatched` says that.
    """
    quiet_library_log()
    holder: list[BaseException] = []
    token = _caught.set(holder)
    try:
        await lib.send_notification(notification)
    finally:
        _caught.reset(token)
    return holder[0] if holder else None


def guarded(fn: Callable[..., None], *args: Any) -> None:
    """Run `fn(*args)`, logging (not raising) what it raises: a notifier's handlers run on a
    shared thread (the D-Bus one, or the asyncio loop of Windows and macOS)."""
    try:
        fn(*args)
    except Exception:
        log.exception("notification handler failed")


def describe(error: BaseException | None) -> str:
    """One line on why a send failed, for the log."""
    if error is None:
        return "no reason given"
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
    if isinstance(error, EOFError | ConnectionError | FileNotFoundError):
        return f"the D-Bus session bus cannot be reached ({detail})"
    if "ServiceUnknown" in text or "was not provided by any .service files" in text:
        return "no notification service is on the session bus"
    return detail


class Outage:
    """Logs the first failure of a run as a warning and the first success after it as info.

    Used from one thread only (the notifier's loop thread, or the plain worker).
    """

    def __init__(self, what: str, meanwhile: str) -> None:
        self._what = what  # "desktop notifications"
        self._meanwhile = meanwhile  # "nudges are shown as plain text"
        self.reason: str | None = None  # why they fail now; None while they work

    def failed(self, reason: str) -> None:
        if self.reason is None:
            log.warning("%s are failing: %s; %s until they work again (logged once)",
                        self._what, reason, self._meanwhile)
        else:
            log.debug("%s still failing: %s", self._what, reason)
        self.reason = reason

    def worked(self) -> None:
        if self.reason is not None:
            log.info("%s work again", self._what)
            self.reason = None
