"""Pacing that adapts to the user's answers: the interval grows while nudges are turned away.

Pure, no thread of its own. The planner (nudge/core/planner.py) keeps a `Pacing` in today's
counts and `Rules` (nudge/core/planner_rules.py) reads the interval from it. The rule, from
issue #20: after each skip or unanswered nudge in a row, the next interval grows by half the
base interval, up to twice it (or `[schedule] max_spacing`); a Done brings it straight back.
The rise and the hip-flexor break each keep their own run. A snooze is neither: the user asked
for the nudge again. A nudge missed because the user got up, paused or the work hours ended is
not turned away either (getting up is the point), so it leaves the run as it is.

Runs last for the day: a new day starts at the base interval. After a restart the engine
rebuilds today's run from history with `pacing_from`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from nudge.core.catalogue import ExerciseKind
from nudge.core.events import Event, EventKind
from nudge.core.i18n import ngettext

# MISSED reasons that mean the nudge was shown and left unanswered (not away, paused, ...).
# "restart": an offer left open when nudge stopped is closed as missed at the next start; it
# was not turned away, so it does not count.
UNANSWERED = "no_answer"


@dataclass(frozen=True)
class Run:
    """Nudges of one kind turned away in a row since the last Done (today)."""

    skipped: int = 0
    missed: int = 0

    @property
    def length(self) -> int:
        return self.skipped + self.missed

    def words(self) -> str:
        """`2 skips`, `1 missed nudge`, `3 skipped or missed nudges`: English and stable, for
        `status --json`; `spaced_out` is the user's words."""
        s = "" if self.length == 1 else "s"
        if not self.missed:
            return f"{self.skipped} skip{s}"
        if not self.skipped:
            return f"{self.missed} missed nudge{s}"
        return f"{self.length} skipped or missed nudge{s}"

    def spaced_out(self) -> str:
        """`spaced out after 2 skips`, in the user's language."""
        if not self.missed:
            return ngettext("spaced out after {n} skip", "spaced out after {n} skips",
                            self.skipped).format(n=self.skipped)
        if not self.skipped:
            return ngettext("spaced out after {n} missed nudge",
                            "spaced out after {n} missed nudges", self.missed).format(
                n=self.missed)
        return ngettext("spaced out after {n} skipped or missed nudge",
                        "spaced out after {n} skipped or missed nudges", self.length).format(
            n=self.length)


NO_RUN = Run()


@dataclass(frozen=True)
class Pacing:
    rise: Run = NO_RUN  # every nudge but the hip-flexor break
    hip: Run = NO_RUN

    def run(self, kind: ExerciseKind) -> Run:
        return self.hip if kind is ExerciseKind.HIP_FLEXOR else self.rise

    def after(self, kind: ExerciseKind, outcome: EventKind, reason: str | None = None
              ) -> Pacing:
        """The pacing once a nudge (or a manual exercise) of `kind` ended with `outcome`."""
        run = self.run(kind)
        if outcome is EventKind.DONE:
            run = NO_RUN
        elif outcome is EventKind.SKIPPED:
            run = replace(run, skipped=run.skipped + 1)
        elif outcome is EventKind.MISSED and reason == UNANSWERED:
            run = replace(run, missed=run.missed + 1)
        else:
            return self
        if kind is ExerciseKind.HIP_FLEXOR:
            return replace(self, hip=run)
        return replace(self, rise=run)


NO_PACING = Pacing()


def spaced_interval(base: float, run: Run, max_spacing: float) -> float:
    """`base` grown by half of itself per nudge turned away, up to the cap: twice `base`, or
    `max_spacing` when set (> 0; never below `base`)."""
    cap = 2 * base if max_spacing <= 0 else max(base, max_spacing)
    return min(base + run.length * base / 2, cap)


def pacing_from(events: Iterable[Event], kind_of: Callable[[str | None], ExerciseKind | None]
                ) -> Pacing:
    """Today's pacing rebuilt from today's events in order (after a restart)."""
    pacing = NO_PACING
    for event in sorted(events, key=lambda e: e.at):
        if event.kind not in (EventKind.DONE, EventKind.SKIPPED, EventKind.MISSED):
            continue
        kind = kind_of(event.exercise)
        if kind is not None:
            pacing = pacing.after(kind, event.kind, event.reason)
    return pacing
