"""Each command's rules exist once (nudge/app/dispatch.py): the running app and the files, its
two back ends, answer a command the same way, up to "nudge is not running"."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from nudge.app.commands import (
    AddQuietPause,
    Command,
    DismissQuietHour,
    GetStatus,
    LogRise,
    PauseNudges,
    ReloadConfig,
    ResumeNudges,
)
from nudge.app.dispatch import HANDLERS, dispatch
from nudge.app.engine import Engine
from nudge.cli.offline import FilesBackend
from nudge.core.events import EventKind, Source
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.paths import Paths, resolve_paths

from fakes import FakeActivity, FakeClock, FakeNotifier, FakeStore, FakeView
from sim import at, catalogue

NOW = at("2026-11-23 09:00")


def _engine(tmp_path: Path) -> Engine:
    engine = Engine(session=NudgeSession(Settings(), catalogue()), clock=FakeClock(NOW),
                    activity=FakeActivity(), store=FakeStore(), notifier=FakeNotifier(),
                    views=[FakeView()], pause_file=tmp_path / "app-state.json")
    engine.start()
    return engine


LATER = " (nudge is not running; this applies when it starts)"


def _paths(tmp_path: Path) -> Paths:
    return resolve_paths({"NUDGE_HOME": str(tmp_path / "home")})


def _on_files(paths: Paths, command: Command) -> tuple[bool, str]:
    reply = dispatch(FilesBackend(paths, now=NOW), command)
    # The files' replies add that the change waits for the app; the rest is the same.
    return reply.ok, reply.message.replace(LATER, "")


def test_every_command_has_one_handler() -> None:
    assert set(HANDLERS) == set(typing.get_args(Command))


@pytest.mark.parametrize("spec", ["2h", "30m", "until-resumed", "until-tomorrow", "a while",
                                  "-5m", ""])
def test_a_pause_means_the_same_to_the_app_and_to_the_files(tmp_path: Path, spec: str) -> None:
    engine = _engine(tmp_path)
    on_app = engine.handle(PauseNudges(spec))
    assert (on_app.ok, on_app.message) == _on_files(_paths(tmp_path), PauseNudges(spec))


def test_a_resume_means_the_same_to_the_app_and_to_the_files(tmp_path: Path) -> None:
    engine, paths = _engine(tmp_path), _paths(tmp_path)
    said = []
    for command in (ResumeNudges(), PauseNudges("1h"), ResumeNudges(), ResumeNudges()):
        on_app = engine.handle(command)
        assert (on_app.ok, on_app.message) == _on_files(paths, command)
        said.append(on_app.message)
    assert said == ["Nudges weren't paused.", "Nudges paused until Mon 10:00.",
                    "Nudges resumed.", "Nudges weren't paused."]


def test_a_log_request_asked_twice_counts_once_on_either_back_end(tmp_path: Path) -> None:
    engine, paths = _engine(tmp_path), _paths(tmp_path)
    command = LogRise(reps=6, request_id="f00d")
    first, again = engine.handle(command), engine.handle(command)
    assert first.ok and again == first
    assert [e.reps for e in engine.store.events if e.kind is EventKind.DONE] == [6]

    files = FilesBackend(paths, now=NOW)
    first, again = dispatch(files, command), dispatch(FilesBackend(paths, now=NOW), command)
    assert first.ok and again.ok and "counted once" in again.message
    logged = [e for e in files.store().iter_all_events()
              if e.kind is EventKind.DONE and e.source is Source.MANUAL]
    assert [e.reps for e in logged] == [6]


def test_status_says_todays_rises_and_reps_alike_running_or_not(tmp_path: Path) -> None:
    """`nudge status` lacked today's numbers while the app ran, and its JSON `reps_today`. A
    stretch (held, its `reps` are rounds) counts as a rise and adds no reps on both."""
    engine, paths = _engine(tmp_path), _paths(tmp_path)
    assert engine.handle(LogRise(reps=7)).ok
    assert engine.handle(LogRise(reps=2, exercise="hip_flexor_break")).ok
    files = FilesBackend(paths, now=NOW)
    for event in engine.store.events:  # the same history, in real files
        files.store().append(event)

    running, offline = engine.handle(GetStatus()), dispatch(files, GetStatus())

    for reply in (running, offline):
        assert reply.message.splitlines()[-1] == "Today: 2 rises done, 7 reps."
        assert (reply.data["done_today"], reply.data["reps_today"]) == (2, 7)
    assert running.message.splitlines()[0] == engine.status().line()
    assert offline.message.splitlines()[0] == "nudge is not running. Start it with `nudge`."
    # After a restart the running app counts them the same from its history.
    again = Engine(session=NudgeSession(Settings(), catalogue()), clock=FakeClock(NOW),
                   activity=FakeActivity(), store=engine.store, notifier=FakeNotifier(),
                   views=[FakeView()], pause_file=tmp_path / "app-state.json")
    again.start()
    assert again.handle(GetStatus()).data["reps_today"] == 7


def _quiet_engine(tmp_path: Path) -> Engine:
    """An engine whose last four weeks hold five skipped Tuesday 14:00 nudges."""
    from test_core_quiet_hours import SKIP, TODAY, tuesdays_at_14

    engine = Engine(session=NudgeSession(Settings(), catalogue()),
                    clock=FakeClock(at(f"{TODAY} 09:00")), activity=FakeActivity(),
                    store=FakeStore(tuesdays_at_14(*[SKIP] * 5)), notifier=FakeNotifier(),
                    views=[FakeView()], pause_file=tmp_path / "app-state.json",
                    quiet_hours_file=tmp_path / "quiet_hours.json",
                    config_file=tmp_path / "config.toml")
    engine.start()
    return engine


def test_the_learned_quiet_hour_is_in_the_status_from_the_start(tmp_path: Path) -> None:
    engine = _quiet_engine(tmp_path)
    data = engine.handle(GetStatus()).data
    assert data["quiet_hour"] == {"key": "tue-14",
                                  "question": "Tuesdays 14:00 are often skipped — pause them?"}
    engine.tick()
    assert engine.views[0].statuses[-1].quiet_hour.key == "tue-14"  # the tray hears of it


def test_adding_the_quiet_hour_writes_the_pause_and_stops_asking(tmp_path: Path) -> None:
    from nudge.config.files import load_config

    engine = _quiet_engine(tmp_path)
    reply = engine.handle(AddQuietPause("tue-14"))
    assert reply.ok and "Tuesdays 14:00-15:00" in reply.message
    pauses = load_config(tmp_path / "config.toml").config.settings.schedule.scheduled_pauses
    assert [(p.weekday, p.hours.start.hour) for p in pauses] == [(1, 14)]
    assert engine.status().quiet_hour is None  # at once, before the config reload
    engine.reload = lambda: (load_config(tmp_path / "config.toml").config.settings,
                             engine.session.catalogue)
    engine.tick()  # the reload brings the pause in: the hour is paused, so never asked again
    assert engine.status().quiet_hour is None


def test_dismissing_the_quiet_hour_is_for_good_on_either_back_end(tmp_path: Path) -> None:
    engine = _quiet_engine(tmp_path)
    reply = engine.handle(DismissQuietHour("tue-14"))
    assert reply.ok and "won't ask" in reply.message
    assert engine.status().quiet_hour is None
    assert _quiet_engine(tmp_path).status().quiet_hour is None  # after a restart too
    paths = _paths(tmp_path)
    assert _on_files(paths, DismissQuietHour("wed-09"))[0]
    from nudge.state.quiet_hours import load_dismissed

    assert load_dismissed(paths.quiet_hours_file) == {"wed-09"}


@pytest.mark.parametrize("key", ["", "tue", "tue-24", "xyz-10", "tue-1"])
def test_a_quiet_hour_that_names_no_hour_is_refused_warmly(tmp_path: Path, key: str) -> None:
    for command in (AddQuietPause(key), DismissQuietHour(key)):
        ok, message = _on_files(_paths(tmp_path), command)
        assert not ok and "names look like tue-14" in message


def test_reload_applies_a_saved_config_at_once_in_the_app_and_waits_on_the_files(
        tmp_path: Path) -> None:
    """The settings window's Save: the app reads the file now, by the file watch's rule (only
    a changed file), and its answer is its status after that."""
    from nudge.app.startup import reloader
    from nudge.config.files import ConfigWatcher

    paths = _paths(tmp_path)
    paths.ensure()
    paths.config_file.write_text('[schedule]\nrise_every = "30m"\n')
    watcher, read = ConfigWatcher(paths.config_file), []
    watcher.poll()  # as the app's start does
    engine = _engine(tmp_path)
    engine.reload = reloader(watcher, paths, FakeView(), read.append)
    paths.config_file.write_text('[schedule]\nrise_every = "2h"\n')

    reply = engine.handle(ReloadConfig())

    assert reply.ok and reply.message == "nudge is using the saved settings now."
    assert engine.session.settings.schedule.rise_every == 2 * 3600 and len(read) == 1
    assert reply.data == engine.handle(GetStatus()).data
    assert engine.handle(ReloadConfig()).ok and len(read) == 1  # unchanged: not read again
    on_files = dispatch(FilesBackend(paths, now=NOW), ReloadConfig())
    assert on_files.ok and on_files.data["running"] is False
    assert on_files.message == "nudge is not running; it reads the settings when it starts."
