"""Helpers for pystray's xorg backend (an XEmbed icon): a Latin-1-safe title, whether the tray
took the icon, and a nudge for its event loop. Called from `PystrayTray` (any thread); each
X query uses its own short connection, never pystray's.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)

# What Latin-1 cannot hold, spelled with what it can (the rest becomes "?").
_LATIN1 = str.maketrans({"—": "-", "–": "-", "−": "-", "‘": "'", "’": "'", "“": '"',
                         "”": '"', "…": "...", "→": "->", "•": "·", "\u2009": " ",
                         "\u202f": " "})


def latin1_title(text: str) -> str:
    """`text` as an X window name python-xlib can write (it encodes WM_NAME as Latin-1)."""
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def xorg_docked(icon: Any) -> bool | None:
    """Has the XEmbed tray taken pystray's icon window (is it no longer a child of the root
    window)? None when X cannot be asked."""
    try:
        from nudge.platform.x11_display import open_display

        display = open_display(os.environ.get("DISPLAY", ""))
    except Exception as error:
        log.debug("cannot ask X whether the icon docked: %s", error)
        return None
    try:
        window = display.create_resource_object("window", icon._window.id)
        return bool(window.query_tree().parent != display.screen().root)
    except Exception as error:  # the window is already gone
        log.debug("cannot ask X whether the icon docked: %s", error)
        return None
    finally:
        display.close()


def wake_xorg(icon: Any) -> None:
    """Send a harmless ClientMessage to pystray's icon window over a separate X connection."""
    try:
        import Xlib.protocol.event

        from nudge.platform.x11_display import open_display

        display = open_display(os.environ.get("DISPLAY", ""))
    except Exception:
        return
    try:
        window = display.create_resource_object("window", icon._window.id)
        window.send_event(Xlib.protocol.event.ClientMessage(
            window=window, client_type=display.intern_atom("_NUDGE_WAKE"),
            data=(32, (0, 0, 0, 0, 0))), event_mask=0)
        display.sync()
    except Exception as error:  # the window is already gone: nothing to wake
        log.debug("no xorg tray window to wake: %s", error)
    finally:
        display.close()
