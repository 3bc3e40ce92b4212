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

The xorg backend (XEmbed trays such as trayer) has quirks, handled with `pystray_xorg`:
python-xlib writes the title (the window name) as Latin-1, so an em dash raised
UnicodeEncodeError on every tooltip change (and at creation: no icon at all), so titles there
are made Latin-1-safe. Every icon change sends the tray a new dock request; changes under a
second apart made trayer shrink the icon to a 1 px strip, so there the icon changes at most
once a minute (`XEMBED_IMAGE_SECONDS`; the latest image is shown when the minute is up, by a
timer thread "nudge-tray-image"). And trayer now and then ignores the first dock request: the
setup thread asks again while the icon window is still on the root window.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from PIL import Image

from nudge.i18n import N_, English
from nudge.platform.error_words import detail
from nudge.platform.probe import Capability, Unavailable
from nudge.tray.backend import TrayIcon, same_icon
from nudge.tray.icon_state import TRAY_SIZES, IconState, Palette, palette_for
from nudge.tray.menu import MenuItem
from nudge.tray.pystray_menu import build_pystray_menu
from nudge.tray.pystray_xorg import latin1_title, wake_xorg, xorg_docked

log = logging.getLogger(__name__)

# Translators: the commands and program names stay as they are.
XEMBED_ONLY_REASON = English(N_(
    "this panel only offers an XEmbed tray without menus; use `nudge status`, `nudge log`, "
    "`nudge pause 1h` and `nudge quit` in a terminal, or install a StatusNotifier host "
    "(e.g. the Status Tray plugin of xfce4-panel, KDE Plasma, LXQt, waybar's tray, or "
    "GNOME's AppIndicator extension)"))


XORG_WAKE_TRIES = 10  # at 0.5 s each
XEMBED_IMAGE_SECONDS = 60.0  # xorg backend: at most one icon change per this many seconds
XORG_DOCK_TRIES = 3  # asking the XEmbed tray again, every XORG_DOCK_SECONDS while undocked
XORG_DOCK_SECONDS = 2.0


