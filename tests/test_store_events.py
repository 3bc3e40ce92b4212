"""TinyDBEventStore: round trip, week-file layout, multi-device merge, backups."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from nudge.core.events import SCHEMA_VERSION, BreakReason, Event, EventKind, Source
from nudge.store import TinyDBEventStore
from nudge.store.atomic_storage import backup_path, load_tables

UTC_PLUS_2 = timezone(timedelta(hours=2))
SYDNEY = timezone(timedelta(hours=10))


def _store(tmp_path: Path, device: str = "laptop-aaaaaa") -> TinyDBEventStore:
    return TinyDBEventStore(tmp_path / "data", device, tmp_path / "state" / "store.lock")


def _event(at: datetime, nudge_id: str = "n1", kind: EventKind = EventKind.DONE) -> Event:
    return Event(kind=kind, at=at, nudge_id=nudge_id, exercise="glute-squeeze", reps=10)


def _week_file(tmp_path: Path, device: str, name: str) -> Path:
    return tmp_path / "data" / "history" / device / name


def test_an_event_with_every_field_comes_back_equal_with_its_device(tmp_path: Path) -> None:
    at = datetime(2024, 6, 12, 15, 30, 5, tzinfo=UTC_PLUS_2)
    event = Event(
        kind=EventKind.STRETCH,
        at=at,
        nudge_id="n-42",
        exercise="hip-flexor-stretch",
        reps=3,
        source=Source.MANUAL,
        start=at - timedelta(minutes=2),
        until=at + timedelta(minutes=30),
        reason=BreakReason.RISE.value,
        extra={"note_code": "x1"},
    )
    store = _store(tmp_path)
    store.append(event)
    [back] = store.events_between(date(2024, 6, 12), date(2024, 6, 12))
    assert back == dataclasses.replace(event, device="laptop-aaaaaa")
    assert back.extra == {"note_code": "x1"}


def test_each_local_iso_week_gets_its_own_file_with_meta(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.append(_event(datetime(2024, 12, 29, 23, 30, tzinfo=UTC_PLUS_2), "sunday"))
    store.append(_event(datetime(2024, 12, 30, 0, 10, tzinfo=UTC_PLUS_2), "monday"))
    # 08:00 Monday in Sydney is still Sunday in UTC: the local date decides the week.
    store.append(_event(datetime(2025, 1, 6, 8, 0, tzinfo=SYDNEY), "sydney-monday"))

    folder = tmp_path / "data" / "history" / "laptop-aaaaaa"
    assert sorted(p.name for p in folder.glob("*.json")) == [
        "2024-W52.json",
        "2025-W01.json",
        "2025-W02.json",
    ]
    data = load_tables(folder / "2025-W01.json")
    assert data is not None
    assert data["_meta"] == {"1": {"schema": SCHEMA_VERSION, "device": "laptop-aaaaaa"}}
    assert [doc["nudge_id"] for doc in data["events"].values()] == ["monday"]


def test_a_second_append_keeps_the_previous_file_as_bak(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.append(_event(datetime(2024, 6, 10, 9, 0, tzinfo=UTC_PLUS_2), "first"))
    store.append(_event(datetime(2024, 6, 11, 9, 0, tzinfo=UTC_PLUS_2), "second"))
    bak = load_tables(backup_path(_week_file(tmp_path, "laptop-aaaaaa", "2024-W24.json")))
    assert bak is not None
    assert [doc["nudge_id"] for doc in bak["events"].values()] == ["first"]


def test_history_of_all_synced_devices_is_merged_in_time_order(tmp_path: Path) -> None:
    laptop = _store(tmp_path, "laptop-aaaaaa")
    desktop = _store(tmp_path, "desktop-bbbbbb")
    day = datetime(2024, 6, 12, 9, 0, tzinfo=UTC_PLUS_2)
    laptop.append(_event(day, "l1"))
    desktop.append(_event(day + timedelta(minutes=5), "d1"))
    laptop.append(_event(day + timedelta(minutes=10), "l2"))
    # Earlier in real time although later on the clock face: it was written in Sydney.
    desktop.append(_event(datetime(2024, 6, 12, 16, 0, tzinfo=SYDNEY), "d0"))

    events = laptop.events_between(date(2024, 6, 12), date(2024, 6, 12))
    assert [(e.nudge_id, e.device) for e in events] == [
        ("d0", "desktop-bbbbbb"),
        ("l1", "laptop-aaaaaa"),
        ("d1", "desktop-bbbbbb"),
        ("l2", "laptop-aaaaaa"),
    ]
    assert laptop.devices() == ["desktop-bbbbbb", "laptop-aaaaaa"]


def test_events_between_is_inclusive_and_spans_weeks(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for offset in range(20):  # 2024-06-01 .. 2024-06-20, noon
        store.append(
            _event(
                datetime(2024, 6, 1, 12, tzinfo=UTC_PLUS_2) + timedelta(days=offset),
                f"day-{offset + 1}",
            )
        )
    events = store.events_between(date(2024, 6, 5), date(2024, 6, 17))
    assert [e.nudge_id for e in events] == [f"day-{n}" for n in range(5, 18)]
    assert store.events_between(date(2024, 6, 17), date(2024, 6, 5)) == []


def test_events_between_opens_only_the_weeks_it_needs(tmp_path: Path) -> None:
    notices: list[str] = []
    store = TinyDBEventStore(
        tmp_path / "data", "laptop-aaaaaa", tmp_path / "lock", notify=notices.append
    )
    store.append(_event(datetime(2024, 6, 12, 9, tzinfo=UTC_PLUS_2)))
    far_week = _week_file(tmp_path, "laptop-aaaaaa", "2023-W01.json")
    far_week.write_text("{not json")

    assert len(store.events_between(date(2024, 6, 10), date(2024, 6, 16))) == 1
    assert far_week.read_text() == "{not json"
    assert notices == []


def test_iter_all_events_yields_every_device_and_week_in_order(tmp_path: Path) -> None:
    laptop = _store(tmp_path, "laptop-aaaaaa")
    desktop = _store(tmp_path, "desktop-bbbbbb")
    start = datetime(2024, 1, 1, 9, tzinfo=UTC_PLUS_2)
    for n in range(6):
        (laptop if n % 2 else desktop).append(_event(start + timedelta(days=5 * n), f"e{n}"))
    assert [e.nudge_id for e in laptop.iter_all_events()] == [f"e{n}" for n in range(6)]


def test_an_empty_store_has_no_devices_and_no_events(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.devices() == []
    assert store.events_between(date(2024, 1, 1), date(2024, 12, 31)) == []
    assert list(store.iter_all_events()) == []
    assert not (tmp_path / "data").exists()  # reading never creates anything


def test_files_that_are_not_week_files_are_ignored(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.append(_event(datetime(2024, 6, 12, 9, tzinfo=UTC_PLUS_2)))
    folder = _week_file(tmp_path, "laptop-aaaaaa", "").parent
    (folder / "2024-W24.sync-conflict-20240612-abc.json").write_text("{broken")
    (tmp_path / "data" / "history" / ".stfolder").mkdir()
    assert [e.nudge_id for e in store.iter_all_events()] == ["n1"]
    assert store.devices() == ["laptop-aaaaaa"]


@pytest.mark.parametrize("device", ["", "Laptop", "../evil", "a b", "-laptop", "a" * 64])
def test_a_device_name_outside_a_z_0_9_dash_is_refused(tmp_path: Path, device: str) -> None:
    with pytest.raises(ValueError, match="device"):
        TinyDBEventStore(tmp_path, device, tmp_path / "lock")


def test_stored_documents_are_plain_tinydb_json(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.append(_event(datetime(2024, 6, 12, 9, tzinfo=UTC_PLUS_2)))
    raw = json.loads(_week_file(tmp_path, "laptop-aaaaaa", "2024-W24.json").read_text())
    assert raw["events"]["1"]["v"] == SCHEMA_VERSION
    assert raw["events"]["1"]["at"] == "2024-06-12T07:00:00Z"


def test_an_append_reads_and_checks_the_week_file_once(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing and checking the file is most of an append's time; TinyDB's own reads (an insert
    reads twice) are answered from the copy read under the write lock."""
    from nudge.store import atomic_storage, week_file

    store = _store(tmp_path)
    at = datetime(2024, 6, 12, 9, 0, tzinfo=UTC_PLUS_2)
    store.append(_event(at, "n0"))
    reads: list[Path] = []

    def counted(path: Path) -> object:
        reads.append(path)
        return load_tables(path)

    monkeypatch.setattr(week_file, "load_tables", counted)
    monkeypatch.setattr(atomic_storage, "load_tables", counted)
    for number in range(1, 4):
        store.append(_event(at + timedelta(minutes=number), f"n{number}"))
    assert len(reads) == 3, reads
    monkeypatch.undo()
    back = store.events_between(date(2024, 6, 12), date(2024, 6, 12))
    assert [event.nudge_id for event in back] == ["n0", "n1", "n2", "n3"]
    [path] = {*reads}
    data = load_tables(path)
    assert data is not None and sorted(data["events"], key=int) == ["1", "2", "3", "4"]


