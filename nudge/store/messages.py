"""What the store tells the user: `StoreWriteError` for a refused write, and notices.

Every message is one line naming the file, what happened and the fix. They hold paths but no
history content, so they may be shown in a notification; log lines use file names only.
"""

from __future__ import annotations

from pathlib import Path

from nudge.core.events import SCHEMA_VERSION
from nudge.platform.error_words import reason, trouble

_DATA_FOLDER = "nudge's data folder"  # what the user can move to another disk


class StoreWriteError(Exception):
    """An event could not be saved. `str()` is a one-line message for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def os_error_message(err: OSError, path: Path) -> str:
    """'nudge could not save … to <path>: <cause>. Fix: <fix>.' for a failed write."""
    said = trouble(err, path, movable=_DATA_FOLDER)
    return f"nudge could not save your history to {path}: {said.why}. Fix: {said.fix}."


def damaged_while_writing_message(path: Path, err: Exception) -> str:
    return f"nudge could not save your history to {path}: {err}. Fix: try again."


def lock_timeout_message(lock_path: Path, timeout: float) -> str:
    return (
        f"nudge could not save your history: another nudge process has held the lock {lock_path} "
        f"for over {timeout:g} s. Fix: wait for it or close the other nudge, then try again."
    )


def newer_schema_message(path: Path, schema: int) -> str:
    return (
        f"nudge could not save your history to {path}: it was written by a newer nudge "
        f"(schema {schema}, this nudge knows {SCHEMA_VERSION}). Fix: upgrade nudge."
    )


def other_device_damaged_message(path: Path, device: str) -> str:
    return (
        f"nudge could not read the history file {path} from device {device}; it may still be "
        f"syncing, so it was skipped."
    )


def skipped_file_message(path: Path, device: str, what: str) -> str:
    """A file in another device's folder that is not a week file nudge could have written."""
    return (
        f"nudge skipped {path} from device {device}: it is {what}, which nudge never writes "
        f"there. Fix: remove it, or let your sync tool copy the real file."
    )


def unreadable_message(path: Path, err: OSError) -> str:
    """A file or folder that exists but cannot be read (permissions, I/O error)."""
    return f"nudge could not read {path} ({reason(err)}) and skipped it."


def newer_entries_message(path: Path, count: int) -> str:
    return (
        f"{count} entries in {path} were written by a newer nudge and are not shown. "
        f"Fix: upgrade nudge."
    )


def damaged_entries_message(path: Path, count: int) -> str:
    return f"{count} damaged entries in {path} were skipped."


def restored_message(moved_to: Path) -> str:
    return (
        f"nudge found a damaged history file and moved it to {moved_to}. It restored the previous "
        f"copy, so the last entry of that week may be missing."
    )


def fresh_file_message(moved_to: Path) -> str:
    return (
        f"nudge found a damaged history file and moved it to {moved_to}. No good backup existed, "
        f"so that week starts a fresh file; its old entries are in the moved file."
    )
