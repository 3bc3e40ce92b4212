"""Logout, shutdown, `kill` and a closed terminal end the real app like `nudge quit`.

With the disk full, nudge holds the reps it could not save and promises to keep them; a clean
quit keeps them in `state/unsaved.json` for the next start. SIGTERM (logout, shutdown, `kill`)
and SIGHUP (the terminal closed) must take the same path instead of ending the app at once.
A full disk is a 1 MB tmpfs filled to the brim (skipped where mounting is not allowed). Also:
a terminal app started with SIGINT ignored, which `nudge quit` used to leave running.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env
from test_reliability_disk import _fill, _manual_reps, _quit, _start_app, tiny_disk

__all__ = ["tiny_disk"]  # a fixture these tests use, imported from the disk tests

HELD = ("state", "unsaved.json")


def _hold_a_rep(home: Path, run_cli) -> Path:
    """One rep saved, then the disk filled and a second rep held by the running app."""
    assert "Logged: 4 reps" in run_cli("log", "rise", "--reps", "4", check_rc=0).stdout
    filler = _fill(home / "data")
    assert "will retry" in run_cli("log", "rise", "--reps", "9", check_rc=1).stderr
    return filler


def _end_by(app: pexpect.spawn, how: str) -> None:
    if how == "closed terminal":  # the kernel hangs up the terminal: SIGHUP, and reads fail
        os.close(app.child_fd)
    else:
        app.kill(getattr(signal, how))


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "closed terminal"])
def test_a_signal_to_the_terminal_app_keeps_the_held_rep_for_the_next_start(
        tiny_disk: Path, nudge_home: Path, run_cli, how: str) -> None:
    app = _start_app(nudge_home)
    try:
        filler = _hold_a_rep(nudge_home, run_cli)
        _end_by(app, how)
        app.wait()  # it used to die of the signal and drop the held rep
        assert (app.exitstatus, app.signalstatus) == (0, None)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    held = nudge_home.joinpath(*HELD)
    assert held.exists()
    assert "received: quitting as `nudge quit` does" in \
        (nudge_home / "logs" / "nudge.log").read_text()

    filler.unlink()  # space comes back while nudge is not running
    again = _start_app(nudge_home)
    try:
        assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["done_today"] == 2
        assert [r for r in _manual_reps(nudge_home) if r in (4, 9)] == [4, 9]
        assert not held.exists()
        _quit(again, run_cli)
    finally:
        if again.isalive():
            again.kill(signal.SIGKILL)


def test_a_terminal_app_started_with_sigint_ignored_quits_on_nudge_quit(
        nudge_home: Path, run_cli) -> None:
    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                        env=cli_env(nudge_home), encoding="utf-8", timeout=20,
                        dimensions=(40, 120),
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        app.expect("press \\? for keys")
        app.kill(signal.SIGINT)  # still ignored from outside, as the launcher asked
        app.send("?")  # the key read went on after the signal: it answers
        app.expect("Keys:")
        assert "quitting" in run_cli("quit", check_rc=0).stdout
        app.expect(pexpect.EOF, timeout=10)  # it used to say "quitting" and keep running
        app.wait()
        assert app.exitstatus == 0
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
