"""Terminal mode's words: the key help, and the block printed for a nudge (pure)."""

from __future__ import annotations

from collections.abc import Callable

from nudge.core.catalogue import Where
from nudge.core.decisions import NudgeOffer
from nudge.core.durations import format_duration
from nudge.terminal.screen import Style

SNOOZE_KEYS = "123456789"
_WHERE = {Where.CHAIR: "in your chair", Where.STANDING: "standing", Where.FLOOR: "on the floor"}
HELP = (
    "Keys:",
    "  d  done, the suggested reps      n  done, type another count",
    "  s  snooze (default time)         1/2/3  snooze for the 1st/2nd/3rd choice",
    "  k  skip this nudge               r  I just did a glute-first rise",
    "  p  pause 30 min    P  pause until I resume    t  pause until tomorrow",
    "  u  resume          ?  these keys              q  quit",
)


def offer_lines(offer: NudgeOffer, paint: Callable[[str, Style], str]) -> list[str]:
    """The block printed for a nudge: heading, title, cues, where, and the keys."""
    exercise = offer.exercise
    heading = (
        "Reminder: this nudge is still waiting" if offer.times_shown >= 2 else "Time for a nudge"
    )
    return [
        "",
        f"— {heading} —",
        paint(offer.title, Style.TITLE),
        *(f"  • {cue}" for cue in exercise.cues),
        f"  Where: {_WHERE.get(exercise.where, exercise.where.value)}",
        paint(f"  [d] done ({offer.reps})  [n] done, other count  [k] skip", Style.KEYS),
        paint(f"  {snooze_hint(offer)}", Style.KEYS),
    ]


def snooze_hint(offer: NudgeOffer) -> str:
    """E.g. `[s] snooze 10m  [1/2/3] snooze 5/10/20m`."""
    hint = f"[s] snooze {format_duration(offer.default_snooze)}"
    choices = offer.snooze_choices[: len(SNOOZE_KEYS)]
    if not choices:
        return hint
    keys = "/".join(SNOOZE_KEYS[: len(choices)])
    return f"{hint}  [{keys}] snooze {_join_durations(choices)}"


def _join_durations(seconds: tuple[float, ...]) -> str:
    """`5/10/20m` when every choice is whole minutes (or hours, ...), else `30s/5m/1h`."""
    texts = [format_duration(s) for s in seconds]
    unit = texts[0][-1]
    if all(t[-1] == unit and t[:-1].isdigit() for t in texts):
        return "/".join(t[:-1] for t in texts) + unit
    return "/".join(texts)
