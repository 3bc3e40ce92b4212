"""Doctor's blockers line: what can hold a due nudge back here (calls, games, presentations),
following the user's config.

`probe_blockers` runs on its probe's daemon thread (see `nudge.cli.doctor`); `blockers_check` is
pure, any thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from nudge.cli.doctor.model import BlockerState, Check, Context
from nudge.i18n import _, join_words, pgettext, shown
from nudge.platform.probe import NOT_HERE, OFF, WORKS, Status, state_word

if TYPE_CHECKING:
    from nudge.blockers import BlockerProbe


def probe_blockers(ctx: Context) -> list[Check]:
    from nudge.blockers import build_blockers
    from nudge.config import usable_config

    loaded = usable_config(ctx.paths.config_file)
    settings = loaded.config.blockers
    note = "" if loaded.problem is None else _("the config file has problems: showing the "
                                               "defaults")
    blockers = build_blockers(settings, ctx.dbus, ctx.env, platform=ctx.platform)
    try:  # each one checked once: installed is not the same as working (pactl, no server)
        tried, now = blockers.try_each()
    finally:
        blockers.close()
    return [blockers_check(tried, now, note)]


def blockers_check(tried: Sequence[BlockerProbe], now: str | None, note: str = "") -> Check:
    """One line for what can hold a due nudge back, and one note per blocker: works (and what
    it watches), turned off in the config, or why it cannot work here. The report names each
    blocker in the user's language; `--json` by its English config name."""
    detail, notes = _lines(tried, now, note, blocker_name)
    json_detail, json_notes = _lines(tried, now, note, str)
    wanted = [probe for probe in tried if probe.status is not Status.OFF]
    ok = True if any(probe.works for probe in wanted) else None
    states = tuple(BlockerState(probe.name, state_word(probe.status),
                                shown(probe.reason)) for probe in tried)
    return Check("blockers", ok, detail, notes=notes, json_detail=json_detail,
                 json_notes=json_notes, blockers=states)


def _lines(tried: Sequence[BlockerProbe], now: str | None, note: str,
           name: Callable[[str], str]) -> tuple[str, tuple[str, ...]]:
    """The blockers line and its notes, each blocker called `name(its config name)`."""
    wanted = [probe for probe in tried if probe.status is not Status.OFF]
    working = [name(probe.name) for probe in wanted if probe.works]
    # Translators: {blocker} is a blocker's name (e.g. camera), {state} one of "works",
    # "off", "not here", {reason} a sentence on why.
    notes = [_("{blocker}: {state} — {reason}").format(
        blocker=name(probe.name), state=_said(probe.status), reason=shown(probe.reason))
        for probe in tried]
    if note:
        notes.append(note)
    if not wanted:
        return _("all turned off: nudges never wait for a call, a game or a presentation"), \
            tuple(notes)
    if not working:
        return _("none of them work here: nudges never wait for a call, a game or a "
                 "presentation (the lines below say why)"), tuple(notes)
    # Translators: {blockers} lists blockers' names (e.g. camera, microphone); {what} says what
    # holds a nudge back now.
    said = (_("nudges wait for {blockers}; a nudge would wait now: {what}") if now else
            _("nudges wait for {blockers}; nothing holds nudges back right now"))
    return said.format(blockers=join_words(working), what=shown(now) if now else now), \
        tuple(notes)


def blocker_name(name: str) -> str:
    """A blocker's name (its English id, as in the config's [blockers] keys) in the user's
    language; an unknown one as it is."""
    # Translators: the names of the things that hold a nudge back (as the [blockers] section
    # of the config names them), listed by `nudge doctor`: "camera: works — …". Short labels.
    names = {"fullscreen": pgettext("blocker", "fullscreen"),
             "focused apps": pgettext("blocker", "focused apps"),
             "do not disturb": pgettext("blocker", "do not disturb"),
             "apps": pgettext("blocker", "apps"),
             "camera": pgettext("blocker", "camera"),
             "microphone": pgettext("blocker", "microphone"),
             "screen sharing": pgettext("blocker", "screen sharing")}
    return names.get(name, name)


def _said(status: Status) -> str:
    """A blocker's state in a note of doctor's blockers line: its JSON word, translated."""
    return {WORKS: pgettext("blocker", "works"), OFF: pgettext("blocker", "off"),
            NOT_HERE: pgettext("blocker", "not here")}[state_word(status)]
