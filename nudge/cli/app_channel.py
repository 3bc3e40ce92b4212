"""The CLI's side of the control channel: ask the running app, or, when none runs, the files.

`ask_app` sends one command to the running app (None when it is not running); `reply_to`
falls back to the files under the same rules (`nudge.app.dispatch`); `answer_offered` answers
the nudge on screen (`nudge done`, `snooze`, `skip`); `ask_log` asks again, with the same
request id, when a `log`'s reply was lost; `print_reply` says the reply. Every failure to reach
the app becomes a `Failure` with words for the user. Main thread of the short-lived `nudge`
command; loaded by `status` and `log`, so it imports nothing heavy at module level.
"""

from __future__ import annotations

import sys

from nudge.app.commands import AnswerNudge, Command, GetStatus, LogRise, Reply
from nudge.cli.errors import Failure, folder_problem, socket_too_long
from nudge.core.decisions import Answer
from nudge.i18n import _, terminal_lines
from nudge.paths import Paths


def ask_app(paths: Paths, command: Command) -> Reply | None:
    """Send to the running app; None when it is not running."""
    from nudge.control import ControlError, NoReply

    try:
        return _send(paths, command)
    except NoReply as error:
        if isinstance(command, GetStatus):
            raise Failure(_unreachable(error)) from None
        raise Failure(_unconfirmed(command, error)) from None
    except ControlError as error:
        raise Failure(_unreachable(error)) from None


def _send(paths: Paths, command: Command) -> Reply | None:
    """The app's reply; None when it is not running. Raises NoReply or another ControlError."""
    from nudge.control import AppNotRunning, send_command

    unusable = folder_problem(paths.state_dir)
    if unusable is not None:  # no app can run there: say what is wrong with the folder
        raise Failure(unusable)
    too_long = socket_too_long(paths.control_socket)
    if too_long is not None:  # the app cannot listen there, so it is not running or unreachable
        from nudge.app.instance import running_pid

        if running_pid(paths.instance_lock) is None:
            return None
        raise Failure(_("nudge is running, but no command can reach it: {problem}. Fix: quit "
                        "it from its tray or terminal, then start it with a shorter NUDGE_HOME "
                        "(a folder with a shorter path).").format(problem=too_long))
    try:
        return send_command(paths.control_socket, paths.control_key, command)
    except AppNotRunning:
        return None


def _unreachable(error: Exception) -> str:
    # Translators: {error} says why, e.g. "nudge did not answer within 5 s".
    return _("could not reach the running nudge: {error}").format(error=error)


def _unconfirmed(command: Command, error: Exception) -> str:
    """The app got the command but its reply was lost: say what is known, never "failed"."""
    if isinstance(command, LogRise):
        # Translators: {error} says what happened, e.g. "nudge closed the connection before
        # it replied".
        return _("{error}, so the rep may have been saved: check `nudge status` before "
                 "logging it again.").format(error=error)
    # The command the user typed: `nudge done`, not the channel's "answer".
    name = command.answer.value if isinstance(command, AnswerNudge) else command.name
    # Translators: {error} says what happened; {command} is a command name, e.g. pause.
    return _("{error}, so `nudge {command}` may have been done: check `nudge status`.").format(
        error=error, command=name)


def reply_to(paths: Paths, command: Command) -> Reply:
    """The running app's reply to `command`, or, when it is not running, the files' (the same
    rules: `nudge.app.dispatch`)."""
    reply = ask_app(paths, command)
    return reply if reply is not None else _files_reply(paths, command)


def _files_reply(paths: Paths, command: Command) -> Reply:
    from nudge.app.dispatch import dispatch
    from nudge.cli.offline import FilesBackend

    return dispatch(FilesBackend(paths), command)


def answer_offered(paths: Paths, answer: Answer, snooze_seconds: float | None = None) -> Reply:
    """Answer the nudge the running app offers now (`nudge done`, `snooze`, `skip`): the CLI
    way to answer where no tray or notification can. None offered, or the app not running,
    is said in the reply."""
    status = ask_app(paths, GetStatus())
    nudge_id = None if status is None else status.data.get("nudge_id")
    if status is not None and not (isinstance(nudge_id, str) and nudge_id):
        return Reply(False, _("No nudge is waiting for an answer right now. `nudge status` "
                              "says when the next one comes."))
    command = AnswerNudge(nudge_id or "", answer, snooze_seconds=snooze_seconds)
    reply = ask_app(paths, command) if status is not None else None
    if reply is None:  # not running (or it quit just now): the files say so
        return _files_reply(paths, command)
    progress = reply.data.get("progress")  # after a Done: a few words of progress (#20)
    if reply.ok and isinstance(progress, str) and progress:
        return Reply(True, f"{reply.message} {progress}", reply.data)
    return reply


def print_reply(reply: Reply) -> int:
    """Say the reply in lines that fit a terminal (`terminal_lines`); 0 if it went well."""
    print(terminal_lines(reply.message), file=sys.stdout if reply.ok else sys.stderr)
    return 0 if reply.ok else 1


def ask_log(paths: Paths, command: LogRise) -> Reply | None:
    """Like `ask_app`, but a reply lost because the app hung up is asked for again, with the
    same request id: the app (or, if it died, the history `offline_log` reads) knows the id,
    so the rep counts once. A silent app is not asked again: it may still be busy with it."""
    import time

    from nudge.control import ControlError, NoReply

    try:
        return _send(paths, command)
    except NoReply as error:
        if error.timed_out:
            raise Failure(_unconfirmed(command, error)) from None
        first = error
    except ControlError as error:
        raise Failure(_unreachable(error)) from None
    for pause in _RETRY_PAUSES:  # a dying app may still take a connection and drop it
        time.sleep(pause)
        try:
            return _send(paths, command)
        except NoReply as error:
            if error.timed_out:
                break
        except ControlError:
            pass
    raise Failure(_unconfirmed(command, first))


_RETRY_PAUSES = (0.0, 0.1, 0.4)  # seconds before each new try of a `log` whose reply was lost
