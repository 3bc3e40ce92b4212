"""The tray menu as a pure function of the status, so it is tested without a display.

Backends (`sni.py`, `pystray_tray.py`) render these items and, on a click, either submit the
item's `command` to the engine or run the UI-side `action`.

Any thread: pure (the tray UI builds it on the engine thread with each status, and again when the
menu opens).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nudge.app.commands import (
    AddQuietPause,
    AnswerNudge,
    Command,
    DismissQuietHour,
    LogRise,
    PauseNudges,
    Quit,
    ResumeNudges,
)
from nudge.core.decisions import Answer
from nudge.core.durations import format_span
from nudge.core.pauses import UNTIL_RESUMED, UNTIL_TOMORROW
from nudge.core.status import Phase, Status
from nudge.i18n import N_, _, pgettext

OTHER_COUNTS = (1, 2, 3, 4, 6, 8, 10, 12, 15)
# The labels are translated as the menu is built (`_`): the language is installed after import.
PAUSES = ((N_("30 minutes"), "30m"), (N_("1 hour"), "1h"), (N_("2 hours"), "2h"),
          (N_("Until tomorrow"), UNTIL_TOMORROW), (N_("Until I resume"), UNTIL_RESUMED))


class UiAction(StrEnum):
    """Menu actions the UI carries out itself instead of sending a command to the engine."""

    SUMMARY = "summary"  # open the insights window (else the weekly summary picture)
    SETTINGS = "settings"  # open the settings window (else the config file in an editor)
    WORK_HOURS = "work_hours"  # the settings window on its work hours (else the config file)
    AUTOSTART = "autostart"  # toggle start at login
    HOW_TO = "how_to"  # open the waiting nudge's exercise picture


@dataclass(frozen=True)
class MenuItem:
    label: str
    command: Command | None = None
    action: UiAction | None = None
    enabled: bool = True
    checked: bool | None = None  # None: not a check item
    children: tuple[MenuItem, ...] = ()
    separator: bool = False


SEPARATOR = MenuItem("", separator=True)


def build_menu(status: Status, autostart: bool) -> tuple[MenuItem, ...]:
    """Every item the tray shows for `status`; labels carry the current numbers."""
    items: list[MenuItem] = [MenuItem(status.line(), enabled=False)]
    if status.phase is Phase.OFF_HOURS:  # "Settings" opens the file the hours are in
        items.append(MenuItem(_("Change work hours…"), action=UiAction.WORK_HOURS))
    offer = status.offer if status.phase is Phase.PENDING else None
    if offer is not None:
        nudge_id = offer.nudge_id
        items += [
            # Translators: the tray menu's answer to a nudge; {count} is what it asked for,
            # e.g. "5 reps" or "2 rounds".
            MenuItem(_("Done ({count})").format(count=offer.exercise.count_words(offer.reps)),
                     AnswerNudge(nudge_id, Answer.DONE)),
            # Translators: a submenu of other counts ("1 rep", "2 reps", ... or "1 round", ...).
            MenuItem(_("Done, another count"), children=tuple(
                MenuItem(offer.exercise.count_words(n),
                         AnswerNudge(nudge_id, Answer.DONE, reps=n))
                for n in OTHER_COUNTS)),
            MenuItem(pgettext("tray menu", "Snooze"), children=tuple(
                MenuItem(format_span(seconds),
                         AnswerNudge(nudge_id, Answer.SNOOZE, snooze_seconds=seconds))
                for seconds in offer.snooze_choices)),
            MenuItem(pgettext("tray menu", "Skip"), AnswerNudge(nudge_id, Answer.SKIP)),
            MenuItem(_("How to do it…"), action=UiAction.HOW_TO),
        ]
    items += [SEPARATOR, MenuItem(_("I just did a glute-first rise"), LogRise())]
    if status.phase is Phase.PAUSED:
        items.append(MenuItem(_("Resume nudges"), ResumeNudges()))
    else:
        # Translators: a submenu of how long to pause nudges (30 minutes, 1 hour, ...).
        items.append(MenuItem(pgettext("tray menu", "Pause"), children=tuple(
            MenuItem(_(label), PauseNudges(spec)) for label, spec in PAUSES)))
    quiet = status.quiet_hour
    if quiet is not None:  # a learned quiet hour (#20): asked here, never in a popup
        items += [SEPARATOR, MenuItem(quiet.question, enabled=False),
                  # Translators: answers to the quiet-hour question above them in the menu.
                  MenuItem(_("Add as a pause"), AddQuietPause(quiet.key)),
                  MenuItem(_("Don't ask again"), DismissQuietHour(quiet.key))]
    items += [
        SEPARATOR,
        MenuItem(_("Insights…"), action=UiAction.SUMMARY),
        MenuItem(_("Settings…"), action=UiAction.SETTINGS),
        MenuItem(_("Start at login"), action=UiAction.AUTOSTART, checked=autostart),
        SEPARATOR,
        MenuItem(_("Quit nudge"), Quit()),
    ]
    return tuple(items)


def tooltip(status: Status) -> str:
    """Title/tooltip text, e.g. `nudge · Seated 23 min · next rise in 7 min`."""
    return f"nudge · {status.line()}"
