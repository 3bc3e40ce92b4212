"""Notifiers: how a nudge reaches the user outside the tray.

`build_notifier` picks the best one this system supports and says why in one line (shown by
`nudge doctor` and logged at start): desktop notifications with buttons (desktop-notifier), else
plain text through plyer (answers in the tray), else nothing but the tray. Heavy imports happen
inside functions, never at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.commands import Command, Reply
from nudge.notify.daemon import server_info
from nudge.notify.desktop import DesktopNotifier
from nudge.notify.identity import app_icon_file
from nudge.notify.null import NullNotifier
from nudge.notify.plain import PlainNotifier, plyer_reason

if TYPE_CHECKING:
    from nudge.dbus_loop import DbusLoop
    from nudge.ports import Notifier

__all__ = ["DesktopNotifier", "NullNotifier", "PlainNotifier", "build_notifier", "server_info"]


def build_notifier(submit: Callable[[Command], Future[Reply]], dbus: DbusLoop | None,
                   on_delivery: Callable[[str, bool], None] | None = None, *,
                   app_icon: Path | None = None) -> tuple[Notifier, str]:
    """The best notifier here and a one-line reason. Main thread, at start; on Linux it asks the
    notification service who it is (a few seconds at most if it hangs)."""
    app_icon = app_icon if app_icon is not None else app_icon_file()
    plain_problem = plyer_reason()
    unusable, note, markup = _desktop_check(dbus)
    if unusable is None:
        plain = PlainNotifier(app_icon=app_icon, markup=markup)
        if plain_problem is not None:
            note += f"; no plain fallback ({plain_problem})"
        return DesktopNotifier(submit, dbus, on_delivery, app_icon=app_icon, plain=plain,
                               markup=markup), note
    if plain_problem is None:
        return (PlainNotifier(on_delivery, app_icon, markup=markup),
                f"plain notifications through plyer, answered from the tray ({unusable})")
    reason = f"no notifications ({unusable}; {plain_problem}); the tray shows each nudge"
    return NullNotifier(on_delivery, reason), reason


def _desktop_check(dbus: DbusLoop | None) -> tuple[str | None, str, bool]:
    """(why desktop notifications cannot work here or None, a note on how they will work,
    whether bodies are read as markup: on Linux when the service says so, or cannot be asked
    yet, as every common one does)."""
    try:
        from desktop_notifier.main import get_backend_class

        backend = get_backend_class().__name__
    except Exception as error:  # not installed, or a platform check that failed
        return f"desktop-notifier unavailable: {error}", "", False
    if backend == "DummyNotificationCenter":
        # macOS outside a signed app bundle (or an old OS): sends would silently do nothing.
        return "desktop-notifier has no working backend here (macOS needs an app bundle)", "", False
    if not sys.platform.startswith("linux"):
        return None, f"desktop notifications with buttons ({backend})", False
    if dbus is None:
        return "no D-Bus loop to talk to the notification service", "", False
    try:
        name, version, capabilities = dbus.run(server_info(dbus), 5.0)
    except LookupError as error:  # the bus works; the daemon may start later
        return None, f"desktop notifications, but {error}; plain ones until it appears", True
    except Exception as error:
        return f"no D-Bus session bus ({type(error).__name__}: {error})", "", False
    markup = "body-markup" in capabilities
    if "actions" not in capabilities:
        return None, (f"desktop notifications via {name} {version}, which shows no buttons; "
                      "answer from the tray"), markup
    return None, f"desktop notifications with buttons via {name} {version}", markup
