"""Bookkeeping of sent notifications and the calls that send and close them (Windows, macOS).

`Sent` is one nudge notification (nudge/notify/base.py's) with desktop-notifier's side of it.
`Popups` owns desktop-notifier's instance (made lazily, dropped after a failed send so the next
one starts afresh) and sends and closes a `Sent` through it. Loop thread only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nudge.notify import texts
from nudge.notify.base import Sent as BaseSent
from nudge.notify.failures import Outage, describe, send
from nudge.notify.texts import CLOSE_TIMEOUT_S
from nudge.platform.theme import DesktopTheme

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Sent(BaseSent):
    """A nudge notification (nudge/notify/base.py) as desktop-notifier knows it."""

    ident: str = field(kw_only=True)  # desktop-notifier's identifier (ours, so callbacks find it)
    lib: Any = None  # the desktop_notifier.DesktopNotifier that sent it


class Popups:
    """desktop-notifier's connection to the notification service and the calls made on it."""

    def __init__(self, app_icon: Path | None, outage: Outage) -> None:
        self._app_icon = app_icon
        self._lib: Any = None
        self.theme = DesktopTheme(None)  # light or dark pictures, as the desktop prefers
        self.outage = outage  # the notifier's: one warning per outage, nudges and notes alike

    def library(self) -> Any:
        if self._lib is None:
            from desktop_notifier import DesktopNotifier as Library
            from desktop_notifier import Icon

            icon = Icon(path=self._app_icon) if self._app_icon is not None else None
            self._lib = Library(app_name=texts.APP_NAME, app_icon=icon)
        return self._lib

    async def send(self, lib: Any, notification: Any, arrived: Callable[[], bool],
                   timeout: float | None = None, keep: Callable[[], bool] = lambda: False
                   ) -> bool:
        """Send it; whether the daemon took it (`arrived()`, set by its on_dispatched). Never
        raises; a failure is logged once per outage and the connection starts afresh, unless
        `keep()`: a nudge on screen still hears its buttons through it."""
        try:
            error = await asyncio.wait_for(send(lib, notification), timeout)
        except TimeoutError:
            error = None
            reason = f"the notification service did not answer within {timeout:g} s"
        else:
            reason = describe(error) if error is not None else "the service did not take it"
        if arrived():
            self.outage.worked()
            return True
        if not keep():
            self.drop(lib)
        self.outage.failed(reason)
        return False

    def drop(self, lib: Any) -> None:
        """After a failed send, start afresh next time (a new bus connection and proxy)."""
        if self._lib is lib:
            self._lib = None
        bus = getattr(getattr(lib, "_backend", None), "bus", None)
        if bus is not None and bus.connected:
            try:
                bus.disconnect()
            except Exception as error:  # already going down
                log.debug("notification bus disconnect: %r", error)

    def close(self) -> None:
        if self._lib is not None:
            self.drop(self._lib)

    async def clear(self, sent: Sent) -> None:
        try:
            await asyncio.wait_for(sent.lib.clear(sent.ident), CLOSE_TIMEOUT_S)
        except KeyError:
            # desktop-notifier forgot it: closed by the user or the daemon, or a button or the
            # body was pressed.
            pass
        except Exception as error:  # a hung daemon, a closed connection
            log.debug("could not close notification: %r", error)
