"""The `nudge` command line's grammar: every command, its options and their checks (argparse).

Loaded by `nudge.cli.main` for every command but `nudge --version`, in the short-lived CLI
process, on its main thread.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from nudge import __version__
from nudge.cli.argparse_words import speak
from nudge.cli.plain_words import UIS
from nudge.core.rep_limits import MOST_LOGGED_REPS
from nudge.i18n import _, columns, wrap
from nudge.pictures import FRAME_PX, LARGEST_FRAME_PX, SMALLEST_FRAME_PX
from nudge.windows.sections import SECTIONS


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its lines wrapped by the columns they take: argparse counts
    characters, and a Chinese, Japanese or Korean one takes two."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - columns(indent)))

    def _get_help_string(self, action: argparse.Action) -> str | None:
        # argparse %-formats each help text, so a "%" a translation writes ("100 %") is
        # escaped; nudge's help texts use no %(...)s of argparse's.
        return None if action.help is None else action.help.replace("%", "%%")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, saying what went wrong nudge's way (and in the user's language:
    `argparse_words.speak`, before any parser is made)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        hint = _("Try `nudge --help` or `nudge COMMAND --help`.")
        self.exit(2, f"nudge: {message}\n{hint}\n")


def build_parser() -> argparse.ArgumentParser:
    speak()  # argparse's own words too, in the user's language
    parser = _Parser(prog="nudge", description=_(
        "A quiet reminder to wake up your glutes while you sit: it measures real sitting time "
        "and suggests a glute-first chair rise at the right moment. Run without a command to "
        "start the app."))
    parser.add_argument("--version", action="version", version=f"nudge {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help=_("start the app (the default command)"))
    run.add_argument("--ui", choices=UIS, default=None,
                     help=_("where to show nudges (default: the config's [app] ui, else auto)"))
    run.add_argument("--verbose", action="store_true", help=_("log more detail"))

    status = sub.add_parser("status", help=_("show what nudge is doing now"))
    status.add_argument("--json", action="store_true", help=_("machine-readable output"))

    summary = sub.add_parser("summary", help=_("the weekly consistency summary"))
    summary.add_argument("--week", help=_("ISO week, e.g. 2026-W48 (default: this week)"))
    shape = summary.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help=_("JSON for scripts"))
    shape.add_argument("--png", metavar="FILE", type=Path, help=_("draw a chart into FILE"))

    log_cmd = sub.add_parser("log", help=_("record an exercise done without a prompt"),
                             usage="%(prog)s rise [--reps REPS]")
    # Checked by the handler, which lists what can be logged (argparse would say "what").
    log_cmd.add_argument("what", nargs="?", metavar="rise", help=_("what you did"))
    log_cmd.add_argument("--reps", type=_reps, default=None,
                         help=_("how many (1-{most})").format(most=MOST_LOGGED_REPS))

    export = sub.add_parser("export", help=_("write all your history to standard output"))
    export.add_argument("--format", choices=("csv", "json"), default="json")
    export.add_argument("--output", "-o", type=Path, help=_("write to this file instead"))

    config = sub.add_parser("config", help=_("show, create or check the config file"))
    action = config.add_mutually_exclusive_group()
    action.add_argument("--path", action="store_true", help=_("print the config file's path"))
    action.add_argument("--init", action="store_true", help=_("write a commented default file"))
    action.add_argument("--check", action="store_true", help=_("check the file for problems"))

    pause = sub.add_parser("pause", help=_("pause nudges, e.g. `nudge pause 1h`"),
                           usage="%(prog)s DURATION")
    # Translators: the pause lengths nudge understands; keep 30m, 1h, 2h, until-tomorrow and
    # until-resumed as they are (they are typed).
    # Any number of words, one length: `nudge pause until tomorrow` and `nudge pause 1h 30m`
    # too, and none at all, which the pause itself answers with the lengths it takes
    # (`nudge.core.pauses`), as it does any length it cannot use.
    pause.add_argument("duration", nargs="*", metavar="DURATION",
                       help=_("30m, 1h, 2h…, until-tomorrow or until-resumed"))
    sub.add_parser("resume", help=_("resume nudges after a pause"))
    # Translators: the three commands that answer the nudge on screen, without the tray.
    sub.add_parser("done", help=_("answer the nudge on screen: I did it"))
    snooze = sub.add_parser("snooze", help=_("answer the nudge on screen: later (e.g. "
                                             "`nudge snooze 10m`)"))
    # Translators: keep 10m and 1h as they are (they are typed).
    snooze.add_argument("duration", nargs="?", default=None, help=_(
        "how long, e.g. 10m or 1h (default: the config's snooze)"))
    sub.add_parser("skip", help=_("answer the nudge on screen: skip this one"))
    sub.add_parser("quit", help=_("stop the running app"))

    autostart = sub.add_parser("autostart", help=_("start nudge when you log in (on, off, "
                                                     "status)"))
    autostart.add_argument("state", nargs="?", choices=("on", "off", "status"), default="status",
                           help=_("turn start at login on or off, or show it (the default)"))

    settings = sub.add_parser("settings", help=_("open the settings window"))
    settings.add_argument("--section", choices=tuple(SECTIONS), help=_(
        "open it on this part, e.g. `--section hours` for the work hours"))
    sub.add_parser("insights", help=_("open the insights window: your weeks, months and years"))
    sub.add_parser("welcome", help=_("the first-run welcome: work hours, how often, start at "
                                     "login"))

    doctor = sub.add_parser("doctor", help=_("check what works on this desktop and how to fix "
                                             "the rest"))
    doctor.add_argument("--json", action="store_true", help=_("machine-readable output"))

    exercise = sub.add_parser("exercise", help=_("how to do each exercise: its cues and "
                                                 "picture"))
    what = exercise.add_subparsers(dest="exercise_command", metavar="ACTION", required=True,
                                   parser_class=_Parser)
    what.add_parser("list", help=_("every exercise nudge may suggest"))
    show = what.add_parser("show", help=_("the cues of one exercise, and its picture"))
    show.add_argument("id", help=_("the exercise's id, e.g. glute_rise (see `nudge exercise "
                                   "list`)"))
    shown_as = show.add_mutually_exclusive_group()
    shown_as.add_argument("--png", metavar="FILE", type=Path,
                          help=_("write its picture into FILE"))
    shown_as.add_argument("--window", action="store_true", help=_(
        "show it in a window: its picture, where and how many, and the cues"))
    show.add_argument("--dark", action="store_true", help=_("the picture for a dark "
                                                            "background"))
    # Translators: {low}, {high} and {default} are sizes in pixels; keep PX and --png as they
    # are (they are typed).
    show.add_argument("--size", metavar="PX", type=_frame_px, help=_(
        "with --png: draw each frame PX pixels square, {low} to {high} (default {default}); "
        "a picture file of your own is copied as it is").format(
            low=SMALLEST_FRAME_PX, high=LARGEST_FRAME_PX, default=FRAME_PX))

    quiet = sub.add_parser("quiet-hours", help=_("the weekday hour nudge suggests as a pause, "
                                                 "and your answer (add, dismiss)"))
    quiet.add_argument("--json", action="store_true", help=_("machine-readable output"))
    answer = quiet.add_subparsers(dest="quiet_command", metavar="ACTION", parser_class=_Parser)
    for name, meaning in (("add", _("add the hour as a recurring pause")),
                          ("dismiss", _("never suggest the hour again"))):
        answer.add_parser(name, help=meaning).add_argument(
            "key", help=_("the hour, e.g. tue-14 (as `nudge quiet-hours` shows it)"))

    forget = sub.add_parser("forget", help=_("delete all nudge data, config, state and logs"))
    forget.add_argument("--all", action="store_true", required=True,
                        help=_("everything nudge keeps on this computer (required)"))
    forget.add_argument("--yes", action="store_true",
                        help=_("do not ask for confirmation (for scripts)"))
    return parser


def _typed(text: str) -> str:
    return text if len(text) <= 20 else f"{text[:8]}…{text[-8:]}"  # a pasted wall of digits


def _frame_px(text: str) -> int:
    digits = text.strip().lstrip("+-")
    value = int(digits) if digits.isdecimal() and len(digits) <= 4 else 0
    if text.strip().startswith("-") or not SMALLEST_FRAME_PX <= value <= LARGEST_FRAME_PX:
        # Translators: {text} is what the user typed after --size, in quotes; {low} and
        # {high} are sizes in pixels.
        raise argparse.ArgumentTypeError(_(
            "{text} is not a size nudge can draw; give a whole number of pixels from {low} "
            "to {high}").format(text=repr(_typed(text)), low=SMALLEST_FRAME_PX,
                                high=LARGEST_FRAME_PX))
    return value


def _reps(text: str) -> int:
    shown = _typed(text)
    # Translators: {reps} is the number the user typed after --reps.
    outside = _("{reps} reps is outside 1-{most}; give a whole number from 1 to {most}")
    digits = text.strip().lstrip("+-")
    if digits.isdecimal() and len(digits.lstrip("0")) > 3:  # int() refuses over 4300 digits
        raise argparse.ArgumentTypeError(outside.format(reps=shown, most=MOST_LOGGED_REPS))
    try:
        value = int(text)
    except ValueError:
        # Translators: {text} is what the user typed after --reps, in quotes.
        raise argparse.ArgumentTypeError(_(
            "{text} is not a whole number; give one from 1 to {most}").format(
                text=repr(shown), most=MOST_LOGGED_REPS)) from None
    if not 1 <= value <= MOST_LOGGED_REPS:
        raise argparse.ArgumentTypeError(outside.format(reps=shown, most=MOST_LOGGED_REPS))
    return value


def negative_pause(argv: list[str]) -> list[str]:
    """`nudge pause -5m` as a pause length, not an unknown option, so the pause says what is
    wrong with it (argparse takes only plain negative numbers as values)."""
    if len(argv) >= 2 and argv[0] == "pause" and re.match(r"-\.?\d", argv[1]):
        return ["pause", "--", *argv[1:]]
    return argv
