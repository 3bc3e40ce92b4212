"""The one place that turns an exception into words for a person: every layer may import it.

- `message(error)`: the words it was raised with, as given: an `English` message stays
  `English`, so the log keeps English and `shown()` says it in the user's language;
- `reason(error)`: the short why, for "could not write X (No space left on device)";
- `said(error)`: the same for a sentence a person reads, an `English` message kept `English`;
- `detail(error)`: the kind and the why on one line, for the log and `nudge doctor`;
- `trouble(error, path)`: what went wrong with a file or folder and the fix, for the sentences
  "could not use …" (the CLI) and "could not save your history …" (the store).

Pure: no I/O, no state; runs on the caller's thread. `trouble`'s words are the user's language;
`reason` and `detail` pass on the system's or the exception's own words (also for the log).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from nudge.i18n import English, _


@dataclass(frozen=True)
class Trouble:
    """What went wrong (`why`, e.g. "the disk is full") and what to do (`fix`, "free some disk
    space"), each a phrase to put in a sentence."""

    why: str
    fix: str


def message(error: BaseException) -> str:
    """The one message `error` was raised with, as given (an `English` one stays `English`);
    else its text."""
    return error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) \
        else str(error)


def said(error: BaseException) -> str:
    """The short why to put in a sentence a person reads: an `English` message stays `English`
    (shown in the user's language, logged in English), else `reason(error)`."""
    words = message(error)
    return words if isinstance(words, English) else reason(error)


def reason(error: BaseException) -> str:
    """An OSError's own words ("No space left on device"), else the exception's text, else the
    name of its kind (`TimeoutError()` says nothing)."""
    strerror = error.strerror if isinstance(error, OSError) else None
    return strerror or str(error) or type(error).__name__


def detail(error: BaseException) -> str:
    """One line with the kind: "TimeoutError: took too long", or "TimeoutError" alone."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def trouble(error: OSError, path: Path, *, movable: str | None = None) -> Trouble:
    """Why nudge could not use `path`, and the fix. `movable` names the folder the user could
    move to another disk (the store says "nudge's data folder"); a read-only or too-small file
    system is then offered that way out, else the read-only folder itself is named."""
    # Translators: each Trouble is a reason and a fix, put in sentences such as "could not
    # save your history ({why}): {fix}".
    if isinstance(error, IsADirectoryError):
        return Trouble(_("a folder is where nudge keeps a file"), _("move that folder away"))
    if isinstance(error, NotADirectoryError | FileExistsError):
        return Trouble(_("a file is in the way of a folder nudge needs"),
                       _("move that file away"))
    if isinstance(error, FileNotFoundError) and not path.parent.is_dir():
        # Writing into a folder that is not there; a file gone from a folder that is falls
        # through to its own words.
        return Trouble(_("its folder {folder} does not exist").format(folder=path.parent),
                       _("create that folder or choose another place"))
    if isinstance(error, PermissionError):
        return Trouble(_("permission was denied"),
                       _("give your user write access to it and its folder"))
    match error.errno:
        case errno.EROFS if movable:
            # Translators: {folder} is "nudge's data folder".
            return Trouble(_("the disk is read-only"), _(
                "make the disk writable or move {folder} to another disk").format(
                folder=movable))
        case errno.EROFS:
            return Trouble(_("its folder {folder} is read-only").format(folder=path.parent),
                           _("make that folder writable"))
        case errno.ENOSPC:
            return Trouble(_("the disk is full"), _("free some disk space"))
        case errno.EFBIG:
            return Trouble(_("the file grew past the size this system allows"), _(
                "raise the file size limit (ulimit -f) or move {folder} to another disk").format(
                folder=movable) if movable else _("raise the file size limit (ulimit -f)"))
        case errno.ENAMETOOLONG:
            return Trouble(_("the path is too long for the file system"),
                           _("use a folder with a shorter path (e.g. a shorter NUDGE_HOME)"))
        case code if code == getattr(errno, "EDQUOT", None):  # not on Windows
            return Trouble(_("your disk quota is used up"), _("free some space in your quota"))
    return Trouble(reason(error), _("check the disk and that path"))
