"""A TinyDB storage that replaces its JSON file atomically and keeps the previous version.

TinyDB's own `JSONStorage` rewrites the file in place, so a crash in the middle of a write can leave
half a file behind (DESKTOP-FACTS, "TinyDB 4.9": 2 of 30 kill -9 runs corrupted it). This storage
instead writes the whole database to a temp file in the same folder, fsyncs it, keeps the current
file as `<name>.bak`, renames the temp file over the target and fsyncs the folder. At every instant
the target path holds either the old or the new complete file.

It does not cache: every `read()` re-reads the file, because another process may have written it.
It does not lock either: callers serialise writers (see `event_store`). Both methods run on the
caller's thread. `HeldJSONStorage` is the one exception, for a change made under the write lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from itertools import chain
from pathlib import Path
from typing import Any, cast

from tinydb import Storage

from nudge.paths import PRIVATE_FILE_MODE, make_private_dir, open_private
from nudge.platform.atomic_write import (
    TEMP_SUFFIX,
    fsync_directory,
    temp_path_for,
    write_atomically,
)
from nudge.platform.safe_files import UnusableFileError, open_regular, read_regular

logger = logging.getLogger(__name__)

Tables = dict[str, dict[str, Any]]

FILE_MODE = PRIVATE_FILE_MODE
BACKUP_SUFFIX = ".bak"
_COPY_CHUNK_BYTES = 1 << 20
# A real week holds ~190 events, ~40 KB (bench/RESULTS.md: 49 weeks of a busy office worker are
# 1.9 MB); 4 MB is a hundred such weeks, 20,000 events, one every 30 s around the clock, and parses
# in well under a second. Larger is not nudge's file: a synced 73 MB one stalled start-up.
MAX_FILE_BYTES = 4 << 20
MAX_DEPTH = 64  # nudge writes depth 3 (tables, documents, values); deeper is not its file
_CONTAINER_TYPES = frozenset((dict, list))  # what json.loads makes a nested value of


class CorruptFileError(Exception):
    """A database file exists but is not a readable TinyDB JSON document."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"{path.name} is damaged: {detail}")
        self.path = path
        self.detail = detail


class NotAHistoryFileError(CorruptFileError):
    """The path holds something nudge never writes there: a pipe, a link, a device, a folder, or
    a file over `MAX_FILE_BYTES`. It is skipped unread (or, if it is this device's, put aside)."""


class AtomicJSONStorage(Storage):
    """TinyDB storage writing `path` by temp file + fsync + `os.replace`, keeping `<path>.bak`."""

    def __init__(self, path: str | os.PathLike[str], *, create_dirs: bool = True) -> None:
        super().__init__()
        self.path = Path(path)
        self._create_dirs = create_dirs

    def read(self) -> Tables | None:
        """The database; None for a missing or empty file; CorruptFileError if unparseable."""
        return load_tables(self.path)

    def write(self, data: Tables) -> None:
        """Replace the file with `data`, durably. On OSError the old file is left as it was."""
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        directory = self.path.parent
        if self._create_dirs:
            make_private_dir(directory)
        # The shared atomic write, with the store's one step more: the current file becomes the
        # `.bak` just before the rename. And the folder fsync must succeed here: a week file the
        # next boot may not see is not saved, so the caller keeps the event and retries.
        write_atomically(self.path, payload, FILE_MODE, before_replace=self._back_up_current,
                         sync_folder=False)
        fsync_directory(directory)

    def _back_up_current(self) -> None:
        if self.path.exists():
            _keep_backup(self.path)


class HeldJSONStorage(AtomicJSONStorage):
    """`AtomicJSONStorage` for one change made while holding the write lock: reads return
    `held` (the file as the caller just read and checked it under that lock), and each write
    becomes what later reads return. No other writer can change the file meanwhile, so this is
    what re-reading would give, without parsing and checking it again for every one of TinyDB's
    reads (an insert reads twice); the file is read once per append, not three times.
    """

    def __init__(self, path: str | os.PathLike[str], *, held: Tables | None,
                 create_dirs: bool = True) -> None:
        super().__init__(path, create_dirs=create_dirs)
        self._held = held

    def read(self) -> Tables | None:
        return self._held

    def write(self, data: Tables) -> None:
        super().write(data)  # on OSError nothing is held that the file does not hold
        self._held = data


