"""The Settings window: a control for every key in `nudge.config.keys`, checked as you type.

GUI thread only. The tabs and fields are generated from the table of keys (a new key gets a
control with no code here); the work hours and recurring pauses have their own tab
(`work_hours.py`). Problems are `nudge config --check`'s words, shown under the field; Save is
refused while there is one, and writes config.toml through `SettingsDocument`, then tells the
running app to read it at once (`ReloadConfig`: its file watch may poll only every 2 s);
"Start at login" goes through `nudge.autostart`.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nudge.app.commands import ReloadConfig, Reply
from nudge.config import ConfigError
from nudge.config.keys import KEYS, Key
from nudge.core.catalogue import CatalogueError
from nudge.i18n import N_, _
from nudge.paths import Paths
from nudge.windows.blocker_notes import BlockerNotes
from nudge.windows.controls import Control, in_window_words, label_for
from nudge.windows.exercise_doc import ExerciseReps
from nudge.windows.exercise_list import FIELD as EXERCISES_FIELD
from nudge.windows.exercise_list import ExerciseList
from nudge.windows.settings_doc import GENERAL, SECTION_TITLES, WORK_HOURS, SettingsDocument
from nudge.windows.style import (
    ask_to_save,
    closing_keys,
    error_label,
    help_label,
    scrolled,
    shortcut,
)
from nudge.windows.talk import ask_app
from nudge.windows.work_hours import WorkHoursPanel

# Tabs in order: (title, the parts each "Restore defaults" covers). The & marks the Alt key
# of each tab; translators choose their own.
TABS = ((N_("&When to nudge"), ("schedule",)), (N_("Work &hours"), (WORK_HOURS,)),
        (N_("&Goals and exercises"), ("goals", "exercises")),
        (N_("&Don't interrupt"), ("blockers",)), (N_("A&pp"), ("app",)))


class SettingsWindow(QWidget):
    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.reps = ExerciseReps(paths.user_exercises_file)
        self.doc = SettingsDocument(paths.config_file, self.reps.catalogue)
        self.setWindowTitle(_("nudge settings"))
        self.controls: dict[str, Control] = {}
        self.app_reply: Reply | None = None  # the running app's answer to the last Save
        self.errors: dict[str, QLabel] = {}
        self.forms: list[QFormLayout] = []
        self.tabs = QTabWidget()
        self.work_hours = WorkHoursPanel(self.doc, self.check)
        self.blocker_notes = BlockerNotes(paths)
        self.autostart = _Autostart()
        self.exercise_list = ExerciseList(self.doc, self.reps, self._exercises_edited)
        self.errors[EXERCISES_FIELD] = self.exercise_list.error
        for title, parts in TABS:
            self.tabs.addTab(self._page(parts), _(title))
        self.general = error_label()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Save status"))
        restore = QPushButton(_("Restore defaults"))
        restore.setToolTip(_("Put this tab's settings back to how nudge comes"))
        restore.clicked.connect(self.restore_tab)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        shortcut(self, QKeySequence(QKeySequence.StandardKey.Save), self.save)
        closing_keys(self)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+Tab", 1), ("Ctrl+PgUp", -1),
                           ("Ctrl+Shift+Tab", -1)):
            shortcut(self, QKeySequence(keys), partial(self.turn_tab, step))
        buttons = QHBoxLayout()
        buttons.addWidget(restore)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.fill()
        self.check()
        # every tab's name in sight (no scroll arrows), however long the language makes them
        tabs_wide = self.tabs.tabBar().sizeHint().width() + 2 * layout.contentsMargins().left()
        self.resize(max(self.sizeHint().width(), 720, tabs_wide + 8), 640)
        next(iter(self.controls.values())).widget.setFocus()  # type at once

    # -- building ----------------------------------------------------------------------
    def _page(self, parts: tuple[str, ...]) -> QWidget:
        if parts == (WORK_HOURS,):
            return scrolled(self.work_hours)
        page = QWidget()
        form = QFormLayout(page)
        self.forms.append(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in KEYS:
            if key.section in parts and key.kind.form != "exercises":  # the exercise list
                self._add_field(form, key)
        if "app" in parts:
            form.addRow(_("Start at login"), self.autostart.box)
        if "exercises" in parts:
            self._add_exercises(form)
        return scrolled(page)

    def _add_exercises(self, form: QFormLayout) -> None:
        form.addRow(QLabel("<b>{}</b>".format(_("Exercises"))))
        form.addRow(self.exercise_list)

    def _add_field(self, form: QFormLayout, key: Key) -> None:
        control = Control(key)
        control.on_change(lambda *_signal, control=control: self._edited(control))
        name = f"{key.section}.{key.name}"
        self.controls[name] = control
        self.errors[name] = error_label()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(control.widget)
        # The comments are the config file's (nudge.config.keys); marked there, they are said
        # in the user's language here.
        column.addWidget(help_label(in_window_words(
            _(key.comment).format(bounds=key.kind.bounds).replace("\n", " "))))
        if key.section == "blockers":
            column.addWidget(self.blocker_notes.label_for(key.name, key.kind.form))
        column.addWidget(self.errors[name])
        label = QLabel(label_for(key))
        label.setBuddy(control.widget)
        form.addRow(label, column)

    def turn_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def fill(self) -> None:
        for control in self.controls.values():
            control.show(self.doc.value(control.key))
        self.work_hours.fill()
        self.exercise_list.fill()

    # -- editing -----------------------------------------------------------------------
    def _edited(self, control: Control) -> None:
        self.doc.set_value(control.key, control.value())
        self.status.clear()
        self.check()

    def _exercises_edited(self) -> None:
        self.status.clear()
        self.check()

    def check(self) -> dict[str, str]:
        """Show every problem under its field; the problems."""
        problems = self.doc.problems()
        for name, label in self.errors.items():
            _say(label, in_window_words(problems.get(name, "")))
        self.work_hours.show_problems(problems)
        _say(self.general, problems.get(GENERAL, ""))
        # Once the form has laid the new lines out, once more: Qt's form layout keeps row
        # heights of wrapped text from before (a problem of two lines was cut, a row above it
        # left a line too tall) until it is told to lay out again.
        QTimer.singleShot(0, self, self._lay_out_again)
        return problems

    def _lay_out_again(self) -> None:
        for form in self.forms:
            form.invalidate()

    def restore_tab(self) -> None:
        for part in TABS[self.tabs.currentIndex()][1]:
            self.doc.restore_defaults(part)
            if part == "exercises":  # every exercise on (above) and nudge's own reps
                self.reps.restore_defaults()
        self.fill()
        self.check()
        self.status.setText(_("Defaults restored on this tab. Save to keep them."))

    def save(self) -> bool:
        problems = self.check()
        if problems:
            where = next(iter(problems))
            self._go_to(where)
            self._say(_("Not saved yet: fix the setting marked in red first."),
                      f"{where}: {problems[where]}")
            return False
        try:
            self.reps.save()  # first: the config's save makes the running app read both
            self.doc.save()
            autostart_said = self.autostart.apply()
        except (ConfigError, CatalogueError) as error:
            self._say(_("Not saved: {problem}").format(problem=error))
            return False
        reply = self.app_reply = ask_app(self.paths, ReloadConfig())
        said = (_("Saved. nudge will use them when it starts.") if reply is None
                else _("Saved. nudge is using them now.") if reply.ok
                else _("Saved. {reply}").format(reply=reply.message))
        self._say(f"{said}{autostart_said}")
        return True

    def _say(self, text: str, detail: str = "") -> None:
        """In the window, and on the terminal `nudge settings` was started from."""
        self.status.setText(text)
        print(f"{text} {detail}".strip(), flush=True)

    def config_text(self) -> str:
        """The file as it is on disk now ("" when there is none)."""
        try:
            return self.paths.config_file.read_text(encoding="utf-8")
        except OSError:
            return ""

    def _go_to(self, where: str) -> None:
        widget = self.controls[where].widget if where in self.controls \
            else self.exercise_list if where == EXERCISES_FIELD \
            else self.work_hours.widget_for(where)
        if widget is None:
            return
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.doc.changed and not self.autostart.changed and not self.reps.changed:
            self.blocker_notes.stop()
            event.accept()
            return
        answer = ask_to_save(self)
        if (answer == QMessageBox.StandardButton.Save and self.save()) or \
                answer == QMessageBox.StandardButton.Discard:
            self.blocker_notes.stop()
            event.accept()
        else:
            event.ignore()


class _Autostart:
    """The "Start at login" box: read when the window opens, written on Save."""

    def __init__(self) -> None:
        from nudge.autostart import autostart_for_platform

        self.box = QCheckBox(_("Start nudge when I log in"))
        self.box.setAccessibleName(_("Start at login"))
        self._autostart = autostart_for_platform()
        try:
            self.was = self._autostart.enabled()
        except OSError:
            self.was = False
        self.box.setChecked(self.was)

    @property
    def changed(self) -> bool:
        return self.box.isChecked() != self.was

    def apply(self) -> str:
        """Words to add to the save message ("" when unchanged); raises ConfigError."""
        from nudge.autostart import AutostartError

        if not self.changed:
            return ""
        wanted = self.box.isChecked()
        try:
            self._autostart.enable() if wanted else self._autostart.disable()
        except (AutostartError, OSError) as error:
            raise ConfigError(_("the settings are saved, but start at login could not be "
                                "changed: {problem}").format(problem=error)) from None
        self.was = wanted
        # Each is added after the save's own sentence, with a space before it.
        return " " + (_("nudge starts when you log in.") if wanted
                      else _("nudge no longer starts at login."))


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


__all__ = ["SECTION_TITLES", "TABS", "SettingsWindow"]
