"""Putting a damaged history file aside and bringing back its previous version.

Nothing is ever deleted: the damaged file is renamed to `<name>.corrupt-<UTC time>` so the user (or
a support person) can still look at it. Only this device's own files are repaired, by the caller
holding the write lock; other devices' files may be half-synced and are left alone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nudge.store.atomic_storage import (
    CorruptFileError,
    Tables,
    backup_path,
    fsync_directory,
    load_tables,
    replace_with_copy,
)
from nudge.store.messages import fresh_file_message, restored_message

logger = logging.getLogger(__name__)

CORRUPT_MARK = ".corrupt-"


@dataclass(frozen=True)
class Recovery:
    """What `recover` did: where the damaged file went and what now stands in its place."""

    moved_to: Path
    data: Tables | None  # the restored backup, or None when the week starts a fresh file
    message: str  # one line for the user


def recover(path: Path, now: datetime) -> Recovery:
    """Move damaged `path` aside and restore `<path>.bak` if it parses. Hold the write lock.

    Raises OSError if the move or the restore fails; the damaged file is then either still in
    place or already moved aside, never lost.
    """
    backup = _readable_backup(path)
    moved_to = move_aside(path, now)
    if backup is not None:
        replace_with_copy(backup_path(path), path)
        message = restored_message(moved_to)
    else:
        message = fresh_file_message(moved_to)
    logger.warning("moved damaged %s aside (backup restored: %s)", path.name, backup is not None)
    return Recovery(moved_to=moved_to, data=backup, message=message)


def move_aside(path: Path, now: datetime) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC timestamp>`, never overwriting; return the new path."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    fsync_directory(path.parent)
    return target


def _readable_backup(path: Path) -> Tables | None:
    try:
        return load_tables(backup_path(path))
    except (CorruptFileError, OSError) as err:
        logger.warning("backup of %s is unusable: %s", path.name, type(err).__name__)
        return None
