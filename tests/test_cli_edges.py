"""The `nudge` command's answers to mistakes at its edges, through real subprocesses: each says
what is wrong and how to fix it, and a usage mistake always exits 2."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from conftest import cli_env
from test_app_terminal import start_app

_PAUSE_FORMS = "write it like 30m, 1h, 1h30m"


def test_a_pause_of_zero_or_less_says_so_with_the_lengths_it_takes(run_cli):
    for length in ("-5m", "0m", "0h0m"):
        refused = run_cli("pause", length, check_rc=2)
        assert f"nudge: {length!r}: a pause must last more than zero; {_PAUSE_FORMS}, or " \
            "until-tomorrow, or until-resumed" in refused.stderr
        assert "required" not in refused.stderr
    assert "paused" not in run_cli("status", check_rc=0).stdout


def test_a_pause_that_is_no_length_or_none_at_all_says_what_a_length_looks_like(run_cli):
    refused = run_cli("pause", "parsecs", check_rc=2)
    assert f"'parsecs' is not a pause length; {_PAUSE_FORMS} (h, m, s units)" in refused.stderr
    missing = run_cli("pause", check_rc=2)
    assert f"nudge: a pause needs a length; {_PAUSE_FORMS} (h, m, s units), or " \
        "until-tomorrow, or until-resumed" in missing.stderr
    assert "required" not in missing.stderr and "usage" not in missing.stderr


def test_a_pause_in_several_words_is_one_length(run_cli):
    assert "paused until" in run_cli("pause", "until", "tomorrow", check_rc=0).stdout
    assert "paused until" in run_cli("pause", "1h", "30m", check_rc=0).stdout
    assert "until you resume" in run_cli("pause", "Until", "Resumed", check_rc=0).stdout


def test_log_without_an_exercise_or_with_an_unknown_one_lists_what_it_can_log(run_cli):
    for args, first in ((("log",), "nudge: say which exercise you did; you can log:"),
                        (("log", "squat"), "nudge: 'squat' is not an exercise nudge can log; "
                                           "you can log:"),
                        (("log", "--reps", "8"), "nudge: say which exercise you did")):
        refused = run_cli(*args, check_rc=2)
        lines = refused.stderr.splitlines()
        assert lines[0].startswith(first), refused.stderr
        assert lines[1:] == ["  rise  Glute-first chair rise",
                             "e.g. `nudge log rise`, or `nudge log rise --reps 8` for 8 reps."]
    assert "Today: 0 rises" in run_cli("status", check_rc=0).stdout  # nothing was logged


def test_a_pause_giving_one_unit_twice_is_refused(run_cli):
    refused = run_cli("pause", "1h1h", check_rc=2)
    assert "gives h more than once; write each unit once" in refused.stderr
    assert "paused" not in run_cli("status", check_rc=0).stdout


def test_an_empty_week_is_refused_not_read_as_this_week(run_cli):
    assert "is not an ISO week" in run_cli("summary", "--week", "", check_rc=2).stderr


def test_a_chart_is_written_only_to_a_png_name(run_cli, tmp_path: Path):
    target = tmp_path / "x.jpg"
    refused = run_cli("summary", "--png", str(target), check_rc=2)
    assert "must end in .png" in refused.stderr
    assert f"--png {tmp_path / 'x.png'}" in refused.stderr
    assert not target.exists()


def test_thousands_of_digits_of_reps_say_the_allowed_range(run_cli):
    refused = run_cli("log", "rise", "--reps", "9" * 5000, check_rc=2)
    assert "outside 1-100; give a whole number from 1 to 100" in refused.stderr
    assert "not a whole number" not in refused.stderr
    assert "outside 1-100" in run_cli("log", "rise", "--reps", "0" * 10 + "5000",
                                      check_rc=2).stderr
    assert "Logged: 5 reps" in run_cli("log", "rise", "--reps", "0005", check_rc=0).stdout


def test_a_folder_given_for_a_file_is_the_same_usage_mistake_everywhere(run_cli, tmp_path: Path):
    folder = tmp_path / "out"
    folder.mkdir()
    export = run_cli("export", "-o", str(folder), check_rc=2)
    assert f"is a folder; give a file name for the export, e.g. -o " \
        f"{folder / 'nudge-history.json'}" in export.stderr
    chart = run_cli("summary", "--png", str(folder), check_rc=2)
    assert f"--png {folder / 'week.png'}" in chart.stderr
    assert list(folder.iterdir()) == []


def test_resume_says_when_nothing_was_paused(run_cli):
    assert run_cli("resume", check_rc=0).stdout.strip() == "Nudges weren't paused."
    run_cli("pause", "1h", check_rc=0)
    assert "Nudges resumed" in run_cli("resume", check_rc=0).stdout
    assert run_cli("resume", check_rc=0).stdout.strip() == "Nudges weren't paused."


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nudge", *args], env=cli_env(home),
                          capture_output=True, text=True, timeout=60)


def test_a_bad_pause_is_a_usage_mistake_when_the_app_runs_too(nudge_home: Path):
    app = start_app(nudge_home)
    try:
        # Longer than a control message may be: the CLI used to fail with exit 1.
        huge = _cli(nudge_home, "pause", "9" * 70000 + "h")
        assert huge.returncode == 2, huge.stderr
        assert "too long for a timed pause" in huge.stderr
        long_text = _cli(nudge_home, "pause", "x" * 300)
        assert long_text.returncode == 2 and "is not a pause length" in long_text.stderr
        negative = _cli(nudge_home, "pause", "-5m")
        assert negative.returncode == 2 and "must last more than zero" in negative.stderr
        resumed = _cli(nudge_home, "resume")
        assert resumed.returncode == 0 and resumed.stdout.strip() == "Nudges weren't paused."
        assert _cli(nudge_home, "pause", "1h").returncode == 0
        assert _cli(nudge_home, "resume").stdout.strip() == "Nudges resumed."
        assert "Traceback" not in huge.stderr + long_text.stderr + negative.stderr
    finally:
        app.kill(signal.SIGKILL)
        app.close()
