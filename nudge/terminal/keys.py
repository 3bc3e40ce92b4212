"""Single keys and short typed lines from the terminal, for `TerminalUI.run` (main thread only).

`open_keys(inp)` picks how to read:
- a POSIX terminal: cbreak mode through termios, so keys arrive without Enter and are not echoed,
  while Ctrl-C still raises KeyboardInterrupt (ISIG stays on). The previous settings come back
  when the `with` block ends, also when it ends with an exception;
- a Windows console: `msvcrt.getwch`;
- anything else (a pipe, a file, a test's StringIO): one key per line, the line's first character.

`key()` returns a one-character string, with Enter as ENTER, Backspace as BACKSPACE and a lone
Esc as ESC. Escape sequences (arrows, function keys) come back as longer strings that callers can
ignore. End of input (also a terminal that hung up), Ctrl-D and Ctrl-Z raise EOFError; Ctrl-C
raises KeyboardInterrupt.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

ENTER = "\n"
ESC = "\x1b"
BACKSPACE = "\x7f"
_CTRL_C = "\x03"
_EOF_KEYS = frozenset({"\x04", "\x1a"})  # Ctrl-D (POSIX habit), Ctrl-Z (Windows habit)
_NORMAL = {"\r": ENTER, "\x08": BACKSPACE}
# After Esc, the rest of an arrow key's sequence arrives within a few milliseconds; a lone Esc
# is followed by silence. 30 ms is what many line editors use for the same guess.
_SEQUENCE_WAIT = 0.03  # seconds
_MAX_SEQUENCE = 8  # characters; longer sequences are read as further (ignored) keys
_MAX_LINE = 8  # characters typed into a line prompt


class KeyReader(Protocol):
    raw: bool  # True: keys arrive one by one and typed text is not echoed by the terminal

    def key(self) -> str:
        """Wait for the next key. Raises EOFError at end of input."""
        ...

    def line(self, on_edit: Callable[[str], None]) -> str | None:
        """Read a short line; `on_edit(text)` after every change (raw readers only) so the
        caller can show what is typed. Returns the stripped text, or None if Esc cancelled."""
        ...


@contextmanager
def open_keys(inp: TextIO) -> Iterator[KeyReader]:
    """The best key reader for `inp`, with the terminal in single-key mode while it is open."""
    if not _is_tty(inp):
        yield LineKeys(inp)
    elif sys.platform == "win32":
        yield WindowsKeys()
    else:
        with _cbreak(inp) as keys:
            yield keys


class LineKeys:
    """Not a terminal: every line is one key (its first character); Enter alone is ENTER."""

    raw = False

    def __init__(self, inp: TextIO) -> None:
        self._inp = inp

    def key(self) -> str:
        return self._read_line()[:1] or ENTER

    def line(self, on_edit: Callable[[str], None]) -> str | None:
        text = self._read_line()
        return None if ESC in text else text

    def _read_line(self) -> str:
        text = self._inp.readline()
        if not text:
            raise EOFError
        return text.strip()


class _RawKeys:
    """Shared by the single-key readers: control keys and line editing."""

    raw = True

    def key(self) -> str:
        char = self._char()
        if char in _EOF_KEYS:
            raise EOFError
        if char == _CTRL_C:  # arrives as a character on Windows, and if ISIG was switched off
            raise KeyboardInterrupt
        return _NORMAL.get(char, char)

    def line(self, on_edit: Callable[[str], None]) -> str | None:
        return edit_line(self.key, on_edit)

    def _char(self) -> str:
        raise NotImplementedError


class PosixKeys(_RawKeys):
    """Reads the file descriptor directly (no Python buffering), decoding UTF-8 as it comes."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def _char(self) -> str:
        char = self._one_char()
        return char + self._sequence_tail() if char == ESC else char

    def _one_char(self) -> str:
        while True:
            try:
                data = os.read(self._fd, 1)
            except OSError as error:
                if error.errno != errno.EIO:
                    raise
                data = b""  # the terminal hung up (closed): its input has ended
            if not data:
                raise EOFError
            text = self._decoder.decode(data)
            if text:
                return text

    def _sequence_tail(self) -> str:
        import select

        tail = ""
        while len(tail) < _MAX_SEQUENCE and select.select([self._fd], [], [], _SEQUENCE_WAIT)[0]:
            tail += self._one_char()
        return tail


class WindowsKeys(_RawKeys):
    def _char(self) -> str:
        if sys.platform != "win32":  # also tells type checkers where msvcrt exists
            raise OSError("WindowsKeys reads a Windows console")
        import msvcrt

        char = msvcrt.getwch()
        if char in ("\x00", "\xe0"):  # an arrow or function key: a second code follows
            return "\x00" + msvcrt.getwch()
        return char


def edit_line(read_key: Callable[[], str], on_edit: Callable[[str], None]) -> str | None:
    """Minimal line editing over single keys: printable characters, Backspace, Enter, Esc."""
    text = ""
    on_edit(text)
    while True:
        key = read_key()
        if key == ENTER:
            return text.strip()
        if key == ESC:
            return None
        if key == BACKSPACE:
            text = text[:-1]
        elif len(key) == 1 and key.isprintable() and len(text) < _MAX_LINE:
            text += key
        else:
            continue
        on_edit(text)


@contextmanager
def _cbreak(inp: TextIO) -> Iterator[KeyReader]:
    if sys.platform == "win32":  # also tells type checkers where termios exists
        raise OSError("cbreak mode needs a POSIX terminal")
    import termios
    import tty

    fd = inp.fileno()
    try:
        saved = termios.tcgetattr(fd)
    except termios.error:  # isatty() said yes, but there are no terminal settings to change
        saved = None
    if saved is None:
        yield LineKeys(inp)
        return
    try:
        tty.setcbreak(fd)
        yield PosixKeys(fd)
    finally:
        # TCSADRAIN: let our last output reach the terminal before echo comes back on.
        # A terminal that hung up has no settings left to restore.
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or already closed
        return False
