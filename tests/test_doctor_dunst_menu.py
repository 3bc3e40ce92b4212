"""Doctor and dunst's menu: dunst draws no buttons and offers Done/Snooze/Skip in a menu that
runs the program its `dmenu` setting names; without that program the menu never opens, so the
notification daemon line must not say ✓. Real config files and a private PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nudge.cli.doctor import notification_daemon_check
from nudge.cli.doctor.dunst_menu import menu_program, program_found, with_menu

DUNST = {"notifications": True, "server": "dunst 1.9.0", "actions": True}


def _program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    return program


def _env(tmp_path: Path, path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CONFIG_DIRS": str(tmp_path / "system"), "PATH": str(path)}


def _dunstrc(base: Path, text: str, name: str = "dunstrc") -> None:
    folder = base / "dunst" if name == "dunstrc" else base / "dunst" / "dunstrc.d"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def test_the_default_menu_is_dmenu_and_rofi_set_in_dunstrc_is_found_on_path(tmp_path: Path):
    bin_dir = tmp_path / "bin"
    env = _env(tmp_path, bin_dir)
    assert menu_program(None, env) == "/usr/bin/dmenu"  # no dunstrc: dunst's default
    _dunstrc(tmp_path / "config", '[global]\n    dmenu = "rofi -dmenu -p dunst"\n')
    assert menu_program(None, env) == "rofi"
    assert program_found("rofi", env) is False
    _program(bin_dir, "rofi")
    assert program_found("rofi", env) is True
    facts = with_menu(DUNST, env)
    assert (facts["menu"], facts["menu_found"]) == ("rofi", True)
    assert notification_daemon_check(facts, "XFCE", "sudo apt install").ok is True


def test_the_users_dunstrc_and_its_drop_ins_win_over_the_systems(tmp_path: Path):
    env = _env(tmp_path, tmp_path / "bin")
    _dunstrc(tmp_path / "system", "[global]\n    dmenu = /opt/system-menu\n")
    assert menu_program(None, env) == "/opt/system-menu"
    _dunstrc(tmp_path / "config", "[global]\n    font = Sans\n[urgency_low]\n    dmenu = no\n")
    assert menu_program(None, env) == "/usr/bin/dmenu"  # the user's file, without a dmenu
    _dunstrc(tmp_path / "config", "[global]\n    dmenu = wofi --dmenu\n", "50-menu.conf")
    assert menu_program(None, env) == "wofi"


def test_without_the_menu_program_doctor_says_so_and_how_to_answer(tmp_path: Path):
    env = _env(tmp_path, tmp_path / "empty-bin")
    _dunstrc(tmp_path / "config", f"[global]\n    dmenu = {tmp_path / 'no-dmenu'} -p dunst:\n")
    facts = with_menu(DUNST, env)
    assert facts["menu_found"] is False
    check = notification_daemon_check(facts, "XFCE", "sudo apt install")
    assert check.ok is False
    assert "its menu of Done/Snooze/Skip cannot open" in check.detail
    assert f"{tmp_path / 'no-dmenu'} is not installed" in check.detail
    assert check.fix.startswith("`sudo apt install no-dmenu` for dunst's menu")
    assert "`nudge done`, `nudge snooze` or `nudge skip`" in check.fix
    assert not any("dunstctl context" in note for note in check.notes)  # it cannot open
    # Another daemon is not asked about dunst's menu.
    assert "menu" not in with_menu({**DUNST, "server": "mako 1.7"}, env)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_the_running_dunsts_own_config_file_is_the_one_read(tmp_path: Path):
    rc = tmp_path / "given-dunstrc"
    rc.write_text("[global]\n    dmenu = /opt/given-menu -l 10\n")
    env = _env(tmp_path, tmp_path / "bin")
    # A stand-in for `dunst -config FILE`: what is read is its command line, by its pid.
    process = subprocess.Popen([sys.executable, "-c", "import sys; print(flush=True); "
                                "sys.stdin.read()", "-config", str(rc)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert process.stdout is not None
        process.stdout.readline()  # it runs (its command line is its own by now)
        assert menu_program(process.pid, env) == "/opt/given-menu"
    finally:
        process.communicate(b"")
    assert menu_program(os.getpid(), env) == "/usr/bin/dmenu"  # no -config: the usual files
