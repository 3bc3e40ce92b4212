"""This machine's device id: the name of its folder under `history/`.

The id is made once from the host name plus 6 random hex characters (two laptops called "laptop"
must not share a folder) and kept in `<state_dir>/device`, which is not synced, so each machine
keeps its own id even when the data folder is shared.

Runs on the caller's thread: the main thread at the app's or a command's start, the insights
window's GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import socket
from pathlib import Path

from nudge.paths import make_private_dir
from nudge.platform.atomic_write import fsync_directory, temp_path_for, write_new_file
from nudge.platform.safe_files import UnusableFileError, open_regular
from nudge.store.layout import is_device_name

logger = logging.getLogger(__name__)

DEVICE_FILE = "device"
_HOST_PART_MAX = 40
_ID_MAX = 63  # what layout.DEVICE_RE accepts
_READ_MAX_BYTES = 4096  # an id is a short line; never read a huge file whole
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def device_id(state_dir: Path) -> str:
    """Read `<state_dir>/device`, or create it (mode 0600, atomically) with a new id.

    Raises OSError when the state folder cannot be read or written.
    """
    path = state_dir / DEVICE_FILE
    existing = _read_id(path)
    if existing is not None:
        return existing
    make_private_dir(state_dir)
    return _create_id(path, new_device_id(socket.gethostname()))


def new_device_id(hostname: str) -> str:
    """`<host name slug>-<6 hex>` in `[a-z0-9-]`: "Anna's Mac.local" → "anna-s-mac-local-3fa9c1"."""
    return f"{_slug(hostname, _HOST_PART_MAX) or 'device'}-{os.urandom(3).hex()}"


def _read_id(path: Path) -> str | None:
    try:
        with open(open_regular(path, follow_links=False), "rb") as file:
            raw = file.read(_READ_MAX_BYTES)
    except FileNotFoundError:
        return None
    except UnusableFileError as err:  # a pipe would hang every command; a new id replaces it
        logger.warning("device file is %s; making a new one", err.reason)
        return None
    # A stray byte that is not UTF-8 must not stop every command: it becomes a "-" like any other
    # character outside [a-z0-9-].
    text = raw.decode("utf-8", errors="replace").strip()
    if is_device_name(text):
        return text
    # Keep a hand-edited id usable rather than starting a new history folder for it.
    slug = _slug(text, _ID_MAX)
    if slug:
        logger.warning("device file held characters outside [a-z0-9-]; using a cleaned-up id")
        return slug
    return None


def _slug(text: str, max_length: int) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")[:max_length].strip("-")


def _create_id(path: Path, candidate: str) -> str:
    # Not `write_atomically`, whose rename lets the last writer win: write a temp file, then
    # hard-link it to the final name. link() fails if another process created the file first,
    # and then that id wins, so every process agrees on one id.
    temp = temp_path_for(path)
    write_new_file(temp, (candidate + "\n").encode("utf-8"))
    try:
        try:
            _link_or_rename(temp, path)
        except FileExistsError:
            winner = _read_id(path)
            if winner is not None:
                return winner
            temp.replace(path)  # the other file was empty or unusable: ours replaces it
        fsync_directory(path.parent)
        return candidate
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _link_or_rename(temp: Path, path: Path) -> None:
    try:
        path.hardlink_to(temp)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system: a rename is atomic but last one wins
        temp.replace(path)
