"""Blockers: reasons nudge must not interrupt right now (a call, a presentation, a game).

The core defers a due nudge while `BlockerSet.check()` returns a reason. `build_blockers()`
builds the blockers that the `[blockers]` config turns on and that can work on this desktop,
cheapest first; `BlockerSet.describe()` says for each one what it watches or why it cannot
work here (for `nudge doctor`). Platform modules are imported only when used:

- Linux/BSD: `x11_fullscreen` (EWMH; X11 and XWayland windows), or on KDE Plasma Wayland
  `kwin_fullscreen` (a KWin script, best effort), `dnd` (dunst, KDE, GNOME, Xfce), `apps`
  (/proc), `devices` (camera from /proc fds, microphone from pactl), `screen_share` (PipeWire
  screen casts, best effort);
- Windows: `windows` (shell notification state, Focus Assist, privacy records, Toolhelp);
- macOS: `macos` (apps; camera and microphone through `macos_devices`, best effort).

Importing this package is cheap and pure. The settings come from `nudge.config`.

`build_blockers` runs on the main thread at start and on the engine thread when the config changes
(on a probe's thread in `nudge doctor`); the set is checked on the engine thread.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from nudge.blockers.base import Blocker, BlockerProbe, CheckFailed, Unavailable, attempt
from nudge.blockers.blocker_set import BlockerSet
from nudge.config.blocker_settings import SETTING_OF, BlockerSettings
from nudge.i18n import _
from nudge.platform.probe import Probe

if TYPE_CHECKING:
    from nudge.blockers.x11_fullscreen import X11Windows
    from nudge.platform.bus import BusThread

__all__ = ["NONE_LISTED", "TURNED_OFF", "Blocker", "BlockerProbe", "BlockerSet", "BlockerSettings",
           "CheckFailed", "Unavailable", "build_blockers"]
log = logging.getLogger(__name__)


def build_blockers(settings: BlockerSettings, dbus: BusThread | None,
                   env: Mapping[str, str] | None = None, *,
                   platform: str | None = None) -> BlockerSet:
    """The blockers `settings` turns on that can work here, cheapest first. Never raises.

    `dbus` is the app's D-Bus loop (Linux; None elsewhere or without D-Bus). `env` is the
    session's environment (default `os.environ`): it says which desktop this is, and helper
    programs run in it. Call it once at start-up (it opens an X connection on X11); the set is
    then asked by the engine thread. Blockers turned off in the config are not built;
    `describe()` still lists them.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    closers: list[Callable[[], None]] = []
    try:
        if platform == "win32":
            from nudge.blockers import windows

            found = windows.candidates(settings)
        elif platform == "darwin":
            from nudge.blockers import macos

            found = macos.candidates(settings, env)
        else:
            found = _unix_candidates(settings, dbus, env, closers)
    except Exception:
        log.exception("blockers: could not set up; nothing will defer nudges")
        found = []
    built = {c.name for c in found}
    for name, key in SETTING_OF.items():
        if name not in built:
            found.append(Probe.failed(name, _("could not be set up (see the log)"))
                         if getattr(settings, key) else _off(name, key))
    return BlockerSet(found, closers)


def _off(name: str, key: str) -> BlockerProbe:
    if key in ("apps", "focused_apps"):
        # Translators: {setting} is a config line, "[blockers] apps = []": keep it as it is.
        return Probe.off(name, _("no apps listed ({setting})").format(
            setting=f"[blockers] {key} = []"))
    # Translators: {setting} is a config line, "[blockers] camera = false": keep it as it is.
    return Probe.off(name, _("turned off in the config ({setting})").format(
        setting=f"[blockers] {key} = false"))


def _unix_candidates(settings: BlockerSettings, dbus: BusThread | None, env: Mapping[str, str],
                     closers: list[Callable[[], None]]) -> list[BlockerProbe]:
    found: list[BlockerProbe] = []
    windows: X11Windows | None = None
    x11_why = ""
    # KWin manages X11 and Wayland windows alike: there it answers for all of them.
    kwin = settings.fullscreen and _on_kde_wayland(env)
    if (settings.fullscreen and not kwin) or settings.focused_apps:
        windows, x11_why = _x11(env)
        if windows is not None:
            closers.append(windows.close)
    if kwin:
        found.append(attempt("fullscreen", lambda: _kwin_fullscreen(dbus, env)))
    elif settings.fullscreen:
        found.append(_fullscreen(windows, x11_why, env))
    if settings.focused_apps:
        found.append(_focused_apps(settings, windows, x11_why))
    if settings.do_not_disturb:
        found.append(attempt("do not disturb", lambda: _dnd(dbus, env)))
    if settings.apps:
        found.append(attempt("apps", lambda: _apps(settings)))
    if settings.camera:
        found.append(attempt("camera", lambda: _camera(settings)))
    if settings.microphone:
        found.append(attempt("microphone", lambda: _microphone(env)))
    if settings.screen_sharing:
        found.append(attempt("screen sharing", lambda: _screen_sharing(env)))
    return found


