"""TrayUI: status -> icon, tooltip and menu; clicks -> commands or UI actions."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from conftest import cli_env

from nudge.app.commands import AnswerNudge, LogRise, Reply
from nudge.autostart import autostart_for_platform
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.status import Phase, Status
from nudge.notify.null import NullNotifier
from nudge.paths import resolve_paths
from nudge.tray import ui as tray_module
from nudge.tray.icon_state import IconState, Look
from nudge.tray.menu import UiAction
from nudge.tray.ui import TrayUI
from nudge.windows.toolkit import NO_TOOLKIT

from sim import catalogue


@dataclass
class FakeBackend:
    name: str = "fake"
    reason: str = "for tests"
    has_menu: bool = True
    updates: list[tuple] = field(default_factory=list)

    def start(self, on_item, on_open=None) -> None:
        self.on_item = on_item
        self.on_open = on_open

    def update(self, icon, tooltip, items, attention) -> None:
        self.updates.append((icon, tooltip, items, attention))

    def run_main(self, stop: threading.Event) -> None:
        stop.wait(5)

    def stop(self) -> None:
        pass


@dataclass
class FakeAutostart:
    on: bool = False
    where: str = "/tmp/autostart/nudge.desktop"
    written_on: list[str] = field(default_factory=list)  # thread names

    def enabled(self) -> bool:
        return self.on

    def enable(self) -> None:
        self.written_on.append(threading.current_thread().name)
        self.on = True

    def disable(self) -> None:
        self.on = False


def status(phase: Phase = Phase.SITTING) -> Status:
    return Status(phase=phase, seated_seconds=600, next_in_seconds=1200, next_name="rise",
                  progress=0.33)


@pytest.fixture
def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    paths.ensure()
    submitted: list = []
    messages: list[str] = []

    def submit(command):
        submitted.append(command)
        future: Future[Reply] = Future()
        future.set_result(Reply(False, "That nudge is no longer open."))
        return future

    ui = TrayUI(FakeBackend(), submit, paths, FakeAutostart(), notify_plain=messages.append)
    return ui, submitted, messages, paths


def test_a_status_update_sends_the_icon_state_and_builds_the_menu(rig):
    ui, *_ = rig
    ui.update(status())
    icon, tooltip, items, attention = ui.backend.updates[-1]
    # The backend draws the state (the Linux tray from pre-drawn pixmaps, without Pillow).
    assert icon == IconState(Look.SITTING, 7 / 24)  # progress 0.33, floored to a 1/24 step
    assert tooltip == "nudge · Seated 10 min · next rise in 20 min"
    assert items[0].label == "Seated 10 min · next rise in 20 min" and not attention


def test_a_menu_command_is_submitted_and_a_refusal_is_shown(rig):
    ui, submitted, messages, _ = rig
    ui.update(status())
    item = next(i for i in ui.backend.updates[-1][2] if i.command == LogRise())
    ui._on_item(item)
    assert submitted == [LogRise()]
    assert messages == ["That nudge is no longer open."]


def test_start_at_login_toggles_and_the_check_mark_follows(rig):
    ui, *_ = rig
    ui.update(status())
    item = next(i for i in ui.backend.updates[-1][2] if i.action is UiAction.AUTOSTART)
    assert item.checked is False
    ui._on_item(item)  # on the D-Bus thread, which must not wait for file writes and fsyncs
    for thread in threading.enumerate():
        if thread.name == "nudge-autostart":
            thread.join(5)
    assert ui._autostart.on
    assert ui._autostart.written_on == ["nudge-autostart"]
    refreshed = next(i for i in ui.backend.updates[-1][2] if i.action is UiAction.AUTOSTART)
    assert refreshed.checked is True


def test_insights_and_settings_open_their_windows_not_the_files(rig, monkeypatch):
    ui, _, messages, _ = rig
    asked: list[str] = []
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_window", lambda name: asked.append(name) or (0, ""))
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    ui._open_summary()
    ui._open_settings()
    assert asked == ["insights", "settings"] and opened == [] and messages == []


def test_without_windows_the_weekly_summary_is_drawn_by_a_short_lived_process_and_opened(
        rig, monkeypatch):
    ui, _, messages, paths = rig
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_window", lambda name: (NO_TOOLKIT, "no Qt here"))
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    ui._open_summary()
    assert len(opened) == 1 and opened[0].parent == paths.state_dir
    assert opened[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert messages == []


def test_without_windows_settings_creates_the_commented_config_then_opens_it(rig, monkeypatch):
    ui, _, _, paths = rig
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_window", lambda name: (NO_TOOLKIT, "no Qt here"))
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    ui._open_settings()
    assert opened == [paths.config_file] and "rise_every" in paths.config_file.read_text()


def test_run_warns_when_the_tray_has_no_menu_and_stop_ends_it(rig):
    ui, _, messages, _ = rig
    ui.backend.has_menu = False
    ui.backend.reason = "this panel only offers an XEmbed tray without menus"
    done = threading.Event()
    thread = threading.Thread(target=lambda: (ui.run(), done.set()))
    thread.start()
    ui.stop()
    assert done.wait(5)
    assert any("without a tray menu" in m for m in messages)


# -- "Start at login" against the real entry and the real `nudge autostart` command ---------
@pytest.fixture
def login_rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A function building a TrayUI over the real XDG autostart entry in a temporary
    XDG_CONFIG_HOME, and one running the real `nudge autostart …` there."""
    env = cli_env(tmp_path / "home")
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
               XDG_CONFIG_DIRS=str(tmp_path / "xdg-system"))
    for name in ("NUDGE_HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"):
        monkeypatch.setenv(name, env[name])
    paths = resolve_paths()
    paths.ensure()
    messages: list[str] = []

    def tray() -> TrayUI:
        return TrayUI(FakeBackend(), lambda command: Future(), paths,
                      autostart_for_platform(env, "linux"), notify_plain=messages.append)

    entry = tmp_path / "xdg-config" / "autostart" / "nudge.desktop"

    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "nudge", "autostart", *args], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return tray, entry, cli, messages


