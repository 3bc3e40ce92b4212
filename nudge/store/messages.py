"""What the store tells the user: `StoreWriteError` for a refused write, and notices.

Every message is one line naming the file, what happened and the fix. They hold paths but no
history content, so they may be shown in a notification; log lines use file names only.

Any thread: pure; built on the store's caller's thread.
"""

from __future__ import annotations

from pathlib import Path

from nudge.core.events import SCHEMA_VERSION
from nudge.i18n import N_, _, ngettext
from nudge.platform.error_words import reason, trouble

# Translators: what the user can move to another disk, in "or move {this} to another disk".
_DATA_FOLDER = N_("nudge's data folder")


class StoreWriteError(Exception):
    """An event could not be saved. `str()` is a one-line message for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def os_error_message(err: OSError, path: Path) -> str:
    """'nudge could not save … to <path>: <cause>. Fix: <fix>.' for a failed write."""
    said = trouble(err, path, movable=_(_DATA_FOLDER))
    # Translators: {why} says what is wrong (e.g. "the disk is full"), {fix} what to do.
    return _("nudge could not save your history to {file}: {why}. Fix: {fix}.").format(
        file=path, why=said.why, fix=said.fix)


def damaged_while_writing_message(path: Path, err: Exception) -> str:
    # Translators: {problem} says what is damaged (in English, from the file check).
    return _("nudge could not save your history to {file}: {problem}. Fix: try again.").format(
        file=path, problem=err)


def lock_timeout_message(lock_path: Path, timeout: float) -> str:
    return _("nudge could not save your history: another nudge process has held the lock "
             "{lock} for over {seconds} s. Fix: wait for it or close the other nudge, then try "
             "again.").format(lock=lock_path, seconds=f"{timeout:g}")


def newer_schema_message(path: Path, schema: int) -> str:
    # Translators: {schema} and {known} are version numbers of the history's format.
    return _("nudge could not save your history to {file}: it was written by a newer nudge "
             "(schema {schema}, this nudge knows {known}). Fix: upgrade nudge.").format(
                 file=path, schema=schema, known=SCHEMA_VERSION)


def other_device_damaged_message(path: Path, device: str) -> str:
    # Translators: {device} is the name of another computer whose history is synced here.
    return _("nudge could not read the history file {file} from device {device}; it may still "
             "be syncing, so it was skipped.").format(file=path, device=device)


def skipped_file_message(path: Path, device: str, what: str) -> str:
    """A file in another device's folder that is not a week file nudge could have written."""
    # Translators: {what} says what the file is, e.g. "a pipe"; {device} is another computer.
    return _("nudge skipped {file} from device {device}: it is {what}, which nudge never "
             "writes there. Fix: remove it, or let your sync tool copy the real file.").format(
                 file=path, device=device, what=what)


def unreadable_message(path: Path, err: OSError) -> str:
    """A file or folder that exists but cannot be read (permissions, I/O error)."""
    # Translators: {reason} is the system's reason, e.g. "Permission denied".
    return _("nudge could not read {file} ({reason}) and skipped it.").format(
        file=path, reason=reason(err))


def newer_entries_message(path: Path, count: int) -> str:
    return ngettext("{n} entry in {file} was written by a newer nudge and is not shown. Fix: "
                    "upgrade nudge.",
                    "{n} entries in {file} were written by a newer nudge and are not shown. "
                    "Fix: upgrade nudge.", count).format(n=count, file=path)


def damaged_entries_message(path: Path, count: int) -> str:
    return ngettext("{n} damaged entry in {file} was skipped.",
                    "{n} damaged entries in {file} were skipped.", count).format(
                        n=count, file=path)


def restored_message(moved_to: Path) -> str:
    return _("nudge found a damaged history file and moved it to {file}. It restored the "
             "previous copy, so the last entry of that week may be missing.").format(
                 file=moved_to)


def fresh_file_message(moved_to: Path) -> str:
    return _("nudge found a damaged history file and moved it to {file}. No good backup "
             "existed, so that week starts a fresh file; its old entries are in the moved "
             "file.").format(file=moved_to)
