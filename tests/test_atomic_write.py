"""The one atomic file write (`nudge.platform.atomic_write`): modes, the `.bak` hook, failures,
and that no module grows its own temp-file-and-rename again."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest

import nudge
from nudge.platform.atomic_write import write_atomically

# Renames that are not "replace a file with new bytes": the store's streamed `.bak` copy (it
# links what is not a regular file) and putting a damaged file aside.
# Renames that are not a write: the store's own atomic storage and recovery, and the log's
# rotation (nudge.log -> nudge.log.1 moves a finished file aside; nothing is written).
_OTHER_RENAMES = {"platform/atomic_write.py", "store/atomic_storage.py", "store/recovery.py",
                  "app/logging_setup.py"}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_file_gets_exactly_the_mode_asked_for_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "nudge.desktop"
    old = os.umask(0o077)
    try:
        write_atomically(target, b"[Desktop Entry]\n", 0o644)
    finally:
        os.umask(old)
    assert _mode(target) == 0o644
    assert target.read_bytes() == b"[Desktop Entry]\n"
    assert _names(tmp_path) == ["nudge.desktop"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_keep_existing_mode_keeps_a_replaced_files_mode_and_a_new_file_is_private(
        tmp_path: Path) -> None:
    shared = tmp_path / "shared.png"
    shared.write_bytes(b"old")
    shared.chmod(0o640)
    write_atomically(shared, b"new", keep_existing_mode=True)
    fresh = tmp_path / "fresh.png"
    write_atomically(fresh, b"new", keep_existing_mode=True)
    assert (_mode(shared), shared.read_bytes()) == (0o640, b"new")
    assert _mode(fresh) == 0o600


def test_before_replace_runs_with_the_new_bytes_on_disk_and_the_old_file_in_place(
        tmp_path: Path) -> None:
    target = tmp_path / "week.json"
    target.write_bytes(b"old")
    seen: list[tuple[bytes, list[bytes]]] = []

    def look() -> None:
        temps = [p.read_bytes() for p in tmp_path.glob(".week.json.*.tmp")]
        seen.append((target.read_bytes(), temps))

    write_atomically(target, b"new", before_replace=look)
    assert seen == [(b"old", [b"new"])]
    assert target.read_bytes() == b"new"


def test_a_failing_before_replace_leaves_the_old_file_names_the_target_and_no_temp_file(
        tmp_path: Path) -> None:
    target = tmp_path / "week.json"
    target.write_bytes(b"old")

    def disk_full() -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as raised:
        write_atomically(target, b"new", before_replace=disk_full)
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["week.json"]


def test_no_module_writes_its_own_temp_file_and_rename() -> None:
    package = Path(nudge.__file__).parent
    own = re.compile(r"\bmkstemp\(|\bos\.replace\(|\.replace\(temp")
    found = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                   if own.search(path.read_text(encoding="utf-8")))
    assert set(found) <= _OTHER_RENAMES, "use nudge.platform.atomic_write.write_atomically"
