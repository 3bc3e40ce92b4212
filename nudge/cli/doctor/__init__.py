"""`nudge doctor`: what works on this desktop, what is missing, and the exact fix for each.

Each probe is a small function returning `Check`s, kept with the checks of its area (`session`,
`tray`, `notifications`, `activity`, `blockers`, `storage`, `install`); `report` formats them
(pure). This module runs them: doctor never crashes and never hangs: every probe runs in its own
daemon thread under one deadline (`PROBE_SECONDS`), D-Bus calls have their own shorter time-out
(`DBUS_SECONDS`), and a probe that raises or overruns becomes a ✗ line saying so.

Threads: `run_doctor` runs on the CLI's main thread; each probe on a short-lived daemon thread;
on Linux the tray/notifier/activity pickers share one D-Bus thread (`BusThread`), as in the app.
What the probes import is imported on the main thread first (`PROBE_IMPORTS`): packages with
circular imports, imported by two threads at once, give one a half-initialised module.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import TextIO

from nudge.cli.doctor.activity import probe_activity as _probe_activity
from nudge.cli.doctor.blockers import blockers_check
from nudge.cli.doctor.blockers import probe_blockers as _probe_blockers
from nudge.cli.doctor.dbus_facts import DBUS_SECONDS
from nudge.cli.doctor.distro import install_command
from nudge.cli.doctor.install import probe_autostart as _probe_autostart
from nudge.cli.doctor.install import probe_python as _probe_python
from nudge.cli.doctor.install import probe_running as _probe_running
from nudge.cli.doctor.mode import for_mode, has_display, mode_check, ui_mode
from nudge.cli.doctor.model import Check, Context, Probe
from nudge.cli.doctor.notifications import notification_daemon_check
from nudge.cli.doctor.notifications import probe_notifier as _probe_notifier
from nudge.cli.doctor.notifications import probe_theme as _probe_theme
from nudge.cli.doctor.report import can_print_symbols, format_report, report_json, to_ascii
from nudge.cli.doctor.session import desktop_check, logind_check, session_bus_check
from nudge.cli.doctor.session import probe_desktop as _probe_desktop
from nudge.cli.doctor.session import probe_logind as _probe_logind
from nudge.cli.doctor.session import probe_session_bus as _probe_session_bus
from nudge.cli.doctor.storage import probe_paths as _probe_paths
from nudge.cli.doctor.tray import probe_tray as _probe_tray
from nudge.cli.doctor.tray import reconcile, tray_host_check, tray_host_fix
from nudge.i18n import _
from nudge.paths import Paths
from nudge.platform.error_words import detail as say

__all__ = [
    "DBUS_SECONDS", "PROBE_SECONDS", "SECTIONS", "Check", "Probe", "blockers_check",
    "can_print_symbols", "collect_checks", "desktop_check", "format_report", "install_command",
    "logind_check", "notification_daemon_check", "reconcile", "report_json", "run_doctor",
    "run_probes", "session_bus_check", "to_ascii", "tray_host_check", "tray_host_fix",
]

log = logging.getLogger(__name__)

PROBE_SECONDS = 4.0  # all probes together; D-Bus activation of a broken daemon can hang
SECTIONS = ("nudge", "desktop", "ui", "session bus", "tray", "tray host", "notifications",
            "notification daemon", "pictures", "picture font", "activity", "lock and suspend",
            "blockers", "data", "config", "state", "logs", "running", "autostart")
# What the probes import when they run (desktop-notifier: Windows and macOS only).
PROBE_IMPORTS = ("nudge.activity", "nudge.tray.backend", "nudge.notify", "nudge.blockers",
                 "nudge.config", "nudge.app.instance", "nudge.autostart",
                 "nudge.cli.doctor.dbus_facts", "jeepney", "jeepney.io.blocking",
                 *(("desktop_notifier",) if sys.platform in ("win32", "darwin") else ()))


def run_doctor(paths: Paths, as_json: bool = False, out: TextIO | None = None) -> int:
    """Print the report; 0 always (problems are in the report and in JSON's "ok")."""
    out = out or sys.stdout
    checks, stuck = collect_checks(paths)
    unicode = can_print_symbols(out)
    if as_json:
        print(json.dumps(report_json(checks), indent=2, ensure_ascii=not unicode), file=out)
    else:
        print(format_report(checks, unicode), file=out)
    if stuck:  # a probe thread is blocked in a call we cannot cancel: do not wait for it
        out.flush()
        logging.shutdown()
        os._exit(0)
    return 0


def collect_checks(paths: Paths, env: Mapping[str, str] | None = None,
                   platform: str | None = None) -> tuple[list[Check], bool]:
    """All checks in `SECTIONS` order, and whether some probe overran the deadline."""
    ctx = Context(paths, os.environ if env is None else env,
                  sys.platform if platform is None else platform, install_command())
    linux = ctx.platform.startswith("linux")
    if linux:
        try:
            from nudge.platform.bus import BusThread

            ctx.dbus = BusThread()
        except Exception:
            log.exception("doctor: no D-Bus loop")
    for name in PROBE_IMPORTS:
        with contextlib.suppress(Exception):  # a probe that needs it says what is missing
            importlib.import_module(name)
    # The probes are looked up here, at call time, so a test can swap one for a stuck one.
    probes: list[tuple[tuple[str, ...], Probe]] = [
        (("nudge",), _probe_python), (("desktop",), _probe_desktop), (("tray",), _probe_tray),
        (("notifications",), _probe_notifier), (("pictures", "picture font"), _probe_theme),
        (("activity",), _probe_activity),
        (("blockers",), _probe_blockers),
        (("data", "config", "state", "logs"), _probe_paths), (("running",), _probe_running),
        (("autostart",), _probe_autostart)]
    if linux:
        probes += [(("session bus", "tray host", "notification daemon"), _probe_session_bus),
                   (("lock and suspend",), _probe_logind)]
    checks, stuck = run_probes(probes, ctx)
    if ctx.dbus is not None and not stuck:
        ctx.dbus.close()
    display = has_display(ctx.platform, ctx.env)
    mode = ui_mode(_wanted_ui(paths), display)
    checks.append(mode_check(mode, display))
    order = {name: i for i, name in enumerate(SECTIONS)}
    ordered = reconcile(sorted(checks, key=lambda c: order.get(c.name, len(order))))
    return for_mode(ordered, mode, display), stuck


def _wanted_ui(paths: Paths) -> str:
    """The config's [app] ui ("auto" when the file has problems, as the app then runs)."""
    from nudge.config import usable_config

    return usable_config(paths.config_file).config.ui


def run_probes(probes: Sequence[tuple[tuple[str, ...], Probe]], ctx: Context
               ) -> tuple[list[Check], bool]:
    """Run each `(sections, probe)` on its own daemon thread, all under one `PROBE_SECONDS`
    deadline. A probe that raises or overruns gives a ✗ line for each of its sections; the
    flag says whether some thread is still stuck (the caller must then not wait for it)."""
    results: list[list[Check] | None] = [None] * len(probes)

    def work(index: int, probe: Probe) -> None:
        try:
            results[index] = probe(ctx)
        except Exception as error:
            log.exception("doctor: the %s probe failed", "/".join(probes[index][0]))
            results[index] = [Check(name, False, _("could not check: {reason}").format(
                reason=say(error)))
                              for name in probes[index][0]]

    threads = [threading.Thread(target=work, args=(i, probe), daemon=True,
                                name=f"nudge-doctor-{names[0]}")
               for i, (names, probe) in enumerate(probes)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + PROBE_SECONDS
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    checks: list[Check] = []
    stuck = False
    for (names, _probe), result in zip(probes, results, strict=True):
        if result is None:
            stuck = True
            checks += [Check(name, False, _("did not answer within {seconds} s").format(
                seconds=f"{PROBE_SECONDS:g}"), _(
                "something in the desktop session does not answer (often the notification "
                "daemon or the tray host): restart it, or log out and in")) for name in names]
        else:
            checks += result
    return checks, stuck
