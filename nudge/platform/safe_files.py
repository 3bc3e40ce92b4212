"""Reading files nudge did not necessarily make itself: synced history, config, state.

A file arriving by sync, or put there by hand, can be a named pipe (opening or reading it waits
for a writer that never comes), a link to a device such as `/dev/zero` (reading never ends), or
far larger than anything nudge writes. Every such read goes through here: the path is looked at
before it is opened, opened without blocking, checked again on the open descriptor (the path may
have changed in between), and read up to a limit. Runs on the caller's thread; no state.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, which has no such links to follow
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


# The default config is 5 KB and a long exercise list a few KB more; a larger file is not one of
# nudge's, and reading it whole (a link to /dev/zero never ends) must not hang or fill memory.
MAX_TOML_BYTES = 1 << 20


class UnusableFileError(OSError):
    """The path exists but is not a regular file nudge may read, or is too large.

    `reason` (also `strerror`) says what it is, in words: "a named pipe (FIFO), not a regular
    file", "larger than 4 MB". `filename` is the path.
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.path = path
        self.reason = reason


def open_regular(path: Path, *, follow_links: bool) -> int:
    """An fd open for reading on `path`, which must be a regular file (a symbolic link to one
    only if `follow_links`). Raises FileNotFoundError and other OSErrors, UnusableFileError for
    anything else; a pipe or device is never opened in a way that waits or has effects."""
    info = os.stat(path) if follow_links else os.lstat(path)
    _require_regular(path, info)
    flags = os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags if follow_links else flags | _NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:  # a link put there meanwhile
            raise UnusableFileError(path, _what("a symbolic link")) from None
        raise
    try:
        _require_regular(path, os.fstat(fd))
        if _NONBLOCK:  # a regular file never blocks anyway; keep reads plain
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, max_bytes: int, *, follow_links: bool) -> bytes | None:
    """The bytes of regular file `path`; None when there is no such file. Raises
    UnusableFileError for anything else or a file over `max_bytes`, OSError when unreadable."""
    try:
        fd = open_regular(path, follow_links=follow_links)
    except FileNotFoundError:
        return None
    try:
        if os.fstat(fd).st_size > max_bytes:
            raise UnusableFileError(path, f"larger than {_size(max_bytes)}")
        chunks, total = [], 0
        # Read to the end, not to st_size: the file may grow while it is read (bounded still).
        while chunk := os.read(fd, min(1 << 20, max_bytes + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise UnusableFileError(path, f"larger than {_size(max_bytes)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _require_regular(path: Path, info: os.stat_result) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISDIR(info.st_mode):  # what reading it would say; callers already handle it
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a plain file")
    raise UnusableFileError(path, _what(kind))


def _what(kind: str) -> str:
    return f"{kind}, not a regular file"


def _size(limit: int) -> str:
    return f"{limit / (1 << 20):g} MB" if limit >= 1 << 20 else f"{limit / 1024:g} KB"
