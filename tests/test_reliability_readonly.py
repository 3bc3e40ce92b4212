"""A folder nudge cannot write: the message names the real file and its folder, never the
hidden temp file `write_atomically` writes first.

The tests run as root, where chmod cannot make a folder unwritable, so the state folder is made
read-only with a read-only bind mount of itself, where this machine allows mounting.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from nudge.platform.atomic_write import write_atomically

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mount and POSIX errors")


@pytest.fixture
def read_only_state(nudge_home: Path):
    """NUDGE_HOME/state as a read-only bind mount of itself, or skip where mounting is denied."""
    state = nudge_home / "state"
    state.mkdir(mode=0o700, exist_ok=True)
    for step in (["mount", "--bind", str(state), str(state)],
                 ["mount", "-o", "remount,ro,bind", str(state)]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            subprocess.run(["umount", "-l", str(state)], capture_output=True)
            pytest.skip(f"cannot make a read-only bind mount here: {done.stderr.strip()}")
    try:
        yield state
    finally:
        subprocess.run(["umount", "-l", str(state)], check=False)


def test_a_read_only_state_folder_names_the_pause_file_and_its_folder(
        read_only_state: Path, run_cli) -> None:
    failed = run_cli("pause", "30m", check_rc=1)
    assert failed.stderr == (f"nudge: could not use {read_only_state / 'state.json'}: its "
                             f"folder {read_only_state} is read-only. Fix: make that folder "
                             "writable, then try again.\n")
    assert ".tmp" not in failed.stderr


def test_write_atomically_names_the_target_when_the_temp_file_cannot_be_made(
        read_only_state: Path) -> None:
    target = read_only_state / "state.json"
    with pytest.raises(OSError) as raised:
        write_atomically(target, b"{}", 0o600)
    assert raised.value.filename == str(target) and raised.value.filename2 is None


def test_write_atomically_names_the_target_when_the_rename_fails(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.mkdir()  # a folder in the way: the rename onto it fails
    with pytest.raises(IsADirectoryError) as raised:
        write_atomically(target, b"{}", 0o600)
    assert raised.value.filename == str(target) and raised.value.filename2 is None
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp file left
