"""`nudge exercise list` and `nudge exercise show ID [--png FILE]`: the "How to do it" card.

Reads the shipped catalogue merged with the user's exercises.toml (a broken user file is said
once on standard error and nudge's own exercises are shown); `--png` copies the exercise's
picture (a strip of frames, start → end) to FILE, or with `--size` draws a built-in one at
that size (a user's own picture file is copied as it is); `--window` shows the card in a window
(`nudge.windows.howto_window`) until it is closed, and where no window can open says why and
prints the card here. Runs on the CLI's main thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.cli.errors import Failure, UserError
from nudge.i18n import N_, _
from nudge.paths import Paths

if TYPE_CHECKING:
    from nudge.core.catalogue import Catalogue, Exercise

# Translators: where an exercise is done.
_WHERE = {"chair": N_("in your chair"), "standing": N_("standing"), "floor": N_("on the floor")}


def list_command(paths: Paths) -> int:
    catalogue = _catalogue(paths)
    width = max(len(exercise.id) for exercise in catalogue.exercises)
    for exercise in catalogue.exercises:
        print(f"{exercise.id:<{width}}  {exercise.title} ({_(_WHERE[exercise.where.value])})")
    print("\n" + _("Show one with `nudge exercise show ID`; add --png FILE for its picture."))
    return 0


def show_command(paths: Paths, exercise_id: str, png: Path | None, dark: bool,
                 size: int | None = None, window: bool = False) -> int:
    from nudge.config.exercise_pictures import picture_file

    if size is not None and png is None:
        # Translators: {example} is how to add a file, e.g. --png glute_rise.png --size 512.
        raise UserError(_("--size is the size of the picture to write; add --png FILE, e.g. "
                          "{example}").format(example=f"--png {exercise_id}.png --size {size}"))

    catalogue = _catalogue(paths)
    exercise = catalogue.by_id(exercise_id)
    if exercise is None:
        known = ", ".join(e.id for e in catalogue.exercises)
        # Translators: {name} is what the user typed, in quotes; {known} the exercise ids.
        raise UserError(_("there is no exercise called {name}. The exercises are: {known}. "
                          "`nudge exercise list` shows them with their names.").format(
                              name=repr(exercise_id), known=known))
    picture = picture_file(exercise, "dark" if dark else "light")
    if window:
        from nudge.windows.run import run_window
        from nudge.windows.toolkit import NO_TOOLKIT

        code = run_window("howto", paths, exercise.id)
        if code != NO_TOOLKIT:
            return code
        print()  # under the reason no window can open (on stderr): the card, here
        _print_card(exercise, picture, None)
        return NO_TOOLKIT
    if png is not None:  # a mistake in the file name is said before the card, not after it
        _check_png_target(png, exercise.id)
    _print_card(exercise, picture, png)
    if png is not None:
        if picture is None:
            # Translators: {exercise} is an exercise id in quotes; keep picture = "FILE.png".
            raise Failure(_("{exercise} has no picture to write; add picture = \"FILE.png\" "
                            "to its entry in your exercises.toml to give it one.").format(
                                exercise=repr(exercise.id)))
        if size is not None and not exercise.picture:  # a user's own file is copied as is
            _write_png(png, lambda: _drawn(exercise.id, "dark" if dark else "light", size))
        else:
            _write_png(png, lambda: _read(picture))
        print("\n" + _("Wrote the picture to {file}").format(file=png))
    return 0


def _print_card(exercise: Exercise, picture: Path | None, png: Path | None) -> None:
    from nudge.core.catalogue import MEDICAL_NOTE

    # Translators: the heading of `nudge exercise show`: the exercise's name, and where it
    # is done (e.g. "in your chair").
    lines = [_("{exercise}, {place}").format(exercise=exercise.title,
                                             place=_(_WHERE[exercise.where.value])), ""]
    lines += [f"  {number}. {cue}" for number, cue in enumerate(exercise.cues, start=1)]
    lines.append("")
    if exercise.alt:
        # Translators: {description} describes the exercise's picture in words.
        lines.append(_("Picture: {description}").format(description=exercise.alt))
    if picture is None:
        lines.append(_("This exercise has no picture."))
    elif png is None:
        # Translators: {command} is a command to type, e.g. nudge exercise show glute_rise
        # --png glute_rise.png
        lines.append(_("See it: {command}").format(
            command=f"nudge exercise show {exercise.id} --png {exercise.id}.png"))
    lines += ["", _(MEDICAL_NOTE)]
    print("\n".join(lines))


def _catalogue(paths: Paths) -> Catalogue:
    from nudge.config.exercise_files import usable_catalogue

    loaded = usable_catalogue(paths.user_exercises_file)
    if loaded.problem is not None:
        print(f"{loaded.problem}\n" + _("Showing nudge's own exercises until it is fixed."),
              file=sys.stderr)
        return loaded.catalogue
    for warning in loaded.warnings:
        print(warning, file=sys.stderr)
    return loaded.catalogue


def _check_png_target(target: Path, exercise_id: str) -> None:
    """A folder, or a name not ending in .png, given for the picture: a usage mistake. The
    folder first: `/tmp` is not meant as `/tmp.png`."""
    if target.is_dir():
        raise UserError(_("{folder} is a folder; give a file name, e.g. {example}").format(
            folder=target, example=f"--png {target / f'{exercise_id}.png'}"))
    if target.suffix.lower() != ".png":
        raise UserError(_("the picture is a PNG, so the file name must end in .png; e.g. "
                          "{example}").format(
                              example=f"--png {target.with_name(target.stem + '.png')}"))


def _write_png(target: Path, payload: Callable[[], bytes]) -> None:
    from nudge.cli.errors import path_problem
    from nudge.platform.atomic_write import write_atomically

    content = payload()
    try:
        write_atomically(target, content, keep_existing_mode=True)
    except OSError as error:
        raise Failure(path_problem(error, target)) from None


def _read(picture: Path) -> bytes:
    from nudge.cli.errors import path_problem

    try:
        return picture.read_bytes()
    except OSError as error:
        raise Failure(path_problem(error, picture)) from None


def _drawn(exercise_id: str, theme: str, size: int) -> bytes:
    """The shipped exercise's strip drawn at `size` px per frame: crisp, not the file scaled."""
    import io

    from nudge.pictures import draw_exercise_strip

    out = io.BytesIO()
    draw_exercise_strip(exercise_id, theme, size).save(out, format="PNG", optimize=True)
    return out.getvalue()
