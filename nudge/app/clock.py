"""The real clock: monotonic seconds and the local wall time, in the zone the system has now.

Runs on the engine thread (the app reads it there only); `now()` is cheap enough for every tick
and every command: one `stat` of the local-time file and a look at `TZ`.

Why it watches the zone: Python's local time comes from the C library's `localtime_r`, which
glibc lets keep the zone it first read until something calls `tzset()` (seen: a running app
moved from New York to Tokyo went on nudging at New York's hours and storing New York's offset
and date). `now()` notices a changed `TZ` or a different `/etc/localtime` (a new link target as
`timedatectl` makes, a file written or mounted over it) and calls `time.tzset()`; the wall time
it returns is already in the new zone, and so is every other local time in the process. With
`TZ=:/path` glibc re-reads the file only when the text of `TZ` changes, hence the toggle below.
macOS: `/etc/localtime` is a link there too and `time.tzset` exists, so the same applies
(untested here: no macOS runner).

Why a real zone and not the fixed offset `astimezone()` gives: "until tomorrow" and other
calendar arithmetic in the core must follow DST. The zone is read from the same file the C
library reads (so it agrees with it even when the link's name does not), or from `TZ` when it
names a zone; when neither gives a zone that agrees with the C library's offset now, the wall
time falls back to the C library's offset, read afresh on each call.

Windows: there is no `time.tzset` and no `/etc/localtime`. The C runtime (UCRT) reads the zone
once, at the first local-time call, so a running nudge keeps the zone it started with there
until it restarts; a known gap.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)
LOCALTIME = Path("/etc/localtime")
TZSET: Callable[[], None] | None = getattr(time, "tzset", None)  # not on Windows


@dataclass(frozen=True)
class ZoneSignature:
    """What the C library's zone depends on; a different signature means a changed zone."""

    tz_env: str | None
    file: tuple[int, int, int, int] | None  # st_dev, st_ino, st_mtime_ns, st_size (followed)


def zone_file(localtime: Path = LOCALTIME) -> Path | None:
    """The file the C library reads the zone from: `TZ=:/path` or `/etc/localtime`; None when
    `TZ` names a zone ("Asia/Tokyo") or is a rule ("JST-9")."""
    tz = os.environ.get("TZ")
    if tz is None:
        return localtime
    path = tz.removeprefix(":")
    return Path(path) if path.startswith("/") else None


def zone_signature(localtime: Path = LOCALTIME) -> ZoneSignature:
    path = zone_file(localtime)
    try:
        found = os.stat(path) if path is not None else None
    except OSError:  # no such file (Windows, a minimal container): the C library uses UTC
        found = None
    file = None if found is None else (found.st_dev, found.st_ino, found.st_mtime_ns,
                                       found.st_size)
    return ZoneSignature(os.environ.get("TZ"), file)


def read_zone(localtime: Path = LOCALTIME) -> tzinfo | None:
    """The system's zone as a DST-aware tzinfo, or None when it cannot be told (see above)."""
    path = zone_file(localtime)
    try:
        if path is not None:
            with open(path, "rb") as file:
                zone: tzinfo = ZoneInfo.from_file(file)
        else:
            zone = ZoneInfo(os.environ.get("TZ", "").removeprefix(":"))  # a rule fails here
    except (OSError, ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return None
    now = datetime.now().astimezone()
    if now.astimezone(zone).utcoffset() != now.utcoffset():
        return None  # the C library sees it otherwise: trust the C library's offset
    return zone


class SystemClock:
    def __init__(self, localtime: Path = LOCALTIME,
                 on_change: Callable[[tzinfo | None], None] | None = None,
                 tzset: Callable[[], None] | None = TZSET) -> None:
        """`localtime` and `tzset` are injectable for tests; `on_change` hears of a new zone
        (None: only the C library's offset is known), on the thread that noticed it."""
        self.localtime = localtime
        self.on_change = on_change
        self._tzset = tzset
        self._signature = zone_signature(localtime)
        self._reset_c_zone()  # the C library may have read an older zone at an early import
        self.zone = read_zone(localtime)

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        self.follow_zone()
        return self.now_in(self.zone)

    @staticmethod
    def now_in(zone: tzinfo | None) -> datetime:
        if zone is None:
            return datetime.now().astimezone()  # the C library's offset now, DST included
        return datetime.now(zone)

    def follow_zone(self) -> bool:
        """Take a changed system zone into use; True if it changed."""
        signature = zone_signature(self.localtime)
        if signature == self._signature:
            return False
        self._signature = signature
        self._reset_c_zone()
        self.zone = read_zone(self.localtime)
        log.info("time zone changed: now UTC%s", _offset(self.now_in(self.zone)))
        if self.on_change is not None:
            self.on_change(self.zone)
        return True


    def _reset_c_zone(self) -> None:
        if self._tzset is None:
            return
        tz = os.environ.get("TZ")
        if tz is not None and zone_file(self.localtime) is not None:
            # glibc re-reads a `TZ=:/path` file only when the text of TZ changes: change it
            # for a moment. (Writers of the environment are serialised; this runs rarely.)
            os.environ["TZ"] = "UTC0"
            self._tzset()
            os.environ["TZ"] = tz
        self._tzset()


def _offset(moment: datetime) -> str:
    # The offset only: a zone's name says where the user is, which the log need not know.
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
