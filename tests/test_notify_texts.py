"""What the nudge notification says, and which answer each button sends."""

from __future__ import annotations

from dataclasses import replace

from nudge.app.commands import AnswerNudge, Reply
from nudge.core.catalogue import Exercise, ExerciseKind, Where
from nudge.core.decisions import Answer, NudgeOffer
from nudge.notify import texts

RISE = Exercise("glute_rise", "Glute-first chair rise",
                ("Squeeze your glutes first.", "Stand tall, then sit slowly."), 5,
                ExerciseKind.RISE, Where.CHAIR)
OFFER = NudgeOffer("n1", RISE, 5, 1, (300.0, 600.0, 1200.0), 600.0)


def test_buttons_are_done_with_the_reps_snooze_with_the_default_time_and_skip() -> None:
    assert [(b.label, b.command) for b in texts.buttons(OFFER)] == [
        ("Done (5)", AnswerNudge("n1", Answer.DONE, reps=5)),
        ("Snooze 10m", AnswerNudge("n1", Answer.SNOOZE, snooze_seconds=600.0)),
        ("Skip", AnswerNudge("n1", Answer.SKIP)),
    ]


def test_snooze_label_follows_the_offer_and_done_follows_its_reps() -> None:
    odd = NudgeOffer("n2", RISE, 8, 1, (90.0,), 5400.0)
    labels = [b.label for b in texts.buttons(odd)]
    assert labels == ["Done (8)", "Snooze 1h30m", "Skip"]


def test_body_is_the_cues_one_per_line_and_the_plain_body_says_where_to_answer() -> None:
    assert texts.body(OFFER) == "Squeeze your glutes first.\nStand tall, then sit slowly."
    assert texts.plain_body(OFFER).endswith("\n" + texts.PLAIN_HINT)


def test_a_plain_nudge_has_no_picture_so_it_carries_the_pictures_words() -> None:
    pictured = replace(RISE, alt="A figure rises from the chair's edge, glutes first.")
    offer = NudgeOffer("n3", pictured, 5, 1, (10.0,), 600.0)
    assert texts.plain_body(offer) == ("Squeeze your glutes first.\nStand tall, then sit slowly."
                                       "\nA figure rises from the chair's edge, glutes first."
                                       "\n" + texts.PLAIN_HINT)
    assert texts.plain_body(OFFER).count("\n") == 2  # no alt text: no empty line


def test_confirmation_shows_the_engines_words_and_a_failure_says_it_was_not_recorded() -> None:
    assert texts.confirmation(Reply(True, "Saved: 5 reps. Nice work.")) == \
        ("Saved: 5 reps. Nice work.", "")
    assert texts.confirmation(Reply(True, "Saved: 5 reps. Nice work.",
                                    {"reps": 5, "progress": "3 of 6 today."})) == \
        ("Saved: 5 reps. Nice work.", "3 of 6 today.")
    assert texts.confirmation(Reply(False, "That nudge is no longer open.")) == \
        ("nudge could not record that", "That nudge is no longer open.")
    assert texts.failure(RuntimeError("nudge is shutting down"))[1] == "nudge is shutting down"


def test_a_long_german_nudge_is_cut_between_words_to_fit_a_plain_notification() -> None:
    """Windows' balloon holds 63 + 255 characters and cut the rest mid-word ("Gesäßbrü")."""
    from nudge import i18n

    long = replace(RISE, name="Einbeinige Gesäßbrücke mit langsamem Absenken und Halten oben",
                   cues=("Lege dich auf den Rücken, ein Fuß flach am Boden, das andere Bein "
                         "gestreckt.", "Spanne zuerst den Po an, dann hebe die Hüfte langsam."),
                   alt="Eine Figur liegt auf dem Rücken, ein Bein gestreckt in der Luft, hebt "
                       "die Hüfte vom Boden, der Gesäßmuskel ist hervorgehoben, während die "
                       "Schultern ruhig auf dem Boden bleiben und der Blick zur Decke geht.")
    offer = NudgeOffer("n5", long, 12, 1, (600.0,), 600.0)
    i18n.install("de")
    try:
        title = texts.plain_title(offer, texts.PLAIN_TITLE_ROOM)
        text = texts.plain_body(offer, texts.PLAIN_BODY_ROOM)
        whole_title, whole = texts.plain_title(offer), texts.plain_body(offer)
        hint = i18n._(texts.PLAIN_HINT)
        title_in_german = offer.title
    finally:
        i18n.install("en")
    assert len(offer.title) > texts.PLAIN_TITLE_ROOM >= len(title)
    assert title.endswith(" 12 Wiederholungen")  # the reps stay; the name is cut
    cut = title.removesuffix(" 12 Wiederholungen").rstrip(" –—")  # the dash: the language's
    assert cut.endswith("…")
    assert cut.removesuffix("…") + " " in long.name + " "  # a whole word
    assert len(text) <= texts.PLAIN_BODY_ROOM and text.endswith("\n" + hint)
    cues, words = text.split("\n")[:2], text.split("\n")[2]
    assert cues == list(long.cues) and words.endswith("…")
    assert words.removesuffix("…") + " " in long.alt  # cut at a space, not mid-word
    # What fits is left whole.
    assert texts.plain_title(OFFER) == OFFER.title and "…" not in texts.plain_body(OFFER)
    # Outside Windows nothing is cut: the whole text, whatever its length.
    assert whole_title == title_in_german
    assert whole == "\n".join((*long.cues, long.alt, hint))


def test_where_to_answer_stays_when_the_cues_alone_fill_the_room() -> None:
    long_cues = replace(RISE, cues=tuple(f"Cue number {n}, a long line about the chair "
                                         "and how to stand." for n in range(8)))
    text = texts.plain_body(NudgeOffer("n6", long_cues, 5, 1, (600.0,), 600.0),
                            texts.PLAIN_BODY_ROOM)

    assert len(text) <= texts.PLAIN_BODY_ROOM
    assert text.endswith("…\n" + texts.PLAIN_HINT)
