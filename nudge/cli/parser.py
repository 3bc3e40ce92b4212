"""The `nudge` command line's grammar: every command, its options and their checks (argparse).

Loaded by `nudge.cli.main` for every command but `nudge --version`, in the short-lived CLI
process, on its main thread.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import NoReturn

from nudge import __version__
from nudge.windows.sections import SECTIONS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"nudge: {message}\nTry `nudge --help` or `nudge COMMAND --help`.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nudge", description=(
        "A quiet reminder to wake up your glutes while you sit: it measures real sitting time "
        "and suggests a glute-first chair rise at the right moment. Run without a command to "
        "start the app."))
    parser.add_argument("--version", action="version", version=f"nudge {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="start the app (the default command)")
    run.add_argument("--ui", choices=("auto", "tray", "terminal"), default=None,
                     help="where to show nudges (default: the config's [app] ui, else auto)")
    run.add_argument("--verbose", action="store_true", help="log more detail")

    status = sub.add_parser("status", help="show what nudge is doing now")
    status.add_argument("--json", action="store_true", help="machine-readable output")

    summary = sub.add_parser("summary", help="the weekly consistency summary")
    summary.add_argument("--week", help="ISO week, e.g. 2026-W48 (default: this week)")
    shape = summary.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="JSON for scripts")
    shape.add_argument("--png", metavar="FILE", type=Path, help="draw a chart into FILE")

    log_cmd = sub.add_parser("log", help="record an exercise done without a prompt")
    log_cmd.add_argument("what", choices=("rise",), help="what you did")
    log_cmd.add_argument("--reps", type=_reps, default=None, help="how many (1-100)")

    export = sub.add_parser("export", help="write all your history to standard output")
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("--output", "-o", type=Path, help="write to this file instead")

    config = sub.add_parser("config", help="show, create or check the config file")
    action = config.add_mutually_exclusive_group()
    action.add_argument("--path", action="store_true", help="print the config file's path")
    action.add_argument("--init", action="store_true", help="write a commented default file")
    action.add_argument("--check", action="store_true", help="check the file for problems")

    pause = sub.add_parser("pause", help="pause nudges, e.g. `nudge pause 1h`")
    pause.add_argument("duration", help="30m, 1h, 2h…, until-tomorrow or until-resumed")
    sub.add_parser("resume", help="resume nudges after a pause")
    sub.add_parser("quit", help="stop the running app")

    autostart = sub.add_parser("autostart", help="start nudge when you log in (on, off, status)")
    autostart.add_argument("state", nargs="?", choices=("on", "off", "status"), default="status",
                           help="turn start at login on or off, or show it (the default)")

    settings = sub.add_parser("settings", help="open the settings window")
    settings.add_argument("--section", choices=tuple(SECTIONS),
                          help="open it on this part, e.g. `--section hours` for the work hours")
    sub.add_parser("insights", help="open the insights window: your weeks, months and years")
    sub.add_parser("welcome", help="the first-run welcome: work hours, how often, start at "
                   "login")

    doctor = sub.add_parser("doctor", help="check what works on this desktop and how to fix "
                            "the rest")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")

    exercise = sub.add_parser("exercise", help="how to do each exercise: its cues and picture")
    what = exercise.add_subparsers(dest="exercise_command", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    what.add_parser("list", help="every exercise nudge may suggest")
    show = what.add_parser("show", help="the cues of one exercise, and its picture")
    show.add_argument("id", help="the exercise's id, e.g. glute_rise (see `nudge exercise list`)")
    show.add_argument("--png", metavar="FILE", type=Path, help="write its picture into FILE")
    show.add_argument("--dark", action="store_true", help="the picture for a dark background")

    quiet = sub.add_parser("quiet-hours", help="the weekday hour nudge suggests as a pause, "
                           "and your answer (add, dismiss)")
    quiet.add_argument("--json", action="store_true", help="machine-readable output")
    answer = quiet.add_subparsers(dest="quiet_command", metavar="ACTION", parser_class=_Parser)
    for name, meaning in (("add", "add the hour as a recurring pause"),
                          ("dismiss", "never suggest the hour again")):
        answer.add_parser(name, help=meaning).add_argument(
            "key", help="the hour, e.g. tue-14 (as `nudge quiet-hours` shows it)")

    forget = sub.add_parser("forget", help="delete all nudge data, config, state and logs")
    forget.add_argument("--all", action="store_true", required=True,
                        help="everything nudge keeps on this computer (required)")
    forget.add_argument("--yes", action="store_true",
                        help="do not ask for confirmation (for scripts)")
    return parser


def _reps(text: str) -> int:
    shown = text if len(text) <= 20 else f"{text[:8]}…{text[-8:]}"  # a pasted wall of digits
    digits = text.strip().lstrip("+-")
    if digits.isdecimal() and len(digits.lstrip("0")) > 3:  # int() refuses over 4300 digits
        raise argparse.ArgumentTypeError(f"{shown} reps is outside 1-100; give a whole number "
                                         "from 1 to 100")
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{shown!r} is not a whole number; give one from 1 to 100") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{shown} reps is outside 1-100; give a whole number "
                                         "from 1 to 100")
    return value


def negative_pause(argv: list[str]) -> list[str]:
    """`nudge pause -5m` as a pause length, not an unknown option, so the pause says what is
    wrong with it (argparse takes only plain negative numbers as values)."""
    if len(argv) >= 2 and argv[0] == "pause" and re.match(r"-\.?\d", argv[1]):
        return ["pause", "--", *argv[1:]]
    return argv
