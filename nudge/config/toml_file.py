"""Read one TOML file into a dict, turning every way that can fail into one readable message.

Shared by the config file and the user's exercise file. `tomllib` is the stdlib parser.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from nudge.platform.error_words import reason
from nudge.platform.safe_files import UnusableFileError, read_regular

# The default config is 5 KB and a long exercise list a few KB more; a larger file is not one of
# nudge's, and reading it whole (a link to /dev/zero never ends) must not hang or fill memory.
MAX_TOML_BYTES = 1 << 20

_POSITION = re.compile(
    r"^(?P<what>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)
# What tomllib says about the likeliest slips, and a hint for each.
_HINTS = {
    # rise_every = 30m, ui = tray
    "Invalid value": ' (text values need quotes, like "30m")',
    "Expected newline or end of document after a statement": (
        ' (text values need quotes, like "30m")'
    ),
    # ui = "tray
    "Illegal character '\\n'": " (is a closing quote missing?)",
    "Unterminated string": " (is a closing quote missing?)",
}


class TomlFileError(ValueError):
    """A file that cannot be read or is not TOML; str() names the file and, if known, the line."""


def read_toml(path: Path) -> dict[str, Any] | None:
    """The parsed document in `path`, or None when there is no such file."""
    try:
        # A link is followed (dotfile managers link config files), but only to a regular file.
        raw = read_regular(path, MAX_TOML_BYTES, follow_links=True)
    except UnusableFileError as problem:
        raise TomlFileError(
            f"{path}: it is {problem.reason}, so nudge did not read it. Fix: replace it with a "
            f"plain text file, or remove it to use the defaults"
        ) from None
    except OSError as problem:
        raise TomlFileError(f"{path}: cannot read it ({reason(problem)})") from None
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")  # -sig: Notepad's byte-order mark is harmless
    except UnicodeDecodeError as problem:
        raise TomlFileError(
            f"{path}: not UTF-8 text (bad byte at offset {problem.start}); save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise TomlFileError(_syntax_message(path, str(problem))) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise TomlFileError(f"{path}: not valid TOML: nested too deeply") from None
    except ValueError as problem:  # e.g. an integer longer than Python's digit limit
        raise TomlFileError(f"{path}: not valid TOML: {problem}") from None


def _syntax_message(path: Path, detail: str) -> str:
    match = _POSITION.match(detail)
    if match is None:
        return f"{path}: not valid TOML: {detail}"
    what = match["what"]
    where = f"{path}:{match['line']}:{match['column']}" if match["line"] else f"{path} (at the end)"
    return f"{where}: not valid TOML: {what[:1].lower()}{what[1:]}{_HINTS.get(what, '')}"
