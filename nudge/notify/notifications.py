"""The desktop-notifier `Notification`s nudge sends: a nudge with its Done / Snooze / Skip
buttons and its picture, and an expiring note (the weekly review's opens insights).

Built by `DesktopNotifier` (nudge/notify/desktop.py) on the notifier's loop thread; the
callbacks given here are desktop-notifier's, wired by the caller.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.app.commands import AnswerNudge
from nudge.config.exercise_pictures import picture_file
from nudge.core.decisions import NudgeOffer
from nudge.i18n import _
from nudge.notify import texts

if TYPE_CHECKING:
    from desktop_notifier import Attachment, Notification

NUDGE_EXPIRY = 0  # desktop-notifier timeout: 0 asks the daemon to keep it until answered

Hook = Callable[[], None]


def nudge_notification(offer: NudgeOffer, ident: str, body: Callable[[str], str], *,
                       pressed: Callable[[AnswerNudge], Hook], dispatched: Hook,
                       clicked: Hook, dismissed: Hook, theme: str = "light") -> Notification:
    """The nudge's popup; `pressed(command)` gives the callback of the button for `command`;
    its picture is the `theme` ("light" or "dark") variant."""
    from desktop_notifier import Button, Notification, Urgency

    buttons = tuple(Button(spec.label, on_pressed=pressed(spec.command))
                    for spec in texts.buttons(offer))
    return Notification(
        offer.title, body(texts.body(offer)), urgency=Urgency.Normal, buttons=buttons,
        on_dispatched=dispatched, on_clicked=clicked, on_dismissed=dismissed,
        timeout=NUDGE_EXPIRY, identifier=ident, attachment=_picture(offer, theme))


def note_notification(title: str, text: str, timeout: int, dispatched: Hook,
                      opened: Hook | None = None) -> Notification:
    """A note without buttons; with `opened`, one that opens insights: a click on it (the
    default action) or its "Open insights" button, where the daemon shows buttons."""
    from desktop_notifier import Button, Notification, Urgency

    buttons = () if opened is None else (Button(_(texts.OPEN_INSIGHTS), on_pressed=opened),)
    return Notification(title, text, urgency=Urgency.Normal, timeout=timeout, buttons=buttons,
                        on_dispatched=dispatched, on_clicked=opened)


def picture_for(offer: NudgeOffer, platform: str = sys.platform, theme: str = "light"
                ) -> Path | None:
    """Which picture of the exercise the notification carries on `platform` for a desktop
    with a `theme` ("light", or "dark": figures drawn for a dark background). None: text only.

    freedesktop daemons (dunst, GNOME, KDE, mako) draw the `image-path` hint at icon size,
    32–64 px, where a strip of 3–4 frames is an unreadable smudge: they get the key frame, one
    square frame with the movement's arrow. Windows shows the attachment as the toast's hero
    image, a wide banner (about 2:1) across the toast, and macOS shows it large when the
    notification is expanded: both have room for the whole strip, start → movement → end."""
    key = not (platform.startswith("win") or platform == "darwin")
    return picture_file(offer.exercise, theme, key=key)


def _picture(offer: NudgeOffer, theme: str) -> Attachment | None:
    """The exercise's picture as desktop-notifier's attachment: the freedesktop `image-path`
    hint, the toast's hero image on Windows, an attachment on macOS."""
    from desktop_notifier import Attachment

    path = picture_for(offer, theme=theme)
    return None if path is None else Attachment(path=path)
