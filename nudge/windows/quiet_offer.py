"""The learned quiet-hour suggestion (#20) in the Insights window, with the tray menu's two
buttons: "Add as a pause" and "Don't ask again". GUI thread only.

The running app is asked for the hour it offers and carries out the click (so its menu drops
the offer at once); when it is not running, the suggestion is worked out from the files as the
app would at its start, and the click goes to the same `dispatch` on the files (`FilesBackend`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from nudge.app.commands import AddQuietPause, Command, DismissQuietHour, GetStatus, Reply
from nudge.core.settings import Settings
from nudge.i18n import _
from nudge.paths import Paths
from nudge.windows.talk import ask_app


@dataclass(frozen=True)
class Offer:
    key: str  # e.g. tue-14
    question: str  # the tray menu's words


def find_offer(paths: Paths, settings: Settings) -> Offer | None:
    """The quiet hour the running app offers, or the files' one when it is not running."""
    reply = ask_app(paths, GetStatus())
    if reply is not None:
        found = reply.data.get("quiet_hour") if reply.ok else None
        if isinstance(found, dict) and isinstance(found.get("key"), str):
            return Offer(found["key"], str(found.get("question", "")))
        return None
    from nudge.app.engine_status import recent_history
    from nudge.core.quiet_hours import suggest_quiet_hours
    from nudge.state.quiet_hours import load_dismissed
    from nudge.store import TinyDBEventStore, device_id

    today = datetime.now().astimezone().date()
    try:
        store = TinyDBEventStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock)
        dismissed = load_dismissed(paths.quiet_hours_file)
    except OSError:
        return None  # the window says what is wrong with the files elsewhere
    hours = suggest_quiet_hours(recent_history(store, today), today, settings.schedule,
                                dismissed)
    return Offer(hours[0].key, hours[0].question) if hours else None


def answer(paths: Paths, command: Command) -> Reply:
    """Through the running app; on the files when it is not running."""
    reply = ask_app(paths, command)
    if reply is not None:
        return reply
    from nudge.app.dispatch import dispatch
    from nudge.cli.offline import FilesBackend

    return dispatch(FilesBackend(paths), command)


class QuietHourOffer(QFrame):
    """The question and its two buttons; hidden when there is nothing to ask."""

    def __init__(self, paths: Paths, settings: Settings) -> None:
        super().__init__()
        self.paths = paths
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Quiet hour suggestion"))
        self.question = QLabel()
        self.question.setWordWrap(True)
        # Translators: the same two answers as in the tray menu's quiet-hour question.
        self.add = QPushButton(_("Add as a pause"))
        self.dismiss = QPushButton(_("Don't ask again"))
        line = QHBoxLayout(self)
        line.addWidget(self.question, 1)
        line.addWidget(self.add)
        line.addWidget(self.dismiss)
        self.offer = find_offer(paths, settings)
        if self.offer is None:
            self.hide()
            return
        self.question.setText(self.offer.question)
        key = self.offer.key
        self.add.clicked.connect(lambda: self.answered(AddQuietPause(key)))
        self.dismiss.clicked.connect(lambda: self.answered(DismissQuietHour(key)))

    def answered(self, command: Command) -> None:
        reply = answer(self.paths, command)
        self.question.setText(reply.message)
        if reply.ok:  # asked once: the buttons go, the words of what was done stay
            self.offer = None
            self.add.hide()
            self.dismiss.hide()
