"""Read one TOML file into a dict, turning every way that can fail into one readable message.

Shared by the config file and the user's exercise file. `tomllib` is the stdlib parser.

Runs on the caller's thread: the app's main thread at start or its engine thread on a reload, a
command's main thread, a window's GUI thread.
"""

from __future__ import annotations

import errno
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from nudge.i18n import N_, _
from nudge.platform.error_words import reason, trouble
from nudge.platform.safe_files import MAX_TOML_BYTES, UnusableFileError, read_regular

_POSITION = re.compile(
    r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)
# Translators: a hint after a TOML syntax error in the config file.
_NEEDS_QUOTES = N_('text values need quotes, like "30m"')
# Translators: a hint after a TOML syntax error in the config file.
_NO_CLOSING_QUOTE = N_("is a closing quote missing?")
# What tomllib says about the likeliest slips, and a hint for each.
_HINTS = {
    # rise_every = 30m, ui = tray
    "Invalid value": _NEEDS_QUOTES,
    "Expected newline or end of document after a statement": _NEEDS_QUOTES,
    # ui = "tray
    "Illegal character '\\n'": _NO_CLOSING_QUOTE,
    "Unterminated string": _NO_CLOSING_QUOTE,
}


class TomlFileError(ValueError):
    """A file that cannot be read or is not TOML; str() names the file and, if known, the line."""


def read_toml(path: Path) -> dict[str, Any] | None:
    """The parsed document in `path`, or None when there is no such file."""
    text = read_toml_text(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise TomlFileError(_syntax_message(path, str(problem))) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise TomlFileError(_not_toml(str(path), _("nested too deeply"))) from None
    except ValueError as problem:  # e.g. an integer longer than Python's digit limit
        raise TomlFileError(_not_toml(str(path), str(problem))) from None


def read_toml_text(path: Path) -> str | None:
    """The text of the TOML file `path` (a regular file, UTF-8, within the size limit), or
    None when there is no such file; raises TomlFileError saying what it is instead and the
    fix. Also for the windows, which edit the text with tomlkit."""
    try:
        # A link is followed (dotfile managers link config files), but only to a regular file.
        raw = read_regular(path, MAX_TOML_BYTES, follow_links=True)
    except UnusableFileError as problem:
        # Translators: {what} says what the file is instead, e.g. "a link to a device".
        raise TomlFileError(_(
            "{file}: it is {what}, so nudge did not read it. Fix: replace it with a plain text "
            "file, or remove it to use the defaults").format(file=path, what=problem.reason)
        ) from None
    except IsADirectoryError:
        raise TomlFileError(folder_in_place(path)) from None
    except OSError as problem:
        # Translators: {reason} says why, e.g. "Permission denied".
        raise TomlFileError(_("{file}: cannot read it ({reason})").format(
            file=path, reason=reason(problem))) from None
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")  # -sig: Notepad's byte-order mark is harmless
    except UnicodeDecodeError as problem:
        raise TomlFileError(_(
            "{file}: not UTF-8 text (bad byte at offset {offset}); save it as UTF-8").format(
                file=path, offset=problem.start)) from None


def folder_in_place(path: Path) -> str:
    """A folder where nudge reads or writes the file `path`: what it is and the fix."""
    said = trouble(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path)), path)
    # Translators: {why} says what is wrong ("a folder is where nudge keeps a file"), {fix}
    # what to do ("move that folder away").
    return _("{file}: {why}. Fix: {fix}, then try again.").format(file=path, why=said.why,
                                                                   fix=said.fix)


def _not_toml(where: str, problem: str, hint: str | None = None) -> str:
    # Translators: {where} is the file (and line:column); {problem} is the TOML reader's own
    # words, in English; {hint} a hint about the likely mistake.
    said = (_("{where}: not valid TOML: {problem} ({hint})") if hint else
            _("{where}: not valid TOML: {problem}"))
    return said.format(where=where, problem=problem, hint=_(hint) if hint else "")


def _syntax_message(path: Path, detail: str) -> str:
    match = _POSITION.match(detail)
    if match is None:
        return _not_toml(str(path), detail)
    what = match["what"]
    where = (f"{path}:{match['line']}:{match['column']}" if match["line"] else
             _("{file} (at the end)").format(file=path))
    return _not_toml(where, f"{what[:1].lower()}{what[1:]}", _HINTS.get(what))
