"""The composition root: builds the real adapters, wires them to the engine, and runs the app.

Threads (see also nudge/app/engine_loop.py): the UI owns the main thread; the engine thread owns all
engine state; the control channel, the calendar scheduler and the config file watch each have a
daemon thread that only submits work to the engine loop. Adapters are built inside `build_app`,
never at import, and tests pass fakes for any of them.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from nudge.activity import pick_activity_source
from nudge.app.calendar_wakeups import CalendarWakeups
from nudge.app.commands import Command, Quit, Reply
from nudge.app.engine import Engine
from nudge.app.engine_loop import EngineLoop
from nudge.app.file_watch import FileWatch
from nudge.app.logging_setup import tell_log_trouble_with
from nudge.app.ports import ActivitySource, Clock, EventStore
from nudge.app.quit_signals import quit_on_signals
from nudge.config import AppConfig, ConfigError, ConfigWatcher, load_config
from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import Catalogue, CatalogueError
from nudge.core.session import NudgeSession
from nudge.core.settings import Settings
from nudge.paths import Paths
from nudge.platform.probe import Capability
from nudge.store.history import streak_days

log = logging.getLogger(__name__)

COMMAND_TIMEOUT = 4.0  # seconds the control channel waits for the engine (the CLI waits 5)
BUSY_REPLY = ("nudge is busy (its history folder is slow to answer) and will do this shortly. "
              "Check with `nudge status` before asking again, so nothing is counted twice.")


class AlreadyRunning(Exception):
    """Another nudge holds the instance lock; the message says which and what to do."""


@dataclass
class Startup:
    """What a start found worth telling the user (bad config, bad exercises file, …), and the
    same for the log without the user's own text (config values, exercise names and cues)."""

    config: AppConfig
    catalogue: Catalogue
    notes: list[str] = field(default_factory=list)
    log_notes: list[str] = field(default_factory=list)


def load_startup(paths: Paths) -> Startup:
    """Load config and exercises; a bad file is reported and the defaults are used instead."""
    notes: list[str] = []
    log_notes: list[str] = []
    try:
        loaded = load_config(paths.config_file)
        config = loaded.config
        notes += loaded.warnings
        log_notes += loaded.warnings
    except ConfigError as error:
        notes.append(f"{error}\nnudge is using the default settings until the file is fixed.")
        log_notes += [f"{problem}; using the default settings" for problem in error.log_problems]
        config = AppConfig()
    try:
        loaded_catalogue = load_catalogue(paths.user_exercises_file)
        catalogue = loaded_catalogue.catalogue
        notes += loaded_catalogue.warnings
        log_notes += loaded_catalogue.warnings
    except CatalogueError as error:
        notes.append(f"{error}\nnudge is using its own exercises until the file is fixed.")
        count = len(error.problems)  # not their text: it may quote exercise names and cues
        log_notes.append(f"{paths.user_exercises_file}: {count} problem{'s' * (count != 1)} "
                         "(shown to the user); using nudge's own exercises")
        catalogue = load_catalogue(None).catalogue
    return Startup(config, catalogue, notes, log_notes)


@dataclass
class App:
    paths: Paths
    engine: Engine
    loop: EngineLoop
    ui: Any
    closers: list[Callable[[], None]] = field(default_factory=list)

    def submit(self, command: Command) -> Future[Reply]:
        return self.loop.submit(lambda: self.engine.handle(command))

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
        started = self.loop.submit(self.engine.start)
        try:
            started.result(timeout=COMMAND_TIMEOUT)
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
        for close in reversed(self.closers):
            try:
                close()
            except Exception:
                log.exception("error while shutting down")
        self.closers.clear()


