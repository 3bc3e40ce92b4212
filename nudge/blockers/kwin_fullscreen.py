"""Fullscreen on KDE Plasma under Wayland: ask KWin itself, through a throw-away KWin script.

Wayland gives a client no way to learn another window's state, and the EWMH hints of
`x11_fullscreen` cover only X11 windows. KWin manages both kinds and lets D-Bus clients load
scripts, so one check here (as kdotool does it) is:

1. write a tiny JavaScript file (0600, in a fresh 0700 folder under $XDG_RUNTIME_DIR);
2. `org.kde.kwin.Scripting.loadScript(path, pluginName) -> i` on `org.kde.KWin` `/Scripting`;
3. `org.kde.kwin.Script.run()` on the loaded script's own object;
4. the script reads the active window and calls back with
   `callDBus(<our unique bus name>, REPORT_PATH, REPORT_INTERFACE, "Report", token,
   fullScreen, resourceClass)`, to the small object this module exports on the shared session
   connection of `nudge.platform.bus` (the script and that object: `kwin_script`);
5. `unloadScript(pluginName)`, and the folder is removed.
So the script is loaded only for the few milliseconds of one check. Every D-Bus call is sent
with NO_AUTO_START; loading, running and the answer share one `CALL_SECONDS` time box, the
unload gets its own (and runs in the background when KWin already failed to answer).

Confirmed from sources (KWin's `src/scripting/scripting.h` of a Plasma 5 and a Plasma 6 tree,
its `scripting.cpp` and `org.kde.kwin.Script.xml` of a late 5.x tree; kdotool's `main.rs` and
`templates.rs`; other projects' code and issues doing the same):
- `/Scripting`, `org.kde.kwin.Scripting`: `loadScript(s filePath, s pluginName) -> i` in both;
  -1 when a script of that plugin name is loaded already. `unloadScript(s) -> b` (the script is
  deleted later), `isScriptLoaded(s) -> b` and `start()` exist in both. (`loadScriptFromText`
  is gone in Plasma 6, by wdotool's report.)
- The loaded script's own object: `/<id>` in the 5.x source; `/Scripting/Script<id>` in
  Plasma 6 (kdotool picks by KDE_SESSION_VERSION; kando's Plasma 6.0 report "No such object
  path '/5'"; wdotool on 6.6), interface `org.kde.kwin.Script` with `run()` and `stop()`.
  Plasma 6's path is tried first, `/<id>` on UnknownObject/UnknownMethod/UnknownInterface, and
  the one that worked is remembered. `Scripting.start()` is not used: it re-reads kwinrc and
  loads, unloads and runs every configured script, a side effect a check must not have.
- In the 5.x source `run()` replies only once the file was read and evaluated;
  `callDBus(service, path, interface, method, arg1..arg9)` sends each argument's
  `QJSValue::toVariant()` without waiting (a JS bool going as `b` and a string as `s` is
  Qt's usual QVariant marshalling, not read here). kdotool sends to its unique bus name too.
- The active window: `workspace.activeWindow` (Plasma 6) or `workspace.activeClient`
  (Plasma 5), with `fullScreen` and `resourceClass` (a QByteArray in older KWin headers, a
  QString in newer ones: the script turns bytes into a string).
Not from sources: the script is kept to ES5 in case a QtScript-era KWin runs it, and a random
token in each report (not in the calls above) ties an answer to its check.

Limits: best effort, KDE Plasma on Wayland only, and not tested against a real KWin here (only
against a D-Bus double of the interface above). Only the focused window counts, as on X11. If
the user's KWin scripting is broken or disabled, a check fails and counts as "not blocking".
KWin numbers scripts by its list length, so after some other script was unloaded our script's
id can collide with a still-loaded one; `run()` then reaches the other script, ours never
answers and that check fails (logged once per streak).

Checked on the engine thread (a probe's thread in `nudge doctor`), never on nudge-dbus, which
carries the calls and serves the report object (`kwin_script`).
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import CancelledError
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nudge.blockers.base import CALL_SECONDS, CheckFailed, Unavailable
from nudge.blockers.kwin_script import REPORT_PATH, ReportReceiver, script_text
from nudge.i18n import N_, English, _
from nudge.paths import open_private
from nudge.platform.bus_calls import name_owner
from nudge.platform.bus_objects import CallFailed

if TYPE_CHECKING:
    from nudge.platform.bus import BusThread
    from nudge.platform.bus_connection import Connection

log = logging.getLogger(__name__)

SERVICE = "org.kde.KWin"
SCRIPTING_PATH = "/Scripting"
SCRIPTING = "org.kde.kwin.Scripting"
SCRIPT = "org.kde.kwin.Script"
# The per-script object of a loaded script: Plasma 6 first, then Plasma 5.
SCRIPT_PATHS = ("/Scripting/Script{id}", "/{id}")
NO_SUCH_OBJECT = ("org.freedesktop.DBus.Error.UnknownObject",
                  "org.freedesktop.DBus.Error.UnknownMethod",
                  "org.freedesktop.DBus.Error.UnknownInterface")
WATCHES = N_("the active window's fullscreen state, asked from KWin with a short-lived KWin "
             "script (KDE Plasma on Wayland; Wayland and X11 windows; best effort)")


class KWinFullscreenBlocker:
    """Blocks while KWin's active window is fullscreen (KDE Plasma, Wayland and X11 windows).

    Cost: a small file write and three or four D-Bus round trips through the nudge-dbus thread
    (a few ms with a healthy KWin); at most `answer_seconds` when KWin does not answer.
    Thread: any but nudge-dbus (the calls block), one at a time.
    """

    name = "fullscreen"

    def __init__(self, dbus: BusThread, env: Mapping[str, str], *,
                 answer_seconds: float = CALL_SECONDS) -> None:
        self._dbus = dbus
        runtime = env.get("XDG_RUNTIME_DIR", "")
        self._folder_in = runtime if runtime and os.path.isdir(runtime) else None
        self._answer_seconds = answer_seconds
        self._plugin = f"nudge-fullscreen-{os.getpid()}"
        self._receiver = ReportReceiver()
        self._exported_on: Connection | None = None
        self._script_path = SCRIPT_PATHS[0]

    def reach_kwin(self) -> None:
        """At set-up: raise Unavailable unless KWin is on the session bus; export the report
        object. Not on the nudge-dbus thread."""
        try:
            bus = self._session()
            owner = name_owner(bus, SERVICE, CALL_SECONDS)
        except TimeoutError:
            raise Unavailable(_("the session bus did not answer within {seconds} s").format(
                seconds=f"{CALL_SECONDS:g}")) from None
        except Exception as error:
            # Translators: {error} is a technical error from the D-Bus library.
            raise Unavailable(_("cannot reach the session bus: {error}").format(
                error=_say(error))) from None
        if owner is None:
            # Translators: {service} is a D-Bus name (org.kde.KWin).
            raise Unavailable(_("KWin is not on the session bus (no owner for {service})").format(
                service=SERVICE))

    def check(self) -> str | None:
        try:
            fullscreen, app = self._ask()
        except CheckFailed:
            raise
        except Exception as error:
            # Translators: {error} is a technical error.
            raise CheckFailed(English(N_("cannot ask KWin: {error}"), error=_say(error))) \
                from None
        if not fullscreen:
            return None
        # Translators: why a nudge waits; {app} is a program's name.
        return English(N_("a fullscreen window ({app})"), app=app) if app else \
            English(N_("a fullscreen window"))

    def _session(self) -> Connection:
        """The session connection, with the report object on it (again after a reconnect)."""
        bus = self._dbus.connection("session")
        if self._exported_on is not bus:
            bus.exports.add(REPORT_PATH, self._receiver.interface)
            self._exported_on = bus
        return bus

    def _ask(self) -> tuple[bool, str]:
        bus = self._session()
        token = secrets.token_hex(8)
        answer = self._receiver.expect(token)
        folder = tempfile.mkdtemp(prefix="nudge-kwin-", dir=self._folder_in)  # mode 0700
        deadline = time.monotonic() + self._answer_seconds
        step = "load"
        stuck = False  # KWin did not answer a call: clean up without waiting for it
        try:
            path = _write_private(os.path.join(folder, "fullscreen.js"),
                                  script_text(bus.unique_name, token))
            script_id = self._load(bus, path, deadline)
            step = "run"
            self._run(bus, script_id, deadline)
            step = "report"
            return answer.result(_left(deadline))
        except CallFailed as error:
            raise CheckFailed(_failed(step, str(error))) from None
        except (TimeoutError, CancelledError):
            stuck = step != "report"
            raise CheckFailed(_unanswered(step, f"{self._answer_seconds:g}")) from None
        finally:
            self._receiver.forget(token)
            shutil.rmtree(folder, ignore_errors=True)  # KWin read it, or never will in time
            self._unload(bus, wait=not stuck)  # a stuck KWin: do not hold the engine longer

    def _call(self, bus: Connection, path: str, interface: str, member: str, deadline: float,
              signature: str = "", body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        return bus.call(SERVICE, path, interface, member, signature, body, _left(deadline),
                        auto_start=False)

    def _load(self, bus: Connection, path: str, deadline: float) -> int:
        script_id = -1
        for attempt in range(2):
            (script_id,) = self._call(bus, SCRIPTING_PATH, SCRIPTING, "loadScript", deadline,
                                      "ss", (path, self._plugin))
            if script_id >= 0:
                return int(script_id)
            if attempt == 0:  # ours from an earlier check is still loaded: unload, load again
                self._call(bus, SCRIPTING_PATH, SCRIPTING, "unloadScript", deadline, "s",
                           (self._plugin,))
        # Translators: {number} is what KWin's loadScript call returned (a negative number).
        raise CheckFailed(English(N_("KWin would not load the script (loadScript returned "
                                     "{number})"), number=script_id))

    def _run(self, bus: Connection, script_id: int, deadline: float) -> None:
        paths = [self._script_path, *(p for p in SCRIPT_PATHS if p != self._script_path)]
        for pattern in paths:
            try:
                self._call(bus, pattern.format(id=script_id), SCRIPT, "run", deadline)
            except CallFailed as error:
                if error.name in NO_SUCH_OBJECT:
                    continue
                raise
            self._script_path = pattern
            return
        # Translators: {number} is a KWin script's id; {paths} D-Bus object paths.
        raise CheckFailed(English(N_("KWin has no object to run script {number} on (tried "
                                     "{paths})"), number=script_id,
                                  paths=", ".join(p.format(id=script_id) for p in paths)))

    def _unload(self, bus: Connection, wait: bool) -> None:
        unload = bus.call_async(SERVICE, SCRIPTING_PATH, SCRIPTING, "unloadScript", "s",
                                (self._plugin,), auto_start=False)
        if not wait:  # sent; KWin handles it when it wakes
            return
        try:
            unload.result(CALL_SECONDS)
        except Exception as error:  # the next check unloads it before loading again
            log.debug("KWin unloadScript(%s) failed: %s", self._plugin, _say(error))


def kwin_fullscreen(dbus: BusThread | None, env: Mapping[str, str]
                    ) -> tuple[KWinFullscreenBlocker, str]:
    """The KWin fullscreen blocker and what it watches; raises Unavailable with the reason
    when there is no D-Bus or no KWin on it."""
    if dbus is None:
        raise Unavailable(_("needs the session bus to ask KWin, and there is no D-Bus here"))
    blocker = KWinFullscreenBlocker(dbus, env)
    blocker.reach_kwin()
    return blocker, _(WATCHES)


def _write_private(path: str, text: str) -> str:
    descriptor = open_private(Path(path), os.O_WRONLY | os.O_EXCL | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return path


def _failed(step: str, error: str) -> English:
    """Why a check failed at `step` (one whole sentence per step); `error` is KWin's."""
    # Translators: {error} is a D-Bus error from KWin; loadScript and Script.run are the names
    # of KWin's D-Bus methods.
    if step == "load":
        return English(N_("KWin's loadScript failed: {error}"), error=error)
    if step == "run":
        return English(N_("KWin's Script.run failed: {error}"), error=error)
    return English(N_("KWin's report from the script failed: {error}"), error=error)


def _unanswered(step: str, seconds: str) -> English:
    """Why a check failed: KWin (or the script) did not answer at `step` in `seconds`."""
    if step == "load":
        return English(N_("KWin did not answer loadScript within {seconds} s"), seconds=seconds)
    if step == "run":
        return English(N_("KWin did not answer Script.run within {seconds} s"), seconds=seconds)
    return English(N_("the KWin script did not report back within {seconds} s"),
                   seconds=seconds)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _say(error: BaseException) -> str:
    return str(error) or type(error).__name__
