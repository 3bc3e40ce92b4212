"""The learned quiet-hour suggestion (#20) in the Insights window, with the tray menu's two
buttons: "Add as a pause" and "Don't ask again". GUI thread, but for `find_offer`, which runs on
a short-lived helper thread once the window is on screen (issue #22: it may start a second
Python process, about 0.2 s, which the window's opening does not wait for). The GUI thread
picks its answer up on a timer: no Qt object is touched from the helper thread (and a signal
emitted from Python miscounts references in PySide6 6.12: it can crash at exit).

The running app is asked for the hour it offers and carries out the click (so its menu drops
the offer at once); when it is not running, the suggestion is worked out from the files as the
app would at its start by `nudge quiet-hours`, and the click goes through the same command (the
windows reach the app only through the control channel, and the files through the CLI).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from nudge.app.commands import AddQuietPause, DismissQuietHour, GetStatus, Reply
from nudge.i18n import _
from nudge.paths import HOME_VARIABLE, Paths, home_of
from nudge.windows.launch import nudge_command
from nudge.windows.talk import ask_app

_POLL_MS = 20  # how often the GUI thread looks for the helper thread's answer
_CLI_TIMEOUT_S = 30  # `nudge quiet-hours` reads at most four weeks of history
_STOP_WAIT_S = 5.0  # for the lookup thread once its process is killed (the app: 3 s at most)


@dataclass(frozen=True)
class Offer:
    key: str  # e.g. tue-14
    question: str  # the tray menu's words


def find_offer(paths: Paths, child: Child | None = None) -> Offer | None:
    """The quiet hour the running app offers; when it is not running, the one
    `nudge quiet-hours --json` works out from the files (the rule lives once, in the CLI),
    run through `child` so that a window closed meanwhile can end it."""
    reply = ask_app(paths, GetStatus())
    if reply is not None:
        found = reply.data.get("quiet_hour") if reply.ok else None
    else:
        done = _run_cli(paths, "quiet-hours", "--json", child=child)
        try:
            found = json.loads(done.stdout).get("quiet_hour") if done.returncode == 0 else None
        except (ValueError, AttributeError):
            found = None  # the window says what is wrong with the files elsewhere
    if isinstance(found, dict) and isinstance(found.get("key"), str):
        return Offer(found["key"], str(found.get("question", "")))
    return None


def answer(paths: Paths, command: AddQuietPause | DismissQuietHour) -> Reply:
    """Through the running app; on the files (`nudge quiet-hours add|dismiss KEY`) when it is
    not running."""
    reply = ask_app(paths, command)
    if reply is not None:
        return reply
    action = "add" if isinstance(command, AddQuietPause) else "dismiss"
    done = _run_cli(paths, "quiet-hours", action, command.key)
    words = (done.stdout if done.returncode == 0 else done.stderr).strip()
    return Reply(done.returncode == 0, words or _("nudge could not record that."))


class Child:
    """The `nudge quiet-hours` process a lookup waits for; `end()` (any thread) kills it, and
    one not started yet never starts, so a closed window leaves no process behind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._ended = False

    def run(self, argv: list[str], environment: dict[str, str] | None
            ) -> subprocess.CompletedProcess[str]:
        with self._lock:
            if self._ended:
                return subprocess.CompletedProcess(argv, 1, "", "the window was closed")
            self._process = process = subprocess.Popen(
                argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                text=True, env=environment)
        try:
            out, err = process.communicate(timeout=_CLI_TIMEOUT_S)
        except subprocess.TimeoutExpired as error:
            process.kill()
            process.communicate()
            return subprocess.CompletedProcess(argv, 1, "", str(error))
        return subprocess.CompletedProcess(argv, process.returncode, out, err)

    def end(self) -> None:
        with self._lock:
            self._ended = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()


def _run_cli(paths: Paths, *arguments: str, child: Child | None = None
             ) -> subprocess.CompletedProcess[str]:
    home = home_of(paths)
    environment = {**os.environ, HOME_VARIABLE: str(home)} if home is not None else None
    try:
        return (child or Child()).run([*nudge_command(), *arguments], environment)
    except OSError as error:
        return subprocess.CompletedProcess([], 1, "", str(error))


class QuietHourOffer(QFrame):
    """The question and its two buttons; hidden until `look_up` finds something to ask."""

    def __init__(self, paths: Paths) -> None:
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
        self.offer: Offer | None = None
        self.looked_up = False  # the lookup's answer has come (an offer or none)
        self._lookup: threading.Thread | None = None
        self._answer: list[Offer | None] = []  # filled by the helper thread, read here
        self._child = Child()  # the lookup's `nudge quiet-hours`, ended with the window
        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._answered)
        self.hide()

    def look_up(self) -> None:
        """Ask for the offer on a helper thread (once); it is shown when the answer comes."""
        if self._lookup is not None:
            return
        paths, answer, child = self.paths, self._answer, self._child
        self._lookup = threading.Thread(target=lambda: answer.append(find_offer(paths, child)),
                                        name="nudge-quiet-offer", daemon=True)
        self._lookup.start()
        self._poll.start()

    def stop(self) -> None:
        """The window closes: end the lookup's `nudge quiet-hours`, if any, and its thread."""
        self._poll.stop()
        self._child.end()
        if self._lookup is not None:
            self._lookup.join(_STOP_WAIT_S)

    def _answered(self) -> None:
        assert self._lookup is not None
        if not self._answer and self._lookup.is_alive():
            return
        self._poll.stop()
        self._show_offer(self._answer[0] if self._answer else None)

    def _show_offer(self, offer: Offer | None) -> None:
        self.looked_up = True
        if offer is None:
            return
        self.offer = offer
        self.question.setText(offer.question)
        self.add.clicked.connect(lambda: self.answered(AddQuietPause(offer.key)))
        self.dismiss.clicked.connect(lambda: self.answered(DismissQuietHour(offer.key)))
        self.show()

    def answered(self, command: AddQuietPause | DismissQuietHour) -> None:
        reply = answer(self.paths, command)
        self.question.setText(reply.message)
        if reply.ok:  # asked once: the buttons go, the words of what was done stay
            self.offer = None
            self.add.hide()
            self.dismiss.hide()
