"""The `nudge` command: runs the app, and talks to it (or to the files) for everything else.

Exit codes: 0 done, 1 could not do it (e.g. nudge is not running), 2 bad input (a message says
which and how to fix it); 141 (a closed pipe) or 74 (closed, full, I/O error): done, but the
output could not be written (see `nudge.cli.output`). No traceback reaches the user: unexpected
errors are logged to the log file and reported in one line. This module parses the command line
and reports the result; what each command does is in `nudge.cli.handlers`.

Main thread of every `nudge` process: a one-shot command, or `nudge run`, whose UI then keeps that
thread.
"""

from __future__ import annotations

try:  # Ctrl-C while the command is still loading leaves quietly, like one later on (130)
    import contextlib  # already loaded by Python's own start-up
    import sys
except KeyboardInterrupt:
    raise SystemExit(130) from None

TYPE_CHECKING = False  # not `typing`'s: that import alone costs `nudge --version` a few ms
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from nudge.paths import Paths

# Each command loads only what it needs, inside `main` (where a Ctrl-C is caught): `--version`
# nothing, the parser argparse (not for the plain forms of `run`, `status` and `log`:
# `nudge.cli.plain_words`), the handlers their own modules (bench/RESULTS.md, CLI start-up).
__all__ = ["build_parser", "main"]
# Asked often, from scripts and keyboard shortcuts (issue #22): their key handshake hashes a few
# bytes, which Python's built-in MD5 and SHA-256 do without loading OpenSSL's libcrypto.
_QUICK_COMMANDS = ("status", "log")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (`nudge.cli.parser`)."""
    from nudge.cli.parser import build_parser as build

    return build()


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
    import signal

    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to set
        pass


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["--version"]:  # argparse would answer it first too, whatever follows
        from nudge import __version__

        # As argparse's own version action: an output closed (None), full or broken is let be.
        with contextlib.suppress(AttributeError, OSError):
            sys.stdout.write(f"nudge {__version__}\n")
        return 0
    from nudge.cli.plain_words import plain_words
    from nudge.i18n import install
    from nudge.i18n.language import configured
    from nudge.paths import resolve_paths

    paths = resolve_paths()
    language = configured(paths.config_file)
    install(language)  # before the parser: `--help` speaks the user's language too
    args = plain_words(words) or _parse(words)
    command = args.command or "run"
    if command in _QUICK_COMMANDS:
        from nudge.platform.openssl_guard import keep_openssl_out

        keep_openssl_out()
    from nudge.cli.handlers import HANDLERS
    from nudge.cli.output import finish, guard_stdout

    if command != "run":  # Babel's dates and numbers, never in the all-day app
        install(language, locale_formats=True)
    handler: Callable[[argparse.Namespace, Paths], int] = HANDLERS[command]
    # Before any file is opened, so none takes a closed standard output's number. Not for
    # `run`: its terminal UI owns the terminal.
    guard = guard_stdout() if command != "run" else None
    _log_to_file(paths, verbose=getattr(args, "verbose", False))
    code = _run_handler(handler, args, paths, command)
    return code if guard is None else finish(guard, code, command)


def _parse(words: list[str]) -> argparse.Namespace:
    from nudge.cli.parser import negative_pause

    return build_parser().parse_args(negative_pause(words))


def _run_handler(handler: Callable[[argparse.Namespace, Paths], int], args: argparse.Namespace,
                 paths: Paths, command: str) -> int:
    from nudge.cli.errors import Failure, UserError
    from nudge.cli.output import tell

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
        import logging

        from nudge.i18n import _

        logging.getLogger(__name__).exception("unexpected error in `nudge %s`", command)
        tell("nudge: " + _("unexpected error: {error}. Details are in {log_file}").format(
            error=error, log_file=paths.log_file))
        return 1


def _log_to_file(paths: Paths, verbose: bool) -> None:
    """Every command logs to the log file only, so nothing but our own lines reach the terminal."""
    import logging

    from nudge.app.logging_setup import setup_logging

    try:
        setup_logging(paths.log_file, verbose=verbose, paths=paths)
    except OSError:
        logging.getLogger().addHandler(logging.NullHandler())
        logging.lastResort = None