def load_tables(path: Path) -> Tables | None:
    """Parse a TinyDB file: None when missing or empty, CorruptFileError when not a database."""
    try:
        # Links too are refused: nudge never makes one there, and a synced one may point at a
        # device or at another machine's paths.
        raw = read_regular(path, MAX_FILE_BYTES, follow_links=False)
    except UnusableFileError as err:
        raise NotAHistoryFileError(path, err.reason) from err
    if raw is None or not raw.strip():
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise CorruptFileError(path, f"not valid JSON ({err})") from err
    except RecursionError as err:  # json.loads on '[' * 100000: nothing nudge ever writes
        raise CorruptFileError(path, "not valid JSON (nested too deeply)") from err
    _check_shape(path, data)
    return cast(Tables, data)


def backup_path(path: Path) -> Path:
    """Where the previous version of `path` is kept."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def remove_stale_temp_files(directory: Path) -> int:
    """Delete temp files left by killed writers. Call only while holding the write lock."""
    removed = 0
    for temp in directory.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
            removed += 1
    if removed:
        logger.info("removed %d stale temp file(s) from an interrupted write", removed)
    return removed


def replace_with_copy(source: Path, target: Path, *, sync_directory: bool = True) -> None:
    """Atomically make `target` a copy of `source` (same folder): a new file with the same bytes,
    fsynced, renamed into place. Never a hard link: a file and its backup sharing one inode are
    both ruined by one in-place write (a shell `>`, an editor, a sync tool). Something that is not
    a regular file (a pipe or a link, put aside as damaged) has no bytes to copy: it is linked.

    Not `write_atomically`: the bytes are streamed from `source` (a damaged file put aside may be
    any size), and a file that is not regular is linked, not read.
    """
    temp = temp_path_for(target, "copy")
    try:
        try:
            source_fd = open_regular(source, follow_links=False)
        except UnusableFileError:
            os.link(source, temp, follow_symlinks=False)
        else:
            _copy_synced(source_fd, temp)
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    if sync_directory:
        fsync_directory(target.parent)


def _check_shape(path: Path, data: Any) -> None:
    # TinyDB's layout: {table: {doc_id: document}}. Anything else would make TinyDB crash later.
    if not isinstance(data, dict):
        raise CorruptFileError(path, "the top level is not an object")
    nested = False
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptFileError(path, f"table {name!r} is not a table of documents")
        if not all(_is_document_id(key) for key in table):
            raise CorruptFileError(path, f"table {name!r} has a document id that is not a number")
        # Every read runs this: a test at C speed of whether any value is a list or object
        # (nudge writes none), so the walk below, slower than the parse, only runs when one is.
        values = chain.from_iterable(map(dict.values, table.values()))
        nested = nested or not _CONTAINER_TYPES.isdisjoint(map(type, values))
    if nested and _depth(data) > MAX_DEPTH:
        raise CorruptFileError(path, "not valid JSON (nested too deeply)")


def _depth(data: Any) -> int:
    # Without a bound, whether a deep file parses depends on how deep the caller's stack is (the
    # CLI read it, then TinyDB's own read in the same append failed), so the same file was
    # readable and damaged at once. Walked without recursion, for the same reason.
    deepest, todo = 0, [(data, 1)]
    while todo:
        value, depth = todo.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value
        todo.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _is_document_id(key: str) -> bool:
    # TinyDB counts ids with int() on insert and writes them back as str(int(key)): "x" would
    # make every insert fail, and "01" beside "1" would merge two documents into one.
    try:
        return str(int(key)) == key
    except ValueError:  # not a number, or more digits than int() accepts
        return False


def _keep_backup(path: Path) -> None:
    # Copy, then rename onto .bak: the main path never goes missing and the old .bak stays whole
    # until the new one is complete.
    replace_with_copy(path, backup_path(path), sync_directory=False)


def _copy_synced(source_fd: int, target: Path) -> None:
    with os.fdopen(source_fd, "rb") as src:
        fd = open_private(target, os.O_WRONLY | os.O_EXCL | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "wb") as dst:
            while chunk := src.read(_COPY_CHUNK_BYTES):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
