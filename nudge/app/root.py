"""The composition root: builds the real adapters, wires them to the engine, and runs the app.

Threads (see also nudge/app/engine_loop.py): the UI owns the main thread; the engine thread owns all
engine state; the control channel, the calendar scheduler and the config file watch each have a
daemon thread that only submits work to the engine loop. Adapters are built inside `build_app`,
never at import, and tests pass fakes for any of them (tests/test_app_root.py builds the whole
graph in-process that way).

`build_app` builds in phases, each using only what the ones before it built, so no callback
handed to an adapter can run before the names it uses exist; whatever it opened is closed, in
reverse order, by one ExitStack: at shutdown, or at once when a later phase fails.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass

from nudge.app.calendar_wakeups import CalendarWakeups
from nudge.app.commands import Command, Quit, Reply
from nudge.app.engine import Engine
from nudge.app.engine_loop import EngineLoop
from nudge.app.file_watch import FileWatch
from nudge.app.front import FrontFactory, front_factory
from nudge.app.logging_setup import tell_log_trouble_with
from nudge.app.ports import ActivitySource, AppUI, Clock, EventStore
from nudge.app.quit_signals import quit_on_signals
from nudge.app.rise_tally import RiseTally
from nudge.app.startup import load_startup, reloader
from nudge.app.weekly_review import WeeklyReview
from nudge.app.wiring import ActivityPicker, Blockers, Inbox, pick_activity_for
from nudge.config import AppConfig, ConfigWatcher
from nudge.core.session import NudgeSession
from nudge.i18n import N_, _
from nudge.i18n import install as install_language
from nudge.i18n.language import configured as configured_language
from nudge.paths import Paths
from nudge.store.history import streak_days

log = logging.getLogger(__name__)
__all__ = ["BUSY_REPLY", "AlreadyRunning", "App", "build_app", "reply_in_time"]

COMMAND_TIMEOUT = 4.0  # seconds the control channel waits for the engine (the CLI waits 5)
# Translated where it is said (`_`): the language is installed after import.
BUSY_REPLY = N_("nudge is busy (its history folder is slow to answer) and will do this shortly. "
                "Check with `nudge status` before asking again, so nothing is counted twice.")


class AlreadyRunning(Exception):
    """Another nudge holds the instance lock; the message says which and what to do."""


@dataclass
class App:
    paths: Paths
    engine: Engine
    loop: EngineLoop
    inbox: Inbox
    ui: AppUI
    resources: ExitStack  # closes everything build_app opened, last opened first
    started: Future[object]  # the engine's start (restoring from history), run first

    def submit(self, command: Command) -> Future[Reply]:
        return self.inbox.submit(command)

    def run(self) -> int:
        """Run until quit; returns the exit code. Must be called on the main thread."""
        with quit_on_signals(self._quit_on_signal):
            self._start_engine()
            try:
                return int(self.ui.run())
            finally:
                self.shutdown()

    def _quit_on_signal(self, name: str) -> None:
        """Main thread, inside a signal handler (SIGTERM, SIGHUP): queue the quit `nudge quit`
        asks for, which keeps unsaved answers and stops the UI; the main thread then shuts down
        as after any quit."""
        self.loop.submit(lambda: self._quit_for(name))

    def _quit_for(self, name: str) -> Reply:
        log.info("%s received: quitting as `nudge quit` does", name)
        return self.engine.handle(Quit())

    def _start_engine(self) -> None:
        """Restore today's counts and the rest from history, without letting history decide
        whether nudge runs: a history too slow or too odd to read leaves them at zero."""
        try:
            self.started.result(timeout=COMMAND_TIMEOUT)
        except TimeoutError:
            # It goes on on the engine thread, ahead of any command: counts come back late.
            log.warning("reading the history took over %g s; nudge runs meanwhile and "
                        "restores today's counts when it is done", COMMAND_TIMEOUT)
        except Exception as error:
            log.warning("could not restore today's counts from the history (%s); nudge runs "
                        "without them", type(error).__name__)

    def shutdown(self) -> None:
        try:  # answers still unsaved wait in a file for the next start (a no-op after Quit)
            self.loop.submit(self.engine.keep_unsaved).result(timeout=COMMAND_TIMEOUT)
        except Exception:
            log.exception("could not keep the unsaved answers")
        try:  # every close runs even if one fails; the log gets all of their errors
            self.resources.close()
        except Exception:
            log.exception("error while shutting down")


def build_app(paths: Paths, ui_kind: str = "terminal", *, clock: Clock | None = None,
              activity: ActivitySource | None = None, store: EventStore | None = None,
              with_control: bool = True, front: FrontFactory | None = None,
              pick_activity: ActivityPicker | None = None) -> App:
    """Wire a ready-to-run app. Raises AlreadyRunning if another instance holds the lock.
    `front` and `pick_activity` replace the real UI and notifier, and the choice of activity
    source (tests); `activity` replaces the source itself."""
    from nudge.app.clock import SystemClock

    resources = ExitStack()
    try:
        # 1. What everything stands on: the lock, the files read at start, the history.
        _lock_instance(paths, resources)
        # Before any text is made (the exercise catalogue is translated as it loads) and before
        # any thread starts; an invalid `[app] language` is "auto" here and named by the load.
        install_language(configured_language(paths.config_file))
        startup = load_startup(paths)
        for note in startup.log_notes:
            log.warning("%s", note)
        clock = clock or SystemClock()
        ui_alerts: list[Callable[[str], None]] = []  # store notices, once a UI exists
        store = store or _real_store(paths, ui_alerts)
        watcher = ConfigWatcher(paths.config_file, startup.config)
        watcher.poll()  # the file was just read: later polls report only edits

        # 2. The engine thread and the calendar, not started: what is sent to them now waits.
        loop = EngineLoop(None, clock.monotonic)
        inbox = Inbox(loop)
        calendar = CalendarWakeups(loop.wake, zone=clock.zone
                                   if isinstance(clock, SystemClock) else None)

        def on_resume() -> None:  # a logind resume signal, on the D-Bus thread
            loop.wake()
            calendar.resume_from_suspend()

        # 3. What the user sees, and where activity comes from (both may use D-Bus).
        built = (front or front_factory(ui_kind, paths, startup.config.tray_icon))(
            inbox.submit, resources)
        ui = built.ui
        ui_alerts.append(ui.alert)
        resources.callback(loop.stop)  # the engine stops before the UI's D-Bus and notifier
        seated_note = None
        if activity is None:
            choice = (pick_activity or pick_activity_for)(on_resume, built.dbus)
            activity = choice.source
            log.info("activity source: %s (%s)", choice.source.name, choice.reason)
            seated_note = choice.seated_note(terminal=ui_kind == "terminal")
        resources.callback(activity.close)

        # 4. The engine, with the blockers and the config reload it asks on its thread.
        blockers = Blockers(built.dbus)
        blockers.rebuild(startup.config)
        resources.callback(blockers.close)  # before the D-Bus loop they may use

        def on_config(config: AppConfig) -> None:  # an edited config file, on the engine thread
            calendar.restart(config.settings.schedule)
            blockers.rebuild(config)

        engine = Engine(session=NudgeSession(startup.config.settings, startup.catalogue),
                        clock=clock, activity=activity, store=store, notifier=built.notifier,
                        views=[ui], pause_file=paths.state_file, held_file=paths.held_events_file,
                        on_quit=ui.stop, reload=reloader(watcher, paths, ui, on_config),
                        streak=streak_days, milestones_file=paths.milestones_file,
                        quiet_hours_file=paths.quiet_hours_file, config_file=paths.config_file,
                        interruption=blockers.check,
                        tally=RiseTally(store),
                        weekly_review=WeeklyReview(paths.weekly_review_file),
                        on_engine_thread=loop.on_engine_thread)
        inbox.attach(engine.handle)

        # 5. Start the threads and the ways in from outside.
        for note in startup.notes + ([seated_note] if seated_note else []):
            ui.alert(note)  # before the engine's first status, which they explain
        started = loop.start(engine.tick, first=engine.start)  # no tick before the restore
        _tell_log_trouble_on(ui, loop)
        resources.callback(tell_log_trouble_with, None)
        calendar.start(startup.config.settings.schedule)
        resources.callback(calendar.stop)
        if isinstance(clock, SystemClock):  # a zone change, noticed on the engine thread
            clock.on_change = lambda zone: calendar.follow_zone(
                zone, engine.session.settings.schedule)
        config_watch = FileWatch([paths.config_file], loop.wake)  # an edit applies in seconds
        config_watch.start()
        resources.callback(config_watch.close)
        app = App(paths, engine, loop, inbox, ui, resources, started)
        if with_control:
            resources.callback(_start_control(paths, app))
        if ui_kind == "tray" and sys.platform.startswith("linux"):
            _watch_display(app)
        return app
    except BaseException:  # nothing stays open, held or running after a failed start
        resources.close()
        raise


def _lock_instance(paths: Paths, resources: ExitStack) -> None:
    from nudge.app.instance import InstanceLock, running_pid

    paths.ensure()
    lock = InstanceLock(paths.instance_lock)
    if not lock.acquire():
        pid = running_pid(paths.instance_lock)
        # Translators: after "nudge: " on the terminal, when `nudge run` finds nudge running.
        raise AlreadyRunning(_("already running (process {pid}). Use `nudge status` to see it, "
                               "or `nudge quit` to stop it.").format(pid=pid) if pid else
                             _("already running. Use `nudge status` to see it, or `nudge quit` "
                               "to stop it."))
    resources.callback(lock.release)


def _watch_display(app: App) -> None:
    """An X11 tray app whose X server went away quits like `nudge quit` (see x11_watch)."""
    from nudge.activity.x11_watch import watch_display

    watch = watch_display(os.environ, lambda reason: app.submit(Quit()))
    if watch is not None:
        app.resources.callback(watch.close)


def _real_store(paths: Paths, ui_alerts: list[Callable[[str], None]]) -> EventStore:
    """The history; its notices (a damaged file moved aside, …) go to the log and the UI."""
    from nudge.store import TinyDBEventStore, device_id

    def notify(message: str) -> None:
        log.warning("%s", message)
        for alert in ui_alerts:
            alert(message)

    return TinyDBEventStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock,
                            notify=notify)


def _tell_log_trouble_on(ui: AppUI, loop: EngineLoop) -> None:
    """A log that cannot be written is said in the UI (it owns the screen now), not on stderr;
    through the engine loop, since any thread may log."""
    def tell(text: str) -> None:
        loop.submit(lambda: ui.alert(text))

    tell_log_trouble_with(tell)


def reply_in_time(pending: Future[Reply], timeout: float) -> Reply:
    """The engine's reply, or after `timeout` s one saying the command is still on its way."""
    try:
        return pending.result(timeout=timeout)
    except TimeoutError:
        # Still queued, and it will be carried out: asking again would log a rep twice.
        return Reply(False, _(BUSY_REPLY))


def _start_control(paths: Paths, app: App) -> Callable[[], None]:
    from nudge.control import ControlError, ControlServer

    def handle(command: Command) -> Reply:
        return reply_in_time(app.submit(command), COMMAND_TIMEOUT)

    server = ControlServer(paths.control_socket, paths.control_key, handle)
    try:
        server.start()
    except ControlError as error:
        # The app still works; only `nudge status`/`quit` from another terminal cannot reach it.
        log.warning("control channel unavailable: %s", error)
        app.ui.alert(_("Other `nudge` commands cannot reach this app: {error}").format(
            error=error))
    return server.stop
