"""Putting a damaged history file aside and bringing back its previous version.

Nothing is ever deleted: the damaged file is put aside as `<name>.corrupt-<UTC time>` so the
user (or a support person) can still look at it. Only this device's own files are repaired, by
the caller holding the write lock; other devices' files may be half-synced and are left alone.

Runs on the store's caller's thread, under the write lock.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from nudge.platform.atomic_write import fsync_directory
from nudge.store.atomic_storage import (
    CorruptFileError,
    Tables,
    backup_path,
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
    """Put damaged `path` aside and restore `<path>.bak` if it parses. Hold the write lock.

    Raises OSError if that fails; the damaged file is then still in place or already put aside,
    never lost, and the backup is untouched.
    """
    backup = _readable_backup(path)
    if backup is None:
        moved_to = move_aside(path, now)
        message = fresh_file_message(moved_to)
    else:
        # Copied aside, not renamed: the week file exists at every moment, damaged or restored.
        # Renamed, a crash or a full disk before the restore left no week file, so the next
        # append started the week afresh and the one after made that the backup: the good
        # backup was gone. Now such a failure leaves the damaged file, recovered next time.
        moved_to = _aside_name(path, now)
        replace_with_copy(path, moved_to)
        replace_with_copy(backup_path(path), path)
        message = restored_message(moved_to)
    logger.warning("moved damaged %s aside (backup restored: %s)", path.name, backup is not None)
    return Recovery(moved_to=moved_to, data=backup, message=message)


def move_aside(path: Path, now: datetime) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC timestamp>`, never overwriting; return the new path."""
    target = _aside_name(path, now)
    os.replace(path, target)
    fsync_directory(path.parent)
    return target


def _aside_name(path: Path, now: datetime) -> Path:
    """`<name>.corrupt-<UTC timestamp>`, with a counter if that name is taken."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}-{counter}")
        counter += 1
    return target


def _readable_backup(path: Path) -> Tables | None:
    try:
        return load_tables(backup_path(path))
    except (CorruptFileError, OSError) as err:
        logger.warning("backup of %s is unusable: %s", path.name, type(err).__name__)
        return None
