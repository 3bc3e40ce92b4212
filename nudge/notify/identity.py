"""Who sends nudge's notifications: the app icon file and the desktop entry id.

Without them the popup shows the desktop's generic icon (GNOME, Plasma). The Desktop
Notifications spec names both: the `app_icon` argument of Notify (a file URI here) and the
`desktop-entry` hint (the .desktop file's name without `.desktop`, packaging/linux/), from
which GNOME and Plasma take the app's name and icon when that file is installed.

nudge/notify/fdo.py sends both; desktop-notifier (Windows, macOS) sends the icon. Any thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

APP_ID = "io.github.nudge.Nudge"  # packaging/linux/io.github.nudge.Nudge.desktop
_ICON = Path("icons") / "hicolor" / "128x128" / "apps" / "nudge.png"


def app_icon_file() -> Path | None:
    """nudge's icon: in the package (setup.py copies assets/ into a wheel as nudge/assets/; a
    PyInstaller bundle has the same layout), or in the checkout of an editable install."""
    package = Path(__file__).resolve().parents[1]
    candidates = [package / "assets" / _ICON]
    if (package.parent / "setup.py").is_file():  # a checkout, not site-packages
        candidates.append(package.parent / "assets" / _ICON)
    return next((path for path in candidates if path.is_file()), None)
