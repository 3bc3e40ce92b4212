"""What a nudge notification says: title, body, button labels and the answer each button sends,
and how long each notifier gives a send, a confirmation and the weekly review.

Pure functions of the offer and the reply, shared by every notifier so the desktop popup, the
plain fallback and the tests agree on the wording.

Any thread: pure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from nudge.app.commands import AnswerNudge, Reply
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.durations import format_duration
from nudge.i18n import N_, _, pgettext, shorten

# How long each notifier gives things, the same on every platform's notifier.
DISPATCH_TIMEOUT_S = 3.0  # a send not confirmed by then is shown through plyer instead
CONFIRM_SECONDS = 5  # how long "Saved: 5 reps. Nice work." stays up
REVIEW_SECONDS = 30  # the weekly review: time to read it and click it
CLOSE_TIMEOUT_S = 2.0  # bound on taking the nudge down at exit
# A plain notification's room: Windows' balloon (plyer's only way there) holds 63 characters of
# title and 255 of text and cuts the rest wherever it falls, mid-word; the tightest plain
# notifier, so every plain nudge is fitted to it, cut between words with an ellipsis.
# What Windows' balloon tip (plyer's notifier there: NOTIFYICONDATA's szInfoTitle[64] and
# szInfo[256]) holds; notify-send and macOS take any length.
PLAIN_TITLE_ROOM = 63
PLAIN_BODY_ROOM = 255

APP_NAME = "nudge"
# Translated where they are used (`_`): the language is installed after import.
# Translators: under a nudge's cues on a notification without buttons.
PLAIN_HINT = N_("Answer from the nudge icon in the tray.")
# Translators: the button on the weekly review notification that opens the insights window.
OPEN_INSIGHTS = N_("Open insights")


@dataclass(frozen=True)
class ButtonSpec:
    label: str
    command: AnswerNudge


def body(offer: NudgeOffer) -> str:
    """The exercise cues, one per line (the catalogue keeps them to 2–5 short lines)."""
    return "\n".join(offer.exercise.cues)


def markup_safe(text: str) -> str:
    """`text` for a notification body on a server that reads markup (its "body-markup"
    capability: dunst, GNOME, Plasma, …): `&`, `<`, `>` as entities, so a cue like "hold <5 s"
    or "squeeze & hold" shows as written instead of being eaten as a tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def buttons(offer: NudgeOffer) -> tuple[ButtonSpec, ...]:
    """`Done (5)`, `Snooze 10m` (the offer's default snooze), `Skip`, in that order."""
    nudge_id = offer.nudge_id
    return (
        # Translators: a notification button; {reps} is the count asked for (reps, or rounds
        # for a stretch). Short.
        ButtonSpec(_("Done ({reps})").format(reps=offer.reps),
                   AnswerNudge(nudge_id, Answer.DONE, reps=offer.reps)),
        # Translators: a notification button; {duration} is short, e.g. "10m". Short.
        ButtonSpec(_("Snooze {duration}").format(duration=format_duration(offer.default_snooze)),
                   AnswerNudge(nudge_id, Answer.SNOOZE, snooze_seconds=offer.default_snooze)),
        ButtonSpec(pgettext("notification button", "Skip"), AnswerNudge(nudge_id, Answer.SKIP)),
    )


def plain_title(offer: NudgeOffer, room: int | None = None) -> str:
    """The title of a plain nudge in `room` characters (None: no limit): a long name (German
    runs ~30 % longer) is cut between words, and the count after it stays."""
    if room is None:
        return offer.title
    over = len(offer.title) - room
    if over <= 0:
        return offer.title
    name = offer.exercise.name
    short = replace(offer, exercise=replace(offer.exercise, name=shorten(
        name, max(1, len(name) - over))))
    return shorten(short.title, room)


def plain_body(offer: NudgeOffer, room: int | None = None) -> str:
    """Body for a notification without buttons (and without a picture): the cues, the
    picture's words (its alt text) when the exercise has them, then where to answer. In `room`
    characters (None: no limit) where to answer always stays; the picture's words, then the
    cues, are cut between words to make room (the picture's words left out when little would
    be left)."""
    cues, hint = body(offer), _(PLAIN_HINT)
    if room is None:
        return "\n".join(part for part in (cues, offer.exercise.alt, hint) if part)
    room -= len(hint) + 1  # for the cues and the picture's words
    picture_words = offer.exercise.alt  # translated with the catalogue, like the cues
    left = room - len(cues) - 1
    if len(picture_words) > left:
        picture_words = shorten(picture_words, left) if left > 20 else ""  # its own line
    above = "\n".join(part for part in (cues, picture_words) if part)
    return f"{shorten(above, room)}\n{hint}"


def confirmation(reply: Reply) -> tuple[str, str]:
    """(title, body) telling the user what became of their answer; after a Done the body has
    a few words of progress ("3 of 6 today") when the engine sent them."""
    if reply.ok:
        progress = (reply.data or {}).get("progress")
        return reply.message, progress if isinstance(progress, str) else ""
    # Translators: the title of a notification whose body says why an answer was not saved.
    return _("nudge could not record that"), reply.message


def failure(error: BaseException) -> tuple[str, str]:
    """(title, body) when the answer never got a reply (e.g. nudge is shutting down)."""
    return _("nudge could not record that"), str(error) or type(error).__name__
