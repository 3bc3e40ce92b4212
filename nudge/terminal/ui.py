"""Terminal mode: the status line, nudges and single-key answers in a plain terminal.

Used where no display exists. `TerminalUI` is both the StatusView and the Notifier, and `run()`
is its key loop.

Threads:
- `update`, `alert`, `show`, `withdraw` and `close` are called on the engine thread. They only
  write to `out` under the screen lock and never wait for input (a write can still stall if `out`
  is a pipe nobody reads, as any logging to stdout would).
- `run` owns the calling (main) thread: it reads keys (`terminal_keys`), turns answer keys into
  commands (`terminal_answers`), submits commands and waits only for the final Quit.
- Replies are printed by a done-callback, on the thread that completes the future: normally the
  engine thread, or at once on the main thread if the future is already done.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from types import FrameType
from typing import TextIO

from nudge.app.commands import Command, Quit, Reply
from nudge.app.front import has_display
from nudge.config.files import work_hours_hint
from nudge.core.catalogue import MEDICAL_NOTE
from nudge.core.decisions import NudgeOffer
from nudge.core.status import Phase, Status
from nudge.i18n import _, terminal_lines
from nudge.terminal.answers import ANSWER_KEYS, SIMPLE_KEYS, answer_command
from nudge.terminal.keys import KeyReader, open_keys
from nudge.terminal.screen import Screen, Style, ansi_works, is_tty
from nudge.terminal.text import help_lines, offer_lines

__all__ = ["EXIT_OK", "QUIT_WAIT", "TerminalUI"]
QUIT_WAIT = 10.0  # seconds; a stuck engine must not keep the terminal from quitting
EXIT_OK = 0  # q, Ctrl-C and end of input are all ordinary ways to leave terminal mode

Submit = Callable[[Command], Future[Reply]]


class TerminalUI:
    """StatusView and Notifier for terminal mode, plus the key loop that owns the main thread."""

    name = "terminal"

    def __init__(
        self,
        submit: Submit,
        out: TextIO | None = None,
        inp: TextIO | None = None,
        color: bool | None = None,
        config_file: Path | None = None,
    ) -> None:
        """`out`/`inp` default to sys.stdout/sys.stdin as they are when this is called; `color`
        defaults to: `out` is a terminal and NO_COLOR is not set. `config_file` is named when
        the status turns to outside work hours (how to change them)."""
        self._submit = submit
        self._config_file = config_file
        self._off_hours = False  # the last status was outside work hours (engine thread)
        self._inp = inp if inp is not None else sys.stdin
        out = out if out is not None else sys.stdout
        ansi = is_tty(out) and ansi_works(out)
        if color is None:
            color = ansi and not os.environ.get("NO_COLOR")
        self._screen = Screen(out, live=ansi, color=color)
        self._state = threading.Lock()  # guards the three fields below
        self._offer: NudgeOffer | None = None  # the nudge the answer keys act on
        self._reading_keys = False  # run() is blocked reading a key
        self._stopping = False  # stop() was called: quit without sending Quit again
        self._answered: str | None = None  # the nudge_id answered last, so it is not re-adopted
        self._line = ""  # the latest status line

    # --- engine thread ---------------------------------------------------------------------

    def update(self, status: Status) -> None:
        """Engine thread. Redraw the status line (terminal) or print it if it changed (pipe)."""
        with self._state:
            if (
                status.phase is Phase.PENDING
                and status.offer is not None
                and status.offer.nudge_id != self._answered
            ):
                self._offer = status.offer  # also works when another Notifier shows the nudge
            self._line = status.line()
        off_hours = status.phase is Phase.OFF_HOURS
        if off_hours and not self._off_hours and self._config_file is not None:
            # Two lines, as `nudge status` says them: no sentence glued from a translated line.
            hint = work_hours_hint(self._config_file, window=has_display())
            self._screen.say(status.line(), hint)
        self._off_hours = off_hours
        self._redraw_status()

    def alert(self, message: str) -> None:
        """Engine thread. Print something that needs the user's attention."""
        self._say_text(message, Style.WARN)

    def show(self, offer: NudgeOffer) -> None:
        """Engine thread. Print the nudge and make it the one the answer keys act on."""
        with self._state:
            self._offer = offer
        self._screen.say(*offer_lines(offer, self._screen.paint))
        self._redraw_status()

    def withdraw(self, nudge_id: str) -> None:
        """Engine thread. Forget the nudge; say so unless the user just answered it here (it may
        have been answered elsewhere, e.g. from the command line, or have timed out)."""
        with self._state:
            if self._offer is None or self._offer.nudge_id != nudge_id:
                return
            offer, self._offer = self._offer, None
        self._screen.say(_("Nudge closed: {title}").format(title=offer.title))
        self._redraw_status()

    def message(self, text: str) -> None:
        """Any thread (the Notifier port). Print a plain note."""
        self._say_text(text, Style.PLAIN)

    def review(self, text: str) -> None:
        """Any thread (the Notifier port). The weekly review, and where to see more."""
        # Translators: terminal mode's weekly review; {review} is a sentence such as "Last
        # week: 28 rises on 4 goal days." Keep `nudge insights` as it is (a command).
        self._say_text(_("{review} `nudge insights` shows your weeks.").format(review=text),
                       Style.PLAIN)

    def confirm(self, reply: Reply) -> None:
        """Any thread (the Notifier port). Print what became of an answer."""
        if reply.message:
            self._say_text(reply.message, Style.PLAIN if reply.ok else Style.WARN)

    def stop(self) -> None:
        """Any thread: end `run()`, e.g. after `nudge quit` from another terminal.

        The main thread is blocked in a read; only a real signal sent to that thread makes the
        read return (EINTR) so Python can raise KeyboardInterrupt there. `interrupt_main` alone
        waits for the read to finish, which is why it is only the fallback (Windows).
        """
        with self._state:
            self._stopping = True
            interrupt = self._reading_keys
        if not interrupt:
            return
        main = threading.main_thread().ident
        if hasattr(signal, "pthread_kill") and main is not None:
            signal.pthread_kill(main, signal.SIGINT)
        else:
            _thread.interrupt_main()

    def close(self) -> None:
        """Engine thread, at shutdown. Stop redrawing the status line; leave a clean line."""
        self._screen.end()

    # --- main thread -----------------------------------------------------------------------

    def run(self) -> int:
        """Main thread. Read keys until q, Ctrl-C or end of input, then submit Quit and return."""
        self._screen.say(
            *self._lines(_("nudge is keeping count of how long you sit; press ? for keys, q to "
                           "quit."), Style.PLAIN),
            *self._lines(_(MEDICAL_NOTE), Style.DIM),
        )
        try:
            with self._stoppable(), open_keys(self._inp) as keys:
                with self._state:
                    self._reading_keys = not self._stopping
                while self._reading_keys and self._on_key(keys.key(), keys):
                    pass
        except EOFError:
            self._screen.say(_("Input ended; quitting."))
        except KeyboardInterrupt:
            pass  # Ctrl-C (or stop()) is an ordinary way to quit here, not an error
        finally:
            with self._state:
                self._reading_keys = False
        return self._quit()

    @contextlib.contextmanager
    def _stoppable(self) -> Iterator[None]:
        """Let `stop()`'s SIGINT end the key read also when the app was started with SIGINT
        ignored (a job started in the background, some launchers): then a handler raises
        for `stop()` only, and a SIGINT from outside stays ignored."""
        if (threading.current_thread() is not threading.main_thread()
                or signal.getsignal(signal.SIGINT) != signal.SIG_IGN):
            yield
            return
        previous = signal.signal(signal.SIGINT, self._on_ignored_sigint)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def _on_ignored_sigint(self, _number: int, _frame: FrameType | None) -> None:
        if self._stopping:  # read without the lock: the main thread may be holding it
            raise KeyboardInterrupt

    def _on_key(self, key: str, keys: KeyReader) -> bool:
        """Act on one key; False when it is time to quit."""
        if key == "q":
            return False
        if key in ANSWER_KEYS:
            self._answer(key, keys)
        elif key in SIMPLE_KEYS:
            self._send(SIMPLE_KEYS[key])
        elif key == "?":
            self._screen.say(*help_lines())
        elif len(key) == 1 and key.isprintable() and not key.isspace():
            self._screen.say(_("Nothing is on the key {key}; press ? for keys.").format(
                key=repr(key)))
        # Enter, spaces and escape sequences (arrow keys) are ignored quietly.
        return True

    def _answer(self, key: str, keys: KeyReader) -> None:
        offer = self._pending()
        if offer is None:
            self._screen.say(_("Nothing to answer: no nudge is waiting (r logs a rise you "
                               "did)."))
            return
        command = self._answer_command(key, offer, keys)
        if command is None:
            return
        with self._state:
            if self._offer is None or self._offer.nudge_id != offer.nudge_id:
                self._screen.say(_("That nudge closed while you were typing; nothing was "
                                   "sent."))
                return
            self._offer, self._answered = None, offer.nudge_id
        self._send(command)
        self._redraw_status()

    def _answer_command(self, key: str, offer: NudgeOffer, keys: KeyReader) -> Command | None:
        return answer_command(key, offer, keys, self._screen)

    def _send(self, command: Command) -> Future[Reply] | None:
        try:
            future = self._submit(command)
        except Exception as error:  # e.g. the engine loop is shutting down
            self._say_text(_("Could not send that: {error}").format(error=error), Style.WARN)
            return None
        future.add_done_callback(self._print_reply)
        return future

    def _print_reply(self, future: Future[Reply]) -> None:
        """Done-callback: the engine thread, or the main thread if the future was already done."""
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self._say_text(_("That did not work: {error}").format(error=error), Style.WARN)
            return
        reply = future.result()
        if reply.message:
            self._say_text(reply.message, Style.PLAIN if reply.ok else Style.WARN)

    def _quit(self) -> int:
        if self._stopping:  # the engine is already quitting
            self._screen.end()
            return EXIT_OK
        future = self._send(Quit())
        if future is not None:
            # Wait for the reply to be printed (callbacks run in order), not just for the result.
            printed = threading.Event()
            future.add_done_callback(lambda _future: printed.set())
            with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C: stop waiting
                printed.wait(QUIT_WAIT)
        self._screen.end()
        return EXIT_OK

    # --- shared ----------------------------------------------------------------------------

    def _pending(self) -> NudgeOffer | None:
        with self._state:
            return self._offer

    def _say_text(self, text: str, style: Style) -> None:
        self._screen.say(*self._lines(text, style))

    def _lines(self, text: str, style: Style) -> list[str]:
        """`text` in lines that fit 80 columns, each painted (after measuring: colour codes
        take no room)."""
        return [self._screen.paint(line, style) for line in terminal_lines(text).splitlines()]

    def _redraw_status(self) -> None:
        with self._state:
            line, pending = self._line, self._offer is not None
        hint = _("d/n/s/k answer · ? keys") if pending else _("? keys · q quit")
        self._screen.status(line, hint)
