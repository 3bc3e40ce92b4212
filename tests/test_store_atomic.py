"""AtomicJSONStorage: whole-file replacement, a kept backup, clear errors, no caching."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from nudge.store.atomic_storage import (
    MAX_DEPTH,
    AtomicJSONStorage,
    CorruptFileError,
    backup_path,
    load_tables,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.tmp"))


def test_a_missing_file_reads_as_an_empty_database(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "nope.json").read() is None


def test_an_empty_file_reads_as_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("  \n")
    assert AtomicJSONStorage(path).read() is None


@pytest.mark.parametrize(
    "content",
    [b'{"events": {"1": {"kind": "do', b"\xff\xfe garbage", b"[1, 2]", b'{"events": [1]}'],
    ids=["truncated", "not-utf8", "not-an-object", "not-a-table"],
)
def test_an_unparseable_file_raises_corrupt_file_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError, match=r"bad\.json is damaged"):
        AtomicJSONStorage(path).read()


def _nested(depth: int) -> bytes:
    return b'{"events": {"1": {"kind": "done", "x": ' + b"[" * depth + b"]" * depth + b"}}}"


@pytest.mark.parametrize(("content", "why"), [
    (b"[" * 100_000, "nested too deeply"),  # json.loads raises RecursionError
    # These parse, but a parse a few frames deeper (TinyDB's own read in the same append) may
    # not: without a fixed limit one file was both readable and damaged.
    (_nested(MAX_DEPTH), "nested too deeply"),
    (_nested(985), "nested too deeply"),
    # Followed by a table whose documents hold no list or object, and nested through objects.
    (_nested(MAX_DEPTH)[:-1] + b', "_meta": {"1": {"schema": 1}}}', "nested too deeply"),
    (b'{"events": {"1": {"x": ' + b'{"a": ' * MAX_DEPTH + b"1" + b"}" * MAX_DEPTH + b"}}}",
     "nested too deeply"),
    (b'{"events": {"x": {"kind": "done"}}}', "document id that is not a number"),
    (b'{"events": {"1": {"kind": "done"}, "01": {"kind": "done"}}}', "not a number"),
    (b'{"_meta": {" 1": {"schema": 1}}}', "not a number"),
    (b'{"events": {"' + b"9" * 5000 + b'": {}}}', "not a number"),  # past int()'s digit limit
])
def test_a_file_nudge_could_not_have_written_is_damaged_whatever_the_stack(
        tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "odd.json"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError, match=why):
        load_tables(path)


def test_nesting_within_the_limit_and_negative_ids_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_bytes(b'{"events": {"-1": {"kind": "done"}}, "_meta": {"1": {}}, "other": {}}')
    assert load_tables(path) is not None
    path.write_bytes(_nested(MAX_DEPTH - 4))  # file, table, document, x: 4 levels
    assert load_tables(path) is not None


def test_write_then_read_gives_the_same_data_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "db.json"
    data = {"events": {"1": {"kind": "done", "note": "é"}}}
    AtomicJSONStorage(path).write(data)
    assert AtomicJSONStorage(path).read() == data
    assert _mode(path) == 0o600
    assert _temp_files(path.parent) == []


def test_a_second_write_keeps_the_previous_version_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"n": 1}}})
    assert not backup_path(path).exists()
    storage.write({"t": {"1": {"n": 2}}})
    storage.write({"t": {"1": {"n": 3}}})
    assert AtomicJSONStorage(backup_path(path)).read() == {"t": {"1": {"n": 2}}}
    assert storage.read() == {"t": {"1": {"n": 3}}}
    assert _mode(backup_path(path)) == 0o600
    assert _temp_files(tmp_path) == []


def test_the_backup_is_copied_when_hard_links_are_not_supported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"n": 1}}})
    monkeypatch.setattr(os, "link", no_links)
    storage.write({"t": {"1": {"n": 2}}})
    assert AtomicJSONStorage(backup_path(path)).read() == {"t": {"1": {"n": 1}}}
    assert _mode(backup_path(path)) == 0o600
    assert _temp_files(tmp_path) == []


def test_a_failed_replace_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"n": 1}}})
    before = path.read_bytes()
    real_replace = os.replace

    def disk_full_on_main_file(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", disk_full_on_main_file)
    with pytest.raises(OSError) as caught:
        storage.write({"t": {"1": {"n": 2}}})
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_tinydb_on_this_storage_sees_writes_from_another_instance(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as reader:
        assert reader.table("events").all() == []
        with TinyDB(path, storage=AtomicJSONStorage) as writer:
            writer.table("events").insert({"kind": "done"})
        assert reader.table("events").all() == [{"kind": "done"}]
