"""One user's sitting session: the tracker and the planner wired together, still pure.

The edge (nudge/app/engine.py) feeds it samples, answers and pauses, and carries out the
`Show`, `Withdraw` and `Record` decisions it returns. Stretch restarts after a done rise are
handled here, so the tracker and planner never disagree about the seated stretch.

When the tracker says the user went away (idle, lock, suspend), the planner hears it at once,
even if the user is back within the same sample (a suspend): a nudge on screen ends as missed and
one still due is dropped. A command first lets the tracker catch up with a suspend or an absence
it has not sampled yet, so the command never counts one as sitting.
"""

from __future__ import annotations

from nudge.core.activity import ActivitySample, Moment
from nudge.core.catalogue import Catalogue, Exercise, ExerciseKind
from nudge.core.decisions import Answer, Decision, Record, RestartStretch
from nudge.core.events import Event, EventKind
from nudge.core.pauses import Pause
from nudge.core.planner import DayCounts, NudgePlanner
from nudge.core.settings import Settings
from nudge.core.status import Status
from nudge.core.tracker import CameBack, SittingTracker, StretchEnded, TrackerChange, WentAway


class NudgeSession:
    def __init__(self, settings: Settings, catalogue: Catalogue, streak_days: int = 0) -> None:
        self.settings = settings
        self.tracker = SittingTracker(away_after=settings.schedule.away_after)
        self.planner = NudgePlanner(settings, catalogue, streak_days=streak_days)
        self._last_moment: Moment | None = None

    @property
    def catalogue(self) -> Catalogue:
        return self.planner.rules.catalogue

    # -- inputs --------------------------------------------------------------------------
    def observe(self, sample: ActivitySample) -> list[Decision]:
        """A new activity sample: track sitting, then let the planner decide."""
        self._last_moment = sample.at
        decisions = self._tracker_changes(sample.at, self.tracker.observe(sample))
        decisions += self.planner.update(sample.at, self.tracker.view(), sample.interruption)
        return self._apply_restarts(sample.at, decisions)

    def answer(self, now: Moment, nudge_id: str, answer: Answer, reps: int | None = None,
               snooze_seconds: float | None = None) -> list[Decision]:
        decisions = self._catch_up(now)
        decisions += self.planner.answer(now, nudge_id, answer, reps, snooze_seconds)
        return self._apply_restarts(now, decisions)

    def log_manual(self, now: Moment, exercise_id: str | None = None, reps: int | None = None
                   ) -> list[Decision]:
        exercise = self._exercise(exercise_id)
        decisions = self._catch_up(now)
        decisions += self.planner.log_manual(now, exercise, reps)
        return self._apply_restarts(now, decisions)

    def nudge_due(self, now: Moment) -> bool:
        """True while blockers matter: a nudge is due, held or on screen."""
        return self.planner.is_due(now, self.tracker.view())

    def set_pause(self, now: Moment, pause: Pause | None) -> list[Decision]:
        return self._catch_up(now) + self.planner.set_pause(now, pause)

    def reload(self, settings: Settings, catalogue: Catalogue) -> None:
        """New settings from an edited config file; the current stretch carries on."""
        self.settings = settings
        self.tracker.away_after = settings.schedule.away_after
        self.planner.reload(settings, catalogue)

    def restore(self, counts: DayCounts, pause: Pause | None, streak_days: int) -> None:
        self.planner.restore(counts, pause, streak_days)

    def set_streak(self, streak_days: int) -> None:
        """The streak, recounted from history (once a day: yesterday may have extended it)."""
        self.planner.set_streak(streak_days)

    @property
    def pause(self) -> Pause | None:
        """The user's pause, if one is set (it may have run out since the last sample)."""
        return self.planner.pause

    # -- outputs -------------------------------------------------------------------------
    def status(self, now: Moment) -> Status:
        return self.planner.status(now, self.tracker.view(), started=self._last_moment is not None)

    def next_check(self, now: Moment) -> float | None:
        """Monotonic time the session next needs a sample and a decision."""
        times = [t for t in (self.tracker.next_check(),
                             self.planner.next_check(now, self.tracker.view())) if t is not None]
        return min(times) if times else None

    # -- internals -----------------------------------------------------------------------
    def _exercise(self, exercise_id: str | None) -> Exercise:
        if exercise_id is not None:
            found = self.catalogue.by_id(exercise_id)
            if found is None:
                raise KeyError(exercise_id)
            return found
        return self.catalogue.first_of_kind(ExerciseKind.RISE)

    def _catch_up(self, now: Moment) -> list[Decision]:
        """Before a command: what the tracker knows happened since its last sample."""
        return self._tracker_changes(now, self.tracker.catch_up(now))

    def _tracker_changes(self, now: Moment, changes: list[TrackerChange]) -> list[Decision]:
        decisions: list[Decision] = []
        for change in changes:
            if isinstance(change, StretchEnded):
                decisions.append(Record(_stretch_event(change)))
            elif isinstance(change, WentAway) and change.reason.is_natural_break:
                decisions.append(Record(Event(EventKind.BREAK, change.left_at,
                                              start=change.left_at, reason=change.reason.value)))
                decisions += self.planner.on_natural_break(now)
            elif isinstance(change, WentAway):
                self.planner.restart_intervals()  # a clock set back: the user never left
            else:
                assert isinstance(change, CameBack)
        return decisions

    def _apply_restarts(self, now: Moment, decisions: list[Decision]) -> list[Decision]:
        applied: list[Decision] = []
        for decision in decisions:
            if isinstance(decision, RestartStretch):
                ended = self.tracker.restart_stretch(now)
                if ended is not None:
                    applied.append(Record(_stretch_event(ended)))
            else:
                applied.append(decision)
        return applied


def _stretch_event(change: StretchEnded) -> Event:
    return Event(EventKind.STRETCH, change.end, start=change.start, reason=change.reason.value,
                 extra={"seconds": round(change.seconds)})
