"""No English sentence left unmarked: the CLI's outputs (its errors too), terminal mode's
screens and the tray menu, read under the pseudo-translation (tests/pseudo_language.py), where
every message that went through gettext is bracketed ⟦ ⟧ and each of its words stretched with
`~`. Three or more plain words in a row, outside the brackets or inside (English put into a
translated message through a placeholder), are text a translator never saw. In-process (the
CLI's `main`) for speed.

Left as they are, on purpose: command lines in backticks and the `nudge COMMAND` of a usage
line, paths, the system's own words for an OSError (`No such file or directory`), and the
shipped exercises' own words (they are translated through exercises.toml, whose cues the
pseudo-translation makes too long, so the catalogue falls back to English by design).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import sys
import tomllib
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pseudo_language import CLOSE, OPEN, Pseudo
from test_status_i18n import _statuses
from test_summary import manual

import nudge.i18n
from nudge.cli.main import main
from nudge.cli.parser import build_parser
from nudge.core import i18n as core_i18n
from nudge.core.decisions import NudgeOffer
from nudge.core.iso_week import IsoWeek
from nudge.core.settings import Goals, Schedule
from nudge.core.status import Phase, Status
from nudge.core.summary import build_weekly_summary
from nudge.core.weekly_review import review_words
from nudge.i18n.catalogue_text import texts
from nudge.terminal.text import help_lines, offer_lines, snooze_hint
from nudge.terminal.ui import TerminalUI
from nudge.tray.menu import MenuItem, build_menu, tooltip

from sim import BERLIN, catalogue

# Words of letters in a row (a comma between two is still one run), `{n}` more after the first;
# a word the pseudo-translation stretched (`word~`) is not plain.
_RUN = (r"(?<![\w~'/.$%-])[A-Za-z][A-Za-z']+(?![\w~'])"
        r"(?:,? [A-Za-z][A-Za-z']*(?![\w~'/])){{{n},}}")
# The system's own words for an error (strerror, as Python and helper programs say them).
_SYSTEM_WORDS = tuple(sorted({os.strerror(code) for code in errno.errorcode},
                             key=len, reverse=True))
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


def unmarked(text: str, least: int = 3) -> list[str]:
    """The runs of three (or `least`) or more plain English words in `text`: outside every
    ⟦ ⟧, or inside one but not stretched by the pseudo-translation (put in through a
    placeholder)."""
    for words in (*_EXERCISE_WORDS, *_SYSTEM_WORDS):
        text = text.replace(words, " ")
    plain = re.sub(r"`[^`]*`", " | ", text.replace(OPEN, " | ").replace(CLOSE, " | "))
    plain = re.sub(r"(?<!\w)[~./$]*/[\w./~*-]*", " | ", plain)  # paths: /dev/video*
    return [run for run in re.findall(_RUN.format(n=least - 1), plain)
            if not run.startswith("nudge ")]


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


# Command lines argparse turns down, each with its own words.
_MISTYPED = (["pause"], ["pause", "--bogus"], ["log", "jump"], ["summary", "--json", "--png", "x"],
             ["log", "rise", "--reps"], ["log", "rise", "--reps", "x"], ["frobnicate"],
             ["--verbose"], ["status", "extra"], ["doctor", "--json=1"])


def _terminal_review() -> str:
    """Terminal mode's weekly review, as the app shows it on a Monday."""
    last = IsoWeek(2026, 47)
    events = [manual(last.monday + timedelta(days=day), "10:00") for day in range(3)]
    words = review_words(build_weekly_summary(events, last, Schedule(), Goals(), last.sunday))
    assert words is not None
    out = io.StringIO()
    TerminalUI(lambda command: Future(), out=out, inp=io.StringIO(""), color=False).review(words)
    return out.getvalue()


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
                    ["resume"], ["log", "rise"], ["pause", "5x"], ["doctor"],
                    ["summary", "--week", "nope"], ["summary", "--week", "2026-W60"],
                    ["summary", "--week", "1066-W10"], *_MISTYPED):
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
    outputs["terminal: the weekly review"] = _terminal_review()
    for status in _every_phase():
        outputs[f"status line, {status.phase}"] = status.line()
        outputs[f"tray menu, {status.phase}"] = "\n".join(
            _labels(build_menu(status, autostart=False)))
        outputs[f"tooltip, {status.phase}"] = tooltip(status)

    assert all(text.strip() for text in outputs.values()), \
        [name for name, text in outputs.items() if not text.strip()]
    assert OPEN in outputs["doctor"] and OPEN in outputs["config --check (a bad config)"]
    assert "--yes" not in outputs["forget --all (no)"]  # it asked, and was told no
    mistyped = {" ".join(command) for command in _MISTYPED}
    left = {name: found for name, text in outputs.items()
            if (found := unmarked(text, 2 if name in mistyped else 3))}
    assert left == {}, "\n".join(f"{name}: {found}" for name, found in left.items())


def test_the_audit_sees_an_unmarked_sentence() -> None:
    assert unmarked("⟦Nudges~~ paused~~⟧ until nudge starts again") == [
        "until nudge starts again"]
    assert unmarked("⟦fix~ it~ with~~ ⟦x~~⟧⟧ `nudge log rise` nudge exercise show") == []
    assert unmarked("nudge: the following arguments are required: --all") == [
        "the following arguments are required"]


def test_the_audit_sees_english_put_into_a_translated_message() -> None:
    said = "⟦do~ not~ disturb~~: ⟦cannot~~ reach~~: no D-Bus session bus here⟧⟧"
    assert unmarked(said) == ["session bus here"]
    assert unmarked("⟦tried~~ kde: ⟦not~ a KDE~ session~~~ ($XDG_CURRENT_DESKTOP)⟧⟧") == []
    assert unmarked("⟦camera~~: ⟦works~~⟧ — ⟦files~~ matching~~~ /dev/video* (none~~)⟧⟧") == []
    assert unmarked("⟦logind~~: No such file or directory⟧ ⟦at~ /tmp/a b/c d e⟧") == []
