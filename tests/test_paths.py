"""Where nudge keeps its files: NUDGE_HOME, platformdirs, and creating the folders."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from nudge.paths import Paths, resolve_paths


def test_nudge_home_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = resolve_paths({"NUDGE_HOME": str(tmp_path)})
    assert paths == Paths(
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        state_dir=tmp_path / "state",
        log_dir=tmp_path / "logs",
    )


def test_derived_files_live_in_their_folders(tmp_path: Path) -> None:
    paths = resolve_paths({"NUDGE_HOME": str(tmp_path)})
    assert paths.config_file == tmp_path / "config" / "config.toml"
    assert paths.user_exercises_file == tmp_path / "config" / "exercises.toml"
    assert paths.log_file == tmp_path / "logs" / "nudge.log"
    assert paths.store_lock == tmp_path / "state" / "store.lock"
    assert paths.instance_lock == tmp_path / "state" / "app.lock"
    assert paths.control_socket == tmp_path / "state" / "control.sock"
    assert paths.control_key == tmp_path / "state" / "control.key"
    assert paths.state_file == tmp_path / "state" / "state.json"


def test_nudge_home_may_start_with_a_tilde() -> None:
    paths = resolve_paths({"NUDGE_HOME": "~/nudge-test-home"})
    assert paths.config_dir == Path.home() / "nudge-test-home" / "config"


def test_relative_nudge_home_becomes_absolute(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_paths({"NUDGE_HOME": "portable"}).data_dir == tmp_path / "portable" / "data"


@pytest.mark.parametrize("env", [{}, {"NUDGE_HOME": ""}, {"NUDGE_HOME": "  "}])
def test_without_nudge_home_platformdirs_decides(env: dict[str, str]) -> None:
    paths = resolve_paths(env)
    assert paths.data_dir == Path(platformdirs.user_data_dir("nudge", appauthor=False))
    assert paths.config_dir == Path(platformdirs.user_config_dir("nudge", appauthor=False))
    assert paths.state_dir == Path(platformdirs.user_state_dir("nudge", appauthor=False))
    assert paths.log_dir == Path(platformdirs.user_log_dir("nudge", appauthor=False))


def test_platformdirs_follow_xdg_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _is_unix_layout():
        pytest.skip("XDG variables only steer platformdirs on Linux and BSD")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "st"))
    paths = resolve_paths({})
    assert paths.config_dir == tmp_path / "cfg" / "nudge"
    assert paths.state_dir == tmp_path / "st" / "nudge"


def test_default_env_is_the_process_environment(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path))
    assert resolve_paths().state_dir == tmp_path / "state"


def test_resolving_touches_no_disk(tmp_path: Path) -> None:
    resolve_paths({"NUDGE_HOME": str(tmp_path / "home")})
    assert not (tmp_path / "home").exists()


def test_ensure_creates_private_folders(tmp_path: Path) -> None:
    paths = resolve_paths({"NUDGE_HOME": str(tmp_path / "home")})
    paths.ensure()
    for folder in (paths.data_dir, paths.config_dir, paths.state_dir, paths.log_dir):
        assert folder.is_dir()
        if _is_unix_layout():
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_ensure_is_idempotent_and_leaves_existing_folders_alone(tmp_path: Path) -> None:
    paths = resolve_paths({"NUDGE_HOME": str(tmp_path)})
    paths.config_dir.mkdir(mode=0o755)
    paths.config_dir.chmod(0o755)
    paths.ensure()
    paths.ensure()
    if _is_unix_layout():
        assert stat.S_IMODE(paths.config_dir.stat().st_mode) == 0o755


def test_ensure_copes_with_shared_folders(tmp_path: Path) -> None:
    # On macOS platformdirs gives the same folder for data, config and state.
    shared = tmp_path / "same"
    Paths(shared, shared, shared, tmp_path / "logs").ensure()
    assert shared.is_dir()


def _is_unix_layout() -> bool:
    return not sys.platform.startswith(("win", "darwin"))