def test_a_store_sweeps_killed_writers_temp_files_at_its_first_append_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing the device folder grows with years of week files: an append must not pay it
    every time. A killed writer was another process, so the first append of a store sees its
    leftovers (tests/test_store_crash.py kills real writers)."""
    from nudge.store import atomic_storage, event_store

    at = datetime(2024, 6, 12, 9, 0, tzinfo=UTC_PLUS_2)
    folder = _week_file(tmp_path, "laptop-aaaaaa", "x").parent
    folder.mkdir(parents=True)
    stale = folder / ".2024-W23.json.new-0badc0de.tmp"  # as a writer killed mid-write leaves
    stale.write_text("{")
    sweeps: list[Path] = []

    def counted(directory: Path) -> int:
        sweeps.append(directory)
        return atomic_storage.remove_stale_temp_files(directory)

    monkeypatch.setattr(event_store, "remove_stale_temp_files", counted)
    store = _store(tmp_path)
    for number in range(3):
        store.append(_event(at + timedelta(minutes=number), f"n{number}"))

    assert sweeps == [folder]
    assert not stale.exists()
    _store(tmp_path).append(_event(at + timedelta(minutes=9), "n9"))  # a new process's store
    assert sweeps == [folder, folder]


def test_export_lists_each_folder_once_and_opens_each_week_file_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 weeks in 3,002 device folders took over a minute: each week tried every folder.
    The work must grow with the files there are, not with weeks × folders."""
    from nudge.store import atomic_storage

    weeks = [datetime(2020, 1, 6, 9, tzinfo=UTC_PLUS_2) + timedelta(weeks=n) for n in range(30)]
    for n, at in enumerate(weeks):  # 30 devices, each with one week nobody else has
        _store(tmp_path, f"phone-{n:06d}").append(_event(at, f"e{n}"))
    own = _store(tmp_path)
    for at in weeks[:5]:
        own.append(_event(at + timedelta(hours=1), "own"))
    files = list((tmp_path / "data" / "history").glob("*/*.json"))
    assert len(files) == 35
    opened: list[Path] = []
    listed: list[Path] = []
    real_read, real_iterdir = atomic_storage.read_regular, Path.iterdir

    def counted_read(path: Path, *args: object, **kwargs: object) -> bytes | None:
        opened.append(path)
        return real_read(path, *args, **kwargs)  # type: ignore[arg-type]

    def counted_iterdir(self: Path):  # type: ignore[no-untyped-def]
        listed.append(self)
        return real_iterdir(self)

    monkeypatch.setattr(atomic_storage, "read_regular", counted_read)
    monkeypatch.setattr(Path, "iterdir", counted_iterdir)
    progress: list[tuple[int, int]] = []
    events = list(own.iter_all_events(lambda done, total: progress.append((done, total))))

    assert len(events) == 35
    assert sorted(opened) == sorted(files)  # before: 30 weeks × 31 folders = 930 tries
    assert len(listed) == 1 + 31 and len(set(listed)) == len(listed)
    assert progress == [(n, 30) for n in range(1, 31)]