def build_app(paths: Paths, ui_kind: str = "terminal", *, clock: Clock | None = None,
              activity: ActivitySource | None = None, store: EventStore | None = None,
              with_control: bool = True) -> App:
    """Wire a ready-to-run app. Raises AlreadyRunning if another instance holds the lock."""
    from nudge.app.clock import SystemClock
    from nudge.app.instance import InstanceLock, running_pid

    paths.ensure()
    lock = InstanceLock(paths.instance_lock)
    if not lock.acquire():
        pid = running_pid(paths.instance_lock)
        who = f" (process {pid})" if pid else ""
        raise AlreadyRunning(f"already running{who}. Use `nudge status` to see it, "
                             "or `nudge quit` to stop it.")
    closers: list[Callable[[], None]] = [lock.release]
    startup = load_startup(paths)
    for note in startup.log_notes:
        log.warning("%s", note)
    clock = clock or SystemClock()
    # Store notices (a damaged file moved aside, …) go to the log and to whatever UI exists.
    alerts: list[Callable[[str], None]] = [lambda message: log.warning("%s", message)]
    store = store or _real_store(paths, lambda message: [alert(message) for alert in alerts])
    settings: Settings = startup.config.settings
    session = NudgeSession(settings, startup.catalogue)
    watcher = ConfigWatcher(paths.config_file, startup.config)
    watcher.poll()  # the file was just read: later polls report only edits

    def on_resume() -> None:  # a logind resume signal, on the D-Bus thread
        loop.wake()
        calendar.resume_from_suspend()

    front = _build_front(ui_kind, lambda command: app.submit(command), paths, on_resume)
    closers += front.closers
    ui = front.ui
    seated_note = None
    if activity is None:
        choice = pick_activity_source(on_resume=on_resume, dbus=front.dbus)
        activity = choice.source
        log.info("activity source: %s (%s)", choice.source.name, choice.reason)
        seated_note = choice.seated_note(terminal=ui_kind == "terminal")
    alerts.append(ui.alert)
    engine = Engine(session=session, clock=clock, activity=activity, store=store,
                    notifier=front.notifier, views=[ui], pause_file=paths.state_file,
                    held_file=paths.held_events_file,
                    on_quit=lambda: ui.stop(),
                    reload=_reloader(watcher, paths, ui, lambda config: on_config(config)),
                    streak=streak_days)
    blockers = _Blockers(front.dbus)
    blockers.rebuild(startup.config)
    engine.interruption = blockers.check
    loop = EngineLoop(engine.tick, clock.monotonic)
    app = App(paths, engine, loop, ui, closers)
    loop.start()
    closers.append(loop.stop)
    _tell_log_trouble_on(ui, loop)
    closers.append(lambda: tell_log_trouble_with(None))
    closers.append(activity.close)
    for note in startup.notes + ([seated_note] if seated_note else []):
        ui.alert(note)

    calendar = CalendarWakeups(loop.wake, zone=getattr(clock, "zone", None))
    calendar.start(settings.schedule)
    closers.append(calendar.stop)
    if isinstance(clock, SystemClock):  # a zone change, noticed on the engine thread
        clock.on_change = lambda zone: calendar.follow_zone(zone, engine.session.settings.schedule)
    config_watch = FileWatch([paths.config_file], loop.wake)  # an edit applies in seconds
    config_watch.start()
    closers.append(config_watch.close)
    closers.append(blockers.close)  # before the D-Bus loop they may use

    def on_config(config: AppConfig) -> None:  # an edited config file, on the engine thread
        calendar.restart(config.settings.schedule)
        blockers.rebuild(config)
    if with_control:
        closers.append(_start_control(paths, app))
    if ui_kind == "tray" and sys.platform.startswith("linux"):
        _watch_display(app)
    return app


def _watch_display(app: App) -> None:
    """An X11 tray app whose X server went away quits like `nudge quit` (see x11_watch)."""
    from nudge.activity.x11_watch import watch_display
    from nudge.app.commands import Quit

    watch = watch_display(os.environ, lambda reason: app.submit(Quit()))
    if watch is not None:
        app.closers.append(watch.close)


def _real_store(paths: Paths, notify: Callable[[str], object]) -> EventStore:
    from nudge.store import TinyDBEventStore, device_id

    return TinyDBEventStore(paths.data_dir, device_id(paths.state_dir), paths.store_lock,
                            notify=notify)


@dataclass
class Front:
    """The parts the user sees: a UI (status view), a notifier, and the D-Bus loop they share."""

    ui: Any
    notifier: Any
    dbus: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)


