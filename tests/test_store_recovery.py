"""Damaged history files: moved aside (never deleted), backup restored, the user told once."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from nudge.core.events import Event, EventKind
from nudge.store import StoreWriteError, TinyDBEventStore, recovery
from nudge.store.atomic_storage import backup_path

UTC_PLUS_2 = timezone(timedelta(hours=2))
MONDAY = datetime(2024, 6, 10, 9, 0, tzinfo=UTC_PLUS_2)  # ISO week 2024-W24
WEEK = (date(2024, 6, 10), date(2024, 6, 16))
GARBAGE = '{"events": {"1": {"v": 1, "kind": "do'


class Harness:
    """A store for device `laptop-aaaaaa` in tmp_path that records what it told the user."""

    def __init__(self, tmp_path: Path, device: str = "laptop-aaaaaa") -> None:
        self.notices: list[str] = []
        self.store = TinyDBEventStore(
            tmp_path / "data", device, tmp_path / "store.lock", notify=self.notices.append
        )
        self.history = tmp_path / "data" / "history"
        self.week_file = self.history / device / "2024-W24.json"

    def append(self, n: int) -> None:
        event = Event(kind=EventKind.DONE, at=MONDAY + timedelta(hours=n), nudge_id=f"e{n}")
        self.store.append(event)

    def ids(self) -> list[str | None]:
        return [e.nudge_id for e in self.store.events_between(*WEEK)]

    def moved_aside(self) -> list[Path]:
        return sorted(self.week_file.parent.glob("2024-W24.json.corrupt-*"))


def test_a_damaged_file_is_moved_aside_and_its_backup_restored(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_text(GARBAGE)

    assert h.ids() == ["e1"]  # the backup held the file as it was before e2
    [moved] = h.moved_aside()
    assert moved.read_text() == GARBAGE
    assert len(h.notices) == 1
    assert str(moved) in h.notices[0]
    assert "restored the previous copy" in h.notices[0]
    h.append(3)
    assert h.ids() == ["e1", "e3"]
    assert h.notices == h.notices[:1]


def test_a_restore_that_fails_leaves_the_damaged_file_and_the_backup_for_the_next_try(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_text(GARBAGE)
    real_copy = recovery.replace_with_copy

    def disk_full_when_restoring(source: Path, target: Path) -> None:
        if source == backup_path(h.week_file):
            raise OSError(28, "No space left on device")
        real_copy(source, target)

    monkeypatch.setattr(recovery, "replace_with_copy", disk_full_when_restoring)
    with pytest.raises(StoreWriteError):
        h.append(3)
    # Before, the damaged file was renamed first: no week file was left, the next append
    # started the week afresh and the one after that overwrote the good backup.
    assert h.week_file.read_text() == GARBAGE
    monkeypatch.undo()

    h.append(4)
    h.append(5)
    assert h.ids() == ["e1", "e4", "e5"]
    assert all(moved.read_text() == GARBAGE for moved in h.moved_aside())


def test_a_damaged_file_without_a_good_backup_starts_a_fresh_week(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_text(GARBAGE)
    backup_path(h.week_file).write_text("also garbage")

    assert h.ids() == []
    [moved] = h.moved_aside()
    assert moved.read_text() == GARBAGE
    assert "starts a fresh file" in h.notices[0]
    assert str(moved) in h.notices[0]
    h.append(3)
    assert h.ids() == ["e3"]


def test_a_damaged_file_found_by_append_is_repaired_before_writing(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_text(GARBAGE)

    h.append(3)
    assert h.ids() == ["e1", "e3"]
    assert len(h.moved_aside()) == 1
    assert len(h.notices) == 1


def test_an_emptied_file_counts_as_damaged_so_the_backup_survives(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_bytes(b"")

    h.append(3)
    assert h.ids() == ["e1", "e3"]
    assert len(h.moved_aside()) == 1


def test_another_devices_damaged_file_is_skipped_not_moved_and_told_once(tmp_path: Path) -> None:
    desktop = Harness(tmp_path, "desktop-bbbbbb")
    desktop.append(1)
    laptop = Harness(tmp_path)
    laptop.append(2)
    files_before = sorted(desktop.week_file.parent.iterdir())
    desktop.week_file.write_text(GARBAGE)  # e.g. half-synced

    assert laptop.ids() == ["e2"]
    assert laptop.ids() == ["e2"]
    assert desktop.week_file.read_text() == GARBAGE
    assert sorted(desktop.week_file.parent.iterdir()) == files_before
    assert len(laptop.notices) == 1
    assert "desktop-bbbbbb" in laptop.notices[0]
    assert "skipped" in laptop.notices[0]


def test_a_damaged_document_is_skipped_and_the_rest_of_the_file_read(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    text = h.week_file.read_text().replace('"kind": "done"', '"kind": "dancing"', 1)
    h.week_file.write_text(text)

    assert h.ids() == ["e2"]
    assert h.notices == [f"1 damaged entry in {h.week_file} was skipped."]
    assert h.moved_aside() == []


@pytest.mark.parametrize("broken", [
    ('"reps": 1', '"reps": 1e400'),  # JSON allows it; int() of it raises OverflowError
    ('"reps": 1', '"reps": Infinity'),
    ('"local": "2024-06-10T10:00:00+02:00"', '"local": "0001-01-01T00:00:00+14:00"'),
    ('"local": "2024-06-10T10:00:00+02:00"', '"local": "2024-06-10T10:00:00"'),  # no zone
])
def test_an_entry_with_impossible_values_is_skipped_like_any_damaged_one(
        tmp_path: Path, broken: tuple[str, str]) -> None:
    h = Harness(tmp_path)
    h.store.append(Event(kind=EventKind.DONE, at=MONDAY + timedelta(hours=1), nudge_id="e1",
                         reps=1))
    h.append(2)
    good, bad = broken
    assert good in h.week_file.read_text()
    h.week_file.write_text(h.week_file.read_text().replace(good, bad, 1))

    assert h.ids() == ["e2"]
    assert h.notices == [f"1 damaged entry in {h.week_file} was skipped."]
    assert [e.nudge_id for e in h.store.iter_all_events()] == ["e2"]


def test_a_failing_notifier_does_not_break_reading(tmp_path: Path) -> None:
    def broken(_message: str) -> None:
        raise RuntimeError("no notification daemon")

    store = TinyDBEventStore(tmp_path / "data", "laptop-aaaaaa", tmp_path / "lock", notify=broken)
    store.append(Event(kind=EventKind.DONE, at=MONDAY, nudge_id="e1"))
    (tmp_path / "data" / "history" / "laptop-aaaaaa" / "2024-W24.json").write_text(GARBAGE)
    assert store.events_between(*WEEK) == []


def test_an_unreadable_week_file_is_skipped_with_a_notice(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    other_week = h.week_file.with_name("2024-W25.json")
    other_week.mkdir()  # reading it fails with an OSError, as a permission or I/O error would

    assert [e.nudge_id for e in h.store.events_between(date(2024, 6, 10), date(2024, 6, 23))] == [
        "e1"
    ]
    assert len(h.notices) == 1
    assert f"could not read {other_week}" in h.notices[0]
    assert other_week.is_dir()


def test_a_restored_week_and_its_backup_are_two_files_so_one_in_place_write_spares_the_backup(
        tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.append(1)
    h.append(2)
    h.week_file.write_text(GARBAGE)
    assert h.ids() == ["e1"]  # a read (summary, status, export, the app's start) restored it

    backup = backup_path(h.week_file)
    assert h.week_file.stat().st_ino != backup.stat().st_ino  # before: one hard-linked inode
    kept = backup.read_bytes()
    with h.week_file.open("r+") as handle:  # a shell `>`, an editor or a sync tool
        handle.truncate(0)
        handle.write(GARBAGE)
    assert backup.read_bytes() == kept

    h.append(3)  # repaired from the intact backup: the old entry is kept
    assert h.ids() == ["e1", "e3"]
    assert h.week_file.stat().st_ino != backup.stat().st_ino
