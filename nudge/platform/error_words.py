"""The one place that turns an exception into words for a person: every layer may import it.

- `reason(error)`: the short why, for "could not write X (No space left on device)";
- `detail(error)`: the kind and the why on one line, for the log and `nudge doctor`;
- `trouble(error, path)`: what went wrong with a file or folder and the fix, for the sentences
  "could not use …" (the CLI) and "could not save your history …" (the store).

Pure: no I/O, no state; runs on the caller's thread.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Trouble:
    """What went wrong (`why`, e.g. "the disk is full") and what to do (`fix`, "free some disk
    space"), each a phrase to put in a sentence."""

    why: str
    fix: str


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
    if isinstance(error, IsADirectoryError):
        return Trouble("a folder is where nudge keeps a file", "move that folder away")
    if isinstance(error, NotADirectoryError | FileExistsError):
        return Trouble("a file is in the way of a folder nudge needs", "move that file away")
    if isinstance(error, PermissionError):
        return Trouble("permission was denied", "give your user write access to it and its folder")
    move = f" or move {movable} to another disk" if movable else ""
    match error.errno:
        case errno.EROFS if movable:
            return Trouble("the disk is read-only", f"make the disk writable{move}")
        case errno.EROFS:
            return Trouble(f"its folder {path.parent} is read-only", "make that folder writable")
        case errno.ENOSPC:
            return Trouble("the disk is full", "free some disk space")
        case errno.EFBIG:
            return Trouble("the file grew past the size this system allows",
                           f"raise the file size limit (ulimit -f){move}")
        case errno.ENAMETOOLONG:
            return Trouble("the path is too long for the file system",
                           "use a folder with a shorter path (e.g. a shorter NUDGE_HOME)")
        case code if code == getattr(errno, "EDQUOT", None):  # not on Windows
            return Trouble("your disk quota is used up", "free some space in your quota")
    return Trouble(reason(error), "check the disk and that path")
