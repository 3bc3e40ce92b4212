"""The log file on a full disk: the real app in terminal mode on a pty, its log folder on a tiny
tmpfs filled to the brim (mounted only where this machine allows it; the tests run as root).

What must hold: no `--- Logging error ---` or traceback on the screen, the user is told once
where the log could not be written, and the log resumes by itself when space returns, with a
note of the lines it is missing.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
from conftest import FAST_CONFIG, cli_env

pytestmark = pytest.mark.skipif(os.name != "posix", reason="mount and a pty")

TOLD = "nudge cannot write its log"
PAGE = 4096  # tmpfs hands out whole pages: pad the log to one so the next line needs a new one


@pytest.fixture
def tiny_log_disk(nudge_home: Path):
    """NUDGE_HOME/logs on a 64 KB tmpfs, or skip where mounting is not allowed."""
    logs = nudge_home / "logs"
    logs.mkdir(mode=0o700)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs",
                              str(logs)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield logs
    finally:
        subprocess.run(["umount", "-l", str(logs)], check=False)


def _fill(folder: Path) -> Path:
    log = folder / "nudge.log"
    with log.open("ab") as handle:  # O_APPEND, as the app's own handle: no line is cut
        handle.write(b"\n" * (-log.stat().st_size % PAGE))
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:  # unbuffered: nothing left to flush
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError:
            pass
    return filler


class ConfigEdits:
    """Each `log_a_line()` edits the config and asks for the status (a command makes the app
    look at once), so the app logs "settings reloaded"."""

    def __init__(self, home: Path, run_cli) -> None:
        self.file = home / "config" / "config.toml"
        self.run_cli = run_cli
        self.count = 0

    def log_a_line(self) -> None:
        self.count += 1
        self.file.write_text(f"{FAST_CONFIG}\n# edit {self.count}\n", encoding="utf-8")
        assert "not running" not in self.run_cli("status", check_rc=0).stdout


def _wait_for(condition, what: str, timeout: float = 20.0, poke=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        if poke is not None:
            poke()
        time.sleep(0.5)  # polling a file the app writes; not simulated time


def test_a_full_log_disk_is_told_once_never_as_a_traceback_and_the_log_resumes(
        tiny_log_disk: Path, nudge_home: Path, run_cli) -> None:
    screen = io.StringIO()
    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                        env=cli_env(nudge_home), encoding="utf-8", timeout=20,
                        dimensions=(40, 160))
    app.logfile_read = screen
    log = tiny_log_disk / "nudge.log"
    edits = ConfigEdits(nudge_home, run_cli)
    try:
        app.expect("press \\? for keys")
        _wait_for(lambda: "activity source" in log.read_text(encoding="utf-8"), "the log")
        filler = _fill(tiny_log_disk)
        edits.log_a_line()
        app.expect(TOLD)  # in the UI, which owns the screen by now
        app.expect("No space left on device")
        for _ in range(3):  # more lines while full: said once, not again; the app goes on
            edits.log_a_line()
        filler.unlink()  # the user frees space
        _wait_for(lambda: "lines are missing here" in log.read_text(encoding="utf-8"),
                  "the log to resume", poke=edits.log_a_line)
        _wait_for(lambda: log.read_text(encoding="utf-8").split("lines are missing here")[-1]
                  .count("settings reloaded") >= 1, "a line after the note",
                  poke=edits.log_a_line)
        run_cli("quit", check_rc=0)
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
        app.close()
    shown = screen.getvalue()
    assert "Logging error" not in shown and "Traceback" not in shown
    assert shown.count(TOLD) == 1
    assert f"{log} (No space left on device)" in shown.replace("\r\n", " ")


# -- the handler alone: /dev/full refuses every write with ENOSPC ----------------------------

DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full here")

LOG_TO_DEV_FULL = """
import logging
from pathlib import Path
from nudge.app.logging_setup import PrivateRotatingFileHandler
logging.getLogger().addHandler(PrivateRotatingFileHandler(Path("/dev/full"), 0, 0, "utf-8"))
for number in range(5):
    logging.getLogger("nudge.test").warning("line %d", number)
print("went on")
"""


@needs_dev_full
def test_a_log_that_cannot_be_written_says_so_once_on_stderr_before_any_ui() -> None:
    done = subprocess.run([sys.executable, "-c", LOG_TO_DEV_FULL], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "went on\n"
    assert done.stderr == ("nudge: cannot write its log /dev/full (No space left on device); "
                           "it carries on without it and writes it again once it can.\n")


@needs_dev_full
def test_the_log_resumes_with_a_note_of_the_missing_lines(tmp_path: Path) -> None:
    from nudge.app.logging_setup import PrivateRotatingFileHandler

    told: list[str] = []
    handler = PrivateRotatingFileHandler(DEV_FULL, 0, 0, "utf-8")
    handler.tell = told.append
    logger = logging.getLogger("nudge.test.resume")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(3):
            logger.warning("lost %d", number)
        handler.close()
        handler.baseFilename = str(tmp_path / "nudge.log")  # as if space came back
        logger.warning("kept")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert len(told) == 1 and "/dev/full (No space left on device)" in told[0]
    lines = (tmp_path / "nudge.log").read_text(encoding="utf-8").splitlines()
    assert lines == ["the log could not be written for a while (No space left on device): 3 "
                     "lines are missing here", "kept"]
