"""Running a desktop's helper program (pactl, gsettings, xfconf-query, pw-dump, ps) inside a
check: time-boxed, in the session's environment, never left running.

On a time-out the whole process group is killed: a helper that is a shell script may have
children holding the output pipe, and waiting for them would break the time box.

Runs on the checking thread: the engine thread in the app, a probe's thread in `nudge doctor`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nudge.blockers.base import CALL_SECONDS, CheckFailed
from nudge.i18n import N_, English


@dataclass(frozen=True)
class ToolResult:
    returncode: int
    stdout: str
    stderr: str


def find_tool(name: str, env: Mapping[str, str]) -> str | None:
    """The full path of helper program `name` on the session's PATH, or None."""
    return shutil.which(name, path=env.get("PATH", os.defpath))


def run_tool(argv: Sequence[str], env: Mapping[str, str], timeout: float = CALL_SECONDS,
             extra_env: Mapping[str, str] | None = None) -> ToolResult:
    """Run `argv` and return what it printed; raise CheckFailed if it cannot start or takes
    longer than `timeout` seconds (it is then killed with its children)."""
    environment = {**env, **(extra_env or {})}
    posix = sys.platform != "win32"
    try:
        process = subprocess.Popen(list(argv), env=environment, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=posix)
    except OSError as error:
        # Translators: {program} is a helper program (gsettings, pactl); {error} why it failed.
        raise CheckFailed(English(N_("cannot run {program}: {error}"), program=argv[0],
                                  error=str(error))) from None
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process, posix)
        # Translators: {program} is a helper program (gsettings, pactl).
        raise CheckFailed(English(N_("{program} did not answer within {seconds} s"),
                                  program=os.path.basename(argv[0]),
                                  seconds=f"{timeout:g}")) from None
    return ToolResult(process.returncode, out.decode("utf-8", "replace"),
                      err.decode("utf-8", "replace"))


def _kill(process: subprocess.Popen[bytes], posix: bool) -> None:
    try:
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass  # already gone
    # Leave a zombie rather than break the time box.
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=1.0)
