"""`nudge config --check` covers every file nudge reads from the config folder, and a broken
config file makes `nudge summary` warn and use the defaults, as the app does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import cli_env

from nudge.i18n import terminal_lines


def test_check_reports_a_broken_exercises_file(run_cli, nudge_home: Path):
    exercises = nudge_home / "config" / "exercises.toml"
    exercises.write_text("[[exercise]\n", encoding="utf-8")
    bad = run_cli("config", "--check", check_rc=2)
    assert "exercises.toml" in bad.stderr
    assert "only its own exercises" in bad.stderr
    assert "config.toml: OK" in bad.stdout  # the config file itself is fine
    exercises.write_text('[[exercise]]\nid = "x"\n', encoding="utf-8")
    assert "exercises.toml" in run_cli("config", "--check", check_rc=2).stderr
    exercises.unlink()
    assert "exercises.toml" not in run_cli("config", "--check", check_rc=0).stdout


def test_check_without_a_config_file_says_all_defaults(run_cli, nudge_home: Path):
    (nudge_home / "config" / "config.toml").unlink()
    out = run_cli("config", "--check", check_rc=0).stdout
    assert out.startswith("no config file: all defaults")
    assert "OK" not in out


def test_summary_with_a_broken_config_shows_the_history_with_a_warning(run_cli,
                                                                      nudge_home: Path):
    run_cli("log", "rise", "--reps", "7", check_rc=0)
    (nudge_home / "config" / "config.toml").write_text("[schedule\n", encoding="utf-8")
    shown = run_cli("summary", check_rc=0)
    assert "config.toml" in shown.stderr and "default settings" in shown.stderr
    assert "7" in shown.stdout
    assert run_cli("summary", "--json", check_rc=0).stdout.lstrip().startswith("{")


def test_a_folder_in_the_config_files_place_is_named_with_the_fix_by_each_command(
        run_cli, nudge_home: Path):
    config = nudge_home / "config" / "config.toml"
    config.unlink()
    config.mkdir()
    said = f"{config}: a folder is where nudge keeps a file. Fix: move that folder away, then " \
        "try again."
    assert said in run_cli("config", "--check", check_rc=2).stderr.splitlines()
    # not "already exists": a folder is no config file
    assert run_cli("config", "--init", check_rc=1).stderr == f"nudge: {said}\n"
    summary = run_cli("summary", check_rc=0)
    assert summary.stderr.startswith(f"nudge: warning: {said}\nThis uses the default settings")
    run = subprocess.run([sys.executable, "-m", "nudge", "run", "--ui", "terminal"],
                         env=cli_env(nudge_home), stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    # terminal mode says it in lines that fit 80 columns
    assert f"{terminal_lines(said)}\nnudge is using the default settings" in run.stdout
    assert len(terminal_lines(said).splitlines()) > 1
    assert config.is_dir() and list(config.iterdir()) == []  # left as it was
