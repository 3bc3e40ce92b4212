"""`nudge doctor` runs its probes on threads at once: what they import must be imported before.

dbus-fast's modules import one another in a circle, so two threads importing it for the first
time at once hand one of them a half-initialised module, and doctor printed false ✗ lines
("cannot import name HandlerType") on KDE in most runs. `DbusLoop()` (made by doctor and by the
app before their threads start) imports it whole; doctor imports the rest its probes need.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="dbus-fast and the D-Bus probes are Linux only")

# Runs doctor's probes with a finder that writes down every module first imported off the
# main thread (a finder sees only modules not yet in sys.modules).
WATCHED = """
import json, sys, threading
from nudge.cli import doctor
from nudge.paths import resolve_paths

late = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is not threading.main_thread():
            late.append(name)
        return None

sys.meta_path.insert(0, Watch())
doctor.collect_checks(resolve_paths())
print(json.dumps(late))
"""


def _kde_env(home: Path) -> dict[str, str]:
    env = cli_env(home)
    env.update(XDG_CURRENT_DESKTOP="KDE", WAYLAND_DISPLAY="x", PYTHONIOENCODING="utf-8")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def test_no_probe_thread_imports_dbus_fast_or_a_probe_package(nudge_home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", WATCHED], env=_kde_env(nudge_home),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    late = json.loads(done.stdout.splitlines()[-1])
    from nudge.cli.doctor import PROBE_IMPORTS

    shared = ("dbus_fast", *PROBE_IMPORTS)
    assert [name for name in late if name.split(".")[0] == "dbus_fast" or name in shared] == []



@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="needs dbus-run-session")
def test_doctor_on_kde_never_reports_a_half_imported_module(nudge_home: Path) -> None:
    # The reproduction from the report: 4 of 6 such runs printed "cannot import name".
    for run in range(6):
        done = subprocess.run(["dbus-run-session", "--", sys.executable, "-m", "nudge",
                               "doctor"], env=_kde_env(nudge_home), capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "session bus" in done.stdout
        assert "cannot import name" not in done.stdout + done.stderr, (run, done.stdout)
        assert "Traceback" not in done.stdout + done.stderr
