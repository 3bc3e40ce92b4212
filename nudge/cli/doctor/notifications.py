"""Doctor's notification lines: which notifier nudge picks here, what the notification daemon
on the session bus can do, and whether the nudge's pictures are the light or the dark ones.

The probes run on their daemon threads (see `nudge.cli.doctor`); `notification_daemon_check` is
pure, any thread."""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from nudge.cli.doctor.mode import SEE
from nudge.cli.doctor.model import Check, Context, missing_module
from nudge.i18n import _, shown
from nudge.notify.daemon_buttons import daemon_buttons

if TYPE_CHECKING:
    from nudge.app.commands import Command, Reply


def probe_notifier(ctx: Context) -> list[Check]:
    try:
        from nudge.notify import probe_notifier as pick
    except ImportError as error:
        return [missing_module("notifications", error, "nudge.notify")]
    picked = pick(_ignore_command, ctx.dbus, lambda nudge_id, delivered: None)
    if picked.adapter is not None:
        picked.adapter.close()
    ok = picked.works
    # Translators: {notifier} is the name of a notifier (desktop, plain, none); {reason} a
    # sentence on how it works here.
    said = _("{notifier}: {reason}")
    return [Check("notifications", ok,
                  said.format(notifier=picked.name, reason=shown(picked.reason)) if picked.reason
                  else picked.name, "" if ok else f"{SEE}notification daemon",
                  without_tray=said.format(notifier=picked.name, reason=picked.without_tray)
                  if picked.without_tray else "")]


def probe_theme(ctx: Context) -> list[Check]:
    """Which pictures a nudge carries: the light or the dark ones, as the desktop prefers."""
    from nudge.platform.theme import DARK, read_theme

    theme = read_theme(ctx.dbus, ctx.platform)
    # Translators: where the desktop's light or dark preference was read, in brackets below.
    where = {"win32": _("Windows app mode"), "darwin": _("macOS appearance")}.get(
        ctx.platform) or _("freedesktop portal color-scheme")
    # Translators: doctor's "pictures" line: a nudge carries the dark or the light pictures.
    said = _("dark ones: the desktop prefers dark ({where})") if theme == DARK else \
        _("light ones: the desktop states no dark preference ({where})")
    return [Check("pictures", None, said.format(where=where)), _font_check(ctx)]


def _font_check(ctx: Context) -> Check:
    """Whether the weekly picture can be drawn in the user's language: every language but
    English needs a font with its letters (umlauts, accents, CJK), else the picture is drawn
    in English."""
    from nudge.charts.fonts import font_for, font_package, needs_system_font
    from nudge.i18n import current_language

    language = current_language()
    if not needs_system_font(language):
        return Check("picture font", None, _("the weekly picture's words need no extra font"))
    font = font_for(language, ctx.platform)
    if font is not None:
        return Check("picture font", True, font.name)
    fix = f"{ctx.install} {font_package(language)}" if ctx.platform.startswith("linux") else \
        _("install a font for your language in the system's settings")
    return Check("picture font", False,
                 _("no font with your language's letters: the weekly picture is drawn in "
                   "English until one is installed"), fix)


def _ignore_command(command: Command) -> Future[Reply]:
    from nudge.app.commands import Reply

    future: Future[Reply] = Future()
    future.set_result(Reply(False, "nudge doctor does not run commands"))
    return future


def notification_daemon_check(facts: Mapping[str, Any], desktop: str, install: str) -> Check:
    if "error" in facts:
        return Check("notification daemon", False, _("cannot ask (no session bus)"),
                     f"{SEE}session bus")
    if facts.get("notifications"):
        server = str(facts.get("server") or "")
        menu = str(facts.get("menu") or "") if facts.get("menu_found") is False else ""
        buttons = daemon_buttons(server, bool(facts.get("actions")), menu_missing=menu)
        # Translators: {daemon} names the notification daemon; {buttons} is a sentence on its
        # buttons.
        said = _("{daemon}; {buttons}") if server else _("running; {buttons}")
        return Check("notification daemon", not menu, said.format(
            daemon=server, buttons=buttons.detail.shown()), _dunst_menu_fix(menu, install),
                     notes=buttons.how, without_tray=said.format(
                         daemon=server, buttons=buttons.without_tray)
                     if buttons.without_tray else "")
    if facts.get("activatable"):
        return Check("notification daemon", True, _("not running yet; D-Bus starts it with "
                                                    "the first notification"))
    # Translators: {install} is the package manager's install command ("sudo apt install").
    fix = _("install a notification daemon: `{install} dunst` (or xfce4-notifyd, Xfce's own), "
            "then log out and in") if "xfce" in desktop.lower() else \
        _("install a notification daemon: `{install} dunst` (or your desktop's own), then log "
          "out and in")
    return Check("notification daemon", False, _("nothing shows notifications on this desktop"),
                 fix.format(install=install))


def _dunst_menu_fix(menu: str, install: str) -> str:
    """The fix where dunst's menu cannot open ("" where it can): its program, or the other
    ways to answer."""
    if not menu:
        return ""
    package = menu.rsplit("/", 1)[-1]
    # Translators: {install} {package} is a command that installs the program dunst's menu
    # runs (e.g. sudo apt install dmenu); the nudge commands stay as they are.
    return _("`{install} {package}` for dunst's menu, or answer from the tray menu or with "
             "`nudge done`, `nudge snooze` or `nudge skip` in a terminal").format(
                 install=install, package=package)
