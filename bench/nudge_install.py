"""nudge as a user runs it: installed from this checkout into a venv of its own, as pipx does.

The harness is a Python program too: it runs in the development venv and imports dbus-fast and
python-xlib there (bench/traywatch.py). An editable nudge launched from that venv would share
the interpreter binary and dbus-fast's compiled modules with the harness, pages no desktop would
share with it, and look ~2.5 MB lighter in PSS than it is (measured: 27.2 vs 29.8 MB). So the
desktop measurements launch nudge and the floors (bench/floor_tray*.py) from a venv built here:
a wheel of the checkout with its `windows` extra, bytecode compiled at install, on the system's
Python (Debian's `/usr/bin/python3`, what `pipx install './nudge[windows]'` uses there) when that
is a different binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"


@dataclass(frozen=True)
class NudgeInstall:
    python: str  # the venv's interpreter, which launches nudge and the floors
    note: str  # how it was installed, for RESULTS.md


def base_python() -> tuple[str, str]:
    """(interpreter to build the venv from, why that one)."""
    harness = os.path.realpath(sys.executable)
    system = shutil.which(SYSTEM_PYTHON)
    if system is not None and os.path.realpath(system) != harness:
        version = subprocess.run([system, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                                 capture_output=True, text=True, check=False).stdout.strip()
        if version == "True":
            return system, f"the system's {SYSTEM_PYTHON}, not the harness's interpreter"
    return sys.executable, ("the harness's own interpreter (no other Python 3.11+ here): its "
                            "binary's pages are shared with the harness, so PSS reads low")


def install(folder: Path, log: Callable[[str], None]) -> NudgeInstall:
    """Build `folder` as a venv with nudge installed from the checkout (~30 s, from PyPI)."""
    base, why = base_python()
    log(f"installing nudge from the checkout into {folder} ({why})")
    # The venv gets no pip of its own: the harness's pip installs into it (`--python`).
    subprocess.run([base, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    # With the windows extra (Qt), as `pipx install './nudge[windows]'`: the bench times the
    # windows too; the all-day app never imports Qt. jeepney is for bench/floor_tray_jeepney.py.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--disable-pip-version-check", "--no-warn-script-location",
                    f"{REPO}[windows]", "jeepney"], check=True)
    version = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True).stdout.strip()
    return NudgeInstall(str(python),
                        f"a wheel of the checkout (with the `windows` extra) in a venv of Python "
                        f"{version}, {why}")
