"""The do-nothing notifier for systems where no notification can be shown: the tray carries it.

Runs on the caller's thread (the engine thread for `show` and `withdraw`) and returns at once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from nudge.app.commands import Reply
from nudge.core.decisions import NudgeOffer
from nudge.notify.texts import confirmation

log = logging.getLogger(__name__)


class NullNotifier:
    """Records what it was asked to show and reports every nudge as not delivered.

    All methods run on the caller's thread (the engine thread for show/withdraw) and return at
    once; `on_delivery(nudge_id, False)` is called right there, so the tray shows it pending.
    """

    name = "none"

    def __init__(self, on_delivery: Callable[[str, bool], None] | None = None,
                 reason: str = "") -> None:
        self._on_delivery = on_delivery
        self.reason = reason
        self.shown: list[NudgeOffer] = []
        self.withdrawn: list[str] = []
        self.messages: list[str] = []

    def show(self, offer: NudgeOffer) -> None:
        self.shown.append(offer)
        if self._on_delivery is not None:
            try:
                self._on_delivery(offer.nudge_id, False)
            except Exception:
                log.exception("on_delivery failed")

    def withdraw(self, nudge_id: str) -> None:
        self.withdrawn.append(nudge_id)

    def message(self, text: str) -> None:
        self.messages.append(text)
        log.info("%s", text)

    def review(self, text: str) -> None:
        """The weekly review: a plain note (no click to open insights here)."""
        self.message(text)

    def confirm(self, reply: Reply) -> None:
        self.message(": ".join(part for part in confirmation(reply) if part))

    def close(self) -> None:
        pass
