"""The one way nudge replaces a file: readers see the old bytes or the new, never half of them.

`write_atomically` writes a hidden temp file beside the target (born 0600, fsynced), sets its
mode, renames it over the target and fsyncs the folder. Every file nudge rewrites goes through
it: history week files (with their `.bak` step), the pause file, unsaved answers, the config
template, the control key, the instance's pid file, autostart entries and summary pictures.
`write_new_file` is its first step on its own, for a file that must not exist yet (the device id
is created that way). Runs on the caller's thread; no state.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from nudge.paths import PRIVATE_FILE_MODE, open_private

TEMP_SUFFIX = ".tmp"  # `nudge forget` and the store's sweep find left-over temp files by it


def write_atomically(path: Path, payload: bytes, mode: int = PRIVATE_FILE_MODE, *,
                     keep_existing_mode: bool = False,
                     before_replace: Callable[[], None] | None = None,
                     sync_folder: bool = True) -> None:
    """Replace `path` (its folder must exist) with `payload`, so no reader (a login, the next
    start, another nudge process) ever sees half a file.

    The new file gets `mode` exactly, whatever the umask; with `keep_existing_mode` a file that
    exists keeps its own mode and only a new one gets `mode`. `before_replace` runs once the new
    bytes are on disk, just before the rename (the store keeps its `.bak` copy there). The folder
    is then fsynced, and a failure to do so ignored (the file is in place); with `sync_folder`
    False the caller fsyncs it and decides. An OSError names `path`, never the temp file nobody
    knows about.
    """
    temp = temp_path_for(path)
    try:
        write_new_file(temp, payload)
        if keep_existing_mode:
            with contextlib.suppress(OSError):
                mode = stat.S_IMODE(path.stat().st_mode)
        os.chmod(temp, mode)
        if before_replace is not None:
            before_replace()
        os.replace(temp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError) and error.errno is not None \
                and _names_temp_or_nothing(error, path):
            raise OSError(error.errno, error.strerror, os.fspath(path)) from error
        raise
    if sync_folder:
        with contextlib.suppress(OSError):
            fsync_directory(path.parent)


def write_new_file(path: Path, payload: bytes) -> None:
    """Create `path` (it must not exist: FileExistsError) with mode 0600 holding `payload`,
    flushed and fsynced."""
    fd = open_private(path, os.O_WRONLY | os.O_EXCL | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def temp_path_for(path: Path, kind: str = "new") -> Path:
    """A fresh temp name beside `path`: `.<name>.<kind>-<random>.tmp`. The leading dot hides it
    from sync tools that skip dotfiles; the random part keeps two writers apart."""
    return path.with_name(f".{path.name}.{kind}-{os.urandom(4).hex()}{TEMP_SUFFIX}")


def fsync_directory(directory: Path) -> None:
    """Make renames in `directory` durable. Skipped on Windows, which cannot fsync a folder."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _names_temp_or_nothing(error: OSError, path: Path) -> bool:
    """Whether `error` names no file, or one of the temp files for `path`."""
    if error.filename is None:
        return True
    named = Path(os.fsdecode(error.filename))
    return named.parent == path.parent and named.name.startswith(f".{path.name}.")
