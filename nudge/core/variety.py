"""Variety: fresh words for the same movement, and now and then a twist on the everyday rise.

Pure, no thread of its own; the planner (nudge/core/planner.py) dresses each nudge it shows for
the first time with `Variety.dress` and keeps the returned value. A repeated message loses its
effect while fresh ones hold up (issue #20), so:
- every exercise's wordings (`Exercise.wordings`) rotate, never the same one twice in a row;
- a variation of the rise (`Exercise.variations`) takes the plain rise's place once at least
  `PLAIN_RISES_BETWEEN` plain rises have been shown since the last one: never two in a row.
The dressed exercise keeps its id, kind and reps, so history and every count are unchanged.
Rotation lives in memory: after a restart the first wording may repeat the last one shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from nudge.core.catalogue import Exercise, ExerciseKind

PLAIN_RISES_BETWEEN = 3  # plain rises shown before a variation may take one's place


@dataclass(frozen=True)
class Variety:
    last_wording: dict[str, int] = field(default_factory=dict)  # exercise id -> index shown
    plain_rises: int = 0  # plain rises shown since the last variation
    variations_shown: int = 0

    def dress(self, exercise: Exercise, seed: int) -> tuple[Exercise, Variety]:
        """The exercise as it is shown this time, and the variety after showing it. `seed`
        (e.g. the day's number) picks the first wording; later ones rotate from there."""
        if exercise.kind is ExerciseKind.RISE and exercise.variations \
                and self.plain_rises >= PLAIN_RISES_BETWEEN:
            variation = exercise.variations[self.variations_shown % len(exercise.variations)]
            twisted = replace(exercise, name=variation.name, cues=variation.cues, more_cues=())
            return twisted, replace(self, plain_rises=0,
                                    variations_shown=self.variations_shown + 1)
        wordings = exercise.wordings
        last = self.last_wording.get(exercise.id)
        index = seed % len(wordings) if last is None else (last + 1) % len(wordings)
        shown = replace(exercise, cues=wordings[index])
        plain = self.plain_rises + 1 if exercise.kind is ExerciseKind.RISE else self.plain_rises
        return shown, replace(self, last_wording={**self.last_wording, exercise.id: index},
                              plain_rises=plain)