def _build_front(kind: str, submit: Callable[[Command], Future[Reply]], paths: Paths,
                 on_resume: Callable[[], None]) -> Front:
    dbus = None
    closers: list[Callable[[], None]] = []
    if sys.platform.startswith("linux"):
        from nudge.platform.dbus_loop import DbusLoop

        dbus = DbusLoop()
        closers.append(dbus.close)
    if kind == "terminal":
        from nudge.terminal.ui import TerminalUI

        terminal = TerminalUI(submit, config_file=paths.config_file)
        return Front(terminal, terminal, dbus, closers)
    if kind != "tray":
        raise ValueError(f"unknown ui {kind!r}")
    from nudge.autostart import autostart_for_platform
    from nudge.notify import build_notifier
    from nudge.tray.backend import pick_tray
    from nudge.tray.ui import TrayUI

    def on_delivery(nudge_id: str, delivered: bool) -> None:  # `backend` is set by then
        if not delivered:
            log.warning("nudge %s was not delivered as a notification; %s", nudge_id,
                        where_it_waits(backend, dbus))

    notifier, why = build_notifier(submit, dbus, on_delivery)
    log.info("notifier: %s (%s)", notifier.name, why)
    backend = pick_tray(dbus)
    log.info("tray: %s (%s)", backend.name, backend.reason)
    closers.append(notifier.close)
    tray = TrayUI(backend, submit, paths, autostart_for_platform(),
                  notify_plain=getattr(notifier, "message", lambda text: log.info("%s", text)),
                  confirm=getattr(notifier, "confirm", None))
    return Front(tray, notifier, dbus, closers)


def where_it_waits(tray: Any, dbus: Any) -> str:
    """Where a nudge that did not arrive as a notification can be seen, for the log: the tray
    menu if one is up (a StatusNotifier tray needs the session bus), else `nudge status`."""
    if tray.has_menu:
        if Capability.USES_DBUS not in tray.capabilities or dbus is None or dbus.connected():
            return "the tray menu shows it"
        why = "the tray is gone with the session bus"
    else:
        why = f"there is no tray menu ({tray.reason})"
    return f"{why}, so it waits in `nudge status` (`nudge log rise` records a rise)"


class _Blockers:
    """The "must not interrupt" checks of the current config (rebuilt when it changes)."""

    def __init__(self, dbus: Any) -> None:
        self._dbus = dbus
        self._set: Any = None

    def rebuild(self, config: AppConfig) -> None:
        from nudge.blockers import build_blockers

        self.close()
        self._set = build_blockers(config.blockers, self._dbus, os.environ)
        log.info("blockers: %s", ", ".join(self._set.names) or "none")

    def check(self) -> str | None:
        return self._set.check() if self._set is not None else None

    def close(self) -> None:
        if self._set is not None:
            self._set.close()
            self._set = None


def _tell_log_trouble_on(ui: Any, loop: EngineLoop) -> None:
    """A log that cannot be written is said in the UI (it owns the screen now), not on stderr;
    through the engine loop, since any thread may log."""
    def tell(text: str) -> None:
        loop.submit(lambda: ui.alert(f"nudge {text}"))

    tell_log_trouble_with(tell)


def _reloader(watcher: ConfigWatcher, paths: Paths, ui: Any,
              on_config: Callable[[AppConfig], None]
              ) -> Callable[[], tuple[Settings, Catalogue] | None]:
    def reload() -> tuple[Settings, Catalogue] | None:
        result = watcher.poll()
        if result is None:
            return None
        config, warnings = result
        for warning in warnings:
            ui.alert(warning)
        on_config(config)
        return config.settings, load_startup(paths).catalogue

    return reload


def reply_in_time(pending: Future[Reply], timeout: float) -> Reply:
    """The engine's reply, or after `timeout` s one saying the command is still on its way."""
    try:
        return pending.result(timeout=timeout)
    except TimeoutError:
        # Still queued, and it will be carried out: asking again would log a rep twice.
        return Reply(False, BUSY_REPLY)


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
        app.ui.alert(f"Other `nudge` commands cannot reach this app: {error}")
    return server.stop


def has_display() -> bool:
    """True where a tray could be shown (Windows and macOS always; Linux with X11/Wayland)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
