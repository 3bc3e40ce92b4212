"""The tray UI: shows the status as an icon, tooltip and menu, and turns clicks into commands.

Threads: `update`/`alert` are called on the engine thread; menu clicks arrive on the tray
backend's thread (the D-Bus thread for StatusNotifierItem, the GUI thread for pystray) and only
submit commands or start short helper work; `run` owns the main thread until `stop`.
"Insights…", "Settings…" and a waiting nudge's "How to do it…" open their windows, each its own
short-lived process (`nudge insights`, `nudge settings`, `nudge exercise show --window ID`), so
the long-running app never loads Qt; where no window can open, the weekly picture (a
`nudge summary --png` process), the config file or the exercise's picture opens instead.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.app.commands import AddQuietPause, AnswerNudge, Command, DismissQuietHour, LogRise, Reply
from nudge.core.status import Phase, Status
from nudge.i18n import N_, _, shown
from nudge.platform.open_file import open_with_default_app
from nudge.tray.icon_state import icon_state
from nudge.tray.menu import MenuItem, UiAction, build_menu, tooltip
from nudge.windows.launch import NO_TOOLKIT, open_window

if TYPE_CHECKING:
    from nudge.autostart import Autostart
    from nudge.paths import Paths
    from nudge.tray.backend import TrayBackend

log = logging.getLogger(__name__)

Submit = Callable[[Command], Future[Reply]]
# Menu commands whose reply is always shown, success or not (see `_after_reply`).
CONFIRMED = (AnswerNudge, LogRise, AddQuietPause, DismissQuietHour)
# A window (`nudge insights`, `nudge settings`) that ended with an error and said nothing.
_WINDOW_PROBLEM = {
    "insights": N_("The insights window closed with a problem; the log has the details."),
    "settings": N_("The settings window closed with a problem; the log has the details."),
    "howto": N_("The “How to do it” card closed with a problem; the log has the details."),
}


def _tell_terminal() -> None:
    """No tray menu: one line for the person who typed `nudge` in a terminal, who would else
    see nothing at all (the notification above may not show either). Only on a terminal: at
    login stderr goes to a session log no one reads, and nudge's own log says it already."""
    from nudge.i18n import wrap

    # Translators: one line on the terminal that started nudge, where no tray icon can show;
    # keep the commands as they are, and the line short (80 columns in English).
    said = _("Running without a tray: `nudge status`, `nudge done|snooze|skip`, `nudge pause`")
    stream = sys.stderr
    try:
        if stream is not None and stream.isatty():
            print("\n".join(wrap(said, 80)), file=stream, flush=True)
    except (OSError, ValueError):  # the terminal closed already: nobody to tell
        pass


