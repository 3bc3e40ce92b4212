"""Doctor's lines about this copy of nudge: its version and Python, whether it is running,
and whether it starts at login.

Runs on the probes' daemon threads (see `nudge.cli.doctor`)."""

from __future__ import annotations

import platform as platform_module
import sys

from nudge import __version__
from nudge.cli.doctor.model import Check, Context
from nudge.i18n import _


def probe_python(ctx: Context) -> list[Check]:
    words = (_("nudge {version} (frozen build), Python {python} ({executable})")
             if getattr(sys, "frozen", False) else
             _("nudge {version}, Python {python} ({executable})"))
    return [Check("nudge", True, words.format(version=__version__, executable=sys.executable,
                                              python=platform_module.python_version()))]


def probe_running(ctx: Context) -> list[Check]:
    from nudge.app.instance import UNKNOWN_PID, running_pid

    pid = running_pid(ctx.paths.instance_lock)
    if pid is None:
        return [Check("running", None, _("nudge is not running; start it with `nudge`"))]
    if pid == UNKNOWN_PID:
        return [Check("running", True, _("nudge is running"))]
    return [Check("running", True, _("nudge is running (process {pid})").format(pid=pid))]


def probe_autostart(ctx: Context) -> list[Check]:
    from nudge.autostart import autostart_for_platform, report

    state = report(autostart_for_platform(ctx.env, ctx.platform))
    return [Check("autostart", True if state.enabled else None, state.detail, state.fix)]
