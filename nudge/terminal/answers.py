"""Terminal mode's keys as commands: the one-key commands, and an answer key turned into the
answer to the nudge on screen (asking for a rep count after `n`). Main thread only, like
`TerminalUI.run`; it reads from the `KeyReader` and writes to the `Screen` it is given.
"""

from __future__ import annotations

from nudge.app.commands import AnswerNudge, Command, LogRise, PauseNudges, ResumeNudges
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.pauses import UNTIL_RESUMED, UNTIL_TOMORROW
from nudge.core.rep_limits import MOST_LOGGED_REPS
from nudge.i18n import _
from nudge.terminal.keys import KeyReader
from nudge.terminal.screen import Screen
from nudge.terminal.text import SNOOZE_KEYS, snooze_hint

SIMPLE_KEYS: dict[str, Command] = {
    "r": LogRise(),
    "p": PauseNudges("30m"),
    "P": PauseNudges(UNTIL_RESUMED),
    "t": PauseNudges(UNTIL_TOMORROW),
    "u": ResumeNudges(),
}
ANSWER_KEYS = frozenset("dnsk" + SNOOZE_KEYS)


def answer_command(key: str, offer: NudgeOffer, keys: KeyReader,
                   screen: Screen) -> Command | None:
    """The answer `key` gives to `offer`; None if the user cancelled or chose no real choice."""
    nudge_id = offer.nudge_id
    if key == "d":
        return AnswerNudge(nudge_id, Answer.DONE, reps=offer.reps)
    if key == "n":
        reps = ask_reps(keys, screen, held=offer.exercise.held)
        return None if reps is None else AnswerNudge(nudge_id, Answer.DONE, reps=reps)
    if key == "k":
        return AnswerNudge(nudge_id, Answer.SKIP)
    if key == "s":
        return AnswerNudge(nudge_id, Answer.SNOOZE, snooze_seconds=offer.default_snooze)
    index = SNOOZE_KEYS.index(key)
    if index >= len(offer.snooze_choices):
        screen.say(_("There is no snooze choice {key}; {hint}.").format(
            key=key, hint=snooze_hint(offer)))
        return None
    return AnswerNudge(nudge_id, Answer.SNOOZE, snooze_seconds=offer.snooze_choices[index])


def ask_reps(keys: KeyReader, screen: Screen, held: bool = False) -> int | None:
    """Ask for a count from 1 to MOST_LOGGED_REPS until one is valid; None if cancelled. A
    `held` exercise (`Exercise.held`) is counted in rounds, not reps."""
    if held:
        # Translators: a round is one hold of a stretch, about 30 seconds on each side.
        question = _("How many rounds did you do? Type 1–{most} and Enter (Enter alone "
                     "cancels).")
        prompt = _("Rounds done (1–{most}, Esc cancels): ")
    else:
        question = _("How many reps did you do? Type 1–{most} and Enter (Enter alone "
                     "cancels).")
        prompt = _("Reps done (1–{most}, Esc cancels): ")
    question, prompt = (text.format(most=MOST_LOGGED_REPS) for text in (question, prompt))
    while True:
        if not (keys.raw and screen.live):
            screen.say(question)
        try:
            text = keys.line(lambda typed: screen.prompt(prompt + typed))
        finally:
            screen.prompt(None)
        if not text:
            screen.say(_("Cancelled; the nudge is still waiting."))
            return None
        if text.isascii() and text.isdigit() and 1 <= int(text) <= MOST_LOGGED_REPS:
            return int(text)
        # Translators: {text} is what the person typed, quoted; {most} the largest count.
        screen.say(_("{text} is not a count; type a whole number from 1 to {most}.").format(
            text=repr(text), most=MOST_LOGGED_REPS))