class TrayUI:
    name = "tray"

    def __init__(self, backend: TrayBackend, submit: Submit, paths: Paths,
                 autostart: Autostart | None,
                 notify_plain: Callable[[str], None],
                 confirm: Callable[[Reply], None] | None = None) -> None:
        """`confirm` tells what became of an answer (the notifier's, so a menu answer is
        confirmed like a popup button's); without one the reply is a plain note."""
        self.backend = backend
        self._submit = submit
        self._paths = paths
        self._autostart = autostart
        self._notify_plain = notify_plain
        self._confirm = confirm or (lambda reply: notify_plain(reply.message))
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._status: Status | None = None
        self._autostart_on = self._read_autostart()

    # -- engine thread -------------------------------------------------------------------
    def update(self, status: Status) -> None:
        with self._lock:  # pushed under the lock, so a refresh never pushes an older status
            self._status = status
            self._push(status)

    def alert(self, message: str) -> None:
        log.info("alert shown to the user")
        self._notify_plain(message)

    # -- main thread ---------------------------------------------------------------------
    def run(self) -> int:
        self.backend.start(self._on_item, self._menu_opening)
        if not self.backend.has_menu:
            # Translators: {reason} says why this desktop offers no tray menu.
            self._notify_plain(_("nudge is running without a tray menu: {reason}").format(
                reason=shown(self.backend.reason)))
            _tell_terminal()
        self.backend.run_main(self._stop)
        return 0

    def stop(self) -> None:
        """Any thread: end `run()`."""
        self._stop.set()
        try:
            self.backend.stop()
        except Exception:
            log.exception("tray backend did not stop cleanly")

    def close(self) -> None:
        pass

    # -- any thread ----------------------------------------------------------------------
    def open_insights(self) -> None:
        """"Insights…", also a click on the weekly review: the window (else the weekly
        picture), on a helper thread that waits for it; returns at once."""
        threading.Thread(target=self._open_summary, name="nudge-summary", daemon=True).start()

    # -- backend thread ------------------------------------------------------------------
    def _on_item(self, item: MenuItem) -> None:
        if item.command is not None:
            future = self._submit(item.command)
            told = isinstance(item.command, CONFIRMED)
            future.add_done_callback(partial(self._after_reply, told))
        elif item.action is UiAction.SUMMARY:
            self.open_insights()
        elif item.action in (UiAction.SETTINGS, UiAction.WORK_HOURS):
            section = ("--section", "hours") if item.action is UiAction.WORK_HOURS else ()
            threading.Thread(target=self._open_settings, args=section, name="nudge-settings",
                             daemon=True).start()
        elif item.action is UiAction.HOW_TO:
            threading.Thread(target=self._open_how_to, name="nudge-how-to", daemon=True).start()
        elif item.action is UiAction.AUTOSTART:  # file writes and fsyncs: off this thread
            threading.Thread(target=self._toggle_autostart, args=(bool(item.checked),),
                             name="nudge-autostart", daemon=True).start()

    def _menu_opening(self) -> None:
        """The menu is about to open: show the real "Start at login" state, which another
        `nudge autostart` may have changed since the menu was built."""
        with self._lock:
            if self._read_autostart() != self._autostart_on and self._status is not None:
                self._push(self._status)

    def _after_reply(self, told: bool, future: Future[Reply]) -> None:
        """An answer, a logged rise or an answer to the quiet hour is always confirmed (it is
        what the user came for, and the quiet hour's entries just vanish from the menu); any
        other command only when it failed (the menu itself shows a pause or a resume)."""
        try:
            reply = future.result()
        except Exception as error:
            self._notify_plain(_("nudge could not do that: {error}").format(error=error))
            return
        if told:
            self._confirm(reply)
        elif not reply.ok:
            self._notify_plain(reply.message)

    # -- helpers -------------------------------------------------------------------------
    def _push(self, status: Status) -> None:
        # The backend draws the state: the Linux tray from pre-drawn pixmaps, without Pillow.
        # "Start at login" is read afresh each time (one small file): `nudge autostart` in a
        # terminal changes it behind the tray's back.
        self._autostart_on = self._read_autostart()
        items = build_menu(status, self._autostart_on)
        self.backend.update(icon_state(status), tooltip(status), items,
                            status.phase is Phase.PENDING)

    def _refresh(self) -> None:
        with self._lock:
            if self._status is not None:
                self._push(self._status)

    def _read_autostart(self) -> bool:
        try:
            return bool(self._autostart and self._autostart.enabled())
        except Exception:
            log.exception("could not read the autostart state")
            return False

    def _toggle_autostart(self, shown: bool) -> None:
        """Flip what the menu showed (`shown`): a check mark clicked means "off". If the entry
        already is what the click asks for (changed meanwhile by `nudge autostart`), nothing
        is written and the menu shows the truth."""
        if self._autostart is None:
            self._notify_plain(_("Start at login is not supported on this system."))
            return
        wanted = not shown
        try:
            if self._read_autostart() != wanted:
                if wanted:
                    self._autostart.enable()
                else:
                    self._autostart.disable()
        except OSError as error:
            self._notify_plain(_("Could not change start at login: {error}").format(
                error=error))
        self._refresh()

    def _window_opened(self, name: str, *options: str) -> bool:
        """Run the window until it closes; False when no window can open here (the caller
        then opens the file instead)."""
        code, said = open_window(name, *options)
        if code == NO_TOOLKIT:
            log.info("the %s window cannot open here; opening the file instead", name)
            return False
        if code != 0:
            self._notify_plain(said or _(_WINDOW_PROBLEM[name]))
        return True

    def _open_summary(self) -> None:
        if self._window_opened("insights"):
            return
        week = datetime.now().astimezone().strftime("%G-W%V")
        target = Path(self._paths.state_dir) / f"summary-{week}.png"
        frozen = getattr(sys, "frozen", False)  # a PyInstaller bundle's executable is nudge
        nudge = [sys.executable] if frozen else [sys.executable, "-m", "nudge"]
        done = subprocess.run([*nudge, "summary", "--png", str(target)],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            self._notify_plain(done.stderr.strip() or _("Could not draw the weekly summary."))
        elif not open_with_default_app(target):
            self._notify_plain(_("The weekly summary is in {path}").format(path=target))

    def _open_how_to(self) -> None:
        """The "How to do it" card for the waiting nudge's exercise; where no window can open,
        its picture in the default image viewer, else its words as a notification."""
        from nudge.config.exercise_pictures import picture_file

        status = self._status
        offer = status.offer if status is not None else None
        if offer is None or self._window_opened("howto", offer.exercise.id):
            return
        picture = picture_file(offer.exercise)
        if picture is None or not open_with_default_app(picture):
            self._notify_plain(f"{offer.exercise.name}: " + " ".join(offer.exercise.cues))

    def _open_settings(self, *options: str) -> None:
        from nudge.config import ConfigError, write_default_config

        if self._window_opened("settings", *options):
            return
        config = Path(self._paths.config_file)
        if not config.exists():
            try:
                write_default_config(config)
            except ConfigError as error:
                self._notify_plain(str(error))
                return
        if not open_with_default_app(config):
            self._notify_plain(_("Your settings file is {path}").format(path=config))
