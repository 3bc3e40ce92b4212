"""A few friendly words of progress after a Done (issue #20): "3 of 6 today", "goal reached for
today", "that's your 100th rise". Pure; the engine adds them to the reply that confirms a Done.

Never guilt and never a negative comparison: the words say what was done, not what is missing,
and vary (by `seed`, e.g. the nudge's serial) so the same sentence does not come every time.
"""

from __future__ import annotations

from nudge.core.i18n import _, ngettext

ROUND_TOTALS = (10, 25, 50, 250)  # and every hundred: 100, 500, 1000…


def is_round_total(total: int) -> bool:
    return total in ROUND_TOTALS or (total > 0 and total % 100 == 0)


def progress_words(done_today: int, goal: int, total: int | None = None, seed: int = 0) -> str:
    """Progress after a Done: `done_today` rises today (this one included) against the daily
    `goal`; `total` all rises so far, when known, for the round numbers."""
    if total is not None and is_round_total(total):
        # Translators: {n} is a round number (10, 25, 50, 100, 200, …): "your 100th rise".
        return _("That's your {n}th rise!").format(n=total)
    if done_today == goal:
        return (_("Goal reached for today."), _("That's today's goal: well done."))[seed % 2]
    if done_today > goal:
        more = done_today - goal
        return (ngettext("{n} today, past your goal.", "{n} today, past your goal.",
                         done_today).format(n=done_today),
                ngettext("Goal reached, and {n} more.", "Goal reached, and {n} more.",
                         more).format(n=more))[seed % 2]
    left = goal - done_today
    return (_("{done} of {goal} today.").format(done=done_today, goal=goal),
            _("One more to today's goal.") if left == 1 else
            ngettext("{n} more to today's goal.", "{n} more to today's goal.", left).format(
                n=left),
            ngettext("{n} today so far.", "{n} today so far.", done_today).format(
                n=done_today))[seed % 3]
