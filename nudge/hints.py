"""Words that tell the user where to change the work hours, for `nudge status` and the terminal
UI: the settings window where one can open, else the config file.

Any thread; one `stat`. Outside the `nudge.config` package on purpose: importing anything in it
runs its `__init__`, which loads the schema, the keys and the template, ~40 ms that `nudge
status` outside work hours does not need (bench/RESULTS.md, CLI start-up).
"""

from __future__ import annotations

from pathlib import Path

from nudge.i18n import _


def work_hours_hint(path: Path, window: bool) -> str:
    """How to change the work hours, said with a status outside them: in the settings window
    when one can open here (`window`: a display), else under their table in the file `path`."""
    if window:
        # Translators: keep `nudge settings --section hours` as it is: the command to type.
        return _("Change the work hours with `nudge settings --section hours`.")
    if path.exists():
        return _("Change the work hours under [schedule.work_hours] in {file}.").format(
            file=path)
    return _("Change the work hours with `nudge config --init`, then [schedule.work_hours] in "
             "{file}.").format(file=path)
