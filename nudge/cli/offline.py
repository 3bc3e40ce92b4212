"""nudge's files as a command back end (`nudge.app.dispatch.Backend`), for when the app is not
running: `status`, `log rise`, `pause` and `resume` read and write the history and the pause
file themselves, under the rules in `nudge.app.dispatch`. Main thread of the `nudge` command.

Writes go through the same store and its lock as the app, so they are safe while it runs too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from nudge.app.commands import AnswerNudge, LogRise, Reply
from nudge.cli.errors import Failure, folder_problem, path_problem
from nudge.core.events import Event, EventKind, Source
from nudge.core.pauses import Pause
from nudge.i18n import _, ngettext
from nudge.paths import Paths
from nudge.store import TinyDBEventStore


def open_store(paths: Paths) -> TinyDBEventStore:
    """The history, as the app opens it; problems with its folders are the user's to fix."""
    from nudge.store import device_id

    unusable = folder_problem(paths.state_dir)  # NUDGE_HOME a file, a path too long: named
    if unusable is not None:
        raise Failure(unusable)
    try:
        paths.ensure()
        device = device_id(paths.state_dir)
    except OSError as error:  # e.g. a file where a folder should be, or no permission
        raise Failure(path_problem(error, paths.state_dir)) from None
    return TinyDBEventStore(paths.data_dir, device, paths.store_lock,
                            notify=lambda message: print(f"nudge: {message}", file=sys.stderr))


class AppStarted(Exception):
    """The app started since the CLI found it not running: only telling it counts a rise."""


class FilesBackend:
    """The files, the app not running. `app_started()` is asked under the history's write lock
    before a rise is written: a starting app listens for commands before it waits for writers
    and reads today's history, so a write let through here is in what it reads."""

    applies_later = True  # the replies say so: the app reads the files when it starts

    def __init__(self, paths: Paths, app_started: Callable[[], bool] = lambda: False, *,
                 now: datetime | None = None) -> None:
        self._paths = paths
        self._app_started = app_started
        self._now = now or datetime.now().astimezone()
        self._store: TinyDBEventStore | None = None

    def now(self) -> datetime:
        return self._now

    def current_pause(self) -> Pause | None:
        from nudge.state.pause_file import load_pause

        return load_pause(self._paths.state_file)

    def set_pause(self, pause: Pause | None) -> str:
        from nudge.state.pause_file import save_pause

        try:
            self._paths.ensure()
            save_pause(self._paths.state_file, pause)
        except OSError as error:
            raise Failure(path_problem(error, self._paths.state_file)) from None
        return ""

    def earlier_reply(self, request_id: str | None) -> Reply | None:
        """A retry after the app died mid-reply: it may have saved this rep already. Only the
        dead app could have written this id, so reading without the lock is enough."""
        from nudge.app.requests import LOOK_BACK_DAYS, find_logged, repeated_reply

        if request_id is None:
            return None
        today = self._now.date()
        recent = self.store().events_between(today - timedelta(days=LOOK_BACK_DAYS), today)
        earlier = find_logged(recent, request_id)
        return None if earlier is None else repeated_reply(earlier)

    def remember(self, request_id: str | None, reply: Reply) -> None:
        """Nothing to do: the history, where the rep is stored with its id, remembers."""

    def log_rise(self, command: LogRise) -> Reply:
        """Raises AppStarted if the app started since the CLI found it not running."""
        from nudge.app.requests import REQUEST_FIELD
        from nudge.config.exercise_files import usable_catalogue
        from nudge.core.catalogue import ExerciseKind
        from nudge.store import StoreWriteError

        catalogue = usable_catalogue(self._paths.user_exercises_file).catalogue
        exercise = catalogue.first_of_kind(ExerciseKind.RISE)
        reps = command.reps or exercise.reps
        event = Event(EventKind.DONE, self._now, exercise=exercise.id, reps=reps,
                      source=Source.MANUAL, extra={} if command.request_id is None
                      else {REQUEST_FIELD: command.request_id})
        store = self.store()
        try:
            with store.writing():
                if self._app_started():
                    raise AppStarted
                store.append(event)
        except StoreWriteError as error:
            # Translators: {problem} says why, with the fix.
            return Reply(False, _("Not saved: {problem}").format(problem=error))
        return Reply(True, ngettext("Logged: {n} rep.", "Logged: {n} reps.", reps).format(n=reps),
                     {"reps": reps})

    def status(self) -> Reply:
        """The same numbers and words as the running app's (`nudge.core.status.today_line`)."""
        from nudge.config.exercise_files import usable_catalogue
        from nudge.core.status import today_data, today_line
        from nudge.core.summary_counts import reps_on, rise_counts_on

        now = self._now
        # From yesterday on, so a nudge snoozed over midnight is not taken for a new one.
        recent = self.store().events_between(now.date() - timedelta(days=1), now.date())
        rises = rise_counts_on(recent, now.date()).rises
        held = usable_catalogue(self._paths.user_exercises_file).catalogue.held_ids()
        reps = reps_on(recent, now.date(), held)
        pause = self.current_pause()
        paused = pause is not None and pause.active(now)
        line = (_("nudge is not running, and nudges are paused. Start it with `nudge`.")
                if paused else _("nudge is not running. Start it with `nudge`."))
        return Reply(True, f"{line}\n{today_line(rises, reps)}",
                     {"running": False, **today_data(rises, reps)})

    def answer(self, command: AnswerNudge) -> Reply:
        return Reply(False, _("nudge is not running, so no nudge is open; start it with "
                              "`nudge`."))

    def quit(self) -> Reply:
        return Reply(False, _("nudge is not running."))

    def try_nudge(self) -> Reply:
        return Reply(False, _("nudge is not running, so it cannot show a nudge; start it with "
                              "`nudge`."))

    def quiet_hour_files(self) -> tuple[Path, Path]:
        return self._paths.config_file, self._paths.quiet_hours_file

    def quiet_hour_answered(self, key: str) -> None:
        pass  # nothing running to tell: the app looks again when it starts

    def reload_config(self) -> None:
        pass  # nothing running: the app reads the files when it starts

    def store(self) -> TinyDBEventStore:
        if self._store is None:
            self._store = open_store(self._paths)
        return self._store
