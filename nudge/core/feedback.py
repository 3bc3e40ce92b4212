"""A few friendly words of progress after a Done (issue #20): "3 of 6 today", "goal reached for
today", "that's your 100th rise". Pure; the engine adds them to the reply that confirms a Done.

Never guilt and never a negative comparison: the words say what was done, not what is missing,
and vary (by `seed`, e.g. the nudge's serial) so the same sentence does not come every time.
"""

from __future__ import annotations

ROUND_TOTALS = (10, 25, 50, 250)  # and every hundred: 100, 500, 1000…


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `11th`, `22nd`, `100th`."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def is_round_total(total: int) -> bool:
    return total in ROUND_TOTALS or (total > 0 and total % 100 == 0)


def progress_words(done_today: int, goal: int, total: int | None = None, seed: int = 0) -> str:
    """Progress after a Done: `done_today` rises today (this one included) against the daily
    `goal`; `total` all rises so far, when known, for the round numbers."""
    if total is not None and is_round_total(total):
        return f"That's your {ordinal(total)} rise!"
    if done_today == goal:
        return ("Goal reached for today.", "That's today's goal: well done.")[seed % 2]
    if done_today > goal:
        return (f"{done_today} today, past your goal.",
                f"Goal reached, and {done_today - goal} more.")[seed % 2]
    left = goal - done_today
    return (f"{done_today} of {goal} today.",
            f"{left} more to today's goal." if left > 1 else "One more to today's goal.",
            f"{done_today} today so far.")[seed % 3]
