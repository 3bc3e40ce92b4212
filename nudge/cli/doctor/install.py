"""Doctor's lines about this copy of nudge: its version and Python, whether it is running,
and whether it starts at login."""

from __future__ import annotations

import platform as platform_module
import sys

from nudge import __version__
from nudge.cli.doctor.model import Check, Context


def probe_python(ctx: Context) -> list[Check]:
    frozen = " (frozen build)" if getattr(sys, "frozen", False) else ""
    return [Check("nudge", True, f"nudge {__version__}{frozen}, Python "
                  f"{platform_module.python_version()} ({sys.executable})")]


def probe_running(ctx: Context) -> list[Check]:
    from nudge.app.instance import UNKNOWN_PID, running_pid

    pid = running_pid(ctx.paths.instance_lock)
    if pid is None:
        return [Check("running", None, "nudge is not running; start it with `nudge`")]
    who = "" if pid == UNKNOWN_PID else f" (process {pid})"
    return [Check("running", True, f"nudge is running{who}")]


def probe_autostart(ctx: Context) -> list[Check]:
    from nudge.autostart import autostart_for_platform, report

    state = report(autostart_for_platform(ctx.env, ctx.platform))
    return [Check("autostart", True if state.enabled else None, state.detail, state.fix)]
