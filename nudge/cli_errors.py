"""The two ways a `nudge` command says it could not do what was asked (see `nudge.cli.main`),
and the words for a path nudge could not use."""

from __future__ import annotations

import errno
import os
from pathlib import Path


class UserError(Exception):
    """Bad input from the user: shown as is, exit code 2."""


class Failure(Exception):
    """Could not be done right now: shown as is, exit code 1."""


def path_problem(error: OSError, default: Path) -> str:
    """One line naming the path nudge could not use, why, and the fix."""
    # A rename names its target second: that is the file the user knows, not nudge's temp file.
    named = error.filename2 or error.filename
    where = Path(os.fsdecode(named)) if named else default
    if isinstance(error, IsADirectoryError):
        why, fix = "a folder is where nudge keeps a file", "move that folder away"
    elif isinstance(error, NotADirectoryError | FileExistsError):
        why, fix = "a file is in the way of a folder nudge needs", "move that file away"
    elif error.errno == errno.EROFS:
        why, fix = f"its folder {where.parent} is read-only", "make that folder writable"
    elif isinstance(error, PermissionError):
        why, fix = "permission was denied", "give your user access to it"
    else:
        why, fix = error.strerror or str(error), "check the disk and that path"
    return f"could not use {where}: {why}. Fix: {fix}, then try again."
