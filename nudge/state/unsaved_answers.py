"""Answers the app could not write to history before it quit, kept for the next start.

The engine holds an event it cannot save (a full disk, a week file from a newer nudge) and
retries it; this file is where those events wait when the app quits before a retry worked:
`state/unsaved.json`, a JSON list of stored-form events, written atomically and small enough to
fit where a week file no longer does. The next start puts them first in the engine's queue and
removes the file once they are all in history. A crash between saving the last one and removing
the file would save it twice on the start after; that window is a few milliseconds, and the
other way round (remove first) would lose it.

Engine thread only (`nudge.app.unsaved`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from nudge.core.events import Event
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import fsync_directory, write_atomically
from nudge.platform.safe_files import read_regular
from nudge.store.atomic_storage import MAX_FILE_BYTES
from nudge.store.recovery import move_aside

log = logging.getLogger(__name__)


def save_held(path: Path, events: Sequence[Event]) -> None:
    """Write `events` to `path`, replacing what it held; raises OSError if that fails."""
    make_private_dir(path.parent)
    payload = json.dumps([event.to_doc() for event in events]).encode("utf-8")
    write_atomically(path, payload, PRIVATE_FILE_MODE)


def load_held(path: Path) -> list[Event]:
    """The events waiting in `path`; none if there is no file. A damaged file is put aside
    (never deleted) and logged: its events are not guessed at."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES, follow_links=False)  # never a pipe or a device
        if raw is None:
            return []
        docs = json.loads(raw)
        if not isinstance(docs, list):
            raise ValueError("not a list of events")
        return [Event.from_doc(doc) for doc in docs]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        log.error("cannot read the answers held from the last run in %s: %s", path, error)
        try:
            log.error("kept it as %s", move_aside(path, datetime.now(UTC)))
        except OSError as move_error:
            log.error("and cannot move it aside: %s", move_error)
        return []


def clear_held(path: Path) -> None:
    """Remove `path` once its events are in history."""
    path.unlink(missing_ok=True)
    fsync_directory(path.parent)
