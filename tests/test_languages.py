"""nudge speaks German, French and Japanese end to end (#21): `--help`, `status`, `summary` and a
nudge in terminal mode show the language's words and no English sentence of nudge's (real
processes, real files; `tests/languages.py` finds English left over). The JSON stays English.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import FAST_CONFIG
from languages import english_leaks, language_env, translated

LANGUAGES = ("de", "fr", "ja")


def _env(tmp_path: Path, language: str, config: str = "[app]\n") -> dict[str, str]:
    return language_env(tmp_path / "n", config, LANGUAGE=language, LANG="C.UTF-8")


def _nudge(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout + done.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_status_and_summary_speak_the_language(tmp_path: Path, language: str) -> None:
    env = _env(tmp_path, language)
    for args, expected in [
            (("--help",), translated(language, "show this help message and exit")),
            (("status",), None),
            (("summary",), None)]:
        said = _nudge(env, *args)
        assert said.strip(), args
        assert english_leaks(said, language) == [], (args, said)
        if expected is not None:
            assert expected in said, (args, said)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_json_stays_english_whatever_the_language(tmp_path: Path, language: str) -> None:
    english = _env(tmp_path / "en", "en")
    other = _env(tmp_path / "xx", language)
    for args in (("summary", "--json"), ("status", "--json")):
        mine, theirs = json.loads(_nudge(english, *args)), json.loads(_nudge(other, *args))
        assert _keys(mine) == _keys(theirs), args


def _keys(value: object) -> object:
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_keys(item) for item in value]
    return type(value).__name__


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_nudge_in_terminal_mode_speaks_the_language(tmp_path: Path, language: str) -> None:
    env = _env(tmp_path, language, FAST_CONFIG)
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 160))
    try:
        # A nudge comes after 3 s of (terminal mode: always) seated time, with its exercise.
        child.expect_exact(translated(language, "Glute-first chair rise"))
        child.expect(r"\n")
        shown = child.before + child.after
        child.send("d")
        child.send("q")
        child.expect(pexpect.EOF)
        shown += child.before
    finally:
        child.close(force=True)
    assert english_leaks(shown, language) == [], shown
