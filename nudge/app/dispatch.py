"""What each command does, once: a handler table over a back end.

A command acts on one of two back ends: the running app's engine (`nudge.app.engine_commands`,
which the CLI reaches over the control channel, and the tray, terminal and notifications reach
through the engine loop), or nudge's files when the app is not running
(`nudge.cli.offline.FilesBackend`). The rules that do not depend on which one (what a pause
length means, when a resume says "weren't paused", a `log` request counted once) live here; a
back end only reads and keeps state. Runs on the caller's thread: the engine thread for the app,
the CLI's main thread for the files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from nudge.app.commands import (
    AddQuietPause,
    AnswerNudge,
    Command,
    DismissQuietHour,
    GetStatus,
    LogRise,
    PauseNudges,
    Quit,
    ReloadConfig,
    Reply,
    ResumeNudges,
    TryNudge,
)
from nudge.core.durations import DurationError
from nudge.core.pauses import Pause, pause_until
from nudge.core.quiet_hours import QuietHour
from nudge.i18n import _, formats
from nudge.platform.error_words import reason
from nudge.state.quiet_hours import dismiss


class Backend(Protocol):
    """The state a command acts on. `applies_later` is true for a back end whose changes apply
    only later (the files, the app not running): the replies then say so, each one written
    whole for translation."""

    applies_later: bool

    def now(self) -> datetime:
        """The wall time of this command, aware."""
        ...

    def current_pause(self) -> Pause | None: ...

    def set_pause(self, pause: Pause | None) -> str:
        """Pause (or resume, None); returns what to add to the reply ("" when all went well)."""
        ...

    def earlier_reply(self, request_id: str | None) -> Reply | None:
        """The reply already given to this request id (a `log` asked again), or None."""
        ...

    def remember(self, request_id: str | None, reply: Reply) -> None: ...

    def log_rise(self, command: LogRise) -> Reply: ...

    def status(self) -> Reply: ...

    def answer(self, command: AnswerNudge) -> Reply: ...

    def quit(self) -> Reply: ...

    def try_nudge(self) -> Reply:
        """Show a nudge that is not recorded (the welcome's "Try a nudge now")."""

    def reload_config(self) -> None:
        """Read the config and exercises files again if they changed (the app: now)."""

    def quiet_hour_files(self) -> tuple[Path, Path]:
        """The config file a quiet hour is added to, and the file of dismissed ones."""
        ...

    def quiet_hour_answered(self, key: str) -> None:
        """The quiet hour `key` was accepted or dismissed: offer the next one, if any."""
        ...


def dispatch(backend: Backend, command: Command) -> Reply:
    """Carry out `command` on `backend` and say what happened, in words for the user."""
    handler: Callable[[Backend, Any], Reply] = HANDLERS[type(command)]
    return handler(backend, command)


def _pause(backend: Backend, command: PauseNudges) -> Reply:
    now = backend.now()
    try:
        until = pause_until(command.spec, now)
    except DurationError as error:
        return Reply(False, str(error))
    note = backend.set_pause(Pause(since=now, until=until))
    later = backend.applies_later
    if until is None:
        said = (_("Nudges paused until you resume (nudge is not running; this applies when it "
                  "starts).") if later else _("Nudges paused until you resume."))
    else:
        # Translators: {day} is a short weekday ("Tue"), {time} a 24-hour time ("14:30").
        said = (_("Nudges paused until {day} {time} (nudge is not running; this applies when "
                  "it starts).") if later else _("Nudges paused until {day} {time}.")).format(
            day=formats().weekday(until.date()), time=f"{until:%H:%M}")
    return Reply(True, said + note)


def _resume(backend: Backend, command: ResumeNudges) -> Reply:
    pause = backend.current_pause()
    was_paused = pause is not None and pause.active(backend.now())
    note = backend.set_pause(None)
    if not was_paused:
        said = _("Nudges weren't paused.")
    elif backend.applies_later:
        said = _("Nudges resumed (nudge is not running; this applies when it starts).")
    else:
        said = _("Nudges resumed.")
    return Reply(True, said + note)


def _log(backend: Backend, command: LogRise) -> Reply:
    earlier = backend.earlier_reply(command.request_id)
    if earlier is not None:  # the CLI lost the reply and asked again: the rep counts once
        return earlier
    reply = backend.log_rise(command)
    backend.remember(command.request_id, reply)
    return reply


def _status(backend: Backend, command: GetStatus) -> Reply:
    return backend.status()


def _answer(backend: Backend, command: AnswerNudge) -> Reply:
    return backend.answer(command)


def _try(backend: Backend, command: TryNudge) -> Reply:
    return backend.try_nudge()


def _reload(backend: Backend, command: ReloadConfig) -> Reply:
    backend.reload_config()
    status = backend.status()  # after the reload: what the app does now
    if backend.applies_later:
        return Reply(True, _("nudge is not running; it reads the settings when it starts."),
                     status.data)
    return Reply(True, _("nudge is using the saved settings now."), status.data)


def _quit(backend: Backend, command: Quit) -> Reply:
    return backend.quit()


def _add_quiet_pause(backend: Backend, command: AddQuietPause) -> Reply:
    quiet = QuietHour.from_key(command.key)
    if quiet is None:
        return _no_quiet_hour(command.key)
    from nudge.config.add_pause import add_quiet_hour  # tomlkit: only loaded for this click
    from nudge.config.problems import ConfigError

    try:
        message = add_quiet_hour(backend.quiet_hour_files()[0], quiet)
    except ConfigError as error:
        return Reply(False, _("The pause was not added: {error}").format(error=error))
    backend.quiet_hour_answered(quiet.key)
    return Reply(True, message)


def _dismiss_quiet_hour(backend: Backend, command: DismissQuietHour) -> Reply:
    quiet = QuietHour.from_key(command.key)
    if quiet is None:
        return _no_quiet_hour(command.key)
    path = backend.quiet_hour_files()[1]
    try:
        dismiss(path, quiet.key)
    except OSError as error:
        # Translators: {reason} says what went wrong with the file {path}.
        return Reply(False, _("Could not remember that ({reason}: {path}); nudge may ask once "
                              "more.").format(reason=reason(error), path=path))
    backend.quiet_hour_answered(quiet.key)
    return Reply(True, _("Got it: nudge won't ask about that hour again."))


def _no_quiet_hour(key: str) -> Reply:
    # Translators: {key} is what was asked for, quoted; "tue-14" is a name to keep as it is.
    return Reply(False, _("No quiet hour called {key}; names look like tue-14.").format(
        key=repr(key)))


HANDLERS: dict[type[Command], Callable[[Backend, Any], Reply]] = {
    PauseNudges: _pause, ResumeNudges: _resume, LogRise: _log, GetStatus: _status,
    AnswerNudge: _answer, Quit: _quit, AddQuietPause: _add_quiet_pause,
    DismissQuietHour: _dismiss_quiet_hour, TryNudge: _try, ReloadConfig: _reload,
}
