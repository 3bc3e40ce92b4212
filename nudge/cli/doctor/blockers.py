"""Doctor's blockers line: what can hold a due nudge back here (calls, games, presentations),
following the user's config."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from nudge.cli.doctor.model import BlockerState, Check, Context
from nudge.i18n import _, pgettext, shown
from nudge.platform.probe import Status

if TYPE_CHECKING:
    from nudge.blockers import BlockerProbe

# A blocker's state in doctor's JSON: stable English, whatever the language (`_said` shows it).
WORKS, OFF, NOT_HERE = "works", "off", "not here"
_STATES = {Status.USED: WORKS, Status.OFF: OFF}  # anything else: unavailable, failed, skipped


def probe_blockers(ctx: Context) -> list[Check]:
    from nudge.blockers import BlockerSettings, build_blockers
    from nudge.config import ConfigError, load_config

    note = ""
    try:
        settings = load_config(ctx.paths.config_file).config.blockers
    except ConfigError:
        settings = BlockerSettings()
        note = _("the config file has problems: showing the defaults")
    blockers = build_blockers(settings, ctx.dbus, ctx.env, platform=ctx.platform)
    try:  # each one checked once: installed is not the same as working (pactl, no server)
        tried, now = blockers.try_each()
    finally:
        blockers.close()
    return [blockers_check(tried, now, note)]


def blockers_check(tried: Sequence[BlockerProbe], now: str | None, note: str = "") -> Check:
    """One line for what can hold a due nudge back, and one note per blocker: works (and what
    it watches), turned off in the config, or why it cannot work here."""
    wanted = [probe for probe in tried if probe.status is not Status.OFF]
    working = [probe.name for probe in wanted if probe.works]
    # Translators: {blocker} is a blocker's config name (e.g. camera), {state} one of "works",
    # "off", "not here", {reason} a sentence on why.
    notes = [_("{blocker}: {state} — {reason}").format(
        blocker=probe.name, state=_said(probe.status), reason=shown(probe.reason))
        for probe in tried]
    if note:
        notes.append(note)
    states = tuple(BlockerState(probe.name, _STATES.get(probe.status, NOT_HERE),
                                shown(probe.reason)) for probe in tried)
    if not wanted:
        return Check("blockers", None, _("all turned off: nudges never wait for a call, a game "
                                         "or a presentation"), notes=tuple(notes),
                     blockers=states)
    if not working:
        return Check("blockers", None, _("none of them work here: nudges never wait for a "
                                         "call, a game or a presentation (the lines below say "
                                         "why)"), notes=tuple(notes), blockers=states)
    # Translators: {blockers} lists config names (e.g. camera, microphone); {what} says what
    # holds a nudge back now.
    said = (_("nudges wait for {blockers}; a nudge would wait now: {what}") if now else
            _("nudges wait for {blockers}; nothing holds nudges back right now"))
    return Check("blockers", True, said.format(blockers=", ".join(working),
                                               what=shown(now) if now else now),
                 notes=tuple(notes), blockers=states)


def _said(status: Status) -> str:
    """A blocker's state in a note of doctor's blockers line."""
    if status is Status.USED:
        return pgettext("blocker", "works")
    if status is Status.OFF:
        return pgettext("blocker", "off")
    return pgettext("blocker", "not here")  # unavailable, failed or skipped
