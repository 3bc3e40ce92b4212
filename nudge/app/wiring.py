"""Small parts the composition root (`nudge.app.root`) wires between the engine and the adapters:
the inbox commands are sent to, the current config's blockers, and the choice of activity
source. Built on the main thread at start; used from the threads each says."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from nudge.activity import Choice, pick_activity_source
from nudge.app.commands import Command, Reply
from nudge.app.engine_loop import EngineLoop
from nudge.config import AppConfig

if TYPE_CHECKING:
    from nudge.blockers.blocker_set import BlockerSet
    from nudge.platform.bus import BusThread

log = logging.getLogger(__name__)

# Picks the activity source, given what a resume from suspend must call and the D-Bus loop.
ActivityPicker = Callable[[Callable[[], None], "BusThread | None"], Choice]


def pick_activity_for(on_resume: Callable[[], None], dbus: BusThread | None) -> Choice:
    return pick_activity_source(on_resume=on_resume, dbus=dbus)


class Inbox:
    """Where the UIs, the notifier and the control channel send commands: the engine loop, to
    the engine's `handle`. It exists before the engine (those senders are built first) and is
    attached to it before the loop starts, so a command sent in between waits in the loop's
    queue and is handled once the engine runs. `submit` is safe on any thread."""

    def __init__(self, loop: EngineLoop) -> None:
        self._loop = loop
        self._handle: Callable[[Command], Reply] | None = None

    def attach(self, handle: Callable[[Command], Reply]) -> None:
        self._handle = handle

    def submit(self, command: Command) -> Future[Reply]:
        return self._loop.submit(lambda: self._run(command))

    def _run(self, command: Command) -> Reply:  # engine thread
        if self._handle is None:  # only if attach was forgotten: say so, do not guess
            raise RuntimeError("nudge is still starting; try again in a moment")
        return self._handle(command)


class Blockers:
    """The "must not interrupt" checks of the current config (rebuilt when it changes)."""

    def __init__(self, dbus: BusThread | None) -> None:
        self._dbus = dbus
        self._set: BlockerSet | None = None

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
