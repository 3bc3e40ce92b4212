"""The command line loads only what its command needs (issue #22: `nudge --version` within 2× of
`python -c pass`, `status` and `log` quick). Each case runs the real `nudge.cli.main.main` in a
fresh interpreter and lists the modules it left loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import cli_env

CODE = """
import json, sys
from nudge.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n" + json.dumps([code, sorted(sys.modules)]))
"""


def _modules(home: Path, *argv: str) -> tuple[str, int, set[str]]:
    done = subprocess.run([sys.executable, "-c", CODE, *argv], env=cli_env(home),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    output, _, listing = done.stdout.rstrip("\n").rpartition("\n")
    code, modules = json.loads(listing)
    return output.strip(), code, set(modules)


def test_version_loads_no_parser_handler_or_path_code(nudge_home: Path) -> None:
    from nudge import __version__

    output, code, modules = _modules(nudge_home, "--version")

    assert (output, code) == (f"nudge {__version__}", 0)
    assert {m for m in modules if m.startswith("nudge")} == {"nudge", "nudge.cli",
                                                             "nudge.cli.main"}
    assert not modules & {"argparse", "logging", "platformdirs", "dataclasses", "typing"}


def test_asking_the_running_app_loads_neither_its_server_nor_the_catalogue() -> None:
    code = ("import sys, nudge.cli.handlers, nudge.control, nudge.app.commands\n"
            "print(sorted(m for m in sys.modules if m in sys.argv[1:]))")
    unwanted = ("nudge.control.server", "nudge.core.catalogue", "nudge.core.events",
                "nudge.store", "tinydb")

    done = subprocess.run([sys.executable, "-c", code, *unwanted], capture_output=True,
                          text=True, timeout=60)

    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "[]", "")
