"""Doctor's folder lines: where nudge keeps its data, config, state and logs, and whether it
can write there.

Runs on its probe's daemon thread (see `nudge.cli.doctor`)."""

from __future__ import annotations

import os

from nudge.cli.doctor.model import Check, Context
from nudge.i18n import _


def probe_paths(ctx: Context) -> list[Check]:
    paths = ctx.paths
    checks = []
    for name, folder in (("data", paths.data_dir), ("config", paths.config_dir),
                         ("state", paths.state_dir), ("logs", paths.log_dir)):
        if not folder.exists():
            checks.append(Check(name, None, _("{folder} (created when nudge first needs "
                                              "it)").format(folder=folder)))
        elif not os.access(folder, os.W_OK):
            checks.append(Check(name, False, _("{folder} is not writable").format(folder=folder),
                                _("{command} (or fix its owner)").format(
                                    command=f"chmod u+rwx '{folder}'")))
        else:
            checks.append(Check(name, None, str(folder)))
    config = checks[1]
    if not paths.config_file.exists():
        checks[1] = Check(config.name, config.ok, config.detail, config.fix, (
            _("{file} not written yet: `nudge config --init` writes a commented one").format(
                file=paths.config_file.name),))
    return checks
