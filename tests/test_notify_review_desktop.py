"""The weekly review (issue #20) opens insights, on a real dunst (tests/desktop.py): a click on
the note (dunst's default action) and its "Open insights" button start the real `nudge insights`
process the way the tray's "Insights…" does (a real TrayUI over a recording tray backend)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from notifiers import both
from test_notify_desktop import Rig, activation, notifier_kind, rig  # noqa: F401 (fixtures)
from test_tray_ui import FakeAutostart, FakeBackend

from nudge.notify.texts import OPEN_INSIGHTS
from nudge.paths import resolve_paths
from nudge.tray.ui import TrayUI

from desktop import wait_for

LINE = "Last week: 28 rises on 4 goal days, up 3 on the week before."


def insights_processes() -> list[int]:
    """This test's children running `nudge insights` (the tray's helper thread starts it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"nudge" in words and b"insights" in words:
            found.append(int(entry.name))
    return found


def close_insights() -> None:
    """End the window's process (its own test shows it; here only that it started)."""
    for pid in insights_processes():
        os.kill(pid, signal.SIGTERM)
    wait_for(lambda: not insights_processes(), 10, "the insights process to end")


@pytest.fixture
def tray(rig: Rig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # noqa: F811
    """The tray wired to the notifier as the app's front does; what the tray said."""
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    paths.ensure()
    said: list[str] = []
    ui = TrayUI(FakeBackend(), lambda command: None, paths, FakeAutostart(),  # type: ignore
                notify_plain=said.append)
    rig.notifier.open_insights = ui.open_insights
    yield said
    close_insights()


@pytest.mark.parametrize("how", ["click", "button"])
@both
def test_the_weekly_review_opens_insights(rig: Rig, tray: list[str], how: str) -> None:  # noqa: F811
    rig.notifier.review(LINE)
    rig.wait_displayed(1)
    assert insights_processes() == []
    if how == "click":
        rig.session.dunstctl("action", "0")  # the default action: a click on the body
    else:
        rig.session.press_button(OPEN_INSIGHTS, pressed=insights_processes)
    wait_for(insights_processes, 20, "`nudge insights` to start")
    close_insights()


@both
def test_a_plain_note_opens_nothing(rig: Rig, tray: list[str]) -> None:  # noqa: F811
    rig.notifier.message(LINE)
    rig.wait_displayed(1)
    assert not [line for line in rig.offered_buttons() if OPEN_INSIGHTS in line]
    rig.session.dunstctl("action", "0")
    rig.settle()
    rig.wait_displayed(0)
    assert insights_processes() == []
