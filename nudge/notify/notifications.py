"""The desktop-notifier `Notification`s nudge sends: a nudge with its Done / Snooze / Skip
buttons and its picture, and an expiring note without buttons.

Built by `DesktopNotifier` (nudge/notify/desktop.py) on the notifier's loop thread; the
callbacks given here are desktop-notifier's, wired by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from nudge.app.commands import AnswerNudge
from nudge.config.exercise_pictures import picture_file
from nudge.core.decisions import NudgeOffer
from nudge.notify import texts

if TYPE_CHECKING:
    from desktop_notifier import Attachment, Notification

NUDGE_EXPIRY = 0  # desktop-notifier timeout: 0 asks the daemon to keep it until answered

Hook = Callable[[], None]


def nudge_notification(offer: NudgeOffer, ident: str, body: Callable[[str], str], *,
                       pressed: Callable[[AnswerNudge], Hook], dispatched: Hook,
                       clicked: Hook, dismissed: Hook) -> Notification:
    """The nudge's popup; `pressed(command)` gives the callback of the button for `command`."""
    from desktop_notifier import Button, Notification, Urgency

    buttons = tuple(Button(spec.label, on_pressed=pressed(spec.command))
                    for spec in texts.buttons(offer))
    return Notification(
        offer.title, body(texts.body(offer)), urgency=Urgency.Normal, buttons=buttons,
        on_dispatched=dispatched, on_clicked=clicked, on_dismissed=dismissed,
        timeout=NUDGE_EXPIRY, identifier=ident, attachment=_picture(offer))


def note_notification(title: str, text: str, timeout: int, dispatched: Hook) -> Notification:
    from desktop_notifier import Notification, Urgency

    return Notification(title, text, urgency=Urgency.Normal, timeout=timeout,
                        on_dispatched=dispatched)


def _picture(offer: NudgeOffer) -> Attachment | None:
    """The exercise's picture as desktop-notifier's attachment: the freedesktop `image-path`
    hint, the toast's hero image on Windows, an attachment on macOS. None: text only."""
    from desktop_notifier import Attachment

    path = picture_file(offer.exercise)
    return None if path is None else Attachment(path=path)