def login_item(ui: TrayUI):
    return next(i for i in ui.backend.updates[-1][2] if i.action is UiAction.AUTOSTART)


def click_and_wait(ui: TrayUI, item) -> None:
    ui._on_item(item)
    for thread in threading.enumerate():
        if thread.name == "nudge-autostart":
            thread.join(5)


def test_a_stale_check_mark_clicked_after_autostart_off_leaves_it_off(login_rig):
    tray, entry, cli, messages = login_rig
    cli("on")
    ui = tray()
    ui.update(status())
    shown = login_item(ui)
    assert shown.checked is True
    assert "is now off" in cli("off")  # behind the tray's back, menu not rebuilt meanwhile

    click_and_wait(ui, shown)  # the user clicked a check mark: they want it off

    assert not entry.exists(), "the click turned start at login back on"
    assert login_item(ui).checked is False and messages == []
    assert "nudge autostart on" in cli("status")


def test_the_menu_reads_the_entry_as_it_opens_and_a_click_acts_on_what_it_showed(login_rig):
    tray, entry, cli, _ = login_rig
    ui = tray()
    ui.update(status())
    assert login_item(ui).checked is False
    cli("on")
    before = len(ui.backend.updates)

    ui._menu_opening()  # what a StatusNotifier host's AboutToShow calls

    assert len(ui.backend.updates) == before + 1 and login_item(ui).checked is True
    ui._menu_opening()  # nothing changed: nothing pushed
    assert len(ui.backend.updates) == before + 1
    click_and_wait(ui, login_item(ui))
    assert not entry.exists() and login_item(ui).checked is False
    click_and_wait(ui, login_item(ui))
    assert entry.exists() and login_item(ui).checked is True


