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


def test_only_daemons_known_to_draw_buttons_are_said_to_show_them():
    from nudge.doctor import notification_daemon_check

    def daemon(server: str, actions: bool = True):
        return notification_daemon_check({"notifications": True, "server": server,
                                          "actions": actions}, "", "sudo apt install")

    for server in ("gnome-shell 46.0", "Plasma 6.0.4", "Xfce Notify Daemon 0.8.2"):
        assert "it shows the Done/Snooze/Skip buttons" in daemon(server).detail, server
    dunst = daemon("dunst 1.9.0")
    assert dunst.ok is True
    assert "dunst shows no buttons" in dunst.detail and "tray menu" in dunst.detail
    assert any("`dunstctl context`" in note and "dmenu" in note for note in dunst.notes)
    assert any("mouse_right_click = context" in note for note in dunst.notes)
    assert any("a plain click only closes the popup" in note for note in dunst.notes)
    mako = daemon("mako 1.8.0")
    assert "mako shows no buttons" in mako.detail
    assert any("makoctl menu" in note for note in mako.notes)
    unknown = daemon("somed 1.0")
    assert "shows the Done/Snooze/Skip buttons" not in unknown.detail
    assert "tray menu" in unknown.detail
    assert "no buttons" in daemon("gnome-shell 46.0", actions=False).detail
