"""Wake the engine when the config file is edited, so an edit applies within seconds even while
nothing else wakes it (outside work hours the engine may sleep for minutes).

On Linux the kernel tells (inotify, through ctypes: no dependency): a blocked daemon thread
("nudge-config-watch") waits on the config folder and costs no wake-ups while nothing changes.
The folder is watched, not the file: editors save by writing a new file and renaming it over the
old one, and a file that does not exist yet can be created. Elsewhere, or if inotify is refused
(e.g. the per-user watch limit), the thread looks at the file's stat every `POLL_SECONDS`.

The thread only calls `on_change` (the engine loop's `wake`); the engine's `ConfigWatcher` then
decides from the file's stat whether anything really changed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import struct
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)

POLL_SECONDS = 2.0  # the stat-poll fallback's period: an edit applies within this
# inotify(7) masks: what can change the file's contents or existence in a folder.
IN_ATTRIB, IN_CLOSE_WRITE = 0x004, 0x008
IN_MOVED_FROM, IN_MOVED_TO, IN_DELETE = 0x040, 0x080, 0x200
IN_IGNORED, IN_Q_OVERFLOW = 0x8000, 0x4000
WATCH_MASK = IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_ATTRIB
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len; then the name


class FileWatch:
    """Calls `on_change()` from its own daemon thread soon after any of `files` changes."""

    def __init__(self, files: Iterable[Path], on_change: Callable[[], None],
                 inotify: bool | None = None) -> None:
        """`inotify`: use it (None: on Linux); False polls the stat, as elsewhere."""
        self.files = tuple(dict.fromkeys(_with_targets(files)))
        self._on_change = on_change
        self._stop = threading.Event()
        self._wakeup_r, self._wakeup_w = os.pipe()
        self._seen: list[tuple[int, int, int] | None] = []
        if inotify is None:
            inotify = sys.platform.startswith("linux")
        self._inotify = _open_inotify(self.files) if inotify else None
        self.mode = "inotify" if self._inotify is not None else "poll"
        self.thread = threading.Thread(target=self._run, name="nudge-config-watch", daemon=True)

    def start(self) -> None:
        self._seen = _signatures(self.files)  # here, so a change right after start() counts
        self.thread.start()
        log.info("config watch: %s", self.mode)

    def close(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        os.write(self._wakeup_w, b"x")
        if self.thread.is_alive() and threading.current_thread() is not self.thread:
            self.thread.join(2.0)
        for fd in (self._wakeup_r, self._wakeup_w, self._inotify):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _run(self) -> None:
        try:
            if self._inotify is not None and self._wait_for_inotify(self._inotify):
                return
            self._poll()
        except Exception:  # the watch is a convenience: the engine's 5-minute look remains
            log.exception("config watch stopped")

    def _wait_for_inotify(self, fd: int) -> bool:
        """Block until the folder changes; True when closed, False if the watch ended (the
        folder was removed) and polling takes over."""
        names = {path.name for path in self.files}
        waiting = select.poll()
        waiting.register(fd, select.POLLIN)
        waiting.register(self._wakeup_r, select.POLLIN)
        while True:
            ready = {ready_fd for ready_fd, _ in waiting.poll()}  # no timeout: no wake-ups
            if self._stop.is_set():
                return True
            if fd not in ready:
                continue
            changed, ended = _read_events(fd, names)
            if changed:
                self._changed()
            if ended:
                log.info("config watch: the folder went away; looking every %g s instead",
                         POLL_SECONDS)
                self.mode = "poll"
                return False

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            now = _signatures(self.files)
            if now != self._seen:
                self._seen = now
                self._changed()

    def _changed(self) -> None:
        try:
            self._on_change()
        except Exception:
            log.exception("config watch: waking the engine failed")


def _with_targets(files: Iterable[Path]) -> list[Path]:
    """The files, and where a symlinked one really lives (its edits happen there)."""
    out: list[Path] = []
    for path in files:
        out.append(path)
        try:
            if path.is_symlink():
                out.append(path.resolve())
        except OSError:
            pass
    return out


def _open_inotify(files: tuple[Path, ...]) -> int | None:
    """An inotify fd watching the folders of `files`, or None (logged) where it cannot."""
    import ctypes  # here: only the Linux app needs it

    try:  # the C library Python itself is linked with (no find_library: it runs ldconfig)
        libc = ctypes.CDLL(None, use_errno=True)
        init, add_watch = libc.inotify_init1, libc.inotify_add_watch
    except (OSError, AttributeError) as error:
        log.info("config watch: no inotify (%s)", error)
        return None
    fd = int(init(os.O_CLOEXEC))
    if fd < 0:
        log.info("config watch: inotify refused: %s", os.strerror(ctypes.get_errno()))
        return None
    for folder in dict.fromkeys(path.parent for path in files):
        if add_watch(fd, os.fsencode(folder), WATCH_MASK) < 0:
            log.info("config watch: cannot watch %s: %s", folder,
                     os.strerror(ctypes.get_errno()))
            os.close(fd)
            return None
    return fd


def _read_events(fd: int, names: set[str]) -> tuple[bool, bool]:
    """(one of `names` changed, a watch ended) from the events waiting on `fd`."""
    data = os.read(fd, 64 * 1024)
    changed = ended = False
    offset = 0
    while offset + _EVENT.size <= len(data):
        _wd, mask, _cookie, length = _EVENT.unpack_from(data, offset)
        raw = data[offset + _EVENT.size: offset + _EVENT.size + length]
        offset += _EVENT.size + length
        name = os.fsdecode(raw.rstrip(b"\0"))
        if mask & IN_Q_OVERFLOW or name in names:
            changed = True
        if mask & IN_IGNORED:
            changed = ended = True
    return changed, ended


def _signatures(files: tuple[Path, ...]) -> list[tuple[int, int, int] | None]:
    out: list[tuple[int, int, int] | None] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            out.append(None)
            continue
        out.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return out
