"""`nudge export` is data, not words: the same bytes whatever the user's language (#21), in
JSON and CSV, from a real history (bench's generator and the CLI's own `log`) and real `nudge`
processes, to standard output and to a file."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from languages import language_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.history_gen import generate_history  # noqa: E402


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("export") / "home"
    generate_history(home, 2, datetime.now().astimezone())
    env = language_env(home, LANGUAGE="en", LANG="C.UTF-8")
    subprocess.run([sys.executable, "-m", "nudge", "log", "rise", "--reps", "6"], env=env,
                   check=True, capture_output=True, timeout=60)
    return home


def _export(home: Path, fmt: str, language: str) -> bytes:
    """What `nudge export` writes in `language`; the same to a file, checked on the way."""
    env = language_env(home, LANGUAGE=language, LANG="C.UTF-8")  # the only locale here
    command = [sys.executable, "-m", "nudge", "export", "--format", fmt]
    done = subprocess.run(command, env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    output = home.parent / f"export-{language}.{fmt}"
    subprocess.run([*command, "--output", str(output)], env=env, check=True,
                   capture_output=True, timeout=60)
    assert output.read_bytes() == done.stdout
    return done.stdout


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_export_is_the_same_bytes_in_every_language(home: Path, fmt: str) -> None:
    english = _export(home, fmt, "en")
    # A real history, not nothing: nudges snoozed and done, breaks with their reason.
    assert english.count(b"\n") > 20 and b"snoozed" in english and b"locked" in english
    assert _export(home, fmt, "de") == english
    assert _export(home, fmt, "ja") == english
