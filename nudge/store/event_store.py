"""The history store: TinyDB files per device and ISO week, safe against crashes and 2 processes.

Layout and reasons: see `layout`; what a week file holds: see `week_file`; the write lock: see
`write_lock`; the messages about files, each given once: see `notices`.

Writers (the tray app and the CLI) take one kernel file lock around each read-modify-write; the
kernel drops it if the holder is killed. Readers take no lock: files are only ever replaced
atomically, so a reader sees the old or the new version (`wait_for_writers` lets a read wait
for a write in progress, and `writing` holds the lock across a check and a write). Only this
device's files are written or repaired; other devices' folders arrive by file sync and are
read-only here.

Threading: every method runs on the caller's thread and may block on disk I/O and on the write
lock (up to `lock_timeout` seconds). `notify` is called on that same thread, after the lock is
released. Instances hold no open files and cache no data.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from nudge.core.events import SCHEMA_VERSION, Event
from nudge.paths import make_private_dir
from nudge.platform.atomic_write import fsync_directory
from nudge.store.atomic_storage import (
    CorruptFileError,
    HeldJSONStorage,
    NotAHistoryFileError,
    Tables,
    load_tables,
    remove_stale_temp_files,
)
from nudge.store.layout import history_dir, is_device_name, is_week_file, week_name, weeks_between
from nudge.store.messages import (
    StoreWriteError,
    damaged_entries_message,
    damaged_while_writing_message,
    newer_entries_message,
    newer_schema_message,
    os_error_message,
    other_device_damaged_message,
    skipped_file_message,
    unreadable_message,
)
from nudge.store.notices import Notices
from nudge.store.recovery import recover
from nudge.store.week_file import (
    EVENTS_TABLE,
    META_DOC_ID,
    META_TABLE,
    decode_events,
    file_schema,
    meta_of,
    read_own,
)
from nudge.store.write_lock import WriteLock

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 10.0


class TinyDBEventStore:
    """Appends this device's events and reads the merged history of every synced device."""

    def __init__(
        self,
        data_dir: Path,
        device: str,
        lock_path: Path,
        notify: Callable[[str], None] | None = None,
        *,
        lock_timeout: float = LOCK_TIMEOUT_S,
    ) -> None:
        if not is_device_name(device):
            raise ValueError(f"device must match [a-z0-9-], got {device!r}")
        self.device = device
        self._history = history_dir(data_dir)
        self._lock = WriteLock(lock_path, lock_timeout)
        self._notices = Notices(notify)
        self._swept = False  # killed writers' temp files removed (under the write lock)

    # -- writing ------------------------------------------------------------------------------

    def append(self, event: Event) -> None:
        """Add `event` to this device's file for its local ISO week; durable on disk on return.

        Raises StoreWriteError (one-line user message) when the disk refuses the write, the lock
        stays busy past `lock_timeout`, or the file was written by a newer nudge.
        """
        path = self._week_path(self.device, event.local_date)
        doc = event.to_doc()
        notices: list[str] = []
        try:
            with self._lock.held():
                self._append_locked(path, doc, notices)
        except OSError as err:
            raise StoreWriteError(os_error_message(err, _blamed(err, path)), path) from err
        except CorruptFileError as err:  # only if something outside nudge damages it mid-write
            raise StoreWriteError(damaged_while_writing_message(path, err), path) from err
        finally:
            self._notices.emit(notices)

    def _append_locked(self, path: Path, doc: dict[str, Any], notices: list[str]) -> None:
        _ensure_dir(path.parent)
        if not self._swept:
            # Once per store, not per append: listing the folder costs ~1 ms at ten years of
            # week files, and a killed writer was another process, whose temp file is already
            # there when this one first writes (it only takes disk space until then).
            remove_stale_temp_files(path.parent)
            self._swept = True
        data = self._load_own_locked(path, notices)
        schema = file_schema(data)
        if schema > SCHEMA_VERSION:
            raise StoreWriteError(newer_schema_message(path, schema), path)
        meta = {"schema": SCHEMA_VERSION, "device": self.device}
        with TinyDB(path, storage=HeldJSONStorage, held=data) as db:
            if meta_of(data) != meta:  # a new file, or one last written by an older nudge
                db.table(META_TABLE).upsert(Document(meta, doc_id=META_DOC_ID))
            db.table(EVENTS_TABLE).insert(doc)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the write lock across a check and an `append` (which nests in it), so that
        no other writer, nor a reader's `wait_for_writers`, comes in between. Raises
        StoreWriteError, as `append` does, if the lock stays busy."""
        with self._lock.held():
            yield

    def wait_for_writers(self, timeout: float) -> bool:
        """Wait at most `timeout` s until no other process is in the middle of a write, so a
        read right after sees it. False if the lock was still busy."""
        return self._lock.wait(timeout)

    def _load_own_locked(self, path: Path, notices: list[str]) -> Tables | None:
        """Read one of this device's files, repairing it first if damaged. Hold the write lock."""
        try:
            return read_own(path)
        except CorruptFileError:
            recovery = recover(path, datetime.now(UTC))
            notices.append(recovery.message)
            return recovery.data

    # -- reading ------------------------------------------------------------------------------

    def events_between(self, first: date, last: date) -> list[Event]:
        """Events of every device with a local date in `first`..`last` inclusive, sorted by time.

        Opens only the week files that can hold those dates.
        """
        names = weeks_between(first, last)
        notices: list[str] = []
        events = [
            event
            for device in self._device_names(notices)
            for name in names
            for event in self._read_week(device, name, notices)
            if first <= event.local_date <= last
        ]
        self._notices.emit(notices)
        events.sort(key=_time_order)
        return events

    def iter_all_events(self, progress: Callable[[int, int], None] | None = None
                        ) -> Iterator[Event]:
        """Every event of every device, week by week; sorted by time within each week.

        Each folder is listed once and each week file opened once: the work grows with the
        files there are, not with weeks × devices. `progress(weeks done, weeks)` is called
        after each week.
        """
        notices: list[str] = []
        holders: dict[str, list[str]] = {}  # week name -> the devices that have that file
        for device in self._device_names(notices):
            for name in self._week_names(device):
                holders.setdefault(name, []).append(device)
        self._notices.emit(notices)
        for done, name in enumerate(sorted(holders), 1):
            notices = []
            batch = [e for device in holders[name] for e in self._read_week(device, name, notices)]
            self._notices.emit(notices)
            batch.sort(key=_time_order)
            yield from batch
            if progress is not None:
                progress(done, len(holders))

    def devices(self) -> list[str]:
        """Names of the device folders under `history/`, sorted; this device once it has written."""
        notices: list[str] = []
        names = self._device_names(notices)
        self._notices.emit(notices)
        return names

    def _device_names(self, notices: list[str]) -> list[str]:
        try:
            entries = list(self._history.iterdir())
        except FileNotFoundError:
            return []
        except OSError as err:
            self._notices.tell_once(self._history, unreadable_message(self._history, err), notices)
            return []
        return sorted(e.name for e in entries if is_device_name(e.name) and e.is_dir())

    def _week_names(self, device: str) -> list[str]:
        try:
            return [p.name for p in (self._history / device).iterdir() if is_week_file(p.name)]
        except OSError as err:
            logger.warning("cannot list history of a device: %s", type(err).__name__)
            return []

    def _read_week(self, device: str, name: str, notices: list[str]) -> list[Event]:
        path = self._week_path(device, name)
        try:
            data = self._load_for_reading(device, path, notices)
        except OSError as err:
            self._notices.tell_once(path, unreadable_message(path, err), notices)
            return []
        if data is None:
            return []
        return self._events_in(data, device, path, notices)

    def _load_for_reading(self, device: str, path: Path, notices: list[str]) -> Tables | None:
        if device != self.device:
            try:
                return load_tables(path)
            except NotAHistoryFileError as err:
                message = skipped_file_message(path, device, err.detail)
                self._notices.tell_once(path, message, notices)
                return None
            except CorruptFileError:
                self._notices.tell_once(path, other_device_damaged_message(path, device), notices)
                return None
        try:
            return read_own(path)
        except CorruptFileError:
            pass
        try:  # repair under the lock; a writer may have repaired it already
            with self._lock.held():
                return self._load_own_locked(path, notices)
        except StoreWriteError:
            logger.warning("lock busy; %s left unrepaired for now", path.name)
            return None

    def _events_in(self, data: Tables, device: str, path: Path, notices: list[str]) -> list[Event]:
        decoded = decode_events(data, device)
        if decoded.newer:
            self._notices.tell_once(path, newer_entries_message(path, decoded.newer), notices)
        if decoded.damaged:
            self._notices.tell_once(path, damaged_entries_message(path, decoded.damaged), notices)
        return decoded.events

    # -- helpers ------------------------------------------------------------------------------

    def _week_path(self, device: str, day_or_name: date | str) -> Path:
        name = day_or_name if isinstance(day_or_name, str) else week_name(day_or_name)
        return self._history / device / name


def _ensure_dir(directory: Path) -> None:
    if directory.is_dir():
        return
    make_private_dir(directory)  # history/ too, not only the device folder: 0700 each
    fsync_directory(directory.parent)


def _blamed(err: OSError, week_path: Path) -> Path:
    # Name what failed (the lock file, a folder, the week file), but never our hidden temp files:
    # the user knows the week file, not those.
    if err.filename is None:
        return week_path
    failed = Path(os.fsdecode(err.filename))
    return week_path if failed.name.startswith(".") else failed


def _time_order(event: Event) -> tuple[datetime, str]:
    return (event.at, event.device or "")
