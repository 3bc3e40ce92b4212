"""The first-run welcome window: what nudge does, work hours, how often, start at login, and a
real nudge to try. GUI thread only; the words and the writing are in `first_run`.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nudge.app.commands import ReloadConfig, Reply, TryNudge
from nudge.config import ConfigError
from nudge.core.catalogue import MEDICAL_NOTE
from nudge.i18n import _
from nudge.paths import Paths
from nudge.windows.first_run import (
    Answers,
    answer_problems,
    apply_answers,
    intro,
    mark_welcomed,
    start_the_app,
)
from nudge.windows.style import closing_keys, error_label, help_label
from nudge.windows.talk import ask_app


class WelcomeWindow(QWidget):
    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.app_reply: Reply | None = None  # the running app's answer to the last save
        self.setWindowTitle(_("Welcome to nudge"))
        with contextlib.suppress(OSError):  # shown once: closing it any way counts as seen
            mark_welcomed(paths)
        title = QLabel("<h2>{}</h2>".format(_("Welcome to nudge")))
        words = QLabel(" ".join(intro()))
        words.setWordWrap(True)
        defaults = Answers()
        self.work_hours = QLineEdit(defaults.work_hours)
        self.work_hours.setAccessibleName(_("Work hours, Monday to Friday"))
        self.rise_every = QLineEdit(defaults.rise_every)
        self.rise_every.setAccessibleName(_("Rise after sitting for"))
        self.login = QCheckBox(_("Start nudge when I log in"))
        self.login.setChecked(defaults.start_at_login)
        self.errors = {"work_hours": error_label(), "rise_every": error_label()}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # a label too long to sit beside its field (German) goes above it, not off the edge
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Work hours, Monday to Friday"), _column(
            # Translators: keep the hours as written: they are what the settings accept.
            self.work_hours, help_label(_("Like 08:00-18:00, or 08:00-12:00, 13:00-17:30.")),
            self.errors["work_hours"]))
        form.addRow(_("Rise after sitting for"), _column(
            # Translators: keep 30m and 1h as written: they are what the settings accept.
            self.rise_every, help_label(_("Like 30m or 1h. Thirty minutes suits most people.")),
            self.errors["rise_every"]))
        form.addRow("", self.login)
        self.try_button = QPushButton(_("&Try a nudge now"))
        self.try_button.clicked.connect(self.try_nudge)
        self.status = QLabel()
        self.status.setWordWrap(True)
        skip = QPushButton(_("S&kip"))
        skip.setToolTip(_("Start with the usual settings; change them any time in Settings"))
        skip.clicked.connect(self.close)
        self.start_button = QPushButton(_("&Start"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.finish)
        buttons = QHBoxLayout()
        buttons.addWidget(self.try_button)
        buttons.addStretch(1)
        buttons.addWidget(skip)
        buttons.addWidget(self.start_button)
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(title)
        content.addWidget(words)
        content.addWidget(help_label(_(MEDICAL_NOTE)))
        content.addSpacing(8)
        content.addLayout(form)
        content.addWidget(self.status)
        content.addStretch(1)
        scroll = QScrollArea()  # a small screen at 200 % scrolls instead of squeezing the fields
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        for edit in (self.work_hours, self.rise_every):
            edit.textEdited.connect(self.check)
        closing_keys(self)
        self.body, self.content, self.scroll_area, self.buttons = body, content, scroll, buttons
        wide = max(536, body.minimumSizeHint().width(), buttons.sizeHint().width())
        self.resize(wide + 24, self._tall_enough(wide))

    def _tall_enough(self, wide: int) -> int:
        """The window's height that shows the whole body, wrapped at `wide`, without scrolling."""
        tall = max(self.body.heightForWidth(wide), self.body.sizeHint().height())
        return tall + self.buttons.sizeHint().height() + 48

    def grow_to_fit(self) -> None:
        """Taller, when a problem appeared, so it is seen whole (within the screen; beyond
        that the body scrolls, and the problem is scrolled into sight)."""
        self.content.activate()
        viewport = self.scroll_area.viewport()
        wanted = self.body.heightForWidth(viewport.width()) + self.height() - viewport.height()
        screen = self.screen().availableGeometry()
        room = int(screen.height() * 0.9) - (self.frameGeometry().height() - self.height())
        if wanted > self.height() and self.height() < room:
            self.resize(self.width(), min(wanted, room))
            bottom = self.frameGeometry().bottom() - screen.bottom()
            if bottom > 0:  # grown below the screen's edge: up by as much
                self.move(self.x(), max(screen.top(), self.y() - bottom))
        for label in self.errors.values():
            if label.isVisible():
                self.scroll_area.ensureWidgetVisible(label)

    def answers(self) -> Answers:
        return Answers(self.work_hours.text(), self.rise_every.text(), self.login.isChecked())

    def check(self) -> dict[str, str]:
        problems = answer_problems(self.paths, self.answers())
        for field, label in self.errors.items():
            label.setText(problems.get(field, ""))
            label.setVisible(field in problems)
        if problems:
            self.grow_to_fit()
        return problems

    def try_nudge(self) -> None:
        reply = ask_app(self.paths, TryNudge())
        if reply is None:
            self.status.setText(_("nudge is not running yet, so it cannot show a nudge: start "
                                  "it, then try again."))
        else:
            self.status.setText(reply.message)

    def finish(self) -> None:
        problems = self.check()
        if problems:
            (self.work_hours if "work_hours" in problems else self.rise_every).setFocus(
                Qt.FocusReason.OtherFocusReason)
            return
        try:
            said = apply_answers(self.paths, self.answers())
        except ConfigError as error:
            self.status.setText(_("Could not save: {problem}").format(problem=error))
            return
        # A running app reads the new file now, not when its file watch next looks (up to 2 s
        # where it polls: Windows, macOS), as Settings' Save does.
        self.app_reply = ask_app(self.paths, ReloadConfig())
        if self.app_reply is None:  # not running: `nudge welcome` on its own
            # drawn off screen (tests) there is no display for a tray either
            display = QGuiApplication.platformName() not in ("offscreen", "minimal")
            said = f"{said} {start_the_app(self.paths, display)}"
        self.status.setText(said)
        print(said, flush=True)
        self.start_button.setEnabled(False)
        self.close()


def _column(*widgets: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for widget in widgets:
        column.addWidget(widget)
    return box
