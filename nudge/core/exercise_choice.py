"""Which exercises the user may be offered, and what is wrong with a choice that leaves none.

Pure, no thread of its own. The planner's rules (nudge/core/planner_rules.py) pick every exercise
they offer from `allowed`; the config check (nudge/config/schema.py) and the settings window say
`choice_problems` in the same words, so the rule lives here once:
- an exercise is offered unless its id is in `[exercises] off`, and a floor exercise only with
  `[exercises] floor = true`;
- the rise and the hip-flexor break are the nudges nudge always needs: a choice that leaves one
  of them with nothing to offer is refused (and should a catalogue change lead there anyway, the
  planner offers the catalogue's first of that kind rather than nothing);
- the everyday rise is `glute_rise` while it is allowed, else the first allowed rise.
"""

from __future__ import annotations

from nudge.core.catalogue import REQUIRED_KINDS, Catalogue, Exercise, ExerciseKind, Where
from nudge.core.i18n import N_, English
from nudge.core.settings import ExerciseChoices

EVERYDAY_RISE = "glute_rise"


def offerable(catalogue: Catalogue, choices: ExerciseChoices, kind: ExerciseKind
              ) -> tuple[Exercise, ...]:
    """The exercises of `kind` the choices allow: not turned off, floor ones only with floor."""
    return tuple(e for e in catalogue.of_kind(kind) if e.id not in choices.off
                 and (choices.floor or e.where is not Where.FLOOR))


def allowed(catalogue: Catalogue, choices: ExerciseChoices, kind: ExerciseKind
            ) -> tuple[Exercise, ...]:
    """What the planner may offer of `kind`; rises with the everyday rise first. Never empty
    for a kind nudge needs (the choice was checked against an older catalogue: the first of
    the kind then, rather than no nudge)."""
    found = offerable(catalogue, choices, kind)
    if kind is ExerciseKind.RISE:
        found = tuple(sorted(found, key=lambda e: e.id != EVERYDAY_RISE))
    if found or kind not in REQUIRED_KINDS:
        return found
    return (catalogue.first_of_kind(kind),)


def choice_problems(catalogue: Catalogue, choices: ExerciseChoices) -> list[English]:
    """Why the choices leave a kind nudge needs with nothing to offer, each naming what to keep
    on; empty when they are fine. Words continue `[exercises] off = [...] ` (English; `shown()`
    in the user's language)."""
    problems = []
    for kind in REQUIRED_KINDS:
        if offerable(catalogue, choices, kind):
            continue
        every = catalogue.of_kind(kind)
        kept = [e for e in every if e.where is not Where.FLOOR or choices.floor]
        keep = sorted(kept or every, key=lambda e: e.id != EVERYDAY_RISE)[0]
        on_floor = [e for e in every if e.id not in choices.off and e.where is Where.FLOOR]
        if keep.where is Where.FLOOR and not choices.floor:
            said = _KEEP_AND_FLOOR[kind]
        elif on_floor:
            said = _KEEP_OR_FLOOR[kind]
        else:
            said = _KEEP[kind]
        problems.append(English(said, keep=keep.id, floor=on_floor[0].id if on_floor else ""))
    return problems


# Translators: these continue "[exercises] off = [...]"; {keep} and {floor} are exercise ids,
# and "floor = true" is a setting to type as it is.
_KEEP = {
    ExerciseKind.RISE: N_('turns off every rise; keep "{keep}" on (take it out of the list)'),
    ExerciseKind.HIP_FLEXOR: N_('turns off every hip-flexor stretch; keep "{keep}" on (take it '
                                'out of the list)'),
}
_KEEP_AND_FLOOR = {
    ExerciseKind.RISE: N_('turns off every rise; keep "{keep}" on (take it out of the list), '
                          'and set floor = true: it is done on the floor'),
    ExerciseKind.HIP_FLEXOR: N_('turns off every hip-flexor stretch; keep "{keep}" on (take it '
                                'out of the list), and set floor = true: it is done on the '
                                'floor'),
}
_KEEP_OR_FLOOR = {
    ExerciseKind.RISE: N_('turns off every rise; keep "{keep}" on (take it out of the list), '
                          'or set floor = true to be offered "{floor}"'),
    ExerciseKind.HIP_FLEXOR: N_('turns off every hip-flexor stretch; keep "{keep}" on (take it '
                                'out of the list), or set floor = true to be offered "{floor}"'),
}
