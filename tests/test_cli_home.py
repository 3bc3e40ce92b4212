"""`NUDGE_HOME` that cannot hold nudge's folders: the commands that talk to the app say what is
wrong with the folder, not that the running app could not be reached."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FAST_CONFIG, cli_env
from test_app_terminal import start_app

from nudge.cli.errors import SOCKET_PATH_LIMIT


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=cli_env(home),
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.parametrize("command", [("status",), ("log", "rise"), ("resume",), ("quit",),
                                     ("summary",), ("export",)])
def test_a_nudge_home_that_is_a_file_is_named_as_such(tmp_path: Path, command: tuple[str, ...]):
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    done = _cli(home, *command)
    assert done.returncode == 1
    assert f"NUDGE_HOME is {home}, which is a file" in done.stderr
    assert "point NUDGE_HOME at a folder" in done.stderr
    assert "control key" not in done.stderr and "running nudge" not in done.stderr
    assert home.read_text(encoding="utf-8") == "not a folder"


def test_a_file_above_nudge_home_is_named(tmp_path: Path):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    done = _cli(blocker / "home", "status")
    assert done.returncode == 1
    assert f"could not use {blocker}: a file is in the way of a folder" in done.stderr


def test_a_path_too_long_for_the_file_system_is_said_so(tmp_path: Path):
    home = tmp_path.joinpath(*["d" * 200] * 25)  # over PATH_MAX (4096)
    for command in (("status",), ("log", "rise")):
        done = _cli(home, *command)
        assert done.returncode == 1
        assert "the path is too long for the file system" in done.stderr
        assert "shorter NUDGE_HOME" in done.stderr
        assert "control key" not in done.stderr
        assert len(done.stderr) < 400  # the path is shortened, not printed whole


@pytest.mark.skipif(sys.platform == "win32", reason="Windows uses named pipes, not sockets")
def test_a_path_too_long_for_a_socket_is_said_so_while_the_app_runs(tmp_path: Path):
    home = tmp_path / ("h" * (SOCKET_PATH_LIMIT - len(str(tmp_path))))
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(FAST_CONFIG, encoding="utf-8")
    assert len(str(home / "state" / "control.sock")) > SOCKET_PATH_LIMIT
    assert "nudge is not running" in _cli(home, "status").stdout  # nothing runs: the files
    app = start_app(home)
    try:
        done = _cli(home, "status")
        assert done.returncode == 1
        assert "nudge is running, but no command can reach it" in done.stderr
        assert f"more than the {SOCKET_PATH_LIMIT} a socket allows" in done.stderr
        assert "shorter NUDGE_HOME" in done.stderr
    finally:
        app.kill(signal.SIGKILL)
        app.close()
