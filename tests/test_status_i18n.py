"""What scripts read stays English in any language: `status --json` and `summary --json` keep
every key and every value but the two human sentences (the status `line` and the quiet hour's
`question`, which a waybar module shows to the person); a blocker's reason is English in
`held_by` and the log, and in the user's language in the status line and doctor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from pseudo_language import OPEN, Pseudo, speaking_pseudo
from test_summary import realistic_week, summarise

from nudge.app.engine_status import status_data
from nudge.blockers.apps import AppsBlocker
from nudge.blockers.windows_fullscreen import QUNS_BUSY, notification_state_reason
from nudge.cli.doctor.blockers import blockers_check
from nudge.core.decisions import NudgeOffer
from nudge.core.i18n import shown, use
from nudge.core.quiet_hours import QuietHour
from nudge.core.status import Phase, Status
from nudge.core.summary import summary_to_json
from nudge.i18n import install
from nudge.platform.probe import Probe

from sim import BERLIN, catalogue

__all__ = ["speaking_pseudo"]  # the fixture, used by name
SENTENCES = {"line", "question"}  # the human sentences: they follow the language
NOON = datetime(2026, 11, 24, 12, 0, tzinfo=BERLIN)


def _zoom_running() -> str | None:
    return AppsBlocker(["zoom"], lambda: [("zoom",)]).check()


def _statuses() -> list[Status]:
    rise = catalogue().by_id("glute_rise")
    assert rise is not None
    offer = NudgeOffer("n1", rise, 5, 1, (300.0,), 300.0)
    return [
        Status(Phase.DEFERRED, 1500, 0, "rise", 1.0, held_by=_zoom_running()),
        Status(Phase.DEFERRED, 1500, 0, "hip-flexor break", 1.0,
               held_by=notification_state_reason(QUNS_BUSY)),
        Status(Phase.SITTING, 600, 900, "rise", 0.4, done_today=3, spaced_after="2 skips",
               quiet_hour=QuietHour(1, 14, nudges=10, turned_away=9)),
        Status(Phase.ON_SCREEN, 1800, 0, "rise", 1.0, offer=offer),
        Status(Phase.PAUSED, 0, None, None, 0.0, paused_until=NOON),
        Status(Phase.OFF_HOURS, 0, None, None, 0.0, next_work_start=NOON + timedelta(hours=20)),
        Status(Phase.AWAY, 0, None, None, 0.0),
    ]


def _without_sentences(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: "<sentence>" if key in SENTENCES else _without_sentences(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [_without_sentences(item) for item in data]
    return data


def _sentences(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [v for k, v in data.items() if k in SENTENCES and isinstance(v, str)] + \
            [s for v in data.values() for s in _sentences(v)]
    return []


def test_status_and_summary_json_keep_every_key_and_value_but_the_sentences() -> None:
    install("en")
    english = [status_data(status) for status in _statuses()]
    english_summary = summary_to_json(summarise(realistic_week()))
    use(Pseudo())
    try:
        translated = [status_data(status) for status in _statuses()]
        translated_summary = summary_to_json(summarise(realistic_week()))
    finally:
        install("en")

    assert [_without_sentences(data) for data in translated] == \
        [_without_sentences(data) for data in english]
    assert translated_summary == english_summary
    sentences = [s for data in translated for s in _sentences(data)]
    assert len(sentences) == len(english) + 1  # every line, and the one quiet hour question
    assert all(OPEN in sentence for sentence in sentences), sentences
    assert [data["held_by"] for data in translated[:2]] == ["zoom is running",
                                                            "a fullscreen app"]


@pytest.mark.usefixtures("speaking_pseudo")
def test_a_blockers_reason_is_english_in_json_and_the_users_language_where_shown() -> None:
    reason = _zoom_running()
    assert reason == "zoom is running" and f"{reason}" == "zoom is running"  # the log's %s

    held = Status(Phase.DEFERRED, 1500, 0, "rise", 1.0, held_by=reason)
    assert shown(reason) in held.line() and shown(reason).startswith(OPEN)
    assert "zoom" in shown(reason)

    probe = Probe.used("apps", AppsBlocker(["zoom"], lambda: []), "running processes: zoom")
    doctor = blockers_check([probe], reason)
    assert shown(reason) in doctor.detail
