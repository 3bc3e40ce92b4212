"""Writing history out for the user: JSON (every stored field) or CSV (fixed columns).

Both formats stream, one event at a time, so exporting years of history needs little memory.

Main thread of `nudge export`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Literal, TextIO

from nudge.core.events import Event

ExportFormat = Literal["csv", "json"]
CSV_COLUMNS = (
    "at",
    "local",
    "date",
    "device",
    "kind",
    "exercise",
    "reps",
    "source",
    "nudge_id",
    "start",
    "until",
    "reason",
)


def export_doc(event: Event) -> dict[str, Any]:
    """The stored document of `event` plus the device it came from."""
    doc = event.to_doc()
    doc["device"] = event.device
    return doc


def export_events(events: Iterable[Event], fmt: ExportFormat, out: TextIO) -> int:
    """Write `events` to `out` as "json" (a list of documents) or "csv"; return how many.

    For CSV, open a file with `newline=""`; rows end with "\\n".
    """
    if fmt == "json":
        return _write_json(events, out)
    if fmt == "csv":
        return _write_csv(events, out)
    raise ValueError(f"unknown export format {fmt!r}; use 'csv' or 'json'")


def _write_json(events: Iterable[Event], out: TextIO) -> int:
    count = 0
    out.write("[")
    for event in events:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(export_doc(event), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_csv(events: Iterable[Event], out: TextIO) -> int:
    import csv  # `nudge export` only: kept out of the long-running app

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events:
        doc = export_doc(event)
        writer.writerow(["" if doc.get(column) is None else doc[column] for column in CSV_COLUMNS])
        count += 1
    return count
