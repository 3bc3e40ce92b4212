"""The `nudge` command through real subprocesses, with the app not running."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

from nudge import __version__
from nudge.store import TinyDBEventStore


def test_version_and_help(run_cli):
    assert run_cli("--version", check_rc=0).stdout.strip() == f"nudge {__version__}"
    out = run_cli("--help", check_rc=0).stdout
    for command in ("run", "status", "summary", "log", "export", "config", "pause", "resume",
                    "quit"):
        assert command in out


def test_bad_arguments_exit_2_with_a_hint_and_no_traceback(run_cli):
    assert "--help" in run_cli("frobnicate", check_rc=2).stderr
    assert "outside 1-100" in run_cli("log", "rise", "--reps", "500", check_rc=2).stderr
    assert "not a whole number" in run_cli("log", "rise", "--reps", "x", check_rc=2).stderr
    assert "YYYY-Www" in run_cli("summary", "--week", "48", check_rc=2).stderr
    assert "30m" in run_cli("pause", "a while", check_rc=2).stderr


def test_status_and_quit_when_not_running(run_cli):
    assert "not running" in run_cli("status", check_rc=0).stdout
    assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["running"] is False
    assert "not running" in run_cli("quit", check_rc=1).stderr


def test_log_rise_without_the_app_writes_history_that_summary_and_export_see(run_cli,
                                                                             nudge_home: Path):
    assert "Logged: 8 reps" in run_cli("log", "rise", "--reps", "8", check_rc=0).stdout
    run_cli("log", "rise", check_rc=0)
    summary = json.loads(run_cli("summary", "--json", check_rc=0).stdout)
    assert sum(d["done"] for d in summary["days"]) == 2
    assert sum(d["reps"] for d in summary["days"]) == 13
    assert summary["week"].count("-W") == 1 and len(summary["days"]) == 7
    exported = json.loads(run_cli("export", "--format", "json", check_rc=0).stdout)
    assert [(e["kind"], e["reps"], e["source"]) for e in exported] == \
        [("done", 8, "manual"), ("done", 5, "manual")]
    csv_text = run_cli("export", "--format", "csv", check_rc=0).stdout
    assert csv_text.splitlines()[0].startswith("at,local,date,device,kind")
    assert len(csv_text.splitlines()) == 3
    text = run_cli("summary", check_rc=0).stdout
    assert "Goal" in text


def test_counts_of_one_are_singular_and_done_today_counts_rises(run_cli):
    assert run_cli("log", "rise", "--reps", "1", check_rc=0).stdout.startswith("Logged: 1 rep.")
    status = run_cli("status", check_rc=0).stdout
    assert "Today: 1 rise done, 1 rep." in status
    assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["done_today"] == 1
    exported = run_cli("export", "--format", "json", check_rc=0)
    assert "Exported 1 event." in exported.stderr
    summary = json.loads(run_cli("summary", "--json", check_rc=0).stdout)["totals"]
    assert (summary["rises"], summary["on_your_own"], summary["nudges_offered"]) == (1, 1, 0)


def test_summary_png_is_written(run_cli, tmp_path: Path):
    target = tmp_path / "week.png"
    assert "Wrote" in run_cli("summary", "--png", str(target), check_rc=0).stdout
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = tmp_path / "no" / "such" / "dir"
    bad = run_cli("summary", "--png", str(missing / "w.png"), check_rc=1)
    assert bad.stderr == f"nudge: could not use {missing / 'w.png'}: its folder {missing} does " \
        "not exist. Fix: create that folder or choose another place, then try again.\n"
    export = run_cli("export", "-o", str(missing / "h.json"), check_rc=1)
    assert export.stderr == bad.stderr.replace("w.png", "h.json")  # one rule, one message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_summary_png_refuses_a_pipe_or_a_folder_and_leaves_it_alone(run_cli, tmp_path: Path):
    """The chart replaces its file by a rename, which would replace a device or pipe too."""
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)
    folder = tmp_path / "charts"
    folder.mkdir()
    refused = run_cli("summary", "--png", str(pipe), check_rc=2)
    assert f"{pipe} is not a regular file" in refused.stderr
    assert "give a file name, e.g. --png week.png" in refused.stderr
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # still the pipe
    refused = run_cli("summary", "--png", str(folder), check_rc=2)
    assert f"{folder} is a folder; give a file name for the chart" in refused.stderr
    assert f"--png {folder / 'week.png'}" in refused.stderr
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert not list(tmp_path.glob(".*"))  # no temp file left beside them


def test_summary_png_through_a_link_writes_the_file_and_keeps_the_link(run_cli, tmp_path: Path):
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    real.chmod(0o640)  # a file it replaces keeps its mode; a new one is 0600 (test_privacy)
    link = tmp_path / "link.png"
    link.symlink_to(real)
    run_cli("summary", "--png", str(link), check_rc=0)
    assert link.is_symlink() and real.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_pause_and_resume_without_the_app_are_kept_for_its_next_start(run_cli):
    assert "until you resume" in run_cli("pause", "until-resumed", check_rc=0).stdout
    assert "paused" in run_cli("status", check_rc=0).stdout
    run_cli("resume", check_rc=0)
    assert "paused" not in run_cli("status", check_rc=0).stdout


def test_config_path_init_and_check(run_cli, nudge_home: Path):
    config = nudge_home / "config" / "config.toml"
    assert run_cli("config", "--path", check_rc=0).stdout.strip() == str(config)
    mine = config.read_bytes()
    again = run_cli("config", "--init", check_rc=0)  # what was asked for is there: done
    assert again.stdout.splitlines() == [
        f"{config} already exists; nudge left it as it is.",
        "Change it with `nudge settings` or in a text editor.",
        "Check it with `nudge config --check`.",
        "To start fresh, move it away and run `nudge config --init` again."]
    assert again.stderr == "" and config.read_bytes() == mine  # never overwritten
    config.unlink()
    run_cli("config", "--init", check_rc=0)
    assert "OK" in run_cli("config", "--check", check_rc=0).stdout
    config.write_text('[schedule]\nrise_every = "soon"\nrise_evry = "1m"\n', encoding="utf-8")
    bad = run_cli("config", "--check", check_rc=2)
    assert "rise_every" in bad.stderr and "soon" in bad.stderr and "30m" in bad.stderr
    assert "rise_evry" in bad.stderr  # the unknown key too, with the bad value (was dropped)


def test_a_broken_config_gets_a_clear_message_not_a_traceback(run_cli, nudge_home: Path):
    (nudge_home / "config" / "config.toml").write_text("[schedule\n", encoding="utf-8")
    bad = run_cli("summary", check_rc=0)  # the history, on the defaults the app uses too
    assert "config.toml" in bad.stderr and "TOML" in bad.stderr


def test_a_corrupt_history_file_is_moved_aside_and_named(run_cli, nudge_home: Path):
    run_cli("log", "rise", check_rc=0)
    week_files = list((nudge_home / "data" / "history").glob("*/*.json"))
    assert len(week_files) == 1
    week_files[0].write_text("{not json", encoding="utf-8")
    done = run_cli("log", "rise", "--reps", "4", check_rc=0)
    assert "corrupt" in done.stderr.lower() or "damaged" in done.stderr.lower()
    assert list(week_files[0].parent.glob("*.corrupt-*"))  # moved aside, never deleted
    device = week_files[0].parent.name
    store = TinyDBEventStore(nudge_home / "data", device, nudge_home / "state" / "store.lock")
    reps = [e.reps for e in store.iter_all_events()]
    assert 4 in reps


def _export_into(stdout: int, nudge_home: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "nudge", "export", "--format", "csv"],
                          env=cli_env(nudge_home), stdout=stdout, stderr=subprocess.PIPE,
                          timeout=60, check=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_export_to_a_full_standard_output_says_so_without_a_traceback(run_cli, nudge_home: Path):
    run_cli("log", "rise", check_rc=0)
    with open("/dev/full", "wb") as full:
        done = _export_into(full.fileno(), nudge_home)
    stderr = done.stderr.decode()
    assert done.returncode == 1
    assert stderr == ("nudge: could not write the export to standard output: "
                      "No space left on device\n")


def test_export_into_a_pipe_closed_early_stops_quietly(run_cli, nudge_home: Path):
    run_cli("log", "rise", check_rc=0)
    read, write = os.pipe()
    os.close(read)  # as `nudge export | head -c0`: the reader is gone before the first write
    try:
        done = _export_into(write, nudge_home)
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr.decode() == ""
