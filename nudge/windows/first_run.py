"""The first-run welcome, without Qt: when it is due, what it says, what it writes, and the
same questions in a terminal for terminal mode.

Runs on the caller's thread: `nudge run` asks `launch.welcome_due` before starting (and starts
the welcome window, or asks in the terminal here); the window calls `apply_answers`. Showing
the welcome marks it, so it never comes again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from nudge.config.keys import KEYS
from nudge.core.catalogue import MEDICAL_NOTE
from nudge.core.settings import WEEKDAYS
from nudge.i18n import N_, _, pgettext
from nudge.paths import Paths
from nudge.platform.atomic_write import write_atomically
from nudge.windows.launch import WELCOME_MARKER, start_app
from nudge.windows.settings_doc import SettingsDocument, day_id

INTRO = (  # marked: shown as _(sentence)
    N_("nudge measures how long you really sit and, at a good moment, suggests a short "
       "glute-first chair rise."),
    N_("It waits for a pause in your typing, and holds back during calls, games and "
       "presentations."),
    N_("Your history stays on this computer; the tray icon shows how your day is going."),
)
WORKDAYS = WEEKDAYS[:5]
_RISE_EVERY = next(key for key in KEYS if key.name == "rise_every")
_UI = next(key for key in KEYS if key.section == "app" and key.name == "ui")


@dataclass(frozen=True)
class Answers:
    work_hours: str = "08:00-18:00"  # Monday to Friday; the weekend stays off
    rise_every: str = "30m"
    start_at_login: bool = True


def mark_welcomed(paths: Paths) -> None:
    """The welcome has been shown: never again (OSError if the state folder is unusable)."""
    paths.ensure()
    write_atomically(paths.state_dir / WELCOME_MARKER, b"")


def answer_problems(paths: Paths, answers: Answers) -> dict[str, str]:
    """"work_hours"/"rise_every" -> what is wrong and how to write it, in a short sentence
    that does not repeat the answer (it is right above); empty when both are fine. The checks
    are `nudge config --check`'s; the words are the welcome's own."""
    problems = _document(paths, answers).placed_problems()
    found = {}
    hours = problems.get(day_id(WORKDAYS[0]))
    if hours is not None:
        found["work_hours"] = _(_HOURS_PROBLEMS.get(hours.kind, _HOURS_FORM))
    rise = problems.get(f"schedule.{_RISE_EVERY.name}")
    if rise is not None:
        found["rise_every"] = _("Choose from {bounds}, like 30m or 1h.").format(
            bounds=_RISE_EVERY.kind.bounds) if rise.kind == "is out of range" else \
            _("Write a number and a unit, like 30m or 1h.")
    return found


# The welcome's words for a problem with the work hours, by the problem's kind (values.py).
# Translators: keep the hours as written: they are what the settings accept.
_HOURS_FORM = N_("Write a start and an end time with a dash between, like 08:00-18:00.")
_HOURS_PROBLEMS = {
    # Translators: keep the hours as written: they are what the settings accept.
    "has a range that does not end after it starts": N_(
        "The end time must come after the start time, like 08:00-18:00."),
    # Translators: keep the hours as written: they are what the settings accept.
    "has ranges that overlap": N_(
        "Two of the ranges overlap; let each end before the next starts, like 08:00-12:00, "
        "13:00-17:30."),
}


def apply_answers(paths: Paths, answers: Answers) -> str:
    """Write the config (the commented default with the answers) and start at login; words
    for the user. Raises ConfigError with the reason when the answers or the file are bad."""
    from nudge.autostart import AutostartError, autostart_for_platform

    _document(paths, answers).save()
    autostart = autostart_for_platform()
    try:
        if answers.start_at_login:
            autostart.enable()
        elif autostart.enabled():
            autostart.disable()
    except (AutostartError, OSError) as error:
        return _("Saved your settings, but start at login could not be set: {problem}").format(
            problem=error)
    if answers.start_at_login:
        return _("All set: your hours are saved, and nudge starts when you log in.")
    return _("All set: your hours are saved, and nudge does not start at login "
             "(`nudge autostart on` changes that).")


def start_the_app(paths: Paths, display: bool) -> str:
    """The welcome is done and nudge is not running (`nudge welcome` on its own): start it as
    a login start would, on its own, and say so; where it would need a terminal (`ui =
    "terminal"`, or no `display` for a tray), say how to start it. Never raises."""
    if not display or SettingsDocument(paths.config_file).value(_UI) == "terminal":
        return _("To start it now, run `nudge` in a terminal.")
    try:
        start_app()
    except OSError as error:
        from nudge.platform.error_words import reason

        return _("nudge could not be started ({problem}); run `nudge` to start it.").format(
            problem=reason(error))
    return _("nudge is starting now; look for its icon in the tray.")


def intro() -> list[str]:
    """The welcome's three sentences in the user's language."""
    return [_(sentence) for sentence in INTRO]


def _document(paths: Paths, answers: Answers) -> SettingsDocument:
    doc = SettingsDocument(paths.config_file)
    for day in WORKDAYS:
        doc.set_day_hours(day, answers.work_hours)
    doc.set_value(_RISE_EVERY, answers.rise_every.strip())
    return doc


def welcome_in_terminal(paths: Paths, ask: Callable[[str], str] = input,
                        say: Callable[[str], None] = print) -> None:
    """The welcome's questions in the terminal (terminal mode); Enter keeps the suggestion,
    Ctrl-D skips the rest. Never raises for the user's input."""
    with contextlib.suppress(OSError):  # then it may be asked again: better than not starting
        mark_welcomed(paths)
    say("\n".join([_("Welcome to nudge."), *intro(), _(MEDICAL_NOTE)]) + "\n")
    answers = Answers()
    try:
        # Translators: a question in the terminal; Enter keeps the suggestion in [brackets].
        question = _("Your work hours, Monday to Friday [{suggested}]: ")
        work = _ask_until_fine(paths, ask, say, "work_hours",
                               question.format(suggested=answers.work_hours),
                               answers, lambda text: Answers(text, answers.rise_every))
        answers = Answers(work, answers.rise_every)
        # Translators: a question in the terminal; Enter keeps the suggestion in [brackets].
        question = _("Nudge to rise after sitting for [{suggested}]: ")
        rise = _ask_until_fine(paths, ask, say, "rise_every",
                               question.format(suggested=answers.rise_every),
                               answers, lambda text: Answers(answers.work_hours, text))
        # Translators: Enter means yes; the letter for no is the one translated just below.
        login = ask(_("Start nudge when you log in? [Y/n]: ")).strip().lower()
    except EOFError:
        say("\n" + _("Skipped: nudge starts with its usual settings (`nudge settings` changes "
                     "them)."))
        return
    # Translators: the letter that answers no to "[Y/n]" above (one letter, lower case).
    no = pgettext("answer to a yes/no question", "n")
    answers = Answers(work, rise, not login.startswith(("n", no.lower() or "n")))
    from nudge.config import ConfigError

    try:
        say(apply_answers(paths, answers))
    except ConfigError as error:
        say(_("Could not save your settings: {problem}").format(problem=error))


def _ask_until_fine(paths: Paths, ask: Callable[[str], str], say: Callable[[str], None],
                    field: str, question: str, answers: Answers,
                    with_text: Callable[[str], Answers]) -> str:
    default = getattr(answers, field)
    while True:
        text = ask(question).strip() or default
        problem = answer_problems(paths, with_text(text)).get(field)
        if problem is None:
            return text
        say(f"  {problem}")
