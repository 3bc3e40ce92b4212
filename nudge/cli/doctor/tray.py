"""Doctor's tray lines: which tray nudge picks here, and whether a StatusNotifier host runs
(with the fix for each desktop when none does).

GNOME's tray is the AppIndicator extension, whose id depends on who packaged it: Debian and
Ubuntu install `ubuntu-appindicators@ubuntu.com`, extensions.gnome.org and most others
`appindicatorsupport@rgcjonas.gmail.com`. The fix names the one installed, found where GNOME
Shell looks for extensions (`gnome-shell/extensions` under $XDG_DATA_HOME and each of
$XDG_DATA_DIRS), not guessed from $XDG_CURRENT_DESKTOP.

`probe_tray` runs on its probe's daemon thread and `reconcile` on the main thread (see
`nudge.cli.doctor`); the rest is pure, any thread.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from nudge.cli.doctor.mode import SEE
from nudge.cli.doctor.model import Check, Context, missing_module
from nudge.i18n import _, shown


def probe_tray(ctx: Context) -> list[Check]:
    try:
        from nudge.tray.backend import probe_tray as pick
    except ImportError as error:
        return [missing_module("tray", error, "nudge.tray.backend")]
    # The app waits a few seconds for a late tray host at login; doctor reports what is now.
    # Nothing to close: a backend puts nothing on the panel before `start`.
    picked = pick(ctx.dbus, watcher_grace=0.0)
    ok = picked.works
    # Translators: {source} names the tray backend nudge picked (e.g. sni); {reason} says why.
    said = _("{source}: {reason}").format(source=picked.name, reason=shown(picked.reason)) \
        if picked.reason else picked.name
    return [Check("tray", ok, said, "" if ok else f"{SEE}tray host")]


APPINDICATOR_IDS = ("ubuntu-appindicators@ubuntu.com", "appindicatorsupport@rgcjonas.gmail.com")
APPINDICATOR_PACKAGE = "gnome-shell-extension-appindicator"


def extension_roots(env: Mapping[str, str] = os.environ) -> list[Path]:
    """Where GNOME Shell finds extensions: the user's first, then the system's."""
    home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    system = (env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")
    return [Path(base) / "gnome-shell" / "extensions" for base in [home, *system] if base]


def installed_appindicator(roots: Sequence[Path]) -> str | None:
    """The id of the AppIndicator extension installed under `roots`, if any."""
    for root in roots:
        for extension_id in APPINDICATOR_IDS:
            if (root / extension_id / "metadata.json").is_file():
                return extension_id
    return None


def tray_host_check(facts: Mapping[str, Any], desktop: str, install: str) -> Check:
    if "error" in facts:
        return Check("tray host", False, _("cannot ask (no session bus)"), f"{SEE}session bus")
    if facts.get("watcher") and facts.get("host"):
        return Check("tray host", True, _("a StatusNotifier host is running: the panel can "
                                          "show nudge's icon"))
    what = (_("a StatusNotifierWatcher runs but no panel has registered as a host")
            if facts.get("watcher") else _("no StatusNotifier host on the session bus"))
    return Check("tray host", False, what, tray_host_fix(desktop, install))


def tray_host_fix(desktop: str, install: str,
                  roots: Sequence[Path] | None = None) -> str:
    names = {part.strip().lower() for part in desktop.split(":")}
    if "gnome" in names:
        return gnome_tray_fix(install, extension_roots() if roots is None else roots)
    # Translators: the fixes below name menus and widgets of each desktop; use the names the
    # desktop shows in your language where you know them.
    if "kde" in names:
        return _("add the System Tray widget to a panel (right-click the panel → Add Widgets)")
    if "xfce" in names:
        return _("add the Status Tray plugin to a panel (Panel → Panel Preferences → Items → "
                 "+ → Status Tray Plugin)")
    if "lxqt" in names:
        return _("add the Status Notifier widget to the panel (right-click it → Manage "
                 "Widgets)")
    if "x-cinnamon" in names or "cinnamon" in names:
        return _("add the XApp Status Applet to the panel (right-click it → Applets)")
    if "mate" in names:
        # Translators: {install} is a package manager's install command, e.g. sudo apt install.
        return _("`{install} mate-indicator-applet`, then add the Indicator Applet Complete to "
                 "a panel").format(install=install)
    return _("use a panel with a StatusNotifier (AppIndicator) tray, e.g. waybar's `tray` "
             "module, the Xfce panel's Status Tray, or KDE's System Tray; meanwhile `nudge run "
             "--ui terminal` works anywhere")


def gnome_tray_fix(install: str, roots: Sequence[Path]) -> str:
    installed = installed_appindicator(roots)
    if installed:
        # Translators: {extension} is an extension id, e.g. ubuntu-appindicators@ubuntu.com.
        return _("turn on the AppIndicator extension: `gnome-extensions enable {extension}` "
                 "(or in the Extensions app; log out and in first if you just installed "
                 "it)").format(extension=installed)
    first, second = APPINDICATOR_IDS
    # Translators: {install} {package} is a command to install a package; {first} and {second}
    # are extension ids.
    return _("GNOME has no tray of its own: `{install} {package}`, log out and in, then "
             "`gnome-extensions enable` its id: `{first}` (Debian, Ubuntu) or `{second}` "
             "(extensions.gnome.org and most others)").format(
                 install=install, package=APPINDICATOR_PACKAGE, first=first, second=second)


def reconcile(checks: Sequence[Check]) -> list[Check]:
    """A missing StatusNotifier host is no problem when the tray works another way (an XEmbed
    tray through pystray): then that line is for information only."""
    tray = next((c for c in checks if c.name == "tray"), None)
    if tray is None or tray.ok is not True:
        return list(checks)
    return [Check(c.name, None, _("{detail} (the tray works without one)").format(
                detail=c.detail), c.fix, c.notes)
            if c.name == "tray host" and c.ok is False else c for c in checks]
