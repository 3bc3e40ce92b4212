"""Variety: fresh words for the same movement, and now and then a twist on the everyday rise.

Pure, no thread of its own; the planner (nudge/core/planner.py) dresses each nudge it shows for
the first time with `Variety.dress` and keeps the returned value. A repeated message loses its
effect while fresh ones hold up (issue #20), so:
- every exercise's wordings (`Exercise.wordings`) rotate, never the same one twice in a row;
- a twist takes the everyday rise's place once at least `PLAIN_RISES_BETWEEN` plain rises have
  been shown since the last one, so never two twists in a row and the everyday rise stays the
  most frequent (three in four rises at least). The twists are the rise's own variations
  (`Exercise.variations`: a slow lowering, a pause at the top) and the other rises the user
  allows (tempo rise, squat to the chair), in turn: the first one by `seed` (the day's number),
  then each next one.
A variation keeps the rise's id, kind and reps, so history and every count are unchanged; another
rise is itself (its own id, reps and words), of the same kind. Rotation lives in memory: after a
restart the first wording may repeat the last one shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nudge.core.catalogue import Exercise, ExerciseKind, Variation

PLAIN_RISES_BETWEEN = 3  # plain rises shown before a twist may take one's place


@dataclass(frozen=True)
class Variety:
    last_wording: dict[str, int] = field(default_factory=dict)  # exercise id -> index shown
    plain_rises: int = 0  # plain rises shown since the last twist
    last_twist: int | None = None  # index of the twist shown last

    def dress(self, exercise: Exercise, seed: int, other_rises: tuple[Exercise, ...] = ()
              ) -> tuple[Exercise, Variety]:
        """The exercise as it is shown this time, and the variety after showing it. `seed`
        (e.g. the day's number) picks the first wording and the first twist; later ones rotate
        from there. `other_rises` are the allowed rises that may take a rise's place."""
        twists: tuple[Variation | Exercise, ...] = (*exercise.variations, *other_rises)
        if exercise.kind is ExerciseKind.RISE and twists \
                and self.plain_rises >= PLAIN_RISES_BETWEEN:
            index = seed % len(twists) if self.last_twist is None \
                else (self.last_twist + 1) % len(twists)
            twist = twists[index]
            after = replace(self, plain_rises=0, last_twist=index)
            if isinstance(twist, Exercise):
                shown, worded = after._worded(twist, seed)
                return shown, replace(worded, plain_rises=0)
            return replace(exercise, name=twist.name, cues=twist.cues, more_cues=()), after
        shown, after = self._worded(exercise, seed)
        plain = after.plain_rises + (exercise.kind is ExerciseKind.RISE)
        return shown, replace(after, plain_rises=plain)

    def _worded(self, exercise: Exercise, seed: int) -> tuple[Exercise, Variety]:
        wordings = exercise.wordings
        last = self.last_wording.get(exercise.id)
        index = seed % len(wordings) if last is None else (last + 1) % len(wordings)
        return (replace(exercise, cues=wordings[index]),
                replace(self, last_wording={**self.last_wording, exercise.id: index}))
