"""The log file: rotating, readable by the user only, no personal text (ids and counts only).

Paths are written relative to nudge's folders (`<state>/control.sock`) and the home folder as
`~`, whoever logs them and in whatever form (an OSError's text, a traceback), so the log names
no user; the callers keep config values and exercise text out themselves.

A log that cannot be written (a full disk, a read-only folder) never reaches the screen as a
traceback: the handler says so once, through `tell` (stderr until the app points it at its UI),
drops the lines it cannot write and tries again with the next one, so the log resumes by itself
with a note of how many lines are missing. Any thread may log; `logging` serialises `emit`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Mapping
from io import TextIOWrapper
from pathlib import Path

from nudge.i18n import _
from nudge.paths import PRIVATE_FILE_MODE, Paths, make_private_dir, open_private
from nudge.platform.error_words import reason

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 2
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
Tell = Callable[[str], None]


class PrivatePathsFormatter(logging.Formatter):
    """Writes each of `folders` ({"state": Path, …}) as `<state>` and the home folder as `~`."""

    def __init__(self, fmt: str, folders: Mapping[str, Path], home: str | None = None) -> None:
        super().__init__(fmt)
        home = os.path.expanduser("~") if home is None else home
        swaps = {str(path): f"<{label}>" for label, path in folders.items()}
        if os.path.isabs(home) and os.path.dirname(home) != home:  # not "/" nor "~" unresolved
            swaps.setdefault(home.rstrip("/\\"), "~")
        # Longest first (the log folder may be inside the state folder); whole names only.
        self._swaps = swaps
        alternatives = "|".join(re.escape(path) for path in sorted(swaps, key=len, reverse=True))
        self._pattern = re.compile(f"(?:{alternatives})(?![\\w.~-])") if swaps else None

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self._swaps[match.group(0)], text)


def say_on_stderr(text: str) -> None:
    with contextlib.suppress(Exception):  # stderr may be closed or full too
        print(text, file=sys.stderr, flush=True)


class PrivateRotatingFileHandler(logging.FileHandler):
    """A log file rotated by size (as `logging.handlers.RotatingFileHandler`: `<log>.1`,
    `<log>.2`, …), 0600 whatever the umask, also after each rotation, and which fails quietly:
    see the module notes. Not the stock handler: `logging.handlers` imports `socket`, `pickle`
    and `queue` for its other handlers, resident in the app and loaded by every command
    (bench/RESULTS.md)."""

    def __init__(self, filename: Path, maxBytes: int, backupCount: int,
                 encoding: str) -> None:
        super().__init__(filename, mode="a", encoding=encoding)
        self.maxBytes = maxBytes
        self.backupCount = backupCount
        # How the user hears, once, that the log is not written; None: on stderr.
        self.tell: Tell | None = None
        self._told = False
        self._problem: str | None = None  # why the log cannot be written, while it cannot
        self._lost = 0  # lines dropped since then
        self._error: BaseException | None = None  # set by handleError during one emit

    def _open(self) -> TextIOWrapper:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)

    def _should_rotate(self, record: logging.LogRecord) -> bool:
        if self.maxBytes <= 0:
            return False
        with contextlib.suppress(OSError):  # never rotate what is not a plain file (/dev/full)
            if not stat.S_ISREG(os.stat(self.baseFilename).st_mode):
                return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)
        return self.stream.tell() + len(self.format(record)) + 1 >= self.maxBytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if self.backupCount > 0:
            for number in range(self.backupCount - 1, 0, -1):
                older = f"{self.baseFilename}.{number}"
                if os.path.exists(older):
                    os.replace(older, f"{self.baseFilename}.{number + 1}")
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()

    def _write(self, record: logging.LogRecord) -> None:
        """Rotate if this line would make the file too big, then write it; errors go to
        `handleError`."""
        try:
            if self._should_rotate(record):
                self._rotate()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def emit(self, record: logging.LogRecord) -> None:
        if self._problem is not None:
            note = logging.makeLogRecord({
                "name": __name__, "levelno": logging.WARNING, "levelname": "WARNING",
                "msg": "the log could not be written for a while (%s): %d lines are missing "
                       "here", "args": (self._problem, self._lost)})
            if not self._file_ok(note):
                self._lost += 1
                return
            self._problem, self._lost = None, 0
        if not self._file_ok(record):
            self._lost += 1

    def handleError(self, record: logging.LogRecord) -> None:
        """Called by `emit` with the exception current; instead of a traceback on stderr."""
        self._error = sys.exc_info()[1] or RuntimeError("unknown error")

    def _file_ok(self, record: logging.LogRecord) -> bool:
        """Write `record`; False when the file could not be written (said once)."""
        self._error = None
        self._write(record)  # calls handleError instead of raising
        error, self._error = self._error, None
        if not isinstance(error, OSError):  # written, or a bad log call: only that line is lost
            return True
        if self._problem is None:
            self._problem = reason(error)
        # Reopen for the next line: a stream whose write failed may hold a broken buffer.
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()  # its flush fails again, but the file is closed all the same
        if not self._told:
            self._told = True
            path, problem = self.baseFilename, self._problem
            if self.tell is None:
                # Translators: on the terminal; "nudge:" is the program's name, as in other
                # error lines there.
                say_on_stderr(_("nudge: cannot write its log {path} ({problem}); it carries on "
                                "without it and writes it again once it can.").format(
                    path=path, problem=problem))
            else:
                self.tell(_("nudge cannot write its log {path} ({problem}); it carries on "
                            "without it and writes it again once it can.").format(
                    path=path, problem=problem))
        return False


def tell_log_trouble_with(tell: Tell | None) -> None:
    """Where the log handler says, once, that it cannot write: `tell`, or stderr for None.
    The app points it at its UI while that owns the screen."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            handler.tell = tell


def setup_logging(log_file: Path, verbose: bool = False, paths: Paths | None = None) -> None:
    """Log to `log_file` only; with `paths`, its folders are written short (module notes)."""
    make_private_dir(log_file.parent)
    if log_file.exists():
        os.chmod(log_file, PRIVATE_FILE_MODE)  # ours; an older nudge may have left it 0644
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    folders = {} if paths is None else {"data": paths.data_dir, "config": paths.config_dir,
                                        "state": paths.state_dir, "logs": paths.log_dir}
    handler.setFormatter(PrivatePathsFormatter(LINE_FORMAT, folders))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
