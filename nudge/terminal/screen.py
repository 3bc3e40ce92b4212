"""Terminal output for terminal mode: one lock for every write, a live status line on a TTY.

`Screen` is safe from any thread (the engine thread prints nudges and status; the main thread
prints replies and prompts).
"""

from __future__ import annotations

import os
import sys
import threading
from enum import StrEnum
from typing import TextIO

from nudge.i18n import columns


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def ansi_works(out: TextIO) -> bool:
    """Whether `\\r` + `ESC[K` redraws and colours will work on this terminal."""
    if os.environ.get("TERM") == "dumb":
        return False
    if sys.platform != "win32":
        return True
    # Windows 10+ consoles understand ANSI once virtual terminal processing is switched on.
    try:
        import ctypes
        import msvcrt

        kernel32 = ctypes.windll.kernel32
        handle = msvcrt.get_osfhandle(out.fileno())
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        enable_vt = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
        return bool(kernel32.SetConsoleMode(handle, mode.value | enable_vt))
    except (AttributeError, OSError, ValueError):
        return False


class Style(StrEnum):
    """ANSI SGR codes; used only when colour is on."""

    PLAIN = ""
    TITLE = "1"  # bold
    DIM = "2"
    KEYS = "36"  # cyan
    WARN = "33"  # yellow


_CLEAR_LINE = "\r\x1b[K"  # back to column 0, erase to the end of the line
_FALLBACK_COLUMNS = 80


class Screen:
    """Every write to `out`, under one lock; safe from any thread.

    On a terminal (`live`) the last line is the status line, or the prompt being typed, redrawn
    in place below whatever is printed. Elsewhere a status line is printed only when it changes
    and nothing else is drawn, so logs and pipes get plain lines without control codes.
    """

    def __init__(self, out: TextIO, live: bool, color: bool) -> None:
        self.live = live
        self._out = out
        self._color = color
        self._lock = threading.Lock()
        self._status = ""
        self._hint = ""
        self._prompt: str | None = None
        self._printed_status: str | None = None  # the last status printed when not live
        self._ended = False

    def paint(self, text: str, style: Style) -> str:
        if not self._color or not style.value or not text:
            return text
        return f"\x1b[{style.value}m{text}\x1b[0m"

    def say(self, *lines: str) -> None:
        """Print whole lines above the live line."""
        with self._lock:
            self._write(self._clear() + "".join(f"{line}\n" for line in lines) + self._live())

    def status(self, text: str, hint: str) -> None:
        with self._lock:
            if self._ended:
                return
            if self.live:
                self._status, self._hint = text, hint
                self._write(self._clear() + self._live())
            elif text and text != self._printed_status:
                self._printed_status = text
                self._write(f"{text}\n")

    def prompt(self, text: str | None) -> None:
        """Show `text` instead of the status line while the user types (None: back to status)."""
        with self._lock:
            self._prompt = text
            if self.live and not self._ended:
                self._write(self._clear() + self._live())

    def end(self) -> None:
        """Erase the live line and stop drawing it; `say` still prints plain lines."""
        with self._lock:
            if self.live and not self._ended:
                self._write(_CLEAR_LINE)
            self._ended = True

    def _clear(self) -> str:
        return _CLEAR_LINE if self.live and not self._ended else ""

    def _live(self) -> str:
        if not self.live or self._ended:
            return ""
        if self._prompt is not None:
            return self._prompt
        # One character short of the width: a line that wraps cannot be redrawn with \r.
        # Measured in display columns: a Japanese or Chinese character takes two.
        room = self._columns() - 1
        if columns(self._status) + 2 + columns(self._hint) <= room:
            return f"{self._status}  {self.paint(self._hint, Style.DIM)}"
        if columns(self._status) <= room:
            return self._status
        clipped = ""
        for char in self._status:
            if columns(clipped + char) > room - 1:
                break
            clipped += char
        return clipped + "…"

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self._out.fileno()).columns or _FALLBACK_COLUMNS
        except (AttributeError, OSError, ValueError):  # no real fd, e.g. a test's stream
            return _FALLBACK_COLUMNS

    def _write(self, data: str) -> None:
        if not data:
            return
        try:
            self._out.write(data)
            self._out.flush()
        except (OSError, ValueError):
            pass  # the terminal is gone (closed, broken pipe): nobody is left to tell
