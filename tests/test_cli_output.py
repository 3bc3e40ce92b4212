"""`nudge` commands whose standard output is closed (`>&-`), full (`>/dev/full`) or a pipe whose
reader is gone: the action is done and said to be done, never reported as failed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import cli_env

from nudge.cli.output import EXIT_BROKEN_PIPE, EXIT_IO_ERROR
from nudge.core.events import EventKind
from nudge.paths import resolve_paths
from nudge.store import TinyDBEventStore, device_id

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")


@contextmanager
def _stdout(kind: str) -> Iterator[tuple[list[str], int | None]]:
    """A shell prefix and the descriptor to use as the command's standard output."""
    if kind == "closed":
        yield ["sh", "-c", 'exec "$@" >&-', "sh"], None  # as the issue ran it: `>&-`
    elif kind == "full":
        with open("/dev/full", "wb") as full:
            yield [], full.fileno()
    else:  # "gone": `nudge status | head -c0`, the reader left before the first write
        read, write = os.pipe()
        os.close(read)
        try:
            yield [], write
        finally:
            os.close(write)


def _run(home: Path, kind: str, *args: str, buffered: bool = False,
         ) -> subprocess.CompletedProcess[str]:
    env = cli_env(home)
    if buffered:  # the error then comes when the output is flushed, after the command
        env.pop("PYTHONUNBUFFERED")
    with _stdout(kind) as (prefix, fd):
        done = subprocess.run([*prefix, sys.executable, "-m", "nudge", *args], env=env,
                              stdout=fd, stderr=subprocess.PIPE, text=True, timeout=60,
                              check=False)
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    return done


def _reps(home: Path) -> list[int | None]:
    paths = resolve_paths({"NUDGE_HOME": str(home)})
    store = TinyDBEventStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock)
    return [e.reps for e in store.iter_all_events() if e.kind is EventKind.DONE]


WHY = {"closed": "standard output is closed", "full": "No space left on device",
       "gone": "Broken pipe"}
CODE = {"closed": EXIT_IO_ERROR, "full": EXIT_IO_ERROR, "gone": EXIT_BROKEN_PIPE}
CASES = [pytest.param(kind, buffered, id=f"{kind}-{'buffered' if buffered else 'unbuffered'}")
         for kind in WHY for buffered in (False, True)]


@pytest.mark.parametrize(("kind", "buffered"), CASES)
def test_a_rep_logged_with_nowhere_to_print_is_kept_and_said_to_be_done(
        nudge_home: Path, kind: str, buffered: bool) -> None:
    done = _run(nudge_home, kind, "log", "rise", "--reps", "9", buffered=buffered)
    assert done.returncode == CODE[kind]
    assert done.stderr == (f"nudge: done, but the output of `nudge log` could not be written "
                           f"({WHY[kind]}).\n")
    assert _reps(nudge_home) == [9]


@pytest.mark.parametrize("kind", list(WHY))
def test_status_with_nowhere_to_print_exits_quietly_with_its_own_code(
        nudge_home: Path, kind: str) -> None:
    done = _run(nudge_home, kind, "status")
    assert done.returncode == CODE[kind]
    assert done.stderr.count("\n") == 1 and WHY[kind] in done.stderr


def test_export_with_standard_output_closed_says_where_to_write_instead(
        nudge_home: Path) -> None:
    done = _run(nudge_home, "closed", "export")
    assert done.returncode == 1
    assert done.stderr == ("nudge: standard output is closed, so the export has nowhere to go; "
                           "give a file with `--output FILE`.\n")


WHERE_STREAMS_GO = """
import json, os, sys
from nudge.cli.main import main

code = main(["log", "rise", "--reps", "4"])
streams = [os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2)]
with open(sys.argv[1], "w") as report:
    json.dump([code, streams], report)
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/self/fd (Linux)")
def test_no_file_nudge_opens_takes_the_place_of_a_closed_standard_stream(
        nudge_home: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    subprocess.run(["sh", "-c", 'exec "$@" <&- >&- 2>&-', "sh", sys.executable, "-c",
                    WHERE_STREAMS_GO, str(report)], env=cli_env(nudge_home), timeout=60,
                   check=True)
    code, streams = json.loads(report.read_text())
    assert code == EXIT_IO_ERROR
    assert streams == [os.devnull] * 3  # not the log file, a week file or the control socket
    assert _reps(nudge_home) == [4]
