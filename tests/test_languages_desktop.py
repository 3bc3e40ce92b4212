"""The real app in German, French and Japanese on a real desktop (#21): the tray menu read over
com.canonical.dbusmenu as a panel reads it, and the nudge dunst shows (its title, body and
buttons), carry the language's words and no English sentence of nudge's.
"""

from __future__ import annotations

import json

import pytest
from languages import english_leaks, translated
from test_app_desktop import Typist, displayed, menu_labels, start_app, tray  # noqa: F401 (a fixture)

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")


@pytest.mark.parametrize("language", ["de", "fr", "ja"])
def test_the_tray_menu_and_the_nudge_speak_the_language(desk: DesktopSession,
                                                        start_app,  # noqa: F811
                                                        language: str) -> None:
    with Typist(desk):
        start_app(LANGUAGE=language, LANG="C.UTF-8")
        wait_for(lambda: tray(desk, "items"), timeout=15, what="the tray item")
        labels = menu_labels(tray(desk, "layout"))
        menu = "\n".join(labels)
        assert translated(language, "Quit nudge") in labels, menu
        assert english_leaks(menu, language) == [], menu
        assert not {"Settings…", "Insights…", "Quit nudge"} & set(labels), menu

        wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the nudge notification")
        buttons = "\n".join(desk.offered_buttons())
        desk.dunstctl("close")
        wait_for(lambda: _history(desk), timeout=10, what="the nudge in dunst's history")
    shown = _history(desk)[-1]
    words = f"{shown['summary']}\n{shown['body']}\n{buttons}"
    assert translated(language, "Glute-first chair rise") in words, words
    assert english_leaks(words, language) == [], words


def _history(desk: DesktopSession) -> list[dict[str, str]]:
    doc = json.loads(desk.dunstctl("history").stdout)
    return [{key: value["data"] for key, value in entry.items()} for entry in doc["data"][0]]
