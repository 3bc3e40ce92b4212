"""The two notifiers with buttons, for the notify tests to run each behaviour against both.

Linux and the BSDs use nudge/notify/fdo_notifier.py ("fdo": org.freedesktop.Notifications over
jeepney); Windows and macOS use nudge/notify/desktop.py ("desktop-notifier"). desktop-notifier has
a Linux D-Bus backend too, so here desktop.py runs against the same real dunst: the only way its
code runs in CI. The app on Linux never imports it (tests/test_app_imports.py); only tests do.

A test that holds for both says `@both`: its rig (tests/test_notify_desktop.py) builds each in
turn. A test of what only the Linux notifier does says `@fdo_only(why)`: closing dunst's popup
after a button or a click (Windows and macOS close their own), the freedesktop portal's theme
and desktop-entry hint. Both choose the parametrization, never a skip: a skipped desktop test
fails CI (tests/conftest.py). Without either, the `notifier_kind` fixture is "fdo".
"""

from __future__ import annotations

from typing import TypeAlias

import pytest

from nudge.notify.desktop import DesktopNotifier as LibraryNotifier
from nudge.notify.fdo_notifier import DesktopNotifier as FdoNotifier

FDO = "fdo"
LIBRARY = "desktop-notifier"
NOTIFIERS: dict[str, type[FdoNotifier] | type[LibraryNotifier]] = {
    FDO: FdoNotifier, LIBRARY: LibraryNotifier}
AnyNotifier: TypeAlias = FdoNotifier | LibraryNotifier

# The kinds are the test ids: `test_x[fdo]`, `test_x[desktop-notifier]`.
both = pytest.mark.parametrize("notifier_kind", [FDO, LIBRARY])


def fdo_only(why: str) -> pytest.MarkDecorator:
    """Run a test for the Linux notifier alone. `why`, for the reader: what the test needs that
    desktop-notifier's Linux backend does not do."""
    return pytest.mark.parametrize("notifier_kind", [pytest.param(FDO, id=FDO)])
