"""Terminal mode's words: the key help, and the block printed for a nudge (pure).

Any thread: pure (a nudge's block is made on the engine thread, the key help on the main thread)."""

from __future__ import annotations

from collections.abc import Callable

from nudge.core.catalogue import Where
from nudge.core.decisions import NudgeOffer
from nudge.core.durations import format_duration
from nudge.i18n import N_, _, columns, terminal_lines
from nudge.terminal.screen import Style

SNOOZE_KEYS = "123456789"
_WHERE = {Where.CHAIR: N_("in your chair"), Where.STANDING: N_("standing"),
          Where.FLOOR: N_("on the floor")}
# One key and what it does per entry; `help_lines` lays them out (a translation may be longer).
_KEYS = (("d", N_("done, the suggested count")), ("n", N_("done, type another count")),
         ("s", N_("snooze (default time)")),
         ("1/2/3", N_("snooze for the 1st/2nd/3rd choice")), ("k", N_("skip this nudge")),
         ("r", N_("I just did a glute-first rise")), ("p", N_("pause 30 min")),
         ("P", N_("pause until I resume")), ("t", N_("pause until tomorrow")),
         ("u", N_("resume")), ("?", N_("these keys")), ("q", N_("quit")))


def help_lines(room: int = 79) -> tuple[str, ...]:
    """The key help in the user's language, two keys a line; one a line when two would be
    wider than `room` columns (a long German line would wrap)."""
    cells = [f"{key:>5}  {_(words)}" for key, words in _KEYS]
    width = max(columns(cell) for cell in cells[::2]) + 3  # display columns: CJK takes two
    if width + max(columns(cell) for cell in cells[1::2]) > room:
        return (_("Keys:"), *cells)
    pairs = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    return (_("Keys:"), *("".join(cell + " " * (width - columns(cell)) for cell in pair).rstrip()
                          for pair in pairs))


def offer_lines(offer: NudgeOffer, paint: Callable[[str, Style], str]) -> list[str]:
    """The block printed for a nudge: heading, title, cues, where, and the keys."""
    exercise = offer.exercise
    heading = (
        _("Reminder: this nudge is still waiting") if offer.times_shown >= 2
        else _("Time for a nudge")
    )
    return [
        "",
        f"— {heading} —",
        paint(offer.title, Style.TITLE),
        *(line for cue in exercise.cues  # a long cue wraps under its first word
          for line in terminal_lines(cue, first="  • ", rest="    ").split("\n")),
        "  " + _("Where: {place}").format(place=_(_WHERE[exercise.where])
                                          if exercise.where in _WHERE else exercise.where.value),
        # Translators: {count} is what the nudge asked for, e.g. "5 reps" or "2 rounds".
        paint("  " + _("[d] done ({count})  [n] done, other count  [k] skip").format(
            count=offer.exercise.count_words(offer.reps)), Style.KEYS),
        paint(f"  {snooze_hint(offer)}", Style.KEYS),
    ]


def snooze_hint(offer: NudgeOffer) -> str:
    """E.g. `[s] snooze 10m  [1/2/3] snooze 5/10/20m`."""
    hint = _("[s] snooze {duration}").format(duration=format_duration(offer.default_snooze))
    choices = offer.snooze_choices[: len(SNOOZE_KEYS)]
    if not choices:
        return hint
    keys = "/".join(SNOOZE_KEYS[: len(choices)])
    # Translators: the keys and lengths are filled in: "[1/2/3] snooze 5/10/20m".
    more = _("[{keys}] snooze {durations}").format(keys=keys,
                                                   durations=_join_durations(choices))
    return f"{hint}  {more}"


def _join_durations(seconds: tuple[float, ...]) -> str:
    """`5/10/20m` when every choice is whole minutes (or hours, ...), else `30s/5m/1h`."""
    texts = [format_duration(s) for s in seconds]
    unit = texts[0][-1]
    if all(t[-1] == unit and t[:-1].isdigit() for t in texts):
        return "/".join(t[:-1] for t in texts) + unit
    return "/".join(texts)
