"""The `org.kde.StatusNotifierItem` object that nudge exports at `/StatusNotifierItem`.

Only the D-Bus face of the item: its properties read one immutable `ItemState` snapshot
(swapped whole by `SniTray`), its methods do nothing except `Activate`, which answers with an
error so that hosts fall back to the menu (see `nudge.tray.sni` for why), and its signals tell
hosts to read again (sent by `SniTray`). D-Bus thread only, except `changed`: pure, it makes
the next snapshot and names the signals it needs, under the tray's lock on any thread;
`announce` then sends them on the D-Bus thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nudge.platform.bus_objects import Interface, Method, MethodError

ITEM = "org.kde.StatusNotifierItem"
ITEM_PATH = "/StatusNotifierItem"
MENU_PATH = "/MenuBar"
# Left click opens the menu (see `nudge.tray.sni`); flip to make hosts send Activate.
ITEM_IS_MENU = True
# The error `Activate` answers with: Plasma opens the menu when Activate fails.
ACTIVATE_ERROR = "org.freedesktop.DBus.Error.NotSupported"
# The signals the item sends, with their signatures.
SIGNALS = {"NewTitle": "", "NewIcon": "", "NewAttentionIcon": "", "NewToolTip": "",
           "NewStatus": "s"}


@dataclass(frozen=True)
class ItemState:
    """What the StatusNotifierItem shows (immutable: swapped whole under the tray's lock)."""

    pixmaps: tuple[tuple[int, int, bytes], ...] = ()
    tooltip: str = "nudge"
    attention: bool = False


def status_text(state: ItemState) -> str:
    return "NeedsAttention" if state.attention else "Active"


def changed(state: ItemState, tooltip: str, attention: bool,
            pixmaps: tuple[tuple[int, int, bytes], ...] | None = None
            ) -> tuple[ItemState, set[str]]:
    """The snapshot after `state` with this tooltip, attention and (unless None) icon, and the
    signals that tell hosts what to read again (none: nothing changed)."""
    signals: set[str] = set()
    if pixmaps is None:
        pixmaps = state.pixmaps
    else:
        signals |= {"NewIcon", "NewAttentionIcon"}
    if tooltip != state.tooltip:
        signals.add("NewToolTip")
    if attention != state.attention:
        signals.add("NewStatus")
    return ItemState(pixmaps, tooltip, attention), signals


def announce(emit: Callable[..., None], signals: set[str], state: ItemState) -> None:
    """Send `signals` (from `changed`) with `emit` (a connection's), the status with them."""
    for name in ("NewIcon", "NewAttentionIcon", "NewToolTip"):
        if name in signals:
            emit(ITEM_PATH, ITEM, name)
    if "NewStatus" in signals:
        emit(ITEM_PATH, ITEM, "NewStatus", "s", (status_text(state),))


def _pixmaps(state: ItemState) -> list[tuple[int, int, bytes]]:
    return [(w, h, data) for w, h, data in state.pixmaps]


def _nothing(*_args: Any) -> tuple[()]:
    return ()


def _activate(x: int, y: int) -> tuple[()]:
    # No window to raise. Hosts that honour ItemIsMenu never call this; Plasma 5.27
    # calls it on a left click and opens the menu only when it fails.
    raise MethodError(ACTIVATE_ERROR, "nudge has no window: its menu is the whole tray "
                      "interface")


def StatusNotifierItemInterface(state: Callable[[], ItemState]) -> Interface:
    """`org.kde.StatusNotifierItem` at `/StatusNotifierItem`, read from `state()` (the
    handlers run on the D-Bus thread)."""

    def const(value: Any) -> Callable[[], Any]:
        return lambda: value

    return Interface(ITEM, methods={
        "ContextMenu": Method("ii", "", _nothing),  # hosts show our Menu themselves
        "Activate": Method("ii", "", _activate),
        "SecondaryActivate": Method("ii", "", _nothing),
        "Scroll": Method("is", "", _nothing),
    }, properties={
        "Category": ("s", const("ApplicationStatus")),
        "Id": ("s", const("nudge")),
        "Title": ("s", const("nudge")),
        "Status": ("s", lambda: status_text(state())),
        "WindowId": ("i", const(0)),
        "IconName": ("s", const("")),
        "IconThemePath": ("s", const("")),
        "IconPixmap": ("a(iiay)", lambda: _pixmaps(state())),
        "OverlayIconName": ("s", const("")),
        "OverlayIconPixmap": ("a(iiay)", const([])),
        "AttentionIconName": ("s", const("")),
        # The icon itself already shows a pending nudge; hosts that swap in the attention
        # icon must not lose it.
        "AttentionIconPixmap": ("a(iiay)", lambda: _pixmaps(state())),
        "AttentionMovieName": ("s", const("")),
        # (icon name, icon pixmaps, title, description); some hosts read the description as
        # markup, so the text goes in the plain-text title.
        "ToolTip": ("(sa(iiay)ss)", lambda: ("", [], state().tooltip, "")),
        "ItemIsMenu": ("b", const(ITEM_IS_MENU)),
        "Menu": ("o", const(MENU_PATH)),
    }, signals=SIGNALS)
