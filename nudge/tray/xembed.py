"""Is there an XEmbed system tray on the X display? The owner of `_NET_SYSTEM_TRAY_S<screen>`.

The freedesktop.org System Tray Protocol has the tray manager own that selection; an XEmbed
icon (pystray's xorg and gtk backends, Ayatana's fallback) docks by messaging its owner. With no
owner there is nowhere to dock: pystray then logs "Failed to dock icon" and shows nothing, as
on GNOME without the AppIndicator extension (Mutter's Xwayland and X11 sessions own no tray).

Main thread, while the tray backend is picked; one short X connection through the shared
`open_display` helper (core protocol only, no extensions).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from nudge.platform.error_words import detail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class XembedTray:
    """What the display said: `owned` is None when it could not be asked."""

    owned: bool | None
    selection: str = "_NET_SYSTEM_TRAY_S0"
    error: str = ""


def find_xembed_tray(display_name: str) -> XembedTray:
    """Ask `display_name` who owns its default screen's tray selection. Never raises."""
    try:
        from nudge.platform.x11_display import open_display

        display = open_display(display_name)
    except Exception as error:  # no python-xlib, no server, no permission
        log.info("could not ask %s for an XEmbed tray: %s", display_name, error)
        return XembedTray(None, error=detail(error))
    try:
        selection = f"_NET_SYSTEM_TRAY_S{display.get_default_screen()}"
        owner = display.get_selection_owner(display.intern_atom(selection))
        # python-xlib answers X.NONE (0) as 0 or as a window object whose id is 0.
        owned = int(getattr(owner, "id", owner) or 0) != 0
        return XembedTray(owned, selection)
    except Exception as error:
        log.info("could not ask %s for an XEmbed tray: %s", display_name, error)
        return XembedTray(None, error=detail(error))
    finally:
        display.close()