def _largest(icon: TrayIcon, palette: Palette = Palette.COLOUR) -> Image.Image:
    # pystray scales one image to the tray's size; scaling down from the largest looks best.
    if isinstance(icon, IconState):
        from nudge.tray.icon import draw_icon

        return draw_icon(icon, max(TRAY_SIZES), palette)
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
                 platform: str = sys.platform, tray_icon: str = "auto") -> None:
        self._pystray = pystray
        self._palette = palette_for(tray_icon, symbolic_dark_panel=False)
        self.backend = _backend_of(pystray.Icon)
        self.name = f"pystray-{self.backend}"
        self.has_menu = bool(getattr(pystray.Icon, "HAS_MENU", True))
        self.reason: str  # English for the log; `shown()` for the person
        if not self.has_menu:
            self.reason = XEMBED_ONLY_REASON
        elif why_not_sni:
            # Translators: {backend} is pystray's backend (xorg, appindicator, gtk);
            # {why_not} says why no StatusNotifier tray works.
            self.reason = English(N_("pystray ({backend}), because {why_not}"),
                                  backend=self.backend, why_not=why_not_sni)
        else:
            self.reason = English(N_("pystray ({backend})"), backend=self.backend)
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
        self._clock = time.monotonic
        self._next_image_at = 0.0  # xorg: when the icon may change again
        self._image_timer: threading.Timer | None = None

    @classmethod
    def load(cls, why_not_sni: str = "", tray_icon: str = "auto") -> PystrayTray:
        """Import pystray (main thread) and wrap it; raises `Unavailable` with a reason."""
        try:
            import pystray
        except Exception as error:  # Xlib.error.DisplayNameError is not an ImportError
            # Translators: {error} is a technical error.
            raise Unavailable(English(N_("pystray cannot show a tray icon here ({error})"),
                                      error=detail(error))) from error
        return cls(pystray, why_not_sni, tray_icon=tray_icon)

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
                    "nudge", icon=self._image, title=self._shown_title(),
                    menu=self._menu(self._items) if self.has_menu else None)
            except Exception as error:
                log.warning("pystray could not create the icon: %s", error)
                self.has_menu = False
                self.reason = English(N_("pystray could not create the icon: {error}"),
                                      error=str(error))

    def update(self, icon: TrayIcon, tooltip: str,
               items: tuple[MenuItem, ...], attention: bool) -> None:
        """Any thread. `attention` needs no extra signal: the icon itself shows it."""
        with self._lock:
            changes: list[Callable[[], None]] = []
            if not same_icon(icon, self._source):
                self._source = icon
                self._image = _largest(icon, self._palette)
                if self._gate_image():
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
        with self._lock:
            if self._image_timer is not None:
                self._image_timer.cancel()

    def _gate_image(self) -> bool:
        """Under the lock: may the new image be shown now? On xorg, at most once a minute;
        a later change is then shown by a timer when the minute is up."""
        if self.backend != "xorg" or self._icon is None:
            return True
        now = self._clock()
        if self._image_timer is None and now >= self._next_image_at:
            self._next_image_at = now + XEMBED_IMAGE_SECONDS
            return True
        if self._image_timer is None:
            self._image_timer = threading.Timer(self._next_image_at - now, self._late_image)
            self._image_timer.name = "nudge-tray-image"
            self._image_timer.daemon = True
            self._image_timer.start()
        return False

    def _late_image(self) -> None:
        with self._lock:
            self._image_timer = None
            self._next_image_at = self._clock() + XEMBED_IMAGE_SECONDS
            if self._stopped or self._loop_done.is_set():
                return  # pystray's loop is gone: a change now would wait for it forever
        self._on_main(self._apply_image)

    # -- pystray's setup thread ----------------------------------------------------------
    def _setup(self, icon: Any) -> None:
        while not self._halt.is_set() and not self._has_image.wait(0.2):
            pass  # pystray cannot show an icon before the first image arrives
        if not self._halt.is_set():
            self._on_main(self._show)
            if self.backend == "xorg":
                self._dock_again(icon)
        self._halt.wait()
        self._on_main(icon.stop)
        if self.backend == "xorg":
            # About 1 stop in 20, pystray's xorg loop never saw its window's DestroyNotify
            # and `run()` never returned (a python-xlib race between the two threads sharing
            # one X connection). Any event for the icon's window wakes it up.
            for _ in range(XORG_WAKE_TRIES):
                if self._loop_done.wait(0.5):
                    break
                wake_xorg(icon)

    def _dock_again(self, icon: Any) -> None:
        for _ in range(XORG_DOCK_TRIES):
            if self._halt.wait(XORG_DOCK_SECONDS) or xorg_docked(icon) is not False:
                return
            log.info("the XEmbed tray has not taken the icon; asking it again")
            with self._lock:
                image = self._image
                self._next_image_at = self._clock() + XEMBED_IMAGE_SECONDS
            # Setting the image is pystray's way to send a new dock request.
            self._on_main(functools.partial(setattr, icon, "icon", image))

    # -- GUI thread (or the caller's, where pystray marshals itself) ---------------------
    def _show(self) -> None:
        with self._lock:
            image, title = self._image, self._shown_title()
            self._next_image_at = self._clock() + XEMBED_IMAGE_SECONDS
        self._icon.icon = image
        self._icon.title = title
        self._icon.visible = True

    def _apply_image(self) -> None:
        if self._image is not None:
            self._icon.icon = self._image

    def _apply_title(self) -> None:
        self._icon.title = self._shown_title()

    def _shown_title(self) -> str:
        # The full text stays in `_title`; only the X window name needs Latin-1.
        return latin1_title(self._title) if self.backend == "xorg" else self._title

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