# -- answers from the menu are confirmed like a popup button's ----------------------------------
def test_every_answer_from_the_menu_is_confirmed_through_the_notifier(tmp_path: Path,
                                                                      monkeypatch):
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    replies = {Answer.DONE: Reply(True, "Saved: 5 reps. Nice work."),
               Answer.SNOOZE: Reply(True, "Snoozed until 10:40."),
               Answer.SKIP: Reply(True, "Skipped. The next nudge comes later.")}

    def submit(command):
        future: Future[Reply] = Future()
        if isinstance(command, AnswerNudge):
            future.set_result(replies[command.answer])
        elif isinstance(command, LogRise):
            future.set_result(Reply(True, "Logged: 5 reps. The seated clock starts again."))
        else:
            future.set_result(Reply(True, "Nudges paused until 11:00."))
        return future

    confirmed: list[Reply] = []
    notes: list[str] = []
    ui = TrayUI(FakeBackend(), submit, paths, FakeAutostart(), notify_plain=notes.append,
                confirm=confirmed.append)
    rise = catalogue().by_id("glute_rise")
    offer = NudgeOffer("n1", rise, 5, 1, (300, 600, 1200), 600)
    ui.update(Status(Phase.PENDING, 600, 0, "rise", 1.0, offer=offer))
    items = {i.label: i for i in ui.backend.updates[-1][2]}
    chosen = [items["Done (5 reps)"], items["Done, another count"].children[2],
              items["Snooze"].children[0], items["Skip"],
              items["I just did a glute-first rise"]]
    for item in chosen:
        ui._on_item(item)
    assert [r.message for r in confirmed] == [
        "Saved: 5 reps. Nice work.", "Saved: 5 reps. Nice work.", "Snoozed until 10:40.",
        "Skipped. The next nudge comes later.", "Logged: 5 reps. The seated clock starts again."]
    ui._on_item(items["Pause"].children[0])  # the menu shows a pause itself: no note
    assert len(confirmed) == 5 and notes == []


def test_the_quiet_hours_entries_confirm_what_they_did_and_what_failed(tmp_path: Path,
                                                                       monkeypatch):
    """Issue #20: "Add as a pause" and "Don't ask again" vanish from the menu once answered, so
    their reply is said like an answer's, success and failure; here through the real dispatch
    on the real files, and the notifier's own words (NullNotifier.confirm)."""
    from nudge.app.dispatch import dispatch
    from nudge.cli.offline import FilesBackend
    from nudge.core.quiet_hours import QuietHour

    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    paths = resolve_paths()
    paths.ensure()

    def submit(command):
        future: Future[Reply] = Future()
        future.set_result(dispatch(FilesBackend(paths), command))
        return future

    null, notes = NullNotifier(), []
    ui = TrayUI(FakeBackend(), submit, paths, FakeAutostart(), notify_plain=notes.append,
                confirm=null.confirm)
    ui.update(replace(status(), quiet_hour=QuietHour(1, 14, nudges=6, turned_away=5)))
    items = {i.label: i for i in ui.backend.updates[-1][2]}
    ui._on_item(items["Add as a pause"])
    ui._on_item(items["Don't ask again"])
    assert null.messages == ["Added a pause: Tuesdays 14:00-15:00.",
                             "Got it: nudge won't ask about that hour again."]
    paths.config_file.write_text('[schedule]\nrise_every = "soon"\n')  # the user's to fix
    ui._on_item(items["Add as a pause"])
    assert null.messages[2].startswith("nudge could not record that: The pause was not added:")
    assert "rise_every" in null.messages[2] and notes == []


def test_the_notifiers_confirm_with_the_words_of_the_popup_buttons():
    """One wording (notify.texts.confirmation) for a popup button and a menu answer."""
    null = NullNotifier()
    null.confirm(Reply(True, "Saved: 5 reps. Nice work."))
    null.confirm(Reply(False, "That nudge is no longer open."))
    assert null.messages == ["Saved: 5 reps. Nice work.",
                             "nudge could not record that: That nudge is no longer open."]


def _waiting(exercise) -> Status:
    offer = NudgeOffer("n1", exercise, exercise.reps, 1, (300.0, 600.0), 600.0)
    return Status(phase=Phase.PENDING, seated_seconds=1800, next_in_seconds=0,
                  next_name="rise", progress=1.0, offer=offer)


def test_how_to_do_it_opens_the_card_for_the_waiting_exercise(rig, monkeypatch):
    from nudge.config.exercise_files import load_catalogue

    ui, _, messages, _ = rig
    asked: list[tuple[str, ...]] = []
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_window",
                        lambda *words: asked.append(words) or (0, ""))
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    squat = load_catalogue(None).catalogue.by_id("bodyweight_squat")
    ui.update(_waiting(squat))
    item = next(i for i in ui.backend.updates[-1][2] if i.action is UiAction.HOW_TO)
    ui._on_item(item)  # on the D-Bus thread: the card's process is waited for on a helper
    from desktop import wait_for

    wait_for(lambda: asked, 5, "the card to be opened")
    assert asked == [("howto", "bodyweight_squat")]
    assert opened == [] and messages == []


