"""Our tray menu as a `pystray.Menu`: entries, submenus, check marks and separators.

Built by `PystrayTray` (nudge/tray/pystray_tray.py) on the thread that sets the menu; choosing
an entry calls back on pystray's GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from nudge.tray.menu import MenuItem


def build_pystray_menu(pystray: ModuleType, items: tuple[MenuItem, ...],
                       on_item: Callable[[MenuItem], None]) -> Any:
    """A `pystray.Menu` for `items`; choosing an entry calls `on_item(item)` (GUI thread)."""
    return pystray.Menu(*(_entry(pystray, item, on_item) for item in items))


def _entry(pystray: ModuleType, item: MenuItem, on_item: Callable[[MenuItem], None]) -> Any:
    if item.separator:
        return pystray.Menu.SEPARATOR
    if item.children:
        submenu = pystray.Menu(*(_entry(pystray, child, on_item) for child in item.children))
        return pystray.MenuItem(item.label, submenu, enabled=item.enabled)
    checked = None
    if item.checked is not None:
        state = item.checked

        def checked(_: Any) -> bool:
            return state

    action = None
    if item.enabled:
        def action(icon: Any, menu_item: Any) -> None:  # two args: pystray passes both
            on_item(item)

    return pystray.MenuItem(item.label, action, checked=checked, enabled=item.enabled)
