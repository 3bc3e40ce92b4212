"""The two ways a `nudge` command says it could not do what was asked (see `nudge.cli.main`),
and the words for a path nudge could not use.

Main thread of a one-shot `nudge` command."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from nudge.i18n import _, ngettext
from nudge.platform.error_words import trouble

# The longest path a Unix socket can have, in bytes, without its closing NUL (sun_path).
SOCKET_PATH_LIMIT = 103 if sys.platform == "darwin" else 107


class UserError(Exception):
    """Bad input from the user: shown as is, exit code 2."""


class Failure(Exception):
    """Could not be done right now: shown as is, exit code 1."""


def path_problem(error: OSError, default: Path) -> str:
    """One line naming the path nudge could not use, why, and the fix."""
    # A rename names its target second: that is the file the user knows, not nudge's temp file.
    named = error.filename2 or error.filename
    where = Path(os.fsdecode(named)) if named else default
    said = trouble(error, where)
    # Translators: {why} says what is wrong (e.g. "the disk is full"), {fix} what to do
    # (e.g. "free some disk space").
    return _("could not use {path}: {why}. Fix: {fix}, then try again.").format(
        path=_shorten(where), why=said.why, fix=said.fix)


def folder_problem(folder: Path) -> str | None:
    """What is wrong with nudge's `folder`, with the fix; None when it is one or can be made."""
    error = folder_in_the_way(folder)
    if error is None:
        return None
    home = os.environ.get("NUDGE_HOME")
    if home and isinstance(error, NotADirectoryError) and Path(error.filename) == Path(home):
        return _("NUDGE_HOME is {path}, which is a file; nudge keeps its files in a folder. "
                 "Fix: point NUDGE_HOME at a folder (or unset it), then try again.").format(
                     path=_shorten(Path(home)))
    return path_problem(error, folder)


def folder_in_the_way(folder: Path) -> OSError | None:
    """Why `folder` (or a folder above it) cannot be a folder, as the OSError making it would
    give, naming the file in the way; None when it is one or can be made."""
    try:
        if folder.is_dir():
            return None
        for place in [*reversed(folder.parents), folder]:
            if place.exists() and not place.is_dir():
                return NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(place))
    except OSError as error:  # too long a path, a loop of links, no permission
        return error
    return None


def socket_too_long(socket_path: Path) -> str | None:
    """What is wrong when `socket_path` is too long for a Unix socket (no command could then
    reach the app); None when it fits, or on Windows (named pipes)."""
    if os.name == "nt":
        return None
    size = len(os.fsencode(socket_path))
    if size <= SOCKET_PATH_LIMIT:
        return None
    return ngettext("the control socket's path {path} is {size} byte, more than the {limit} a "
                    "socket allows",
                    "the control socket's path {path} is {size} bytes, more than the {limit} a "
                    "socket allows", size).format(
        path=_shorten(socket_path), size=size, limit=SOCKET_PATH_LIMIT)


def _shorten(path: Path, limit: int = 120) -> str:
    text = str(path)
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-limit // 2:]}"
