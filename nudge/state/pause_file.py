"""Keeps a pause across restarts: a tiny JSON file in the state dir, written atomically.

Runs on the caller's thread: the engine thread in the app, the main thread of a one-shot `nudge`
command."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nudge.core.pauses import Pause
from nudge.core.stored_time import parse_stored_time
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.safe_files import read_regular

log = logging.getLogger(__name__)
_MAX_BYTES = 64 << 10  # nudge writes ~100 bytes here; a pipe or a huge file is not its file


def load_pause(path: Path) -> Pause | None:
    """The saved pause, or None. A missing or damaged file means "not paused" (logged)."""
    try:
        raw = read_regular(path, _MAX_BYTES, follow_links=False)
        if raw is None:
            return None
        doc = json.loads(raw.decode("utf-8"))
        if not doc.get("paused"):
            return None
        since = parse_stored_time(doc["since"])
        until = parse_stored_time(doc["until"]) if doc.get("until") else None
        return Pause(since=since, until=until)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        log.warning("ignoring unreadable pause state %s: %s", path, error)
        return None


def save_pause(path: Path, pause: Pause | None) -> None:
    doc = {"paused": False} if pause is None else {
        "paused": True,
        "since": pause.since.isoformat(timespec="seconds"),
        "until": pause.until.isoformat(timespec="seconds") if pause.until else None,
    }
    make_private_dir(path.parent)
    write_atomically(path, json.dumps(doc).encode("utf-8"), PRIVATE_FILE_MODE)
