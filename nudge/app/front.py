"""The parts the user sees, built for the composition root (`nudge.app.root`): a UI (the tray
or the terminal), a notifier, and the D-Bus loop they share. Main thread, at start.

Heavy imports (the tray, desktop notifications, D-Bus) wait inside `build_front`, so a process
that only imports the root stays small (tests/test_app_imports.py).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from nudge.app.commands import Command, Reply
from nudge.app.ports import AppUI, Notifier
from nudge.paths import Paths
from nudge.platform.probe import Capability

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread

log = logging.getLogger(__name__)
Submit = Callable[[Command], Future[Reply]]


@dataclass
class Front:
    ui: AppUI
    notifier: Notifier
    dbus: BusThread | None = None


# Builds the front for `submit` (tests: fakes); the D-Bus loop and the rest are closed by the stack.
FrontFactory = Callable[[Submit, ExitStack], Front]


def front_factory(kind: str, paths: Paths, tray_icon: str = "auto") -> FrontFactory:
    """The real front of `kind` ("terminal" or "tray"); `tray_icon` is the config's choice of
    the tray icon's colours."""
    if kind not in ("terminal", "tray"):
        raise ValueError(f"unknown ui {kind!r}")
    return lambda submit, resources: build_front(kind, submit, paths, resources, tray_icon)


def build_front(kind: str, submit: Submit, paths: Paths, resources: ExitStack,
                tray_icon: str = "auto") -> Front:
    dbus = None
    if sys.platform.startswith("linux"):
        from nudge.platform.bus import BusThread

        dbus = BusThread()
        resources.callback(dbus.close)
    if kind == "terminal":
        from nudge.terminal.ui import TerminalUI

        terminal = TerminalUI(submit, config_file=paths.config_file)
        return Front(terminal, terminal, dbus)
    from nudge.autostart import autostart_for_platform
    from nudge.notify import DesktopNotifier, build_notifier
    from nudge.tray.backend import pick_tray
    from nudge.tray.ui import TrayUI

    backend = pick_tray(dbus, tray_icon=tray_icon)
    log.info("tray: %s (%s)", backend.name, backend.reason)

    def on_delivery(nudge_id: str, delivered: bool) -> None:
        if not delivered:
            log.warning("nudge %s was not delivered as a notification; %s", nudge_id,
                        where_it_waits(backend, dbus))

    notifier, why = build_notifier(submit, dbus, on_delivery)
    log.info("notifier: %s (%s)", notifier.name, why)
    resources.callback(notifier.close)
    tray = TrayUI(backend, submit, paths, autostart_for_platform(),
                  notify_plain=notifier.message, confirm=notifier.confirm)
    if isinstance(notifier, DesktopNotifier):  # a click on the weekly review opens insights
        notifier.open_insights = tray.open_insights
    return Front(tray, notifier, dbus)


class _Tray(Protocol):
    name: str
    reason: str

    @property
    def capabilities(self) -> frozenset[Capability]: ...

    @property
    def has_menu(self) -> bool: ...


class _Bus(Protocol):
    def connected(self, kind: str = "session") -> bool: ...


def where_it_waits(tray: _Tray, dbus: _Bus | None) -> str:
    """Where a nudge that did not arrive as a notification can be seen, for the log: the tray
    menu if one is up (a StatusNotifier tray needs the session bus), else `nudge status`."""
    if tray.has_menu:
        if Capability.USES_DBUS not in tray.capabilities or dbus is None or dbus.connected():
            return "the tray menu shows it"
        why = "the tray is gone with the session bus"
    else:
        why = f"there is no tray menu ({tray.reason})"
    return f"{why}, so it waits in `nudge status` (`nudge log rise` records a rise)"


def has_display() -> bool:
    """True where a tray could be shown (Windows and macOS always; Linux with X11/Wayland)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
