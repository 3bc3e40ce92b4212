"""The composition root builds the real graph in-process (nudge/app/root.py): real files, lock,
engine thread, calendar, file watch and control channel, with fakes only for the UI, the
notifier, activity and the history. Built in phases, closed by one ExitStack."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack
from pathlib import Path

import pytest

from nudge.activity import Choice
from nudge.app.commands import Command, GetStatus, PauseNudges, Quit, Reply, ResumeNudges
from nudge.app.front import Front
from nudge.app.instance import InstanceLock
from nudge.app.root import build_app
from nudge.control import is_listening, send_command
from nudge.core.events import EventKind
from nudge.paths import Paths, resolve_paths
from nudge.state.pause_file import load_pause

from fakes import FakeActivity, FakeAppUI, FakeNotifier, FakeStore

Submit = Callable[[Command], Future[Reply]]


@pytest.fixture
def paths() -> Iterator[Paths]:
    # Not tmp_path: AF_UNIX paths are limited to ~100 bytes and pytest's can be longer.
    root = Path(tempfile.mkdtemp(prefix="nudge-"))
    try:
        yield resolve_paths({"NUDGE_HOME": str(root)})
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _front(ui: FakeAppUI, notifier: FakeNotifier, sent: list[Submit]
           ) -> Callable[[Submit, ExitStack], Front]:
    def build(submit: Submit, resources: ExitStack) -> Front:
        sent.append(submit)
        return Front(ui, notifier)

    return build


def _lock_is_free(paths: Paths) -> bool:
    lock = InstanceLock(paths.instance_lock)
    free = lock.acquire()
    if free:
        lock.release()
    return free


def test_the_app_built_with_fakes_obeys_its_ui_and_the_control_channel_then_closes_all(
        paths: Paths) -> None:
    store, notifier, submit = FakeStore(), FakeNotifier(), []
    replies: list[Reply] = []

    def script() -> None:  # the user, in the UI on the main thread, and in another terminal
        replies.append(submit[0](PauseNudges("1h")).result(timeout=10))
        replies.append(submit[0](GetStatus()).result(timeout=10))
        replies.append(send_command(paths.control_socket, paths.control_key, ResumeNudges()))
        replies.append(submit[0](Quit()).result(timeout=10))

    ui = FakeAppUI(script=script)
    app = build_app(paths, "terminal", activity=FakeActivity(), store=store,
                    front=_front(ui, notifier, submit))
    assert not _lock_is_free(paths)  # this app holds it
    assert app.run() == 0

    assert [r.ok for r in replies] == [True] * 4
    assert replies[0].message.startswith("Nudges paused until ")
    assert replies[1].data["phase"] == "paused"
    assert replies[2].message == "Nudges resumed."
    assert replies[3].message.startswith("nudge is quitting. ")
    assert [e.kind for e in store.events if e.kind in (EventKind.PAUSE, EventKind.RESUME)] == \
        [EventKind.PAUSE, EventKind.RESUME]
    assert load_pause(paths.state_file) is None  # the resume reached the pause file
    assert ui.statuses  # the engine published to its view
    # Everything it opened is closed: the lock, the control channel, the engine thread.
    assert _lock_is_free(paths)
    assert not is_listening(paths.control_socket)
    with pytest.raises(RuntimeError, match="shutting down"):
        app.loop.submit(lambda: None).result(timeout=1)


def test_a_resume_from_suspend_while_the_app_is_built_wakes_it_without_an_error(
        paths: Paths) -> None:
    # The resume signal arrives on the D-Bus thread as soon as the activity source listens:
    # here, before the picker even returns. It used to call names assigned later (NameError).
    activity = FakeActivity()

    def pick(on_resume: Callable[[], None], dbus: object) -> Choice:
        on_resume()
        return Choice(activity, "a fake that resumed at once")

    ui, submit = FakeAppUI(), []
    ui.script = lambda: submit[0](Quit()).result(timeout=10)
    app = build_app(paths, "terminal", store=FakeStore(), with_control=False,
                    front=_front(ui, FakeNotifier(), submit), pick_activity=pick)
    assert app.engine.activity is activity
    assert app.run() == 0


def test_the_engine_refuses_calls_from_off_its_thread(paths: Paths) -> None:
    ui, submit = FakeAppUI(), []
    app = build_app(paths, "terminal", activity=FakeActivity(), store=FakeStore(),
                    with_control=False, front=_front(ui, FakeNotifier(), submit))
    try:
        with pytest.raises(AssertionError, match="off the engine thread"):
            app.engine.handle(GetStatus())  # the test's thread, not the engine's
        assert app.submit(GetStatus()).result(timeout=10).ok  # through its loop: fine
    finally:
        app.shutdown()


def test_a_start_that_fails_half_way_closes_what_it_opened(paths: Paths) -> None:
    closed: list[str] = []

    def broken_front(submit: Submit, resources: ExitStack) -> Front:
        resources.callback(closed.append, "dbus")
        raise OSError("the display went away")

    with pytest.raises(OSError, match="display"):
        build_app(paths, "terminal", activity=FakeActivity(), store=FakeStore(),
                  front=broken_front)
    assert closed == ["dbus"]
    assert _lock_is_free(paths)  # it used to stay held until the process ended
