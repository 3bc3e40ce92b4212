"""The real tray-mode app while its desktop breaks: dunst, the panel, the session bus and the
X server killed under it (SIGKILL: a crash, not a clean exit), and the app itself killed -9
again and again while `nudge log rise` writers keep writing.

Each test gets its own session (tests/desktop_faults.py), since the faults destroy it. Waits
poll real processes and the app's log; nothing asserts on how long anything took.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from desktop_faults import (
    cpu_seconds,
    kill_hard,
    launch,
    log_text,
    logged,
    our_items,
    output_of,
    start_tray_app,
    write_config,
)
from test_app_desktop import RunningApp, Typist, displayed, menu_labels, tray
from test_reliability_kill import Writer, _history

from nudge.core.events import EventKind

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")


@pytest.fixture
def desk(fresh_desk: DesktopSession) -> DesktopSession:
    """Each test its own desktop (tests/conftest.py): the faults here destroy it."""
    return fresh_desk


@pytest.fixture
def apps():
    """Apps a test started; each still running at the end is quit and must not have crashed."""
    started: list[RunningApp] = []
    yield started
    for app in started:
        output = app.stop()
        assert "Traceback" not in output, output


def done_reps(app: RunningApp) -> list[tuple[int | None, str | None]]:
    return [(e.reps, e.source) for e in app.events() if e.kind is EventKind.DONE]


# -- 1. the notification daemon --------------------------------------------------------------
def test_dunst_killed_and_restarted_the_nudge_waits_in_the_tray_then_comes_back(
        desk: DesktopSession, apps: list[RunningApp], tmp_path: Path) -> None:
    with Typist(desk):
        app = start_tray_app(desk, tmp_path / "home", rise="4s")
        apps.append(app)
        wait_for(lambda: displayed(desk) >= 1, timeout=20, what="the first nudge")
        kill_hard(desk, "dunst")  # the popup dies with it
        wait_for(lambda: logged(app.home, "its popup went with it; it waits in the tray"),
                 timeout=10, what="the log to say the popup is gone")
        assert logged(app.home, "the notification service left the session bus")
        wait_for(lambda: logged(app.home, "was not delivered as a notification; the tray menu "
                                "shows it"), timeout=10, what="the log to say where it waits")
        assert app.status()["phase"] == "pending"
        labels = menu_labels(tray(desk, "layout"))
        assert "Done (5 reps)" in labels  # the nudge waits in the tray

        desk.start_dunst()  # a new daemon: the waiting nudge is shown through it at once
        wait_for(lambda: displayed(desk) >= 1, timeout=10, what="the nudge on the new dunst")
        assert logged(app.home, "showing it again through the new notification service")
        desk.press_button("Done (5)", pressed=lambda: EventKind.DONE in app.kinds())
        assert done_reps(app) == [(5, "prompt")]

        # The next nudge arrives through the new daemon too, and its answer is kept.
        wait_for(lambda: app.kinds().count(EventKind.OFFERED) >= 2, timeout=20,
                 what="the next nudge")
        wait_for(lambda: displayed(desk) >= 1, timeout=10, what="its popup")
        desk.press_button("Skip", pressed=lambda: EventKind.SKIPPED in app.kinds())
        assert app.kinds().count(EventKind.OFFERED) == 2
        assert done_reps(app) == [(5, "prompt")]


# -- 2. the tray host ------------------------------------------------------------------------
def test_panel_killed_and_restarted_the_icon_registers_again_and_its_menu_works(
        desk: DesktopSession, apps: list[RunningApp], tmp_path: Path) -> None:
    app = start_tray_app(desk, tmp_path / "home")
    apps.append(app)
    kill_hard(desk, "panel")
    wait_for(lambda: not desk.bus_has("org.kde.StatusNotifierWatcher"), timeout=10,
             what="the watcher gone with the panel")
    assert app.process.poll() is None and app.status()["running"]

    desk.start_panel()  # a new StatusNotifierWatcher
    wait_for(lambda: our_items(desk, app), timeout=10, what="the icon registered again")
    assert len(our_items(desk, app)) == 1
    assert logged(app.home, "a StatusNotifier watcher appeared; registering the tray icon")
    labels = menu_labels(tray(desk, "layout"))
    tray(desk, "click", labels["I just did a glute-first rise"])
    wait_for(lambda: EventKind.DONE in app.kinds(), timeout=10, what="the rise from the menu")
    assert done_reps(app) == [(5, "manual")]
    app.stop()  # a plain quit with the X server still up is not taken for the display going
    assert app.process.returncode == 0
    assert not logged(app.home, "went away"), log_text(app.home)


# -- 3. the session bus ----------------------------------------------------------------------
def test_session_bus_killed_the_app_keeps_tracking_and_recording_without_spinning(
        desk: DesktopSession, apps: list[RunningApp], tmp_path: Path) -> None:
    app = start_tray_app(desk, tmp_path / "home", rise="1h", away="2s")
    apps.append(app)
    with Typist(desk):
        wait_for(lambda: app.status()["phase"] == "sitting", timeout=10, what="sitting")
        kill_hard(desk, "bus")
        wait_for(lambda: logged(app.home, "lost the D-Bus session bus"), timeout=10,
                 what="the log to say the bus is gone")
    # Still tracking: X11 idle time is read without the bus. No input: away, a break.
    wait_for(lambda: app.status()["phase"] == "away", timeout=15, what="away without input")
    wait_for(lambda: EventKind.BREAK in app.kinds(), timeout=10, what="the break recorded")
    with Typist(desk):
        wait_for(lambda: app.status()["phase"] == "sitting", timeout=15, what="back, sitting")
    # Still recording, through the running app (its control channel needs no bus).
    done = app.cli("log", "rise", "--reps", "7")
    assert done.stdout.startswith("Logged: 7 reps. The seated clock"), done
    assert done_reps(app) == [(7, "manual")]
    # Not spinning: a busy loop would burn about 8 s of CPU here.
    before = cpu_seconds(app.process.pid)
    time.sleep(8)  # the scenario: CPU time over a stretch of real time, nothing to await
    assert cpu_seconds(app.process.pid) - before < 0.8
    assert app.process.poll() is None
    output = app.stop()  # `nudge quit` over the control channel
    assert app.process.returncode == 0
    assert "Traceback" not in output, output


def test_session_bus_killed_a_due_nudge_is_logged_in_one_line_and_waits_in_status(
        desk: DesktopSession, apps: list[RunningApp], tmp_path: Path) -> None:
    """Without the bus there is no popup, no plain notification and no tray: each nudge says
    so in the log without a traceback, nothing stray reaches stderr, and it waits in status."""
    app = start_tray_app(desk, tmp_path / "home", rise="4s", away="20s")
    apps.append(app)
    not_delivered = "was not delivered as a notification; the tray is gone with the session " \
                    "bus, so it waits in `nudge status`"
    with Typist(desk):
        wait_for(lambda: app.status()["phase"] == "sitting", timeout=10, what="sitting")
        kill_hard(desk, "bus")
        wait_for(lambda: logged(app.home, not_delivered), timeout=20, what="the first nudge")
        assert app.status()["line"].startswith("Time for: Glute-first chair rise")
        # Recorded from a terminal; the next nudge fails the same way, logged the same way.
        done = app.cli("log", "rise")
        assert done.stdout.startswith("Logged: 5 reps."), done
        wait_for(lambda: log_text(app.home).count(not_delivered) >= 2, timeout=20,
                 what="the second nudge")
    log = log_text(app.home)
    assert "Traceback" not in log, log
    assert log.count("desktop notifications are failing: the D-Bus session bus cannot be "
                     "reached (") == 1, log
    assert log.count("plain notifications are failing: ") == 1, log
    assert "the tray menu shows it" not in log, log
    output = app.stop()
    assert "Could not connect" not in output and "GDBus.Error" not in output, output


# -- 4. the X server -------------------------------------------------------------------------
def test_x_server_killed_the_app_says_why_and_exits_cleanly_keeping_every_rep(
        desk: DesktopSession, tmp_path: Path) -> None:
    app = start_tray_app(desk, tmp_path / "home", rise="1h")
    done = app.cli("log", "rise", "--reps", "9")
    assert done.stdout.startswith("Logged: 9 reps. The seated clock"), done  # via the app
    kill_hard(desk, "xvfb")  # dunst and the panel go down with it, as in a real session
    output = output_of(app)
    assert app.process.returncode == 0, output
    assert "Traceback" not in output, output
    log = log_text(app.home)
    assert "the X display" in log and "went away" in log and "so nudge stops" in log, log
    assert "Traceback" not in log.split("went away", 1)[1], log
    assert done_reps(app) == [(9, "manual")]
    assert app.status()["running"] is False  # the instance lock and socket are free again


# -- 5. kill -9 torture of the tray-mode app -------------------------------------------------
ROUNDS = 6
LIVES_PER_ROUND = 2
WRITERS = 3
MIN_CONFIRMED = 500
LISTENING = "control: listening on"  # logged once per start, when commands reach the app


def _acked(writers: list[Writer]) -> list[int]:
    return [value for writer in writers for value in writer.snapshot()[1]]


def _reps(count: int) -> str:
    """`1 rep`, `5 reps`: as the English replies count them."""
    return f"{count} rep" if count == 1 else f"{count} reps"


def _log_rise(app: RunningApp, reps: int) -> str:
    done = app.cli("log", "rise", "--reps", str(reps))
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_kill_9_of_the_tray_app_and_writers_never_loses_an_acknowledged_rep(
        desk: DesktopSession, tmp_path: Path, torture_seed: int) -> None:
    """Like tests/test_reliability_kill.py, with the real tray app in a real desktop session:
    each life of the app ends with SIGKILL after a random number of acknowledged writes (or a
    random time), sometimes still starting up; one writer per round is killed too. Each round
    the test logs one value itself through the serving app and one with the app down, so both
    ways of writing are exercised by design. `pytest --seed N` replays a run."""
    seed = torture_seed
    rng = random.Random(seed)
    home = tmp_path / "home"
    write_config(home, rise="2s", away="20s")
    errors = tmp_path / "writers.err"
    confirmed = via_app = kills = 0
    before, _ = _history(home)
    with Typist(desk):  # the app tracks a seated user and writes its own events as well
        for round_number in range(ROUNDS):
            message = f"round {round_number}, random seed {seed}"
            values = list(range(1, 101))
            rng.shuffle(values)
            through_app, by_cli, values = values[0], values[1], values[2:]
            shares = [values[i::WRITERS] for i in range(WRITERS)]
            writers = [Writer(home, share, rng.randrange(1 << 30), errors) for share in shares]
            victim, victim_life = rng.randrange(WRITERS), rng.randrange(LIVES_PER_ROUND)
            serving_life = rng.randrange(LIVES_PER_ROUND)
            for life in range(LIVES_PER_ROUND):
                serving = log_text(home).count(LISTENING)
                app = launch(desk, home)
                # Else killed at any moment, often still starting up.
                if life == serving_life or rng.random() < 0.6:
                    wait_for(lambda n=serving: log_text(home).count(LISTENING) != n, timeout=20,
                             what="the app serving its control channel")
                if life == serving_life:
                    said = _log_rise(app, through_app)
                    assert said.startswith(f"Logged: {_reps(through_app)}. The seated"
                                           ), f"{message}: {said}"
                    via_app += 1
                start = len(_acked(writers))
                # The scenario: the app lives for a random number of writes or a random time.
                writes, limit = rng.randrange(5, 45), time.monotonic() + rng.uniform(0.3, 4)
                while len(_acked(writers)) - start < writes and time.monotonic() < limit:
                    time.sleep(0.01)
                app.process.send_signal(signal.SIGKILL)
                app.process.wait(10)
                kills += 1
                if life == victim_life:  # a writer dies mid-write too, one carries on for it
                    old = writers[victim]
                    old.proc.send_signal(signal.SIGKILL)
                    old.finish()
                    tried = old.snapshot()[0]
                    rest = [v for v in shares[victim] if v not in tried]
                    writers.append(Writer(home, rest, rng.randrange(1 << 30), errors))
                # After each kill the history opens and holds every rep acknowledged so far
                # (taken before reading: the writers carry on meanwhile).
                acked = _acked(writers)
                now, notices = _history(home)
                lost = [v for v in acked if now[v] - before[v] < 1]
                assert not lost, f"{message}: acknowledged, then lost: {lost}"
                assert notices == [], notices
                time.sleep(rng.uniform(0, 0.3))  # the scenario: down a moment, the CLI writes
            said = _log_rise(app, by_cli)  # the app is down: the CLI writes by itself
            assert said == f"Logged: {_reps(by_cli)}.\n", f"{message}: {said}"
            for writer in writers:
                writer.finish()
            tried = {v for w in writers for v in w.snapshot()[0]} | {through_app, by_cli}
            acked = [*_acked(writers), through_app, by_cli]
            after, notices = _history(home)
            delta = {v: after[v] - before[v] for v in range(1, 101)}
            assert len(acked) == len(set(acked))
            assert [v for v in acked if delta[v] != 1] == [], f"{message}: lost or doubled"
            assert [v for v in tried if delta[v] not in (0, 1)] == [], f"{message}: doubled"
            assert [v for v in delta if v not in tried and delta[v]] == [], f"{message}: phantom"
            assert notices == []
            confirmed += len(acked)
            via_app += sum(w.via_app for w in writers)
            before = after

    assert not [p.name for p in home.rglob("*") if ".corrupt-" in p.name]
    assert "Traceback" not in errors.read_text()
    assert kills == ROUNDS * LIVES_PER_ROUND
    assert confirmed >= MIN_CONFIRMED, (confirmed, seed)
    # Both paths were exercised, by design (see the docstring), not by chance.
    assert via_app >= ROUNDS and confirmed - via_app >= ROUNDS, (via_app, confirmed, seed)
    print(f"{confirmed} acknowledged reps, {via_app} through the tray app; seed {seed}")
    # The app still starts, its icon is on the panel once (the killed ones' are gone), and a
    # last write through it is kept.
    app = start_tray_app(desk, home, rise="1h")
    try:
        items = tray(desk, "items")
        assert isinstance(items, list) and len(items) == 1 and our_items(desk, app), items
        done = subprocess.run([sys.executable, "-m", "nudge", "log", "rise", "--reps", "1"],
                              env=app.env, capture_output=True, text=True, timeout=30)
        assert done.stdout.startswith("Logged: 1 rep. The seated clock"), done
    finally:
        output = app.stop()
    assert app.process.returncode == 0 and "Traceback" not in output, output
    assert _history(home)[0][1] == before[1] + 1
