"""`nudge doctor` says what is true here: a helper that is installed but gets no answer is not
"works", and each fix names the real first step."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env
from sound_server import SoundServer, require_tools


def _doctor_json(env: dict[str, str]) -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return {c["name"]: c for c in json.loads(done.stdout)["checks"]}


def _private_session(nudge_home: Path, tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    (tmp_path / "user").mkdir()
    env = cli_env(nudge_home)
    env.update(XDG_RUNTIME_DIR=str(runtime), HOME=str(tmp_path / "user"),
               XDG_CONFIG_HOME=str(tmp_path / "user" / ".config"))
    env.pop("PULSE_SERVER", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def _microphone_note(checks: dict[str, dict]) -> str:
    return next(n for n in checks["blockers"]["notes"] if n.startswith("microphone: "))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pactl is the Linux microphone")
def test_the_microphone_works_only_when_a_sound_server_answers(nudge_home: Path,
                                                                tmp_path: Path):
    require_tools()
    env = _private_session(nudge_home, tmp_path)
    assert shutil.which("pactl")
    silent = _microphone_note(_doctor_json(env))  # pactl is installed; no server runs here
    assert silent.startswith("microphone: not here — ")
    assert "no sound server answers pactl" in silent
    server = SoundServer(env)
    try:
        assert _microphone_note(_doctor_json(env)).startswith("microphone: works — ")
    finally:
        server.close()
