"""The windows as a person meets them, on a real desktop (Xvfb, a private bus, dunst and
xfce4-panel): opened from the running tray app's menu (clicked over dbusmenu, as a panel does)
and from the CLI, typed into with real X keys (xdotool), checked through config.toml and
`nudge status`. Screenshots of every window at 100 % and 200 % go to artifacts/windows-*.png.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

from configs import ALL_DAY
from test_app_desktop import RunningApp, menu_labels, tray

from bench.history_gen import generate_history
from nudge.app.instance import running_pid
from nudge.paths import resolve_paths
from nudge.windows.toolkit import toolkit_problem

from desktop import ARTIFACTS, DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")

CONFIG = """\
# my own words, kept
[schedule]
rise_every = "1h"   # an hour
hip_flexor_every = "5h"

""" + ALL_DAY


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    session = DesktopSession(tmp_path_factory.mktemp("windows"))
    try:
        session.start_x()
        session.start_bus()
        session.start_dunst()
        session.start_panel()
        problem = toolkit_problem(session.env)
        if problem:
            pytest.skip(f"Qt cannot open a window here: {problem}")
        yield session
    finally:
        session.close()


@pytest.fixture
def app(desk: DesktopSession, tmp_path: Path) -> Iterator[RunningApp]:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(CONFIG)
    running = RunningApp(desk, home)
    wait_for(lambda: running.status().get("running"), timeout=15, what="nudge to start")
    yield running
    output = running.stop()
    assert "Traceback" not in output, output


def windows_named(desk: DesktopSession, title: str) -> list[str]:
    return desk.run("xdotool", "search", "--onlyvisible", "--name", title).stdout.split()


def wait_window(desk: DesktopSession, title: str) -> str:
    wait_for(lambda: windows_named(desk, title), timeout=20, what=f"the window {title!r}")
    window = windows_named(desk, title)[0]
    desk.run("xdotool", "windowfocus", "--sync", window, check=True)
    return window


def keys(desk: DesktopSession, *names: str) -> None:
    desk.run("xdotool", "key", "--delay", "40", *names, check=True)


def type_text(desk: DesktopSession, text: str) -> None:
    desk.run("xdotool", "type", "--delay", "30", text, check=True)


def shot(desk: DesktopSession, window: str, name: str) -> Path:
    """The window as it is on the screen, once painted: a window just mapped is black on
    Xvfb until Qt paints it (a shot taken then showed nothing but the panel above it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"windows-{name}.png"

    def painted() -> bool:
        desk.run("import", "-window", window, str(target), check=True)
        with Image.open(target) as picture:
            grey = picture.convert("L")
            black = grey.histogram()[0]
            return black < grey.width * grey.height / 2

    wait_for(painted, timeout=20, what=f"the window {name!r} painted")
    return target


def cli_window(app: RunningApp, name: str, script: str = "", section: str = "",
               **extra: str) -> subprocess.Popen[str]:
    """`nudge <name>` started from a terminal (or the helper `script`, which runs it as the CLI
    does); what it says goes to `said(process)`."""
    output = app.home / f"{name}-{len(list(app.home.glob('*.out')))}.out"
    command = [script] if script else ["-m", "nudge", name]
    with output.open("w") as sink:
        process = subprocess.Popen([sys.executable, *command, *([section] if section else [])],
                                   env={**app.env, **extra}, stdout=sink,
                                   stderr=subprocess.STDOUT, text=True)
    process.output = output  # type: ignore[attr-defined]
    return process


def said(process: subprocess.Popen[str]) -> str:
    return process.output.read_text()  # type: ignore[attr-defined,no-any-return]


def finish(process: subprocess.Popen[str]) -> str:
    """The window is closing (Escape): its words, once the process has ended."""
    process.wait(20)
    out = said(process)
    assert "Traceback" not in out, out
    return out


def test_settings_from_the_cli_a_typed_value_is_saved_and_the_running_app_uses_it(
        desk: DesktopSession, app: RunningApp) -> None:
    config = app.home / "config" / "config.toml"
    before = app.status()["next_in_minutes"]
    assert before is not None and before <= 60
    window = cli_window(app, "settings")
    wid = wait_window(desk, "nudge settings")  # the first field, "Rise every", has the focus
    shot(desk, wid, "settings-100")

    keys(desk, "ctrl+a")
    type_text(desk, "soon")
    keys(desk, "ctrl+s")  # refused: the words are shown under the field, nothing is written
    wait_for(lambda: "Not saved" in said(window), timeout=10, what="the refusal")
    shot(desk, wid, "settings-bad-value")
    assert config.read_text() == CONFIG

    keys(desk, "ctrl+a")
    type_text(desk, "3h")
    keys(desk, "ctrl+s")
    wait_for(lambda: 'rise_every = "3h"   # an hour' in config.read_text(), timeout=10,
             what="config.toml saved with the new value and the user's comment")
    assert config.read_text().startswith("# my own words, kept\n")
    wait_for(lambda: (app.status()["next_in_minutes"] or 0) > 120, timeout=10,
             what="the running app to use the new rise interval")
    keys(desk, "Escape")
    out = finish(window)
    assert 'Not saved yet: fix the setting marked in red first. schedule.rise_every: "soon" ' \
        'is not a duration; write it like 20s, 30m, 1h30m' in out
    assert "Saved. nudge is using them now." in out


def test_settings_by_mouse_todays_off_box_and_save_and_the_running_app_uses_it(
        desk: DesktopSession, app: RunningApp) -> None:
    from nudge.core.settings import WEEKDAYS
    from nudge.windows.work_hours import day_names

    config = app.home / "config" / "config.toml"
    now = datetime.now()
    if (now.hour, now.minute) >= (23, 58):  # today's box would be tomorrow's mid-test
        before = now.date()
        wait_for(lambda: datetime.now().date() != before, timeout=130, what="midnight")
        now = datetime.now()
    day = WEEKDAYS[now.weekday()]
    assert app.status()["next_work_start"] is None  # working all day, every day
    window = cli_window(app, "settings", script=str(Path(__file__).with_name(
        "settings_where.py")), section="hours")
    wid = wait_window(desk, "nudge settings")
    told = wait_for(lambda: [line for line in said(window).splitlines() if line[:1] == "{"],
                    timeout=20, what="where the controls are")
    where = json.loads(told[0])  # type: ignore[index]
    shape = dict(line.split("=") for line in desk.run(
        "xdotool", "getwindowgeometry", "--shell", wid).stdout.split())
    # The window is as it was laid out: the places are where the clicks land.
    assert [int(shape["WIDTH"]), int(shape["HEIGHT"])] == where["size"]

    click(desk, wid, where[f"{day_names()[now.weekday()]} off"])
    click(desk, wid, where["Save"])
    wait_for(lambda: f'{day} = "off"' in config.read_text(), timeout=10,
             what="today switched off in config.toml by two clicks")
    assert config.read_text() == CONFIG.replace(f'{day} = "00:00-24:00"', f'{day} = "off"')
    wait_for(lambda: "Saved. nudge is using them now." in said(window), timeout=10,
             what="the window's word that the app uses them")
    status = app.status()  # no work today: the next nudge waits for tomorrow's hours
    assert status["next_in_minutes"] is None and status["next_work_start"] is not None
    assert status["next_work_start"] > now.date().isoformat(), status
    keys(desk, "Escape")
    finish(window)


def click(desk: DesktopSession, window: str, place: list[int]) -> None:
    """A real left click (X events, as a mouse makes) at `place` in `window`."""
    desk.run("xdotool", "mousemove", "--window", window, "--sync", str(place[0]),
             str(place[1]), "click", "1", check=True)


def test_settings_from_the_tray_menu_open_once_and_a_second_request_raises_it(
        desk: DesktopSession, app: RunningApp) -> None:
    labels = menu_labels(tray(desk, "layout"))
    tray(desk, "click", labels["Settings…"])
    wait_window(desk, "nudge settings")
    tray(desk, "click", labels["Settings…"])
    again = app.cli("settings")

    assert again.returncode == 0 and "already open" in again.stdout
    wait_for(lambda: len(windows_named(desk, "nudge settings")) == 1, timeout=10,
             what="one settings window, in front")
    wid = wait_window(desk, "nudge settings")  # in front and focused before the keys
    keys(desk, "ctrl+Next")  # to the work hours
    shot(desk, wid, "settings-work-hours")
    keys(desk, "Escape")
    wait_for(lambda: not windows_named(desk, "nudge settings"), timeout=10,
             what="the settings window to close")


def test_settings_section_hours_from_the_cli_switches_the_open_window_to_the_hours(
        desk: DesktopSession, app: RunningApp) -> None:
    config = app.home / "config" / "config.toml"
    window = cli_window(app, "settings")  # opens on "When to nudge"
    wait_window(desk, "nudge settings")
    again = app.cli("settings", "--section", "hours")  # what the tray's "Change work hours…" runs

    assert again.returncode == 0 and "already open" in again.stdout
    wid = wait_window(desk, "nudge settings")
    keys(desk, "ctrl+a")  # typed into Monday's hours: the keyboard is there already
    type_text(desk, "08:00-18:00")
    shot(desk, wid, "settings-section-hours")
    keys(desk, "ctrl+s")
    wait_for(lambda: 'mon = "08:00-18:00"' in config.read_text(), timeout=10,
             what="Monday's typed hours saved")
    assert 'rise_every = "1h"   # an hour' in config.read_text()  # nothing typed elsewhere
    keys(desk, "Escape")
    finish(window)


def test_insights_from_the_tray_menu_browse_weeks_with_the_keyboard(
        desk: DesktopSession, tmp_path: Path) -> None:
    history = tmp_path / "history-home"
    generate_history(history, 3, datetime.now().astimezone())
    running = RunningApp(desk, history)
    try:
        wait_for(lambda: running.status().get("running"), timeout=15, what="nudge to start")
        this_week = datetime.now().astimezone().strftime("%G-W%V")
        labels = menu_labels(tray(desk, "layout"))
        tray(desk, "click", labels["Insights…"])
        wid = wait_window(desk, f"nudge insights · {this_week}")
        shot(desk, wid, "insights-100")
        keys(desk, "Left", "Left", "Left")  # three weeks of history: the third Left goes nowhere
        wait_for(lambda: windows_named(desk, "nudge insights · ") and not windows_named(
            desk, this_week), timeout=10, what="an earlier week")
        title = desk.run("xdotool", "getwindowname", wid).stdout.strip()
        earlier = running.cli("summary", "--json", "--week", title.rsplit(" ", 1)[1])
        assert earlier.returncode == 0 and '"done"' in earlier.stdout
        keys(desk, "End")
        wait_window(desk, f"nudge insights · {this_week}")
        keys(desk, "Escape")
        wait_for(lambda: not windows_named(desk, "nudge insights"), timeout=10,
                 what="the insights window to close")
    finally:
        assert "Traceback" not in running.stop()


def test_the_welcome_comes_on_the_first_start_only_and_try_shows_a_real_nudge(
        desk: DesktopSession, tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    first = RunningApp(desk, home)  # no config: the very first start
    try:
        wid = wait_window(desk, "Welcome to nudge")
        shot(desk, wid, "welcome-100")
        wait_for(lambda: first.status().get("running"), timeout=15, what="nudge to start")
        desk.dunstctl("close-all")
        keys(desk, "alt+t")  # "Try a nudge now"
        wait_for(lambda: int(desk.dunstctl("count", "displayed").stdout.strip() or 0) >= 1,
                 timeout=10, what="the tried nudge on screen")
        desk.dunstctl("close-all")
        wait_window(desk, "Welcome to nudge")
        keys(desk, "alt+s")  # Start: the suggested hours and interval, start at login on
        wait_for(lambda: (home / "config" / "config.toml").exists(), timeout=10,
                 what="the welcome's config")
        wait_for(lambda: not windows_named(desk, "Welcome to nudge"), timeout=10,
                 what="the welcome to close")
        assert 'mon = "08:00-18:00"' in (home / "config" / "config.toml").read_text()
        assert first.kinds() == []  # the tried nudge is not history
    finally:
        assert "Traceback" not in first.stop()
    (home / "config" / "config.toml").unlink()  # even without a config: never again
    second = RunningApp(desk, home)
    try:
        wait_for(lambda: second.status().get("running"), timeout=15, what="nudge to start")
        again = second.cli("status")
        assert again.returncode == 0
        assert not windows_named(desk, "Welcome to nudge")
    finally:
        assert "Traceback" not in second.stop()


def test_the_welcome_on_its_own_starts_nudge_and_says_so_and_a_running_one_just_applies(
        desk: DesktopSession, tmp_path: Path) -> None:
    """`nudge welcome` while nudge is not running: Start saves, then starts the all-day app
    on its own (it outlives the welcome); opened again while it runs, Start only applies."""
    home = tmp_path / "alone"
    env = {**desk.env, "NUDGE_HOME": str(home), "PYTHONUNBUFFERED": "1"}

    def nudge(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nudge", *args], env=env,
                              capture_output=True, text=True, timeout=30)

    def welcome_started() -> tuple[subprocess.Popen[str], Path]:
        output = tmp_path / f"welcome-{len(list(tmp_path.glob('*.out')))}.out"
        with output.open("w") as sink:
            window = subprocess.Popen([sys.executable, "-m", "nudge", "welcome"], env=env,
                                      stdout=sink, stderr=subprocess.STDOUT, text=True)
        wait_window(desk, "Welcome to nudge")
        keys(desk, "alt+s")  # Start
        window.wait(20)
        return window, output

    def running() -> bool:
        return bool(json.loads(nudge("status", "--json").stdout).get("running"))

    paths = resolve_paths({"NUDGE_HOME": str(home)})
    try:
        window, output = welcome_started()
        said = output.read_text()
        assert "Traceback" not in said and window.returncode == 0, said
        assert "nudge is starting now; look for its icon in the tray." in said, said
        wait_for(running, timeout=30, what="the nudge the welcome started")
        started = running_pid(paths.instance_lock)
        assert started is not None and started != window.pid

        window, output = welcome_started()  # again, while it runs
        said = output.read_text()
        assert "All set" in said and "starting" not in said, said
        assert running_pid(paths.instance_lock) == started  # the same one, not a second
    finally:
        nudge("quit")
        try:
            wait_for(lambda: running_pid(paths.instance_lock) is None, timeout=20,
                     what="the started nudge to quit")
        finally:
            left = running_pid(paths.instance_lock)
            if left is not None and left > 0:  # it would not quit: never left running
                os.kill(left, signal.SIGKILL)


@pytest.mark.parametrize("name,title", [("settings", "nudge settings"),
                                        ("insights", "nudge insights"),
                                        ("welcome", "Welcome to nudge")])
def test_every_window_at_200_percent(desk: DesktopSession, app: RunningApp, name: str,
                                     title: str) -> None:
    window = cli_window(app, name, QT_SCALE_FACTOR="2")
    wid = wait_window(desk, title)
    shot(desk, wid, f"{name}-200")
    keys(desk, "Escape")
    finish(window)


@pytest.fixture(scope="module")
def history_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("fit") / "home"
    generate_history(home, 3, datetime.now().astimezone())
    return home


TAB_NAMES = {"insights": ("week", "month", "year")}
CLOSING = {"insights": "Close", "settings": "Close", "welcome": "&Start"}


def inside(part: list[float], whole: list[float]) -> bool:
    """Rects as [x, y, width, height]: is `part` all within `whole`?"""
    return (part[0] >= whole[0] and part[1] >= whole[1]
            and part[0] + part[2] <= whole[0] + whole[2]
            and part[1] + part[3] <= whole[1] + whole[3])


@pytest.mark.parametrize("scale", ["1", "2"])
@pytest.mark.parametrize("name", ["insights", "settings", "welcome"])
def test_every_tab_of_every_window_fits_a_small_screen_with_its_buttons(
        desk: DesktopSession, history_home: Path, name: str, scale: str) -> None:
    """1280x800 at 200 % is a 640x400-point screen. Each tab of each window, opened as
    `nudge <name>` opens it, is whole on the screen with every button it shows inside its
    frame (the Month and Year tabs grew the window to 856 and 936 pixels tall, Close off the
    screen), and the week's chart is no bigger than the room its label gets (a bigger one
    was cut: its title, its last rows, the Streak card)."""
    helper = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("window_fit.py")), name],
        env={**desk.env, "NUDGE_HOME": str(history_home), "QT_SCALE_FACTOR": scale},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert helper.stdin is not None and helper.stdout is not None
    seen = 0
    try:
        for line in helper.stdout:
            found = json.loads(line)
            tab = found["tab"]
            names = TAB_NAMES.get(name)
            shot(desk, str(found["window"]),
                 f"{name}-{names[tab] if names else f'tab{tab + 1}'}-{int(scale) * 100}")
            frame, screen = found["frame"], found["screen"]
            assert inside(frame, screen), (tab, frame, screen)
            assert CLOSING[name] in found["buttons"], (tab, found["buttons"])
            for words, button in found["buttons"].items():
                assert inside(button, frame), (tab, words, button, frame)
            if "chart" in found:
                (room_w, room_h), (shown_w, shown_h) = found["chart_room"], found["chart_shown"]
                assert shown_w <= room_w and shown_h <= room_h, (found["chart_room"], found)
                assert max(shown_w / room_w, shown_h / room_h) > 0.99  # as big as it may be
                assert inside(found["chart"], found["inside"])
            geometry = desk.run("xdotool", "getwindowgeometry", "--shell", str(found["window"]),
                                check=True).stdout
            pixels = dict(part.split("=") for part in geometry.split())
            assert inside([int(pixels[k]) for k in ("X", "Y", "WIDTH", "HEIGHT")],
                          [0, 0, 1280, 800]), geometry  # on the X screen itself, in pixels
            seen += 1
            helper.stdin.write("next\n")
            helper.stdin.flush()
        assert helper.wait(30) == 0, helper.stderr.read() if helper.stderr else ""
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait(10)
    assert seen == len(TAB_NAMES[name]) if name in TAB_NAMES else seen >= 1
    errors = helper.stderr.read() if helper.stderr else ""
    assert "Traceback" not in errors, errors
