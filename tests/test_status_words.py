"""What `nudge status`, the tray's line and the hints say to a person (the walkthrough's
findings): the hint names a command that exists, the start of work says today or tomorrow."""

from __future__ import annotations

import shlex

from nudge.cli.parser import build_parser
from nudge.core.settings import Schedule, Settings
from nudge.core.status import farewell
from nudge.hints import work_hours_hint

from sim import at


def test_the_work_hours_hint_names_the_settings_section_the_parser_accepts(tmp_path) -> None:
    hint = work_hours_hint(tmp_path / "config.toml", window=True)
    command = hint[hint.index("`") + 1:hint.rindex("`")]
    assert command == "nudge settings --section hours" and "config.toml" not in hint
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert (args.command, args.section) == ("settings", "hours")
    # No display, no window: then the file is where to change them.
    assert "config.toml" in work_hours_hint(tmp_path / "config.toml", window=False)


def test_quitting_says_when_nudges_start_not_always_tomorrow() -> None:
    office = Schedule()  # Mon-Fri 08:00-18:00; 2026-11-23 is a Monday
    # Before work: it used to say "See you tomorrow" with the workday an hour away.
    assert farewell(at("2026-11-23 07:00"), office) == "nudge is quitting. See you at 08:00."
    assert farewell(at("2026-11-23 12:00"), office) == \
        "nudge is quitting. Start it again with `nudge` for more nudges today."
    assert farewell(at("2026-11-23 19:00"), office) == "nudge is quitting. See you tomorrow."
    assert farewell(at("2026-11-27 19:00"), office) == "nudge is quitting. See you Mon at 08:00."
    no_hours = Schedule(work_hours=((),) * 7)
    assert farewell(at("2026-11-23 07:00"), no_hours) == "nudge is quitting. See you tomorrow."


def test_a_stretch_is_a_rise_but_adds_no_reps_in_status_summary_and_insights() -> None:
    """Its `reps` are rounds of a hold: counted as reps they made "24 reps" of 4 rises."""
    from datetime import date

    from nudge.core.activity import Moment
    from nudge.core.events import Event, EventKind, Source
    from nudge.core.insights import range_insights
    from nudge.core.restore import day_counts
    from nudge.core.summary import IsoWeek, build_weekly_summary

    from sim import catalogue

    held = catalogue().held_ids()
    assert held == {"hip_flexor_break"}
    monday = date(2026, 11, 23)
    events = [Event(EventKind.DONE, at("2026-11-23 10:00"), exercise="glute_rise", reps=5,
                    source=Source.MANUAL),
              Event(EventKind.DONE, at("2026-11-23 11:00"), exercise="hip_flexor_break",
                    reps=2, source=Source.MANUAL)]
    week = build_weekly_summary(events, IsoWeek.containing(monday), Schedule(),
                                Settings().goals, monday, held)
    assert (week.days[0].rises, week.days[0].reps, week.totals.reps) == (2, 5, 5)
    days = range_insights(events, monday, monday, Schedule(), Settings().goals, monday,
                          held).days
    assert (days[0].stats.rises, days[0].stats.reps) == (2, 5)
    counts = day_counts(events, catalogue(), Moment(1000.0, at("2026-11-23 12:00")))
    assert (counts.done, counts.reps) == (2, 5)


def test_a_rise_before_work_hours_is_in_rises_and_the_key_says_why_moved_is_zero() -> None:
    """A 07:00 rise showed as "Rises 1" beside "Moved 0 h" with nothing saying why."""
    from datetime import date

    from nudge.core.events import Event, EventKind, Source
    from nudge.core.summary import IsoWeek, build_weekly_summary
    from nudge.core.summary_text import summary_to_text

    monday = date(2026, 11, 23)
    early = Event(EventKind.DONE, at("2026-11-23 07:00"), exercise="glute_rise", reps=5,
                  source=Source.MANUAL)
    week = build_weekly_summary([early], IsoWeek.containing(monday), Schedule(),
                                Settings().goals, monday)
    assert (week.days[0].rises, week.days[0].moved_hours) == (1, 0)  # the two numbers
    text = summary_to_text(week)
    assert "Moved: the work hours in which you got up; a rise outside work hours counts in " \
        "Rises only." in " ".join(text.split())
    assert all(len(line) <= 80 for line in text.splitlines())


def test_every_help_and_the_status_replies_fit_80_columns(monkeypatch) -> None:
    """English terminal lines fit in 80 columns: each command's `--help`, and the replies
    `nudge status`, `quit`, `pause` and `log` print (wrapped between words when long)."""
    import argparse

    from nudge.i18n import terminal_lines

    monkeypatch.setenv("COLUMNS", "80")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = [parser.format_help()]
    for sub in commands.choices.values():
        helps.append(sub.format_help())
        helps += [inner.format_help() for action in sub._actions
                  if isinstance(action, argparse._SubParsersAction)
                  for inner in action.choices.values()]
    too_wide = [line for text in helps for line in text.splitlines() if len(line) > 80]
    assert too_wide == []

    long = (farewell(at("2026-11-23 12:00"), Schedule()) + " 4 entries for your history "
            "could not be saved (disk full); they are kept in /home/someone/.local/state/nudge/"
            "unsaved.json and saved when nudge starts again.\nToday: 3 rises done, 15 reps.")
    said = terminal_lines(long).splitlines()
    assert all(len(line) <= 80 for line in said) and len(said) > 2
    assert " ".join(said) == " ".join(long.splitlines())  # nothing lost, no word cut
    path = "/home/someone/" + "a-very-long-folder-name/" * 4 + "unsaved.json"
    assert path in terminal_lines(f"They are kept in {path} for now.").splitlines()
