"""What one week file holds: a table `events` of `Event.to_doc()` documents and a table `_meta`.

`_meta` has one document, `{"schema": SCHEMA_VERSION, "device": <device>}`: the newest schema that
ever wrote the file, so an older nudge knows not to append to it.

Runs on the store's caller's thread (see `event_store`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nudge.core.events import Event
from nudge.store.atomic_storage import CorruptFileError, Tables, load_tables
from nudge.store.migrations import UnknownSchemaError, upgrade_doc

EVENTS_TABLE = "events"
META_TABLE = "_meta"
META_DOC_ID = 1


@dataclass
class Decoded:
    """The events of one file, and how many documents could not be turned into events."""

    events: list[Event] = field(default_factory=list)
    newer: int = 0  # written by a newer nudge
    damaged: int = 0  # malformed


def read_own(path: Path) -> Tables | None:
    """Read a file this device writes; an existing but empty file counts as damaged.

    nudge never leaves an empty file behind (it writes whole files and renames them), so an empty
    one was truncated by something else. Treating it as damaged lets recovery bring back the
    backup instead of the next write replacing the backup with it.
    """
    data = load_tables(path)
    if data is None and path.exists():
        raise CorruptFileError(path, "the file is empty")
    return data


def meta_of(data: Tables | None) -> dict[str, Any] | None:
    """The `_meta` document, or None for a new file or one without it."""
    docs = (data or {}).get(META_TABLE, {})
    meta = docs.get(str(META_DOC_ID))
    return dict(meta) if meta is not None else None


def file_schema(data: Tables | None) -> int:
    """The newest schema that wrote this file (0 when unknown)."""
    schema = (meta_of(data) or {}).get("schema", 0)
    return schema if isinstance(schema, int) else 0


def decode_events(data: Tables, device: str) -> Decoded:
    """The events in insertion order, upgraded to the current schema, tagged with `device`."""
    table = data.get(EVENTS_TABLE, {})
    decoded = Decoded()
    for key in sorted(table, key=_doc_id_order):
        try:
            decoded.events.append(Event.from_doc(upgrade_doc(table[key]), device=device))
        except UnknownSchemaError:
            decoded.newer += 1
        except (KeyError, ValueError, TypeError, OverflowError):  # Overflow: "reps": 1e400
            decoded.damaged += 1
    return decoded


def _doc_id_order(key: str) -> tuple[int, str]:
    # TinyDB ids are decimal strings; sort numerically to keep insertion order.
    return (int(key), "") if key.isdigit() else (1 << 62, key)
