"""Each command's rules exist once (nudge/app/dispatch.py): the running app and the files, its
two back ends, answer a command the same way, up to "nudge is not running"."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from nudge.app.commands import Command, LogRise, PauseNudges, ResumeNudges
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


def _paths(tmp_path: Path) -> Paths:
    return resolve_paths({"NUDGE_HOME": str(tmp_path / "home")})


def _on_files(paths: Paths, command: Command) -> tuple[bool, str]:
    reply = dispatch(FilesBackend(paths, now=NOW), command)
    return reply.ok, reply.message.replace(FilesBackend.aside, "")


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
