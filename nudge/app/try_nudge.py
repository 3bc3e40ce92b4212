"""A nudge to try (the welcome's "Try a nudge now"): shown outside the plan, answered without a
record. Engine thread, like every command."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from nudge.app.commands import TRY_PREFIX, Reply
from nudge.core.catalogue import ExerciseKind
from nudge.core.decisions import NudgeOffer
from nudge.core.exercise_choice import allowed
from nudge.i18n import _

if TYPE_CHECKING:
    from nudge.app.engine import Engine

log = logging.getLogger(__name__)


def show_try(engine: Engine) -> Reply:
    """Show the everyday nudge now: nothing recorded, nothing in the plan changed."""
    session = engine.session  # the everyday rise: glute_rise unless it is turned off
    exercise = allowed(session.catalogue, session.settings.exercises, ExerciseKind.RISE)[0]
    schedule = session.settings.schedule
    offer = NudgeOffer(f"{TRY_PREFIX}{secrets.token_hex(4)}", exercise, exercise.reps, 1,
                       schedule.snooze_choices, schedule.snooze)
    try:
        engine.notifier.show(offer)
    except Exception:
        log.exception("showing the nudge to try failed")
        return Reply(False, _("The nudge to try could not be shown; `nudge doctor` says why."))
    return Reply(True, _("Here is a nudge, just to try: your answer is not recorded."))


def answer_try(engine: Engine, nudge_id: str) -> Reply:
    """An answer to a tried nudge: take it down, record nothing."""
    try:
        engine.notifier.withdraw(nudge_id)
    except Exception:
        log.exception("taking the tried nudge down failed")
    return Reply(True, _("That was a try, so nothing was recorded. The real nudges come as you "
                         "sit."))
