"""Standard output of a `nudge` command when it is closed (`>&-`), full (`>/dev/full`) or a pipe
nobody reads (`| head -c0`).

A command acts first (a rep is on disk, a pause is set) and prints after, so an output that
cannot be written must not turn a done action into "unexpected error: [Errno 32]" (which invites
logging the rep again), nor into a traceback when Python flushes on the way out. `nudge.cli.main`
puts `GuardedStdout` in `sys.stdout` for every command but `run`: it drops what cannot be
written and remembers why; `finish` then exits with `EXIT_BROKEN_PIPE` or `EXIT_IO_ERROR` and says
so in one line on standard error, if that works. Main thread only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

from nudge.i18n import _
from nudge.platform.error_words import reason

EXIT_BROKEN_PIPE = 141  # what shells show for a program ended by SIGPIPE (128 + 13)
EXIT_IO_ERROR = 74  # EX_IOERR (sysexits.h): an error writing output


class GuardedStdout:
    """A stand-in for `sys.stdout` whose writes never fail; `problem` says what went wrong."""

    def __init__(self, raw: TextIO | None) -> None:
        self.raw = raw  # None: standard output was closed when nudge started
        self.problem: str | None = None
        self.error: OSError | None = None

    @property
    def encoding(self) -> str:
        return getattr(self.raw, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if self.raw is None:
            if text:
                self.problem = _("standard output is closed")
        elif self.error is None:
            try:
                return self.raw.write(text)
            except OSError as error:
                self._failed(error)
        return len(text)

    def flush(self) -> None:
        if self.raw is not None and self.error is None:
            try:
                self.raw.flush()
            except OSError as error:
                self._failed(error)

    def isatty(self) -> bool:
        return self.raw is not None and self.raw.isatty()

    def __getattr__(self, name: str) -> Any:  # fileno, writable, …: the real stream's
        if self.raw is None:
            raise AttributeError(name)
        return getattr(self.raw, name)

    def _failed(self, error: OSError) -> None:
        self.error = error
        self.problem = reason(error)
        if self.raw is not None:
            silence_stdout(self.raw)  # the unwritten rest then goes nowhere, quietly, at exit


def guard_stdout() -> GuardedStdout:
    """Put a `GuardedStdout` in `sys.stdout` (`finish` puts the real one back)."""
    raw: TextIO | None = sys.stdout  # None: closed when Python started
    if isinstance(raw, GuardedStdout):  # main() called again in the same process
        raw = raw.raw
    for fd in (0, 1, 2):  # in this order: os.open takes the lowest free number
        _fill_closed_descriptor(fd)
    guard = GuardedStdout(raw)
    sys.stdout = guard
    return guard


def finish(guard: GuardedStdout, code: int, command: str) -> int:
    """The exit code once the command is over: its own, unless it did its work but its output
    was lost; then a quiet code and, if standard error works, one line saying so."""
    guard.flush()
    sys.stdout = guard.raw
    if guard.problem is None or code != 0:
        return code
    # Translators: {command} is a command name, e.g. status; {problem} says why.
    tell("nudge: " + _("done, but the output of `nudge {command}` could not be written "
                       "({problem}).").format(command=command, problem=guard.problem))
    broken = guard.error is not None and guard.error.errno == errno.EPIPE
    return EXIT_BROKEN_PIPE if broken else EXIT_IO_ERROR


def tell(line: str) -> None:
    """One line on standard error, if it can be written at all."""
    if sys.stderr is None:  # closed when nudge started (print would fall back to stdout)
        return
    with contextlib.suppress(OSError, ValueError):  # ValueError: a stderr closed in Python
        print(line, file=sys.stderr, flush=True)


def silence_stdout(stream: TextIO) -> None:
    """Point the stream's descriptor at /dev/null, so the unwritten rest is not retried (and
    reported again, with a traceback) when Python flushes it on the way out."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _fill_closed_descriptor(fd: int) -> None:
    """Hold a closed descriptor 0-2 with /dev/null, so no file nudge opens later (a week file,
    the control socket) takes its number and gets what is meant for the terminal."""
    try:
        os.fstat(fd)
        return
    except OSError:
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    if devnull != fd:
        os.dup2(devnull, fd)
        os.close(devnull)
