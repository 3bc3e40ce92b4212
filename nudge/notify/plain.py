"""Plain notifications through plyer: title and text, no buttons (answers go through the tray).

This is the fallback when desktop notifications with buttons are not available or a send did not
arrive. plyer has no way to withdraw or answer a notification, and its calls can block (on Linux
it runs `notify-send` or a synchronous dbus-python call; on Windows it sleeps for the timeout), so
every send runs on one small worker thread ("nudge-plain") and callers never wait for it.

Where plyer would run `notify-send` (Linux without dbus-python), nudge runs it itself with its
output captured: plyer lets the child write "Could not connect: …" to nudge's stderr and ignores
its exit status. Failures are logged once per outage, in one line.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nudge.app.commands import Reply
from nudge.core.decisions import NudgeOffer
from nudge.i18n import N_, English
from nudge.notify.failures import Outage
from nudge.notify.identity import APP_ID
from nudge.notify.texts import (
    APP_NAME,
    PLAIN_BODY_ROOM,
    PLAIN_TITLE_ROOM,
    confirmation,
    markup_safe,
    plain_body,
    plain_title,
)
from nudge.platform.error_words import detail

log = logging.getLogger(__name__)

# A plain nudge cannot be withdrawn, so it expires by itself when the engine would show the
# nudge again (reshow_after, 5 min): else one sent to a daemon that hung, and shown when it
# came back, stayed on screen after the nudge was answered. plyer's Windows balloon shows for
# `timeout` seconds.
NUDGE_TIMEOUT_S = 5 * 60 if sys.platform.startswith("linux") else 60
MESSAGE_TIMEOUT_S = 10
_WINDOWS = sys.platform == "win32"  # the only plyer backend with a length limit (texts.py)
NOTIFY_SEND_WAIT_S = 10.0  # bound on one notify-send run (it waits for a hung daemon)

Delivery = Callable[[str, bool], None]


def plyer_reason() -> English | None:
    """Why plyer cannot show anything here, or None if it looks usable (no notification shown).

    Mirrors plyer 2.1's own choice: Linux needs dbus-python or `notify-send`; macOS needs pyobjus
    (read, untested); Windows uses ctypes and always has a backend.
    """
    if importlib.util.find_spec("plyer") is None:
        return English(N_("plyer is not installed"))
    if sys.platform.startswith("linux"):
        if importlib.util.find_spec("dbus") is None and shutil.which("notify-send") is None:
            return English(N_("plyer needs dbus-python or notify-send on Linux; neither is "
                              "present"))
    elif sys.platform == "darwin" and importlib.util.find_spec("pyobjus") is None:
        return English(N_("plyer needs pyobjus on macOS"))
    return None


def notify_send_path() -> str | None:
    """`notify-send` where plyer would use it (Linux, no dbus-python, not in a Flatpak), else
    None."""
    if not sys.platform.startswith("linux") or os.path.isdir("/app"):
        return None
    if importlib.util.find_spec("dbus") is not None:
        return None
    return shutil.which("notify-send")


class PlainNotifier:
    """A Notifier that shows the nudge as plain text; the tray is where it gets answered.

    `show`, `withdraw`, `message` and `close` may be called from any thread and never block.
    `on_delivery(nudge_id, delivered)` runs on the "nudge-plain" thread.
    """

    name = "plain"

    def __init__(self, on_delivery: Delivery | None = None, app_icon: Path | None = None, *,
                 markup: bool = False) -> None:
        self._on_delivery = on_delivery
        self._app_icon = app_icon
        self._markup = markup  # the notification service reads markup in bodies
        self._worker: ThreadPoolExecutor | None = None
        self._closed = False
        self._outage = Outage("plain notifications", "nudges wait in the tray or `nudge status`")

    def notify(self, title: str, text: str, timeout: int = MESSAGE_TIMEOUT_S) -> bool:
        """Show one plain notification now; False if it failed. Blocks: call off the UI.

        True means plyer (or `notify-send`) accepted it; a daemon may still not show it.
        """
        ok = self._show(title, markup_safe(text) if self._markup else text, timeout)
        if ok:
            self._outage.worked()
        return ok

    def _show(self, title: str, text: str, timeout: int) -> bool:
        program = notify_send_path()
        if program is not None:
            return self._notify_send(program, title, text, timeout)
        try:
            with warnings.catch_warnings():
                # plyer warns (rather than raises) when dbus-python is missing on Linux.
                warnings.simplefilter("ignore")
                from plyer import notification

                notification.notify(title=title, message=text, app_name=APP_NAME,
                                    app_icon=str(self._app_icon or ""), timeout=timeout)
        except Exception as error:  # NotImplementedError in a plain venv, OSError, ...
            self._outage.failed(detail(error))
            return False
        return True

    def _notify_send(self, program: str, title: str, text: str, timeout: int) -> bool:
        command = [program, "--app-name", APP_NAME, "--expire-time", str(timeout * 1000),
                   f"--hint=string:desktop-entry:{APP_ID}"]
        if self._app_icon is not None:
            command += ["--icon", str(self._app_icon)]
        try:
            done = subprocess.run([*command, "--", title, text], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, timeout=NOTIFY_SEND_WAIT_S,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            self._outage.failed(f"notify-send: {detail(error)}")
            return False
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            self._outage.failed(f"notify-send exited with {done.returncode}"
                                + (f": {said[0].strip()}" if said else ""))
            return False
        return True

    def post(self, title: str, text: str, timeout: int = MESSAGE_TIMEOUT_S,
             then: Callable[[bool], None] | None = None) -> None:
        """Queue a plain notification on the worker thread; `then(ok)` runs there after it."""
        if self._closed:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="nudge-plain")

        def send() -> None:
            ok = self.notify(title, text, timeout)
            if then is not None:
                try:
                    then(ok)
                except Exception:
                    log.exception("plain notification callback failed")

        with contextlib.suppress(RuntimeError):  # closed meanwhile
            self._worker.submit(send)

    def show(self, offer: NudgeOffer) -> None:
        """Called on the engine thread; returns at once."""
        on_delivery = self._on_delivery

        def report(ok: bool) -> None:
            if on_delivery is not None:
                on_delivery(offer.nudge_id, ok)

        self.post(*plain_texts(offer), NUDGE_TIMEOUT_S, report)

    def message(self, text: str) -> None:
        """A short note for the user (from the tray or the engine); returns at once."""
        self.post(APP_NAME, text)

    def review(self, text: str) -> None:
        """The weekly review: a plain note (no click to open insights here)."""
        self.message(text)

    def confirm(self, reply: Reply) -> None:
        """What became of an answer from the tray menu (the desktop notifier's words)."""
        self.post(*confirmation(reply))

    def withdraw(self, nudge_id: str) -> None:
        """plyer cannot take a notification back; the daemon expires or the user dismisses it."""

    def close(self) -> None:
        """Called on the main thread at exit; drops notifications not yet shown."""
        self._closed = True
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)


def plain_texts(offer: NudgeOffer) -> tuple[str, str]:
    """A nudge's title and body as a plain notification here: fitted to Windows' balloon tip,
    whole elsewhere."""
    return (plain_title(offer, PLAIN_TITLE_ROOM if _WINDOWS else None),
            plain_body(offer, PLAIN_BODY_ROOM if _WINDOWS else None))