def test_how_to_do_it_without_windows_opens_the_picture_through_the_real_command(
        rig, monkeypatch):
    """No display here: the real `nudge exercise show --window -- ID` process says so
    (NO_TOOLKIT), and the tray opens the exercise's picture as before."""
    from nudge.config.exercise_files import load_catalogue

    ui, _, messages, _ = rig
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    ui.update(_waiting(load_catalogue(None).catalogue.by_id("bodyweight_squat")))
    ui._open_how_to()
    assert len(opened) == 1 and opened[0].name == "bodyweight_squat-light.png"
    assert opened[0].is_file() and messages == []


def test_how_to_do_it_without_windows_or_a_picture_shows_the_cues(rig, monkeypatch):
    ui, _, messages, _ = rig
    monkeypatch.setattr(tray_module, "open_window", lambda *words: (NO_TOOLKIT, "no Qt here"))
    monkeypatch.setattr(tray_module, "open_with_default_app", lambda path: True)
    from dataclasses import replace

    own = replace(catalogue().by_id("glute_rise"), id="my_rise")  # a user's, no picture
    ui.update(_waiting(own))
    ui._open_how_to()
    assert messages == ["Glute rise: cue one cue two"]


def test_a_card_that_fails_says_what_it_said(rig, monkeypatch):
    ui, _, messages, _ = rig
    opened: list[Path] = []
    monkeypatch.setattr(tray_module, "open_window", lambda *words: (2, "nudge: no such one"))
    monkeypatch.setattr(tray_module, "open_with_default_app",
                        lambda path: opened.append(path) or True)
    ui.update(_waiting(catalogue().by_id("glute_rise")))
    ui._open_how_to()
    assert messages == ["nudge: no such one"] and opened == []


# The all-day app only starts the card's process: Qt loads there, never in the app.
HOW_TO_IN_THE_APP = """
import json, sys
from dataclasses import replace
from nudge.config.exercise_files import load_catalogue
from nudge.core.decisions import NudgeOffer
from nudge.core.status import Phase, Status
from nudge.paths import resolve_paths
from nudge.tray import ui

class Backend:
    name, reason, has_menu = "none", "", True
    def update(self, *shown): pass

said, opened = [], []
ui.open_with_default_app = lambda path: opened.append(path.name) or True
tray = ui.TrayUI(Backend(), None, resolve_paths(), None, notify_plain=said.append)
rise = replace(load_catalogue(None).catalogue.by_id("glute_rise"), id=sys.argv[1])
tray.update(Status(phase=Phase.PENDING, seated_seconds=1800, next_in_seconds=0,
                   next_name="rise", progress=1.0,
                   offer=NudgeOffer("n1", rise, rise.reps, 1, (300.0,), 600.0)))
tray._open_how_to()
print(json.dumps([said, opened, sorted(m for m in sys.modules if m.split(".")[0] in
                                       ("PySide6", "shiboken6"))]))
"""


@pytest.mark.parametrize("display", ["", ":97"])
def test_how_to_do_it_loads_no_qt_into_the_all_day_app(tmp_path: Path, display: str) -> None:
    """Without a display the card's process says so and the picture opens; with one (a
    display Qt would look for, were it loaded here) the card's process ends at once on an
    exercise it does not know (gone from exercises.toml), and says so."""
    env = cli_env(tmp_path / "home")
    exercise_id = "glute_rise" if not display else "gone_rise"
    if display:
        env["DISPLAY"] = display
    done = subprocess.run([sys.executable, "-c", HOW_TO_IN_THE_APP, exercise_id], env=env,
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    said, opened, qt = json.loads(done.stdout.splitlines()[-1])
    assert qt == []
    if display:
        assert opened == [] and len(said) == 1
        assert said[0].startswith("nudge: there is no exercise called 'gone_rise'.")
    else:
        assert said == [] and opened == ["glute_rise-light.png"]
