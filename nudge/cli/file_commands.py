"""The commands that work on nudge's files and never need the app: `summary`, `export` and
`config`. Main thread of the `nudge` command.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from datetime import datetime
from pathlib import Path

from nudge.cli.errors import Failure, UserError, path_problem
from nudge.cli.offline import open_store
from nudge.cli.output import GuardedStdout, silence_stdout
from nudge.core.settings import Settings
from nudge.i18n import _, ngettext, terminal_lines
from nudge.paths import Paths, open_private
from nudge.platform.error_words import reason


def _settings(paths: Paths) -> Settings:
    """The config's settings; with a broken config file, the defaults, as the app then runs
    on, and a warning saying so."""
    from nudge.config import usable_config

    loaded = usable_config(paths.config_file)
    if loaded.problem is not None:
        print("nudge: " + _("warning: {problem}").format(problem=loaded.problem) + "\n"
              + _("This uses the default settings until the file is fixed (see `nudge config "
                  "--check`)."), file=sys.stderr)
    return loaded.config.settings


def summary_command(paths: Paths, week_text: str | None, as_json: bool, png: Path | None,
                    now: datetime) -> int:
    from nudge.config.exercise_files import usable_catalogue
    from nudge.core.summary import IsoWeek, summary_to_json
    from nudge.core.summary_text import summary_to_text
    from nudge.store.history import weekly_summary

    try:  # `--week ""` is a mistake, not "this week"
        week = IsoWeek.containing(now.date()) if week_text is None else IsoWeek.parse(week_text)
    except ValueError as error:
        raise UserError(str(error)) from None
    target = None if png is None else _png_target(png)
    held = usable_catalogue(paths.user_exercises_file).catalogue.held_ids()
    summary = weekly_summary(open_store(paths), week, _settings(paths), now.date(), held)
    if png is not None and target is not None:
        from nudge.charts.weekly_png import render_weekly_png

        try:
            render_weekly_png(summary, target)
        except OSError as error:
            raise Failure(path_problem(error, png)) from None
        # Translators: {week} is an ISO week like 2026-W48.
        print(_("Wrote the summary of {week} to {file}").format(week=week, file=png))
    elif as_json:
        print(json.dumps(summary_to_json(summary), indent=2))
    else:
        print(summary_to_text(summary))
    return 0


def _png_target(png: Path) -> Path:
    """Where to write the chart: a new name or a regular file, never a device, pipe or folder
    (the chart replaces the file by a rename, which would replace those too), and a name ending
    in .png, since that is what is written."""
    _refuse_folder(png, _("{folder} is a folder; give a file name for the chart, e.g. "
                          "{example}"), f"--png {png / 'week.png'}")
    if png.suffix.lower() != ".png":
        raise UserError(_("the chart is a PNG picture, so its file name must end in .png; "
                          "e.g. {example}").format(
                              example=f"--png {png.with_name(png.stem + '.png')}"))
    try:
        info = png.stat()
    except OSError:  # a new file; a missing folder is reported when writing
        return png
    if stat.S_ISREG(info.st_mode):
        return png.resolve() if png.is_symlink() else png  # write through a link, keep the link
    raise UserError(_("{file} is not a regular file (a device, pipe or socket), and nudge only "
                      "writes the chart to a file; give a file name, e.g. {example}").format(
                          file=png, example="--png week.png"))


def _refuse_folder(target: Path, message: str, example: str) -> None:
    """A folder given where a file name belongs: a usage mistake (exit 2), the same for every
    command that writes a file. `message` is translated, with {folder} and {example}."""
    if target.is_dir():
        raise UserError(message.format(folder=target, example=example))




def export_command(paths: Paths, fmt: str, output: Path | None) -> int:
    from nudge.store import export_events

    if output is not None:
        _refuse_folder(output, _("{folder} is a folder; give a file name for the export, e.g. "
                                 "{example}"), f"-o {output / f'nudge-history.{fmt}'}")
    # Progress only on a terminal, and not when the export itself scrolls by on it.
    shown = _on_terminal(sys.stderr) and not (output is None and _on_terminal(sys.stdout))
    progress = _ExportProgress() if shown else None
    if output is None:
        # The export is the output itself: write to the real stream and stop at its first error.
        stream = sys.stdout.raw if isinstance(sys.stdout, GuardedStdout) else sys.stdout
        if stream is None:  # `nudge export >&-`
            raise Failure(_("standard output is closed, so the export has nowhere to go; "
                            "give a file with `--output FILE`."))
        store = open_store(paths)
        try:
            count = export_events(store.iter_all_events(progress), fmt,  # type: ignore[arg-type]
                                  stream)
            stream.flush()
        except BrokenPipeError:  # `nudge export | head`: the reader has all it wanted
            silence_stdout(stream)
            return 1
        except OSError as error:
            silence_stdout(stream)
            raise Failure(_("could not write the export to standard output: {reason}").format(
                reason=reason(error))) from None
    else:
        store = open_store(paths)
        try:
            # Your whole history: a new file is yours alone (0600), like nudge's own files.
            fd = open_private(output, os.O_WRONLY | os.O_TRUNC)
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                count = export_events(store.iter_all_events(progress), fmt,  # type: ignore[arg-type]
                                      handle)
                handle.flush()
                if stat.S_ISREG(os.fstat(fd).st_mode):  # not a pipe or a terminal
                    os.fsync(fd)  # `nudge forget` offers this file as the backup: on disk first
        except OSError as error:
            raise Failure(path_problem(error, output)) from None
    if progress is not None:
        progress.clear()
    print(ngettext("Exported {n} event.", "Exported {n} events.", count).format(n=count),
          file=sys.stderr)
    return 0


def _on_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # closed, or None when started without it
        return False


class _ExportProgress:
    """"exporting week 120 of 5000" on the terminal's standard error, once the export has taken
    over a second, at most a few times a second; `clear()` removes it."""

    def __init__(self) -> None:
        self._next = time.monotonic() + 1.0
        self._shown = False

    def __call__(self, done: int, weeks: int) -> None:
        if time.monotonic() < self._next:
            return
        self._next = time.monotonic() + 0.2
        self._shown = True
        said = _("exporting week {done} of {weeks}…").format(done=done, weeks=weeks)
        print(f"\rnudge: {said}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self._shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def config_command(paths: Paths, init: bool, check: bool) -> int:
    from nudge.config import ConfigError, ConfigFileExists, write_default_config

    if init:
        try:
            write_default_config(paths.config_file)
        except ConfigFileExists:  # what was asked for is there: done, as `autostart on` twice
            _already_there(paths.config_file)
            return 0
        except ConfigError as error:
            raise Failure(str(error)) from None
        print(_("Wrote {file}; edit it and nudge picks up the change.").format(
            file=paths.config_file))
        return 0
    if check:
        return _check_config_files(paths)
    print(paths.config_file)
    return 0


def _already_there(config: Path) -> None:
    """`nudge config --init` with a config file already there: left as it is, and what to do."""
    print(_("{file} already exists; nudge left it as it is.").format(file=config))
    # Translators: three lines on the terminal (keep each under 80 characters); keep
    # `nudge settings`, `nudge config --check` and `nudge config --init` as they are (typed).
    print(_("Change it with `nudge settings` or in a text editor.\n"
            "Check it with `nudge config --check`.\n"
            "To start fresh, move it away and run `nudge config --init` again."))


def _check_config_files(paths: Paths) -> int:
    """`nudge config --check`: the config file and the user's exercises file, each said OK,
    absent (the defaults) or with its problems; exit 2 when either has a problem."""
    from nudge.config import ConfigError, load_config
    from nudge.config.exercise_files import load_catalogue
    from nudge.core.catalogue import CatalogueError

    broken = False
    try:
        warnings = load_config(paths.config_file).warnings
    except ConfigError as error:
        print("\n".join([*error.problems, *error.warnings]), file=sys.stderr)
        broken = True
    else:
        for line in warnings:
            print(line)
        if not paths.config_file.exists():
            print(terminal_lines(_("no config file: all defaults ({file}; `nudge config "
                                   "--init` writes a commented one)").format(
                file=paths.config_file)))
        else:
            print(_checked(paths.config_file, bool(warnings)))
    try:
        exercise_warnings = load_catalogue(paths.user_exercises_file).warnings
    except CatalogueError as error:
        print(f"{error}\n" + _("Until it is fixed, nudge offers only its own exercises."),
              file=sys.stderr)
        return 2
    for line in exercise_warnings:
        print(line)
    if paths.user_exercises_file.exists():
        print(_checked(paths.user_exercises_file, bool(exercise_warnings)))
    return 2 if broken else 0


def _checked(file: Path, warned: bool) -> str:
    """The line `nudge config --check` gives a file nudge can use."""
    # Translators: said of a file `nudge config --check` found usable.
    return (_("{file}: OK (with warnings)") if warned else _("{file}: OK")).format(file=file)
