"""Versioned documents: migrations on read, and files from a newer nudge kept read-only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from nudge.core.events import SCHEMA_VERSION, Event, EventKind
from nudge.store import MIGRATIONS, StoreWriteError, TinyDBEventStore, UnknownSchemaError
from nudge.store.atomic_storage import load_tables
from nudge.store.migrations import upgrade_doc

UTC_PLUS_2 = timezone(timedelta(hours=2))
WEEK = (date(2024, 6, 10), date(2024, 6, 16))  # ISO week 2024-W24
DEVICE = "laptop-aaaaaa"
V0_DOC = {"kind": "done", "time": "2024-06-11T00:30:00+02:00", "nudge_id": "old", "reps": 8}


def _write_week(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "data" / "history" / DEVICE / "2024-W24.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data))
    return path


def _store(tmp_path: Path, notices: list[str]) -> TinyDBEventStore:
    return TinyDBEventStore(tmp_path / "data", DEVICE, tmp_path / "lock", notify=notices.append)


def _v1_doc(nudge_id: str) -> dict[str, Any]:
    return Event(EventKind.DONE, datetime(2024, 6, 12, 9, tzinfo=UTC_PLUS_2), nudge_id).to_doc()


def test_migrations_cover_every_version_below_the_current_one() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_v0_documents_gain_utc_time_local_time_and_local_date() -> None:
    assert upgrade_doc(V0_DOC) == {
        "v": 1,
        "kind": "done",
        "at": "2024-06-10T22:30:00Z",
        "local": "2024-06-11T00:30:00+02:00",
        "date": "2024-06-11",
        "nudge_id": "old",
        "reps": 8,
    }
    assert "v" not in V0_DOC  # the input is left alone


def test_a_v0_document_in_a_file_is_migrated_when_read(tmp_path: Path) -> None:
    _write_week(tmp_path, {"events": {"1": V0_DOC, "2": _v1_doc("new")}})
    notices: list[str] = []
    events = _store(tmp_path, notices).events_between(*WEEK)
    assert [(e.nudge_id, e.at.astimezone(UTC)) for e in events] == [
        ("old", datetime(2024, 6, 10, 22, 30, tzinfo=UTC)),
        ("new", datetime(2024, 6, 12, 7, 0, tzinfo=UTC)),
    ]
    assert events[0].reps == 8
    assert notices == []


def test_migrations_run_in_order_up_to_the_target() -> None:
    def v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
        return {**doc, "v": 2, "steps": [*doc.get("steps", []), "1->2"]}

    def v0_to_v1(doc: dict[str, Any]) -> dict[str, Any]:
        return {**doc, "v": 1, "steps": ["0->1"]}

    chain = {1: v1_to_v2, 0: v0_to_v1}
    assert upgrade_doc({"kind": "done"}, chain, target=2)["steps"] == ["0->1", "1->2"]
    assert upgrade_doc({"v": 1}, chain, target=2)["steps"] == ["1->2"]
    with pytest.raises(ValueError, match="no migration from schema 1"):
        upgrade_doc({"v": 1}, {0: v0_to_v1}, target=2)


@pytest.mark.parametrize("bad", [{"v": "1"}, {"v": -1}, {"v": True}])
def test_a_malformed_version_is_rejected(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="bad schema version"):
        upgrade_doc(bad)


def test_a_document_from_a_newer_nudge_raises_unknown_schema() -> None:
    with pytest.raises(UnknownSchemaError):
        upgrade_doc({"v": SCHEMA_VERSION + 1, "kind": "done"})


def test_a_file_from_a_newer_nudge_is_read_but_never_appended_to(tmp_path: Path) -> None:
    newer = SCHEMA_VERSION + 1
    future_doc = {**_v1_doc("future"), "v": newer, "mood": "great"}
    path = _write_week(
        tmp_path,
        {
            "_meta": {"1": {"schema": newer, "device": DEVICE}},
            "events": {"1": _v1_doc("known"), "2": future_doc},
        },
    )
    before = path.read_bytes()
    notices: list[str] = []
    store = _store(tmp_path, notices)

    assert [e.nudge_id for e in store.events_between(*WEEK)] == ["known"]
    assert len(notices) == 1
    assert "1 entry in" in notices[0]
    assert "newer nudge" in notices[0]

    with pytest.raises(StoreWriteError) as caught:
        store.append(Event(EventKind.DONE, datetime(2024, 6, 13, 9, tzinfo=UTC_PLUS_2), "x"))
    message = str(caught.value)
    assert "newer nudge" in message
    assert "upgrade nudge" in message
    assert str(path) in message
    assert path.read_bytes() == before


def test_appending_to_a_file_of_an_older_nudge_updates_its_meta(tmp_path: Path) -> None:
    path = _write_week(
        tmp_path, {"_meta": {"1": {"schema": 0, "device": DEVICE}}, "events": {"1": V0_DOC}}
    )
    notices: list[str] = []
    store = _store(tmp_path, notices)
    store.append(Event(EventKind.DONE, datetime(2024, 6, 13, 9, tzinfo=UTC_PLUS_2), "x"))
    data = load_tables(path)
    assert data is not None
    assert data["_meta"] == {"1": {"schema": SCHEMA_VERSION, "device": DEVICE}}
    assert [e.nudge_id for e in store.events_between(*WEEK)] == ["old", "x"]
