"""The "How to do it" card on a real desktop (Xvfb, a private bus, dunst and xfce4-panel): opened
by `nudge exercise show ID --window` and by the running tray's "How to do it…" while a nudge
waits (clicked over dbusmenu, as a panel does); a second request switches the one open card;
Escape closes it. Screenshots go to artifacts/windows-howto-*.png.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from test_app_desktop import CONFIG as FAST_APP_CONFIG
from test_app_desktop import RunningApp, Typist, menu_labels, tray
from test_windows_desktop import app, desk, finish, keys, shot, wait_window, windows_named

from nudge.config.exercise_files import load_catalogue

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")
__all__ = ["app", "desk"]  # the fixtures, shared with the other windows' desktop tests

SHIPPED = load_catalogue(None).catalogue
CARD = "How to do it: "


def card_command(app: RunningApp, *words: str) -> subprocess.Popen[str]:
    output = app.home / f"card-{len(list(app.home.glob('card-*.out')))}.out"
    with output.open("w") as sink:
        process = subprocess.Popen([sys.executable, "-m", "nudge", "exercise", "show", *words],
                                   env=app.env, stdout=sink, stderr=subprocess.STDOUT,
                                   text=True)
    process.output = output  # type: ignore[attr-defined]
    return process


def name_of(exercise_id: str) -> str:
    exercise = SHIPPED.by_id(exercise_id)
    assert exercise is not None
    return exercise.name


def test_the_card_from_the_cli_switches_on_a_second_request_and_escape_closes_it(
        desk: DesktopSession, app: RunningApp) -> None:
    window = card_command(app, "glute_rise", "--window")
    wid = wait_window(desk, CARD + name_of("glute_rise"))
    shot(desk, wid, "howto-100")

    again = app.cli("exercise", "show", "hip_flexor_break", "--window")

    assert again.returncode == 0 and "already open" in again.stdout, again
    wait_for(lambda: windows_named(desk, CARD + name_of("hip_flexor_break")), timeout=10,
             what="the open card switched to the hip-flexor stretch")
    assert len(windows_named(desk, CARD)) == 1
    wait_window(desk, CARD)  # focused again before the key
    keys(desk, "Escape")
    finish(window)
    assert window.returncode == 0
    wait_for(lambda: not windows_named(desk, CARD), timeout=10, what="the card to close")


def test_the_card_at_200_percent(desk: DesktopSession, app: RunningApp) -> None:
    app.env["QT_SCALE_FACTOR"] = "2"  # the card's process only: the app runs on
    try:
        window = card_command(app, "single_leg_bridge", "--window")
    finally:
        del app.env["QT_SCALE_FACTOR"]
    wid = wait_window(desk, CARD + name_of("single_leg_bridge"))
    shot(desk, wid, "howto-200")
    keys(desk, "Escape")
    finish(window)
    assert window.returncode == 0


def test_how_to_do_it_in_the_tray_opens_the_card_of_the_waiting_nudge(
        desk: DesktopSession, tmp_path: Path) -> None:
    home = tmp_path / "waiting-home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(FAST_APP_CONFIG.format(rise="3s", away="20s"))
    running = RunningApp(desk, home)
    try:
        with Typist(desk):  # seated at work: the rise comes after three seconds
            wait_for(lambda: running.status().get("phase") == "pending", timeout=30,
                     what="a nudge waiting")
        desk.dunstctl("close-all")
        labels = menu_labels(tray(desk, "layout"))
        done = next(label for label in labels if label.startswith("Done ("))
        tray(desk, "click", labels["How to do it…"])

        wid = wait_window(desk, CARD)
        title = desk.run("xdotool", "getwindowname", wid).stdout.strip()
        offered = next(e for e in SHIPPED.exercises if title == CARD + e.name)
        assert done == f"Done ({offered.count_words(offered.reps)})"  # rounds for a stretch
        shot(desk, wid, "howto-from-tray")
        keys(desk, "Escape")
        wait_for(lambda: not windows_named(desk, CARD), timeout=10, what="the card to close")
        assert running.status().get("phase") == "pending"  # looking is not an answer
    finally:
        assert "Traceback" not in running.stop()
