"""The `nudge` command: runs the app, and talks to it (or to the files) for everything else.

Exit codes: 0 done, 1 could not do it (e.g. nudge is not running), 2 bad input (a message says
which and how to fix it); 141 (a closed pipe) or 74 (closed, full, I/O error): done, but the
output could not be written (see `nudge.cli.output`). No traceback reaches the user: unexpected
errors are logged to the log file and reported in one line. This module parses the command line
and reports the result; what each command does is in `nudge.cli.handlers`.
"""

from __future__ import annotations

try:  # Ctrl-C while the command is still loading leaves quietly, like one later on (130)
    import argparse
    import logging
    import re
    import signal
    import sys
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import NoReturn

    from nudge import __version__
    from nudge.cli.errors import Failure, UserError
    from nudge.cli.handlers import HANDLERS
    from nudge.cli.output import finish, guard_stdout, tell
    from nudge.paths import Paths, resolve_paths
except KeyboardInterrupt:
    raise SystemExit(130) from None

log = logging.getLogger(__name__)
__all__ = ["Failure", "UserError", "build_parser", "main"]


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

    sub.add_parser("settings", help="open the settings window")
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


def _negative_pause(argv: list[str]) -> list[str]:
    """`nudge pause -5m` as a pause length, not an unknown option, so the pause says what is
    wrong with it (argparse takes only plain negative numbers as values)."""
    if len(argv) >= 2 and argv[0] == "pause" and re.match(r"-\.?\d", argv[1]):
        return ["pause", "--", *argv[1:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; `argv` None means this process's own command line."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C at any point, also while an error is being reported
        return 130
    finally:
        if argv is None:
            _done_with_ctrl_c()


def _done_with_ctrl_c() -> None:
    """The command is over: a Ctrl-C now could only interrupt Python's own clean-up at exit
    (closing the log), which would print a traceback. SIGINT left as the caller set it if
    that was not Python's KeyboardInterrupt (an app with its own handler, a thread)."""
    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        pass


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(_negative_pause(list(sys.argv[1:] if argv is None
                                                          else argv)))
    paths = resolve_paths()
    command = args.command or "run"
    handler: Callable[[argparse.Namespace, Paths], int] = HANDLERS[command]
    # Before any file is opened, so none takes a closed standard output's number. Not for
    # `run`: its terminal UI owns the terminal.
    guard = guard_stdout() if command != "run" else None
    _log_to_file(paths, verbose=getattr(args, "verbose", False))
    code = _run_handler(handler, args, paths, command)
    return code if guard is None else finish(guard, code, command)


def _run_handler(handler: Callable[[argparse.Namespace, Paths], int], args: argparse.Namespace,
                 paths: Paths, command: str) -> int:
    try:
        return handler(args, paths)
    except UserError as error:
        tell(f"nudge: {error}")
        return 2
    except Failure as error:
        tell(f"nudge: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: no traceback on the terminal
        log.exception("unexpected error in `nudge %s`", command)
        tell(f"nudge: unexpected error: {error}. Details are in {paths.log_file}")
        return 1


def _log_to_file(paths: Paths, verbose: bool) -> None:
    """Every command logs to the log file only, so nothing but our own lines reach the terminal."""
    from nudge.app.logging_setup import setup_logging

    try:
        setup_logging(paths.log_file, verbose=verbose, paths=paths)
    except OSError:
        logging.getLogger().addHandler(logging.NullHandler())
        logging.lastResort = None
