"""The README's set-up words match what CI really does: its apt-get line installs exactly the
packages `.ci/run` installs, and `.ci/run` runs the README's test command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ci_packages() -> set[str]:
    lines = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
             if re.match(r"^(DESKTOP|QT|PACKAGING)_PACKAGES=", line)]
    script = "\n".join([*lines, 'echo "$DESKTOP_PACKAGES $PACKAGING_PACKAGES"'])
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_readme_apt_line_installs_what_ci_installs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"sudo apt-get install --no-install-recommends ([^\n`]+)", readme)
    assert match, "the README has no apt-get line for the test tools"
    assert set(match.group(1).split()) == _ci_packages()


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| run the app | `make run` |" in readme
    assert "`make test` |" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^NUDGE_SKIPPED_DESKTOP_TESTS=\S+ make test$", ci, re.MULTILINE)
