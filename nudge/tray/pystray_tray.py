"""The tray through pystray: Windows, macOS, and Linux desktops with only an XEmbed tray.

pystray picks its own platform backend when it is first imported. On Linux without PyGObject
that is "xorg": an XEmbed icon with no menu and (in 0.19.5) no click action at all, so this
backend then says so in `has_menu`/`reason` and the UI tells the user what to do instead.
With no $DISPLAY, `import pystray` raises Xlib's DisplayNameError, not ImportError: it is only
imported inside `PystrayTray.load`, and any failure becomes `Unavailable`.

Threads: `start` and `run_main` run on the main thread (pystray's `run()` must own it; macOS
requires it). `update` and `stop` come from any thread; on macOS every change to the icon is
passed to the main thread with `PyObjCTools.AppHelper.callAfter` (AppKit crashes otherwise);
gtk, appindicator and xorg marshal changes themselves. Menu callbacks run on the GUI thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

from PIL import Image

from nudge.platform.error_words import detail
from nudge.platform.probe import Capability, Unavailable
from nudge.tray.backend import TrayIcon, same_icon
from nudge.tray.icon_state import TRAY_SIZES, IconState
from nudge.tray.menu import MenuItem

log = logging.getLogger(__name__)

XEMBED_ONLY_REASON = (
    "this panel only offers an XEmbed tray without menus; use `nudge status`, `nudge log`, "
    "`nudge pause 1h` and `nudge quit` in a terminal, or install a StatusNotifier host "
    "(e.g. the Status Tray plugin of xfce4-panel, KDE Plasma, LXQt, waybar's tray, or "
    "GNOME's AppIndicator extension)")


XORG_WAKE_TRIES = 10  # at 0.5 s each


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


def _largest(icon: TrayIcon) -> Image.Image:
    # pystray scales one image to the tray's size; scaling down from the largest looks best.
    if isinstance(icon, IconState):
        from nudge.tray.icon import draw_icon

        return draw_icon(icon, max(TRAY_SIZES))
    return icon[max(icon)] if isinstance(icon, dict) else icon


def _backend_of(icon_class: type) -> str:
    return icon_class.__module__.rsplit(".", 1)[-1].lstrip("_")  # "pystray._xorg" -> "xorg"


def _main_thread_caller(platform: str) -> Callable[[Callable[[], None]], None]:
    if platform == "darwin":
        try:
            from PyObjCTools.AppHelper import callAfter
        except ImportError:
            log.warning("PyObjCTools is missing: tray changes run on the calling thread")
        else:
            return lambda fn: callAfter(fn)
    return lambda fn: fn()


class PystrayTray:
    """A `TrayBackend` on pystray."""

    def __init__(self, pystray: ModuleType, why_not_sni: str = "",
                 platform: str = sys.platform) -> None:
        self._pystray = pystray
        self.backend = _backend_of(pystray.Icon)
        self.name = f"pystray-{self.backend}"
        self.has_menu = bool(getattr(pystray.Icon, "HAS_MENU", True))
        if not self.has_menu:
            self.reason = XEMBED_ONLY_REASON
        elif why_not_sni:
            self.reason = f"pystray ({self.backend}), because {why_not_sni}"
        else:
            self.reason = f"pystray ({self.backend})"
        self._on_main = _main_thread_caller(platform)
        self._lock = threading.Lock()
        self._icon: Any = None
        self._image: Image.Image | None = None
        self._title = "nudge"
        self._items: tuple[MenuItem, ...] = ()
        self._source: object = None
        self._on_item: Callable[[MenuItem], None] = lambda item: None
        self._has_image = threading.Event()
        self._halt = threading.Event()
        self._loop_done = threading.Event()
        self._stopped = False

    @classmethod
    def load(cls, why_not_sni: str = "") -> PystrayTray:
        """Import pystray (main thread) and wrap it; raises `Unavailable` with a reason."""
        try:
            import pystray
        except Exception as error:  # Xlib.error.DisplayNameError is not an ImportError
            raise Unavailable(f"pystray cannot show a tray icon here "
                              f"({detail(error)})") from error
        return cls(pystray, why_not_sni)

    # -- TrayBackend ---------------------------------------------------------------------
    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset({Capability.MENU}) if self.has_menu else frozenset()

    def start(self, on_item: Callable[[MenuItem], None],
              on_open: Callable[[], None] | None = None) -> None:
        """Main thread: create the icon (shown once `run_main` runs and an image exists).
        `on_open` is not called: pystray does not say when its menu opens."""
        self._on_item = on_item
        with self._lock:
            try:
                self._icon = self._pystray.Icon(
                    "nudge", icon=self._image, title=self._title,
                    menu=self._menu(self._items) if self.has_menu else None)
            except Exception as error:
                log.warning("pystray could not create the icon: %s", error)
                self.has_menu = False
                self.reason = f"pystray could not create the icon: {error}"

    def update(self, icon: TrayIcon, tooltip: str,
               items: tuple[MenuItem, ...], attention: bool) -> None:
        """Any thread. `attention` needs no extra signal: the icon itself shows it."""
        with self._lock:
            changes: list[Callable[[], None]] = []
            if not same_icon(icon, self._source):
                self._source = icon
                self._image = _largest(icon)
                changes.append(self._apply_image)
            if tooltip != self._title:
                self._title = tooltip
                changes.append(self._apply_title)
            if items != self._items:
                self._items = items
                changes.append(self._apply_menu)
            running = self._icon is not None
        if self._image is not None:
            self._has_image.set()
        if running and changes:
            def apply() -> None:
                for change in changes:
                    change()

            self._on_main(apply)

    def run_main(self, stop: threading.Event) -> None:
        """Main thread: run pystray's loop until `stop` is set (or `stop()` is called)."""
        self._halt = stop
        if self._stopped:
            return  # stop() came first
        if self._icon is None:
            self.start(self._on_item)
        if self._icon is None:
            stop.wait()
            return
        try:
            self._icon.run(setup=self._setup)
        except Exception:
            # gtk/appindicator raised here when the notification service was missing.
            log.exception("the pystray loop ended with an error")
            stop.wait()
        finally:
            self._loop_done.set()

    def stop(self) -> None:
        """Any thread: end `run_main` (the setup thread then stops pystray's loop)."""
        self._stopped = True
        self._halt.set()

    # -- pystray's setup thread ----------------------------------------------------------
    def _setup(self, icon: Any) -> None:
        while not self._halt.is_set() and not self._has_image.wait(0.2):
            pass  # pystray cannot show an icon before the first image arrives
        if not self._halt.is_set():
            self._on_main(self._show)
        self._halt.wait()
        self._on_main(icon.stop)
        if self.backend == "xorg":
            # About 1 stop in 20, pystray's xorg loop never saw its window's DestroyNotify
            # and `run()` never returned (a python-xlib race between the two threads sharing
            # one X connection). Any event for the icon's window wakes it up.
            for _ in range(XORG_WAKE_TRIES):
                if self._loop_done.wait(0.5):
                    break
                _wake_xorg(icon)

    # -- GUI thread (or the caller's, where pystray marshals itself) ---------------------
    def _show(self) -> None:
        with self._lock:
            image, title = self._image, self._title
        self._icon.icon = image
        self._icon.title = title
        self._icon.visible = True

    def _apply_image(self) -> None:
        if self._image is not None:
            self._icon.icon = self._image

    def _apply_title(self) -> None:
        self._icon.title = self._title

    def _apply_menu(self) -> None:
        if self.has_menu:
            # Assigning `menu` calls `update_menu()`, which appindicator needs to refresh.
            self._icon.menu = self._menu(self._items)

    def _menu(self, items: tuple[MenuItem, ...]) -> Any:
        return build_pystray_menu(self._pystray, items, self._click)

    def _click(self, item: MenuItem) -> None:
        try:
            self._on_item(item)
        except Exception:
            log.exception("the tray menu action %r failed", item.label)


def _wake_xorg(icon: Any) -> None:
    """Send a harmless ClientMessage to pystray's icon window over a separate X connection."""
    try:
        import Xlib.display
        import Xlib.protocol.event

        display = Xlib.display.Display()
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
