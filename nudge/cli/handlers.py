"""What each `nudge` command does, given its parsed arguments; `HANDLERS` maps name to handler.

A handler returns the exit code, or raises `UserError` (bad input) or `Failure` (could not be
done now) for `nudge.cli.main` to report. Commands that talk to the running app do so through
`nudge.cli.app_channel` and fall back to the files (`nudge.cli.offline`, under the same rules:
`nudge.app.dispatch`) when it is not running; heavy imports wait inside each handler. Main
thread of a one-shot `nudge` command (`run`'s handler then hands that thread to the UI).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from nudge.app.commands import (
    GetStatus,
    LogRise,
    PauseNudges,
    Quit,
    Reply,
    ResumeNudges,
    new_request_id,
)
from nudge.cli.errors import Failure, UserError, path_problem
from nudge.i18n import _, terminal_lines
from nudge.paths import Paths

if TYPE_CHECKING:
    import argparse  # the parsed command; `nudge.cli.plain_words` gives the same names


# -- commands that run or talk to the app ------------------------------------------------------
def _run(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.platform.openssl_guard import keep_openssl_out

    keep_openssl_out()  # before the app's imports: it saves ~2 MB (see the module)
    from nudge.app.front import has_display
    from nudge.app.root import AlreadyRunning, build_app
    from nudge.app.startup import load_startup
    from nudge.cli.output import tell
    from nudge.windows.launch import welcome_at_first_start

    wanted = getattr(args, "ui", None) or load_startup(paths).config.ui
    ui = _pick_ui(wanted, has_display())
    if ui == "terminal":  # its questions come before the app takes the terminal
        welcome_at_first_start(paths, ui, tell)
    try:
        app = build_app(paths, ui)
    except AlreadyRunning as error:
        raise Failure(str(error)) from None
    except OSError as error:  # nudge's own folders or files unusable (the lock, the device id, …)
        raise Failure(path_problem(error, paths.state_dir)) from None
    if ui != "terminal":  # the welcome window opens beside the running app
        welcome_at_first_start(paths, ui, tell)
    return app.run()


def _pick_ui(wanted: str, display: bool) -> str:
    """The tray where a display exists, terminal mode where there is none."""
    if wanted == "tray" and not display:
        raise Failure(_("no display here for a tray icon (DISPLAY and WAYLAND_DISPLAY are "
                        "unset); run `nudge run --ui terminal`"))
    if wanted == "auto":
        return "tray" if display else "terminal"
    return wanted


def _status(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.app_channel import print_reply, reply_to

    reply = reply_to(paths, GetStatus())
    if args.json:
        print(json.dumps({"running": reply.data.get("running", True), **reply.data}))
        return 0
    if reply.data.get("phase") == "off_hours":
        from nudge.app.front import has_display
        from nudge.hints import work_hours_hint  # not nudge.config: its __init__ is heavy

        hint = work_hours_hint(paths.config_file, window=has_display())
        reply = Reply(reply.ok, f"{reply.message}\n{hint}", reply.data)
    return print_reply(reply)


def _log(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.app_channel import ask_log, print_reply

    if args.what != "rise":
        raise UserError(_what_to_log(paths, args.what))
    command = LogRise(reps=args.reps, request_id=new_request_id())
    reply = ask_log(paths, command)
    if reply is None:
        reply = _log_offline(paths, command)
    return print_reply(reply)


def _what_to_log(paths: Paths, what: str | None) -> str:
    """`nudge log` with no exercise or one it cannot log: what it can log, and an example."""
    from nudge.config.exercise_files import usable_catalogue
    from nudge.core.catalogue import ExerciseKind

    # The exercise `nudge log rise` records (nudge.cli.offline, the app's session alike).
    rise = usable_catalogue(paths.user_exercises_file).catalogue.first_of_kind(ExerciseKind.RISE)
    # Translators: {what} is what the user typed after `nudge log`, quoted.
    said = (_("say which exercise you did; you can log:") if what is None else
            _("{what} is not an exercise nudge can log; you can log:").format(what=repr(what)))
    # Translators: keep `nudge log rise` and `--reps 8` as they are (they are typed).
    return "\n".join([said, f"  rise  {rise.name}",
                      _("e.g. `nudge log rise`, or `nudge log rise --reps 8` for 8 reps.")])


def _log_offline(paths: Paths, command: LogRise) -> Reply:
    """Not running: into the files, unless it has started since (then it is asked, once)."""
    from nudge.app.dispatch import dispatch
    from nudge.cli.app_channel import ask_app
    from nudge.cli.offline import AppStarted, FilesBackend
    from nudge.control import is_listening

    try:
        return dispatch(FilesBackend(paths, lambda: is_listening(paths.control_socket)), command)
    except AppStarted:
        reply = ask_app(paths, command)
    # Gone again already (or its control key is): into the files after all.
    return reply if reply is not None else dispatch(FilesBackend(paths), command)


def _pause(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.app_channel import print_reply, reply_to
    from nudge.core.durations import DurationError
    from nudge.core.pauses import pause_until

    spec = " ".join(args.duration)  # the words of one length, maybe none (nargs="*")
    try:  # here first: a bad length is the user's to fix, whatever the app would say
        pause_until(spec, datetime.now().astimezone())
    except DurationError as error:
        raise UserError(str(error)) from None
    reply = reply_to(paths, PauseNudges(spec))
    if not reply.ok:
        raise UserError(reply.message)
    return print_reply(reply)


def _resume(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.app_channel import print_reply, reply_to

    return print_reply(reply_to(paths, ResumeNudges()))


def _answer(args: argparse.Namespace, paths: Paths) -> int:
    """`nudge done`, `nudge snooze [DURATION]`, `nudge skip`: answer the nudge on screen."""
    from nudge.cli.app_channel import answer_offered, print_reply
    from nudge.core.decisions import Answer

    seconds = _snooze_seconds(args.duration) if args.command == "snooze" else None
    return print_reply(answer_offered(paths, Answer(args.command), seconds))


def _snooze_seconds(text: str | None) -> float | None:
    """The snooze length typed after `nudge snooze` (None: the config's), checked here: a bad
    length is the user's to fix, whatever the app would say."""
    from nudge.app.commands import LONGEST_SNOOZE
    from nudge.core.durations import DurationError, parse_duration

    if text is None:
        return None
    try:
        seconds = parse_duration(text)
    except DurationError as error:
        raise UserError(str(error)) from None
    if not 0 < seconds <= LONGEST_SNOOZE:
        # Translators: {text} is the length the user typed after `nudge snooze`.
        raise UserError(_("{text} is not a snooze length nudge can use; give one from 1s "
                          "to 24h, like 10m").format(text=text))
    return seconds


def _quit(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.app_channel import print_reply, reply_to

    reply = reply_to(paths, Quit())
    if not reply.ok:  # not running (the app's own reply to a quit is always ok)
        raise Failure(reply.message)
    return print_reply(reply)


# -- commands that read or write files directly ------------------------------------------------
def _summary(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.file_commands import summary_command

    return summary_command(paths, args.week, args.json, args.png, datetime.now().astimezone())


def _export(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.file_commands import export_command

    return export_command(paths, args.format, args.output)


def _config(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.file_commands import config_command

    return config_command(paths, init=args.init, check=args.check)


# -- start at login and the self-check ---------------------------------------------------------
def _autostart(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.autostart import AutostartError, autostart_for_platform, report

    autostart = autostart_for_platform()
    try:
        if args.state == "on":
            was_on = autostart.enabled() and autostart.is_current()
            autostart.enable()
            command = autostart.registered_command() or autostart.wanted_command()
            # Translators: {where} is the file or registry value that starts nudge at login;
            # {command} the command it runs.
            said = (_("Start at login was already on: {where} starts `{command}` when you log "
                      "in.") if was_on else
                    _("Start at login is now on: {where} starts `{command}` when you log in."))
            print(terminal_lines(said.format(where=autostart.where, command=command)))
            print(_("A nudge running now is not affected."))
        elif args.state == "off":
            was_on = autostart.enabled()
            autostart.disable()
            if was_on:
                print(terminal_lines(_("Start at login is now off: nudge will not start when "
                                       "you log in ({where}).").format(where=autostart.where)))
                print(_("A nudge running now is not affected."))
            else:
                print(_("Start at login was already off."))
        else:
            state = report(autostart)
            fix = f"\n{state.fix[:1].upper()}{state.fix[1:]}." if state.fix else ""
            # Translators: {state} says whether nudge starts at login, e.g. "on — … when
            # you log in" or "off".
            print(terminal_lines(_("Start at login: {state}.").format(state=state.detail) + fix))
    except AutostartError as error:
        raise Failure(_("start at login: {problem}").format(problem=error)) from None
    return 0


def _doctor(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.doctor import run_doctor

    return run_doctor(paths, as_json=args.json)


def _exercise(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.exercise_card import list_command, show_command

    if args.exercise_command == "list":
        return list_command(paths)
    return show_command(paths, args.id, args.png, args.dark, args.size, window=args.window)


def _forget(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.forget import forget_command

    return forget_command(paths, yes=args.yes)


def _quiet_hours(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.cli.quiet_hours import quiet_hours_command

    return quiet_hours_command(args, paths)


# -- the windows, each its own short-lived process (the all-day app never loads Qt) ---------
def _window(args: argparse.Namespace, paths: Paths) -> int:
    from nudge.windows.run import run_window

    return run_window(args.command, paths, getattr(args, "section", None))


HANDLERS: dict[str, Callable[[argparse.Namespace, Paths], int]] = {
    "run": _run, "status": _status, "summary": _summary, "log": _log, "export": _export,
    "config": _config, "pause": _pause, "resume": _resume, "quit": _quit,
    "done": _answer, "snooze": _answer, "skip": _answer,
    "autostart": _autostart, "doctor": _doctor, "forget": _forget, "exercise": _exercise,
    "settings": _window, "insights": _window, "welcome": _window, "quiet-hours": _quiet_hours,
}
