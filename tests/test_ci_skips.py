"""CI lets no desktop test skip: tests/conftest.py records each one that did, and `.ci/run`
fails after `make test` when any did (on a developer's machine they only skip). The record and
the `desktop` marker that `make test-fast` leaves out follow one rule."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SLOW

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_conftest_records_desktop_tests_that_skipped_and_nothing_else(tmp_path: Path):
    for helper in ("conftest.py", "configs.py", "desktop.py", "waiting.py"):  # and its imports
        shutil.copy(TESTS / helper, tmp_path / helper)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")  # registers the markers
    _write(tmp_path / "sound_server.py", "")
    _write(tmp_path / "test_tray_desktop.py",
           "import pytest\n\n"
           "@pytest.mark.skipif(True, reason='desktop tools missing: [\"Xvfb\"]')\n"
           "def test_tray():\n    pass\n\n"
           "def test_runs():\n    pass\n")
    _write(tmp_path / "test_uses_helpers.py",
           "import pytest\nfrom sound_server import *  # noqa\n\n"
           "def test_mic():\n    pytest.skip('needs pulseaudio')\n\n"
           "@pytest.mark.xfail(reason='known')\ndef test_known():\n    assert False\n")
    _write(tmp_path / "test_other.py",
           "import pytest\n\n@pytest.mark.skipif(True, reason='macOS only')\n"
           "def test_mac():\n    pass\n")
    _write(tmp_path / "test_module_desktop.py",
           "import pytest\npytest.importorskip('no_such_module_here')\n")
    _write(tmp_path / "test_uses_fixture.py",  # a desktop test only by the fixture it uses
           "import pytest\n\n"
           "@pytest.fixture\ndef session(fresh_desk):\n    return fresh_desk\n\n"
           "@pytest.mark.skipif(True, reason='no Xvfb here')\n"
           "def test_panel(session):\n    pass\n\n"
           "def test_plain():\n    pass\n")
    record = tmp_path / "skipped.txt"
    env = {**os.environ, "NUDGE_SKIPPED_DESKTOP_TESTS": str(record)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = sorted(record.read_text(encoding="utf-8").splitlines())
    assert [line.split("\t")[0] for line in lines] == [
        "test_module_desktop.py", "test_tray_desktop.py::test_tray",
        "test_uses_fixture.py::test_panel", "test_uses_helpers.py::test_mic"]
    assert 'desktop tools missing: ["Xvfb"]' in lines[1]
    # The `desktop` marker picks the same tests (the module skipped whole has none to pick).
    picked = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--collect-only", "-m", "desktop", str(tmp_path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120)
    assert sorted(line for line in picked.stdout.splitlines() if "::" in line) == [
        "test_tray_desktop.py::test_runs", "test_tray_desktop.py::test_tray",
        "test_uses_fixture.py::test_panel", "test_uses_helpers.py::test_known",
        "test_uses_helpers.py::test_mic"], picked.stdout + picked.stderr


def test_every_module_named_slow_is_there():
    assert sorted(name for name in SLOW if not (TESTS / name).exists()) == []


def _fake_tools(folder: Path, make_script: str) -> dict[str, str]:
    folder.mkdir()
    for name, body in (("make", make_script), ("id", 'echo 1000\n')):
        tool = folder / name
        tool.write_text(f"#!/bin/sh\n{body}", encoding="utf-8")
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


@pytest.mark.skipif(shutil.which("bash") is None, reason=".ci/run is a bash script")
@pytest.mark.parametrize(("make_script", "code"), [
    ('echo "tests/test_tray_sni.py::test_menu\tdesktop tools missing" '
     '>> "$NUDGE_SKIPPED_DESKTOP_TESTS"\nexit 0\n', 1),
    ('[ -n "$NUDGE_SKIPPED_DESKTOP_TESTS" ] || exit 9\nexit 0\n', 0),
    ("exit 2\n", 2),
])
def test_ci_run_fails_when_a_desktop_test_skipped(tmp_path: Path, make_script: str, code: int):
    env = _fake_tools(tmp_path / "bin", make_script)
    done = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == code, done.stderr
    if code == 1:
        assert "these desktop tests skipped" in done.stderr
        assert "tests/test_tray_sni.py::test_menu" in done.stderr
