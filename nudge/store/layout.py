"""Where history lives on disk: `<data_dir>/history/<device>/<YYYY>-W<WW>.json`.

One file per device and ISO week of the event's local date keeps every write small (TinyDB rewrites
the whole file, and its cost grows with the file) however many years of history exist, and lets a
synced folder hold several devices without two machines ever writing the same file.

Any thread: pure path and name rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

HISTORY_DIR = "history"
DEVICE_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62})")
_WEEK_FILE_RE = re.compile(r"(\d{4})-W(\d{2})\.json")


def history_dir(data_dir: Path) -> Path:
    return data_dir / HISTORY_DIR


def is_device_name(name: str) -> bool:
    """True for names `device_id` can produce; other folders (sync tools' own) are not devices."""
    return DEVICE_RE.fullmatch(name) is not None


def week_name(day: date) -> str:
    """The file name for the ISO week holding `day`: 2024-12-30 is in `2025-W01.json`."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}.json"


def is_week_file(name: str) -> bool:
    """True for `2025-W03.json`; false for `.bak`, temp files and sync-conflict copies."""
    return _WEEK_FILE_RE.fullmatch(name) is not None


def weeks_between(first: date, last: date) -> list[str]:
    """Week file names covering `first`..`last` inclusive, in order; empty if last < first."""
    if last < first:
        return []
    monday = first - timedelta(days=first.weekday())
    names = []
    while monday <= last:
        names.append(week_name(monday))
        monday += timedelta(days=7)
    return names
