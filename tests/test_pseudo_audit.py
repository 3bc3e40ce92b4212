"""No English sentence left unmarked: the CLI's outputs, terminal mode's screens and the tray
menu, read under the pseudo-translation (tests/pseudo_language.py), where every message that
went through gettext is bracketed ⟦ ⟧. Three or more words in a row outside the brackets are
text a translator never saw. In-process (the CLI's `main`) for speed.

Left as they are, on purpose: argparse's own error details ("the following arguments are
required", "invalid choice": argparse's words, documented in CONTRIBUTING.md), command lines in
backticks and the `nudge COMMAND` of a usage line, and the shipped exercises' own words (they
are translated through exercises.toml, whose cues the pseudo-translation makes too long, so
the catalogue falls back to English by design).
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
import tomllib
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pseudo_language import CLOSE, OPEN, Pseudo
from test_status_i18n import _statuses

import nudge.i18n
from nudge.cli.main import main
from nudge.cli.parser import build_parser
from nudge.core import i18n as core_i18n
from nudge.core.decisions import NudgeOffer
from nudge.core.status import Phase, Status
from nudge.i18n.catalogue_text import texts
from nudge.terminal.text import help_lines, offer_lines, snooze_hint
from nudge.tray.menu import MenuItem, build_menu, tooltip

from sim import BERLIN, catalogue

# Three or more words of letters in a row (a comma between two is still one run).
_SENTENCE = re.compile(r"\b[A-Za-z][A-Za-z']+(?:,? [A-Za-z][A-Za-z']*){2,}\b")
_ARGPARSE = ("the following arguments are required", "invalid choice", "unrecognized arguments",
             "expected one argument", "not allowed with argument")
_EXERCISE_WORDS = tuple(sorted(
    (text for _where, text in texts(tomllib.loads(
        (Path(nudge.__file__).parent / "data" / "exercises.toml").read_text("utf-8")))),
    key=len, reverse=True))
BAD_CONFIG = """[app]
language = 3
colour = "blue"
[schedule]
mon = "nope"
rise_every = "often"
[blockers]
apps = "zoom"
"""


def unmarked(text: str) -> list[str]:
    """The runs of three or more English words outside every ⟦ ⟧ of `text`."""
    for words in _EXERCISE_WORDS:
        text = text.replace(words, " ")
    outside, depth = [], 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth -= 1
            outside.append(" | ")  # a bracket ends a run
        elif depth == 0:
            outside.append(char)
    plain = re.sub(r"`[^`]*`", " | ", "".join(outside))
    plain = "\n".join(line for line in plain.splitlines()
                      if not any(said in line for said in _ARGPARSE))
    return [run for run in _SENTENCE.findall(plain) if not run.startswith("nudge ")]


@pytest.fixture
def pseudo_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """`main` under the pseudo-translation (English formats), in a fresh NUDGE_HOME with no
    desktop, no D-Bus and no app running."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS",
                 "XDG_CURRENT_DESKTOP", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NUDGE_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")

    def install(*args: object, **kwargs: object) -> str:
        core_i18n.use(Pseudo())
        return "en"

    monkeypatch.setattr(nudge.i18n, "install", install)
    yield home
    core_i18n.use(None)  # nudge.i18n.install is still the stand-in here


def run(*argv: str, answer: str = "") -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), \
            _stdin(answer), contextlib.suppress(SystemExit):
        main(list(argv))
    return out.getvalue()


class _Typed(io.StringIO):
    """Standard input as a person types it: a terminal."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    old = sys.stdin
    sys.stdin = _Typed(text)
    try:
        yield
    finally:
        sys.stdin = old


def _commands() -> list[list[str]]:
    """Every command and subcommand, as the parser has them."""
    import argparse

    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found.append([*path, name])
                    walk(sub, [*path, name])

    walk(build_parser(), [])
    return found


def _pending() -> Status:
    rise = catalogue().by_id("glute_rise")
    assert rise is not None
    offer = NudgeOffer("n1", rise, 5, 2, (300.0, 600.0, 1200.0), 600.0)
    return Status(Phase.PENDING, 1800, 0, "rise", 1.0, offer=offer)


def _every_phase() -> list[Status]:
    noon = datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN)
    return [*_statuses(), _pending(),
            Status(Phase.SNOOZED, 1200, 300, "rise", 0.8),
            Status(Phase.DUE, 1500, 0, "rise", 1.0),
            Status(Phase.STARTING, 0, None, None, 0.0),
            Status(Phase.OFF_HOURS, 0, None, None, 0.0,
                   next_work_start=noon + timedelta(days=3))]


def _labels(items: tuple[MenuItem, ...]) -> Iterator[str]:
    for item in items:
        yield item.label
        yield from _labels(item.children)


def test_the_cli_terminal_mode_and_tray_menu_leave_no_english_sentence_unmarked(
        pseudo_cli: Path) -> None:
    outputs = {"--help": run("--help")}
    outputs |= {f"{' '.join(command)} --help": run(*command, "--help")
                for command in _commands()}
    for command in (["status"], ["summary"], ["exercise", "list"],
                    ["exercise", "show", "glute_rise"], ["quiet-hours"], ["pause", "1h"],
                    ["resume"], ["log", "rise"], ["pause", "5x"], ["doctor"]):
        outputs[" ".join(command)] = run(*command)
    outputs["forget --all (no)"] = run("forget", "--all", answer="no\n")
    outputs["summary (a rise logged)"] = run("summary")
    (pseudo_cli / "config" / "config.toml").write_text(BAD_CONFIG, encoding="utf-8")
    outputs["config --check (a bad config)"] = run("config", "--check")

    core_i18n.use(Pseudo())
    pending = _pending()
    assert pending.offer is not None
    outputs["terminal: keys"] = "\n".join(help_lines())
    outputs["terminal: a nudge"] = "\n".join(offer_lines(pending.offer, lambda text, s: text))
    outputs["terminal: snooze"] = snooze_hint(pending.offer)
    for status in _every_phase():
        outputs[f"status line, {status.phase}"] = status.line()
        outputs[f"tray menu, {status.phase}"] = "\n".join(
            _labels(build_menu(status, autostart=False)))
        outputs[f"tooltip, {status.phase}"] = tooltip(status)

    assert all(text.strip() for text in outputs.values()), \
        [name for name, text in outputs.items() if not text.strip()]
    assert OPEN in outputs["doctor"] and OPEN in outputs["config --check (a bad config)"]
    assert "--yes" not in outputs["forget --all (no)"]  # it asked, and was told no
    left = {name: found for name, text in outputs.items() if (found := unmarked(text))}
    assert left == {}, left


def test_the_audit_sees_an_unmarked_sentence() -> None:
    assert unmarked("⟦Nudges~~ paused~~⟧ until nudge starts again") == [
        "until nudge starts again"]
    assert unmarked("⟦fix~ it~ with~~ ⟦x~~⟧⟧ `nudge log rise` nudge exercise show") == []
    assert unmarked("nudge: the following arguments are required: --all") == []
