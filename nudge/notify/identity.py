"""Who sends nudge's notifications: the app icon file and the desktop entry id.

Without them the popup shows the desktop's generic icon (GNOME, Plasma). The Desktop
Notifications spec names both: the `app_icon` argument of Notify (a file URI here) and the
`desktop-entry` hint (the .desktop file's name without `.desktop`, packaging/linux/), from
which GNOME and Plasma take the app's name and icon when that file is installed.

desktop-notifier 6 sends `app_icon` but has no way to add a hint: `add_desktop_entry` wraps
its D-Bus backend's Notify call to add one (and does nothing on another backend or version).
Loop thread (the notifier's), except `app_icon_file`, which any thread may call.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

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


def add_desktop_entry(lib: Any) -> None:
    """Make `lib` (a desktop_notifier.DesktopNotifier) send the `desktop-entry` hint."""
    backend = getattr(lib, "_backend", None)
    init = getattr(backend, "_init_dbus", None)
    if backend is None or init is None or getattr(init, "_nudge_entry", False):
        return  # not the D-Bus backend (macOS, Windows), or already done

    async def init_with_entry() -> Any:
        interface = await init()
        notify = getattr(interface, "call_notify", None)
        if notify is None or getattr(notify, "_nudge_entry", False):
            return interface

        async def call_notify(*args: Any, **kwargs: Any) -> Any:
            if len(args) == 8 and isinstance(args[6], dict) and args[6]:
                hints = dict(args[6])
                # a{sv} (the spec) or a{ss} (old servers): match the values already there.
                typed = any(hasattr(value, "signature") for value in hints.values())
                hints["desktop-entry"] = _variant(APP_ID) if typed else APP_ID
                args = (*args[:6], hints, args[7])
            return await notify(*args, **kwargs)

        call_notify._nudge_entry = True  # type: ignore[attr-defined]
        interface.call_notify = call_notify
        return interface

    init_with_entry._nudge_entry = True  # type: ignore[attr-defined]
    backend._init_dbus = init_with_entry


def _variant(text: str) -> Any:
    from dbus_fast import Variant

    return Variant("s", text)
