"""device_id: one stable, private, path-safe id per machine."""

from __future__ import annotations

import re
import socket
import stat
from pathlib import Path

import pytest

from nudge.store import device_id
from nudge.store.device import _create_id, new_device_id

ID_RE = re.compile(r"[a-z0-9-]+-[0-9a-f]{6}")


def test_the_id_is_created_once_then_read_back(tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = device_id(state)
    assert ID_RE.fullmatch(first)
    assert device_id(state) == first
    path = state / "device"
    assert path.read_text() == first + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in state.iterdir()] == ["device"]  # no temp file left


def test_the_id_starts_with_a_slug_of_the_host_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "Anna's MacBook Pro.local")
    assert re.fullmatch(r"anna-s-macbook-pro-local-[0-9a-f]{6}", device_id(tmp_path))


@pytest.mark.parametrize("hostname", ["", "---", "ÉTÉ_🙂", "x" * 300])
def test_any_host_name_gives_a_path_safe_id(hostname: str) -> None:
    made = new_device_id(hostname)
    assert ID_RE.fullmatch(made)
    assert len(made) <= 63


def test_two_machines_with_one_host_name_get_different_ids() -> None:
    assert new_device_id("laptop") != new_device_id("laptop")


def test_a_hand_edited_id_is_cleaned_up_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "device").write_text("My Laptop\n")
    assert device_id(tmp_path) == "my-laptop"


def test_an_empty_device_file_gets_a_new_id(tmp_path: Path) -> None:
    (tmp_path / "device").write_text("")
    made = device_id(tmp_path)
    assert ID_RE.fullmatch(made)
    assert device_id(tmp_path) == made


def test_when_another_process_created_the_id_first_its_id_wins(tmp_path: Path) -> None:
    (tmp_path / "device").write_text("desktop-222222\n")
    assert _create_id(tmp_path / "device", "laptop-111111") == "desktop-222222"
    assert (tmp_path / "device").read_text() == "desktop-222222\n"
    assert [p.name for p in tmp_path.iterdir()] == ["device"]
