"""The `org.kde.StatusNotifierItem` object that nudge exports at `/StatusNotifierItem`.

Only the D-Bus face of the item: its properties read one immutable `ItemState` snapshot
(swapped whole by `SniTray`), its methods do nothing except `Activate`, which answers with an
error so that hosts fall back to the menu (see `nudge.tray.sni` for why), and its signals tell
hosts to read again. D-Bus thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from dbus_fast.annotations import DBusSignature
from dbus_fast.constants import ErrorType, PropertyAccess
from dbus_fast.errors import DBusError
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

ITEM_PATH = "/StatusNotifierItem"
MENU_PATH = "/MenuBar"
# Left click opens the menu (see `nudge.tray.sni`); flip to make hosts send Activate.
ITEM_IS_MENU = True
# The error `Activate` answers with: Plasma opens the menu when Activate fails.
ACTIVATE_ERROR = ErrorType.NOT_SUPPORTED.value

Int = Annotated[int, DBusSignature("i")]
Void = Annotated[None, DBusSignature("")]  # no reply body (a bare `-> None` breaks dbus-fast)
Str = Annotated[str, DBusSignature("s")]
Bool = Annotated[bool, DBusSignature("b")]
Path_ = Annotated[str, DBusSignature("o")]
Pixmaps = Annotated[list[Any], DBusSignature("a(iiay)")]
ToolTip = Annotated[list[Any], DBusSignature("(sa(iiay)ss)")]


@dataclass(frozen=True)
class ItemState:
    """What the StatusNotifierItem shows (immutable: swapped whole under the tray's lock)."""

    pixmaps: tuple[tuple[int, int, bytes], ...] = ()
    tooltip: str = "nudge"
    attention: bool = False



class StatusNotifierItemInterface(ServiceInterface):
    """`org.kde.StatusNotifierItem` at `/StatusNotifierItem` (D-Bus thread only)."""

    def __init__(self, state: Callable[[], ItemState]) -> None:
        super().__init__("org.kde.StatusNotifierItem")
        self._state = state

    @dbus_property(access=PropertyAccess.READ)
    def Category(self) -> Str:
        return "ApplicationStatus"

    @dbus_property(access=PropertyAccess.READ)
    def Id(self) -> Str:
        return "nudge"

    @dbus_property(access=PropertyAccess.READ)
    def Title(self) -> Str:
        return "nudge"

    @dbus_property(access=PropertyAccess.READ)
    def Status(self) -> Str:
        return "NeedsAttention" if self._state().attention else "Active"

    @dbus_property(access=PropertyAccess.READ)
    def WindowId(self) -> Int:
        return 0

    @dbus_property(access=PropertyAccess.READ)
    def IconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconThemePath(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def IconPixmap(self) -> Pixmaps:
        return [list(p) for p in self._state().pixmaps]

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def OverlayIconPixmap(self) -> Pixmaps:
        return []

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def AttentionIconPixmap(self) -> Pixmaps:
        # The icon itself already shows a pending nudge; hosts that swap in the attention
        # icon must not lose it.
        return [list(p) for p in self._state().pixmaps]

    @dbus_property(access=PropertyAccess.READ)
    def AttentionMovieName(self) -> Str:
        return ""

    @dbus_property(access=PropertyAccess.READ)
    def ToolTip(self) -> ToolTip:
        # (icon name, icon pixmaps, title, description); some hosts read the description as
        # markup, so the text goes in the plain-text title.
        return ["", [], self._state().tooltip, ""]

    @dbus_property(access=PropertyAccess.READ)
    def ItemIsMenu(self) -> Bool:
        return ITEM_IS_MENU

    @dbus_property(access=PropertyAccess.READ)
    def Menu(self) -> Path_:
        return MENU_PATH

    @dbus_method()
    def ContextMenu(self, x: Int, y: Int) -> Void:
        pass  # hosts show our Menu themselves

    @dbus_method()
    def Activate(self, x: Int, y: Int) -> Void:
        # No window to raise. Hosts that honour ItemIsMenu never call this; Plasma 5.27
        # calls it on a left click and opens the menu only when it fails.
        raise DBusError(ACTIVATE_ERROR, "nudge has no window: its menu is the whole tray "
                        "interface")

    @dbus_method()
    def SecondaryActivate(self, x: Int, y: Int) -> Void:
        pass

    @dbus_method()
    def Scroll(self, delta: Int, orientation: Str) -> Void:
        pass

    @dbus_signal()
    def NewTitle(self) -> Void:
        pass

    @dbus_signal()
    def NewIcon(self) -> Void:
        pass

    @dbus_signal()
    def NewAttentionIcon(self) -> Void:
        pass

    @dbus_signal()
    def NewToolTip(self) -> Void:
        pass

    @dbus_signal()
    def NewStatus(self, status: str) -> Str:
        return status
