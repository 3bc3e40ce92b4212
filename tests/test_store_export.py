"""export_events: JSON with every stored field, CSV with fixed columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from nudge.core.events import Event, EventKind, Source
from nudge.store import CSV_COLUMNS, export_events

UTC_PLUS_2 = timezone(timedelta(hours=2))
AT = datetime(2024, 6, 12, 9, 30, tzinfo=UTC_PLUS_2)
EVENTS = [
    Event(EventKind.OFFERED, AT, "n1", exercise="glute-squeeze", reps=10, device="laptop-a"),
    Event(
        EventKind.SNOOZED,
        AT,
        "n1",
        source=Source.PROMPT,
        until=AT + timedelta(minutes=15),
        device="laptop-a",
    ),
    Event(EventKind.PAUSE, AT, reason="meeting", extra={"future_field": 1}, device="desk-b"),
]


def test_json_is_a_list_of_stored_documents_with_their_device() -> None:
    out = io.StringIO()
    assert export_events(EVENTS, "json", out) == 3
    docs = json.loads(out.getvalue())
    assert docs == [{**event.to_doc(), "device": event.device} for event in EVENTS]
    assert docs[2]["future_field"] == 1


def test_json_of_nothing_is_an_empty_list() -> None:
    out = io.StringIO()
    assert export_events([], "json", out) == 0
    assert json.loads(out.getvalue()) == []


def test_csv_has_the_stable_header_and_one_row_per_event() -> None:
    out = io.StringIO()
    assert export_events(EVENTS, "csv", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert out.getvalue().splitlines()[0] == (
        "at,local,date,device,kind,exercise,reps,source,nudge_id,start,until,reason"
    )
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0] == {
        "at": "2024-06-12T07:30:00Z",
        "local": "2024-06-12T09:30:00+02:00",
        "date": "2024-06-12",
        "device": "laptop-a",
        "kind": "offered",
        "exercise": "glute-squeeze",
        "reps": "10",
        "source": "",
        "nudge_id": "n1",
        "start": "",
        "until": "",
        "reason": "",
    }
    assert rows[1]["until"] == "2024-06-12T09:45:00+02:00"
    assert rows[2]["reason"] == "meeting"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_events(EVENTS, "xml", io.StringIO())  # type: ignore[arg-type]
