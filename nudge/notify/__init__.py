"""Notifiers: how a nudge reaches the user outside the tray.

`probe_notifier` picks the best one this system supports and says why in one line (shown by
`nudge doctor` and logged at start), as the probe every adapter family gives
(`nudge.platform.probe`): desktop notifications with buttons (org.freedesktop.Notifications on
Linux and the BSDs, desktop-notifier on Windows and macOS), else plain text
through plyer (answers in the tray), else nothing but the tray (unavailable, with the
`NullNotifier`). `build_notifier` hands back the notifier and the line. Heavy imports happen
inside functions, never at import time.

The picking runs on the main thread at start (on a probe's thread in `nudge doctor`); each
notifier's module names the threads it uses.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from nudge.app.commands import Command, Reply
from nudge.i18n import N_, English, _, shown
from nudge.notify.daemon_buttons import daemon_buttons
from nudge.notify.fdo import server_info
from nudge.notify.identity import app_icon_file
from nudge.notify.null import NullNotifier
from nudge.notify.plain import PlainNotifier, plyer_reason
from nudge.platform.error_words import detail, message
from nudge.platform.probe import Capability, Probe, Status

if sys.platform == "win32" or sys.platform == "darwin":
    from nudge.notify.desktop import DesktopNotifier
else:
    from nudge.notify.fdo_notifier import DesktopNotifier

if TYPE_CHECKING:
    from nudge.app.ports import Notifier
    from nudge.platform.bus import BusThread

__all__ = ["DesktopNotifier", "NotifierProbe", "NullNotifier", "PlainNotifier", "build_notifier",
           "probe_notifier", "server_info"]
NotifierProbe: TypeAlias = "Probe[Notifier]"


def build_notifier(submit: Callable[[Command], Future[Reply]], dbus: BusThread | None,
                   on_delivery: Callable[[str, bool], None] | None = None, *,
                   app_icon: Path | None = None) -> tuple[Notifier, str]:
    """The best notifier here and a one-line reason (see `probe_notifier`)."""
    picked = probe_notifier(submit, dbus, on_delivery, app_icon=app_icon)
    if picked.adapter is None:  # not so: every outcome carries one, the null one at least
        return NullNotifier(on_delivery, picked.reason), picked.reason
    return picked.adapter, picked.reason


def probe_notifier(submit: Callable[[Command], Future[Reply]], dbus: BusThread | None,
                   on_delivery: Callable[[str, bool], None] | None = None, *,
                   app_icon: Path | None = None) -> NotifierProbe:
    """The best notifier here: used, or unavailable with the `NullNotifier` (the tray alone
    shows nudges). Main thread, at start; on Linux it asks the notification service who it is
    (a few seconds at most if it hangs)."""
    app_icon = app_icon if app_icon is not None else app_icon_file()
    plain_problem = plyer_reason()
    unusable, note, markup, without_tray = _desktop_check(dbus)
    if unusable is None:
        plain = PlainNotifier(app_icon=app_icon, markup=markup)
        if plain_problem is not None:
            # Translators: {note} says how notifications work here; {problem} why plain
            # notifications (the fallback) cannot.
            note = English(N_("{note}; no plain fallback ({problem})"), note=note,
                           problem=plain_problem)
            without_tray = _("{note}; no plain fallback ({problem})").format(
                note=without_tray, problem=plain_problem.shown()) if without_tray else ""
        desktop = DesktopNotifier(submit, dbus, on_delivery, app_icon=app_icon, plain=plain,
                                  markup=markup)
        on_bus = frozenset({Capability.USES_DBUS}) if dbus is not None else frozenset()
        return Probe.used(desktop.name, desktop, note, on_bus, without_tray)
    if plain_problem is None:
        plain = PlainNotifier(on_delivery, app_icon, markup=markup)
        # Translators: {reason} says why desktop notifications cannot work here.
        return Probe.used(plain.name, plain, English(N_(
            "plain notifications through plyer, answered from the tray ({reason})"),
            reason=unusable), without_tray=_(
            "plain notifications through plyer, answered with `nudge done`, `nudge snooze` or "
            "`nudge skip` in a terminal (there is no tray here; `nudge status` shows what is "
            "due) ({reason})").format(
            reason=shown(unusable)))
    # Translators: {unusable} says why desktop notifications cannot work here, {problem} why
    # plain ones cannot either.
    reason = English(N_("no notifications ({unusable}; {problem}); the tray shows each nudge"),
                     unusable=unusable, problem=plain_problem)
    return Probe(NullNotifier.name, Status.UNAVAILABLE, reason,
                 NullNotifier(on_delivery, reason))


def _desktop_check(dbus: BusThread | None) -> tuple[English | None, English, bool, str]:
    """(why desktop notifications cannot work here or None, a note on how they will work,
    whether bodies are read as markup: on Linux when the service says so, or cannot be asked
    yet, as every common one does, and the note where no tray runs: "" when the same). The
    first two are English for the log (`shown()` translates them); the last is for doctor."""
    none = English("")
    if sys.platform == "win32" or sys.platform == "darwin":
        try:
            from desktop_notifier.main import get_backend_class

            backend = get_backend_class().__name__
        except Exception as error:  # not installed, or a platform check that failed
            # Translators: {error} says why the desktop-notifier library cannot load.
            return English(N_("desktop-notifier unavailable: {error}"), error=str(error)), \
                none, False, ""
        if backend == "DummyNotificationCenter":
            # macOS outside a signed app bundle (or an old OS): sends would silently do nothing.
            return (English(N_("desktop-notifier has no working backend here (macOS needs an "
                               "app bundle)")), none, False, "")
        # Translators: {backend} names the desktop-notifier backend (WinRT, Cocoa).
        return None, English(N_("desktop notifications with buttons ({backend})"),
                             backend=backend), False, ""
    if dbus is None:
        return English(N_("no D-Bus loop to talk to the notification service")), none, False, \
            ""
    try:
        name, version, capabilities = server_info(dbus)
    except LookupError as error:  # the bus works; the daemon may start later
        # Translators: {error} says that no notification service answers (yet).
        return None, English(N_("desktop notifications, but {error}; plain ones until it "
                                "appears"), error=message(error)), True, ""
    except Exception as error:
        # Translators: {error} is a technical error ("TimeoutError: …").
        words = message(error)  # an English reason stays English, shown translated
        return English(N_("no D-Bus session bus ({error})"), error=words if isinstance(
            words, English) else detail(error)), none, False, ""
    markup = "body-markup" in capabilities
    buttons = daemon_buttons(name, "actions" in capabilities)
    if buttons.shown:
        # Translators: {daemon} and {version} name the notification daemon.
        return None, English(N_("desktop notifications with buttons via {daemon} {version}"),
                             daemon=name, version=version), markup, ""
    # Translators: {daemon} and {version} name the notification daemon; {buttons} is a sentence
    # on its buttons.
    said = N_("desktop notifications via {daemon} {version}; {buttons}")
    return (None, English(said, daemon=name, version=version, buttons=buttons.detail), markup,
            _(said).format(daemon=name, version=version, buttons=buttons.without_tray)
            if buttons.without_tray else "")
