"""Ctrl-C at any moment of a `nudge` command: a quiet exit with code 130, never a traceback.

A real SIGINT reaches a real CLI process at chosen moments, not at timed guesses: an audit hook
(`sitecustomize.py` on PYTHONPATH, for the child only) sends SIGINT to its own process when the
CLI starts importing a given module, or from an exit handler that runs after the command is
over (Python's own clean-up, where the log file is closed). Each moment is also written to a
file, so a test knows the signal was really sent there.

Not covered, as no code of nudge runs there yet: the interpreter's own start-up (its site
packages' `.pth` files), where Python reports a Ctrl-C itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

SITECUSTOMIZE = """
import atexit, os, signal, sys

_AT = os.environ.get("NUDGE_TEST_SIGINT_AT", "")
_SENT = os.environ.get("NUDGE_TEST_SIGINT_SENT", "")


def _interrupt(where):
    with open(_SENT, "a") as sent:
        sent.write(where + "\\n")
    os.kill(os.getpid(), signal.SIGINT)


def _on_import(event, args):
    if event == "import" and args[0] == _AT:
        _interrupt(_AT)


if _AT == "exit":
    atexit.register(_interrupt, "exit")  # registered first, so it runs last
elif _AT:
    sys.addaudithook(_on_import)
"""

# The modules the CLI imports, in order: from its first line (nudge.cli.main, from __main__) through
# its handlers and paths, the command line's reading (a plain `status`: nudge.cli.plain_words,
# no argparse), main()'s log set-up, and the `status` command's own work (asking the app, then
# reading the files: nudge is not running).
MOMENTS = ["nudge.cli.main", "nudge.cli.handlers", "nudge.app.commands", "nudge.paths",
           "nudge.cli.plain_words", "nudge.app.logging_setup", "nudge.control", "nudge.cli.offline"]


def _interrupted(tmp_path: Path, home: Path, at: str, *command: str
                 ) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    sent = tmp_path / "sent"
    sent.unlink(missing_ok=True)
    env = {**cli_env(home), "PYTHONPATH": str(hook), "NUDGE_TEST_SIGINT_AT": at,
           "NUDGE_TEST_SIGINT_SENT": str(sent)}
    done = subprocess.run(list(command), env=env, capture_output=True, text=True, timeout=60)
    return done, sent.read_text().split() if sent.exists() else []


@pytest.mark.parametrize("at", MOMENTS)
def test_ctrl_c_while_the_cli_loads_or_works_exits_quietly_with_130(
        tmp_path: Path, nudge_home: Path, at: str) -> None:
    done, sent = _interrupted(tmp_path, nudge_home, at, sys.executable, "-m", "nudge", "status")
    assert sent == [at]  # the signal was sent at that moment
    assert done.stderr == "" and done.stdout == ""
    assert done.returncode == 130


def test_ctrl_c_in_the_installed_command_while_it_loads_exits_quietly_with_130(
        tmp_path: Path, nudge_home: Path) -> None:
    script = Path(sys.executable).parent / "nudge"
    if not script.exists():
        pytest.skip(f"no installed `nudge` command next to {sys.executable}")
    done, sent = _interrupted(tmp_path, nudge_home, "nudge.cli.handlers", str(script), "status")
    assert sent == ["nudge.cli.handlers"]
    assert (done.returncode, done.stderr, done.stdout) == (130, "", "")


def test_ctrl_c_after_the_command_is_done_changes_nothing(tmp_path: Path,
                                                          nudge_home: Path) -> None:
    done, sent = _interrupted(tmp_path, nudge_home, "exit", sys.executable, "-m", "nudge",
                              "status")
    assert sent == ["exit"]
    assert done.stderr == ""  # no "Exception ignored in atexit callback" and its traceback
    assert done.returncode == 0 and done.stdout.startswith("nudge is not running.")
