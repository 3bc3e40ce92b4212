"""CLI actions on the files themselves: used when the app is not running, and for read-only
commands (summary, export, config) that never need it.

Writes go through the same store and its lock as the app, so they are safe while it runs too.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path

from nudge.cli_errors import Failure, UserError, path_problem
from nudge.cli_output import GuardedStdout, silence_stdout
from nudge.commands import LogRise, Reply
from nudge.core.events import Event, EventKind, Source
from nudge.core.pauses import Pause
from nudge.paths import Paths, open_private


def _store(paths: Paths):  # type: ignore[no-untyped-def]
    from nudge.store import TinyDBEventStore, device_id

    try:
        paths.ensure()
        device = device_id(paths.state_dir)
    except OSError as error:  # e.g. a file where a folder should be, or no permission
        raise Failure(path_problem(error, paths.state_dir)) from None
    return TinyDBEventStore(paths.data_dir, device, paths.store_lock,
                            notify=lambda message: print(f"nudge: {message}", file=sys.stderr))


def _settings(paths: Paths):  # type: ignore[no-untyped-def]
    from nudge.config import ConfigError, load_config

    try:
        return load_config(paths.config_file).config.settings
    except ConfigError as error:
        raise UserError(f"{error}\nFix the file, or see `nudge config --check`.") from None


def offline_status(paths: Paths) -> Reply:
    from nudge.pause_state import load_pause

    now = datetime.now().astimezone()
    today = [e for e in _store(paths).events_between(now.date(), now.date())
             if e.kind is EventKind.DONE]
    reps = sum(e.reps or 0 for e in today)
    pause = load_pause(paths.state_file)
    paused = "" if pause is None or not pause.active(now) else " Nudges are paused."
    line = (f"nudge is not running. Today: {len(today)} rises done, {reps} reps.{paused} "
            "Start it with `nudge`.")
    return Reply(True, line, {"running": False, "done_today": len(today), "reps_today": reps})


def offline_log(paths: Paths, command: LogRise) -> Reply:
    from nudge.catalogue_files import load_catalogue
    from nudge.core.catalogue import CatalogueError, ExerciseKind
    from nudge.engine_requests import LOOK_BACK_DAYS, REQUEST_FIELD, find_logged, repeated_reply
    from nudge.store import StoreWriteError

    try:
        catalogue = load_catalogue(paths.user_exercises_file).catalogue
    except CatalogueError:
        catalogue = load_catalogue(None).catalogue
    exercise = catalogue.first_of_kind(ExerciseKind.RISE)
    reps = command.reps or exercise.reps
    now = datetime.now().astimezone()
    store = _store(paths)
    if command.request_id is not None:
        # A retry after the app died mid-reply: it may have saved this rep already. Only the
        # dead app could have written this id, so reading without the lock is enough.
        recent = store.events_between(now.date() - timedelta(days=LOOK_BACK_DAYS), now.date())
        earlier = find_logged(recent, command.request_id)
        if earlier is not None:
            return repeated_reply(earlier)
    event = Event(EventKind.DONE, now, exercise=exercise.id, reps=reps, source=Source.MANUAL,
                  extra={} if command.request_id is None
                  else {REQUEST_FIELD: command.request_id})
    try:
        store.append(event)
    except StoreWriteError as error:
        return Reply(False, f"Not saved: {error}")
    return Reply(True, f"Logged: {reps} reps.", {"reps": reps})


def offline_pause(paths: Paths, spec: str) -> Reply:
    from nudge.core.durations import DurationError
    from nudge.core.pauses import pause_until

    now = datetime.now().astimezone()
    try:
        until = pause_until(spec, now)
    except DurationError as error:
        return Reply(False, str(error))
    _save_pause_offline(paths, Pause(now, until))
    when = "until you resume" if until is None else f"until {until:%a %H:%M}"
    return Reply(True, f"Nudges paused {when} (nudge is not running; this applies when it "
                       "starts).")


def offline_resume(paths: Paths) -> Reply:
    _save_pause_offline(paths, None)
    return Reply(True, "Nudges resumed (nudge is not running; this applies when it starts).")


def _save_pause_offline(paths: Paths, pause: Pause | None) -> None:
    from nudge.pause_state import save_pause

    try:
        paths.ensure()
        save_pause(paths.state_file, pause)
    except OSError as error:
        raise Failure(path_problem(error, paths.state_file)) from None


def summary_command(paths: Paths, week_text: str | None, as_json: bool, png: Path | None,
                    now: datetime) -> int:
    from nudge.core.summary import IsoWeek, summary_to_json
    from nudge.core.summary_text import summary_to_text
    from nudge.history import weekly_summary

    try:
        week = IsoWeek.parse(week_text) if week_text else IsoWeek.containing(now.date())
    except ValueError as error:
        raise UserError(str(error)) from None
    target = None if png is None else _png_target(png)
    summary = weekly_summary(_store(paths), week, _settings(paths), now.date())
    if png is not None and target is not None:
        from nudge.charts.weekly_png import render_weekly_png

        try:
            render_weekly_png(summary, target)
        except OSError as error:
            raise Failure(f"could not write {png}: {error.strerror or error}") from None
        print(f"Wrote the summary of {week} to {png}")
    elif as_json:
        print(json.dumps(summary_to_json(summary), indent=2))
    else:
        print(summary_to_text(summary))
    return 0


def _png_target(png: Path) -> Path:
    """Where to write the chart: a new name or a regular file, never a device, pipe or folder
    (the chart replaces the file by a rename, which would replace those too)."""
    try:
        info = png.stat()
    except OSError:  # a new file; a missing folder is reported when writing
        return png
    if stat.S_ISREG(info.st_mode):
        return png.resolve() if png.is_symlink() else png  # write through a link, keep the link
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{png} is a folder; give a file name for the chart, "
                        f"e.g. --png {png / 'week.png'}")
    raise UserError(f"{png} is not a regular file (a device, pipe or socket), and nudge only "
                    "writes the chart to a file; give a file name, e.g. --png week.png")


def export_command(paths: Paths, fmt: str, output: Path | None) -> int:
    from nudge.store import export_events

    if output is None:
        # The export is the output itself: write to the real stream and stop at its first error.
        stream = sys.stdout.raw if isinstance(sys.stdout, GuardedStdout) else sys.stdout
        if stream is None:  # `nudge export >&-`
            raise Failure("standard output is closed, so the export has nowhere to go; "
                          "give a file with `--output FILE`.")
        store = _store(paths)
        try:
            count = export_events(store.iter_all_events(), fmt, stream)  # type: ignore[arg-type]
            stream.flush()
        except BrokenPipeError:  # `nudge export | head`: the reader has all it wanted
            silence_stdout(stream)
            return 1
        except OSError as error:
            silence_stdout(stream)
            raise Failure(f"could not write the export to standard output: "
                          f"{error.strerror or error}") from None
    else:
        store = _store(paths)
        try:
            # Your whole history: a new file is yours alone (0600), like nudge's own files.
            fd = open_private(output, os.O_WRONLY | os.O_TRUNC)
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                count = export_events(store.iter_all_events(), fmt, handle)  # type: ignore[arg-type]
                handle.flush()
                if stat.S_ISREG(os.fstat(fd).st_mode):  # not a pipe or a terminal
                    os.fsync(fd)  # `nudge forget` offers this file as the backup: on disk first
        except OSError as error:
            raise Failure(f"could not write {output}: {error.strerror or error}") from None
    print(f"Exported {count} events.", file=sys.stderr)
    return 0


def config_command(paths: Paths, init: bool, check: bool) -> int:
    from nudge.config import ConfigError, load_config, write_default_config

    if init:
        try:
            write_default_config(paths.config_file)
        except ConfigError as error:
            raise Failure(str(error)) from None
        print(f"Wrote {paths.config_file}; edit it and nudge picks up the change.")
        return 0
    if check:
        try:
            warnings = load_config(paths.config_file).warnings
        except ConfigError as error:
            print("\n".join([*error.problems, *error.warnings]), file=sys.stderr)
            return 2
        for line in warnings:
            print(line)
        print(f"{paths.config_file}: OK" + (" (with warnings)" if warnings else ""))
        return 0
    print(paths.config_file)
    return 0
