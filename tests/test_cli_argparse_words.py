"""argparse's own words and nudge's `--help` layout in every language (#21): argparse's errors
("the following arguments are required", "unrecognized arguments") speak the user's language,
each listed word is spelled as the running Python's argparse spells it, and help lines fit an
80-column terminal in Chinese, Japanese and Korean too (their characters take two columns)."""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from languages import language_env, translated

from nudge import i18n
from nudge.cli.argparse_words import WORDS
from nudge.cli.parser import build_parser
from nudge.core.i18n import columns, wrap


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def _argparses_words() -> set[str]:
    """Every text argparse's source passes to its `_` or `ngettext`."""
    tree = ast.parse(Path(argparse.__file__).read_text("utf-8"))
    return {arg.value for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext")
            for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}


def test_each_listed_word_is_spelled_as_argparse_spells_it() -> None:
    assert set(WORDS) - _argparses_words() == set()


def _nudge(tmp_path: Path, *args: str) -> str:
    env = language_env(tmp_path / "n", LANGUAGE="de", LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


@pytest.mark.parametrize(("args", "english", "value"), [
    (("exercise", "show", "--bogus"), "the following arguments are required: %s", "id"),
    (("quiet-hours", "add"), "the following arguments are required: %s", "key"),
    (("pause", "1h", "--bogus"), "unrecognized arguments: %s", "--bogus"),
    (("summary", "--json", "--png", "x"), "not allowed with argument %s", "--json"),
])
def test_argparses_errors_speak_german(tmp_path: Path, args: tuple[str, ...], english: str,
                                        value: str) -> None:
    said = _nudge(tmp_path, *args)
    assert translated("de", english) % value in said, said
    assert english % value not in said and "usage:" not in said
    assert translated("de", "usage: ") in said


def test_an_invalid_choice_is_said_in_german(tmp_path: Path) -> None:
    said = _nudge(tmp_path, "export", "--format", "xml")
    choice = translated("de", "invalid choice: %(value)r (choose from %(choices)s)") % {
        "value": "xml", "choices": "'csv', 'json'"}
    assert translated("de", "argument %(argument_name)s: %(message)s") % {
        "argument_name": "--format", "message": choice} in said, said


def _helps(parser: argparse.ArgumentParser) -> Iterator[str]:
    yield parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _helps(sub)


@pytest.mark.parametrize("language", ["ja", "zh_CN", "ko", "de", "en"])
def test_every_help_line_fits_80_columns(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    i18n.install(language)
    helps = list(_helps(build_parser()))
    assert len(helps) > 20
    wide = [line for text in helps for line in text.splitlines() if columns(line) > 80]
    assert wide == []
    if language != "en":  # the help is in the language: its words, not argparse's English
        assert all("show this help message" not in text for text in helps)


def test_wrap_breaks_by_columns_where_each_script_allows_it() -> None:
    english = "A quiet reminder to wake up your glutes while you sit, at the right moment."
    assert wrap(english, 20) == textwrap.wrap(english, 20)
    japanese = wrap("座っている間にお尻を目覚めさせる、控えめなリマインダーです。`nudge pause 1h` "
                    "で止めます。", 16)
    assert all(columns(line) <= 16 for line in japanese)
    assert "".join(japanese).replace(" ", "") == \
        "座っている間にお尻を目覚めさせる、控えめなリマインダーです。`nudgepause1h`で止めます。"
    assert not any(line[0] in "、。" for line in japanese)  # no line starts with a full stop
    assert any("`nudge pause 1h`" in line for line in japanese)  # a command is not cut
    korean = wrap("일시 정지 길이를 입력하세요 until-tomorrow 또는 until-resumed", 16)
    assert korean == ["일시 정지 길이를", "입력하세요", "until-tomorrow", "또는", "until-resumed"]
    assert wrap("日本語" * 4, 7) == ["日本語", "日本語", "日本語", "日本語"]
    assert wrap("字 " + "x" * 12, 5) == ["字", "xxxxx", "xxxxx", "xx"]  # a word wider than a line


def test_wrap_keeps_a_no_break_space_inside_its_word() -> None:
    """French writes "18\u202f844" and "Continuez\u00a0!": one word each, never a line break."""
    said = "+119 levers, +18\u202f844 répétitions. Continuez\u00a0!"
    assert wrap(said, 80) == [said]
    assert wrap(said, 20) == ["+119 levers, +18\u202f844", "répétitions.", "Continuez\u00a0!"]
    assert wrap("一\u00a0二\n三", 80) == ["一\u00a0二 三"]
