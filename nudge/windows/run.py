"""Run one window in this process: `nudge settings`, `nudge insights`, `nudge welcome`, and
the "How to do it" card (`nudge exercise show ID --window`).

Main thread (Qt's GUI thread) until the window closes. One of each at a time: the first holds
a lock file in the private state folder and listens on a local socket beside it; a second
request finds the lock taken, tells the first to come to the front, and ends.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from nudge.i18n import _, current_language
from nudge.paths import Paths, make_private_dir
from nudge.platform.file_lock import KernelFileLock
from nudge.windows import TITLES
from nudge.windows.toolkit import NO_TOOLKIT, toolkit_problem

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QApplication, QWidget

_RAISE = "raise"  # then a section to show, if any, and a newline
_RAISE_WAIT_MS = 3000  # the first may still be starting: its socket comes a moment after its lock


def run_window(name: str, paths: Paths, section: str | None = None) -> int:
    """Show window `name` until it is closed; 0, or NO_TOOLKIT with the fix on stderr. The
    settings window opens on `section` (`sections.SECTIONS`), also when it was open already;
    the "How to do it" card (`howto`) shows the exercise whose id is `section`, and an open
    card switches to it."""
    problem = toolkit_problem()
    if problem is not None:
        print(f"nudge: {problem}", file=sys.stderr)
        return NO_TOOLKIT
    app = qt_app()
    one = OneWindow(paths.state_dir, name)
    if not one.claim():
        title = _(TITLES[name])
        # Translators: {window} is a window's name: Settings, Insights or Welcome.
        print(_("The {window} window is already open; it is in front now.").format(window=title)
              if one.ask_to_raise(section) else
              _("The {window} window is already open; look for it on your screen.").format(
                  window=title))
        return 0
    try:
        window = build_window(name, paths, section)
        one.listen(partial(asked_again, window))
        fit_screen(window)
        window.show()
        go_to_section(window, section)
        return app.exec()
    finally:
        one.release()


def qt_app() -> QApplication:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["nudge"])
    app.setApplicationName("nudge")
    QGuiApplication.setDesktopFileName("nudge")  # the desktop shows nudge's own icon
    qt_translations(app, current_language())
    return app


def qt_translations(app: QApplication, language: str) -> QTranslator | None:
    """Qt's own words (the file dialog, a text field's menu, a tab bar's arrows) in the
    language nudge speaks, from the qtbase catalogue PySide6 ships; nudge's own words are
    gettext's. None when Qt has no catalogue for it (its words stay English)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if language.split("_")[0] == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        return None
    app.installTranslator(translator)
    return translator


def build_window(name: str, paths: Paths, section: str | None = None) -> QWidget:
    if name == "howto":
        from nudge.windows.howto_window import HowToWindow

        return HowToWindow(paths, section or "")
    if name == "settings":
        from nudge.windows.settings_window import SettingsWindow

        return SettingsWindow(paths)
    if name == "insights":
        from nudge.windows.insights_window import InsightsWindow

        return InsightsWindow(paths)
    from nudge.windows.welcome_window import WelcomeWindow

    return WelcomeWindow(paths)


def asked_again(window: QWidget, section: str | None) -> None:
    """A second request came: to the front, on the section it asked for."""
    bring_to_front(window)
    go_to_section(window, section)


def go_to_section(window: QWidget, section: str | None) -> None:
    if section is None:
        return
    from nudge.windows.howto_window import HowToWindow

    if isinstance(window, HowToWindow):  # the card switches to the exercise asked for
        window.show_exercise(section)
        return
    from nudge.windows.settings_window import SettingsWindow

    if isinstance(window, SettingsWindow):
        from nudge.windows.sections import show_section

        show_section(window, section)


def fit_screen(window: QWidget) -> None:
    """Never bigger than the screen (a small screen at 200 % is only 640 points wide)."""
    screen = window.screen().availableGeometry()
    width = min(window.width(), int(screen.width() * 0.95))
    height = min(window.height(), int(screen.height() * 0.9))
    window.resize(width, height)


def bring_to_front(window: QWidget) -> None:
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


class OneWindow:
    """The lock and the socket that keep one window of a kind. Listening is Qt's
    QLocalServer (a Unix socket in the 0700 state folder, a named pipe on Windows)."""

    def __init__(self, state_dir: Path, name: str) -> None:
        make_private_dir(state_dir)
        self._lock = KernelFileLock(state_dir / f"window-{name}.lock", 0o600)
        socket = state_dir / f"window-{name}.sock"
        self._address = f"nudge-window-{name}-{abs(hash(str(state_dir)))}" \
            if sys.platform == "win32" else str(socket)
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        return self._lock.acquire()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.release()

    def listen(self, on_raise: Callable[[str | None], None]) -> None:
        """Call `on_raise` with the section asked for (or None) on each second request."""
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(self._address)  # a crashed window's; ours now: we hold the lock
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._address):
            return  # a second request then only says the window is open

        def connected() -> None:
            while server.hasPendingConnections():
                peer = server.nextPendingConnection()
                peer.readyRead.connect(lambda peer=peer: _read(peer))

        def _read(peer: QLocalSocket) -> None:
            if not peer.canReadLine():  # the rest of the line is still on its way
                return
            words = bytes(peer.readLine().data()).decode("utf-8", "replace").split()
            if words[:1] == [_RAISE]:
                on_raise(words[1] if len(words) > 1 else None)
            peer.disconnectFromServer()

        server.newConnection.connect(connected)
        self._server = server

    def ask_to_raise(self, section: str | None = None) -> bool:
        from PySide6.QtCore import QDeadlineTimer, QThread
        from PySide6.QtNetwork import QLocalSocket

        deadline = QDeadlineTimer(_RAISE_WAIT_MS)
        while not deadline.hasExpired():
            peer = QLocalSocket()
            peer.connectToServer(self._address)
            if peer.waitForConnected(200):
                peer.write(f"{_RAISE} {section or ''}\n".encode())
                sent = peer.waitForBytesWritten(1000)
                peer.disconnectFromServer()
                return sent
            QThread.msleep(100)
        return False