def _x11(env: Mapping[str, str]) -> tuple[X11Windows | None, str]:
    from nudge.blockers import x11_fullscreen

    try:
        return x11_fullscreen.connect(env)
    except Unavailable as reason:
        return None, str(reason)


def _fullscreen(windows: X11Windows | None, why: str, env: Mapping[str, str]) -> BlockerProbe:
    from nudge.blockers.x11_fullscreen import X11FullscreenBlocker

    if windows is not None:
        return Probe.used("fullscreen", X11FullscreenBlocker(windows), why)
    if env.get("WAYLAND_DISPLAY"):
        # Translators: {why} says why the X11 display cannot be used.
        why = _("{why}; Wayland offers no way to ask whether a window is fullscreen (on KDE "
                "Plasma its do-not-disturb covers fullscreen apps in recent versions)").format(
            why=why)
    return Probe.unavailable("fullscreen", why)


def _on_kde_wayland(env: Mapping[str, str]) -> bool:
    from nudge.blockers.dnd import desktops

    wayland = bool(env.get("WAYLAND_DISPLAY")) or \
        env.get("XDG_SESSION_TYPE", "").lower() == "wayland"
    return wayland and "kde" in desktops(env)


def _kwin_fullscreen(dbus: BusThread | None, env: Mapping[str, str]) -> tuple[Blocker, str]:
    from nudge.blockers.kwin_fullscreen import kwin_fullscreen

    return kwin_fullscreen(dbus, env)


def _focused_apps(settings: BlockerSettings, windows: X11Windows | None,
                  why: str) -> BlockerProbe:
    from nudge.blockers.apps import FocusedAppsBlocker, linux_names

    if windows is None:
        return Probe.unavailable("focused apps", _("needs the X11 active window: {why}").format(
            why=why))
    if not os.path.isdir("/proc/self"):
        return Probe.unavailable("focused apps", _("no /proc to look up the focused process"))
    return Probe.used("focused apps", FocusedAppsBlocker(settings.focused_apps,
                                                         windows.focused_process, linux_names),
                      _("the active X11 window's process (_NET_WM_PID): {apps}").format(
                          apps=", ".join(settings.focused_apps)))


def _dnd(dbus: BusThread | None, env: Mapping[str, str]) -> tuple[Blocker, str]:
    from nudge.blockers.dnd import LinuxDndBlocker

    blocker = LinuxDndBlocker(dbus, env)
    no_bus = blocker.reach_bus()
    sources = blocker.sources()
    if not sources:
        raise Unavailable(_("{why}, and this is not GNOME or Xfce").format(why=no_bus)
                          if no_bus else _("no D-Bus, and this is not GNOME or Xfce"))
    return blocker, "; ".join(sources) + (f" ({no_bus})" if no_bus else "")


def _apps(settings: BlockerSettings) -> tuple[Blocker, str]:
    from nudge.blockers.apps import AppsBlocker, linux_processes

    if not os.path.isdir("/proc/self"):
        raise Unavailable(_("no /proc to list processes"))
    return (AppsBlocker(settings.apps, linux_processes),
            _("running processes (/proc): {apps}").format(apps=", ".join(settings.apps)))


def _camera(settings: BlockerSettings) -> tuple[Blocker, str]:
    from nudge.blockers.devices import CameraBlocker

    if not settings.video_devices:
        raise Unavailable(_("no video_devices patterns in [blockers]"))
    if not os.path.isdir("/proc/self/fd"):
        raise Unavailable(_("no /proc to see open devices"))
    blocker = CameraBlocker(settings.video_devices)
    now = sorted(blocker.devices())
    patterns = ", ".join(settings.video_devices)
    if now:
        # Translators: {patterns} are device paths with wildcards, {devices} the devices found.
        return blocker, _("this user's open files matching {patterns} (now: {devices})").format(
            patterns=patterns, devices=", ".join(now[:4]))
    return blocker, _("this user's open files matching {patterns} (none plugged in "
                      "now)").format(patterns=patterns)


def _microphone(env: Mapping[str, str]) -> tuple[Blocker, str]:
    from nudge.blockers.devices import pactl_microphone

    return pactl_microphone(env)


def _screen_sharing(env: Mapping[str, str]) -> tuple[Blocker, str]:
    from nudge.blockers.screen_share import pipewire_screen_share

    return pipewire_screen_share(env)
