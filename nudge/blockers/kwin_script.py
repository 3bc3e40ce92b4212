"""The throw-away KWin script of the fullscreen check, and the object it reports back to.

`nudge/blockers/kwin_fullscreen.py` writes `script_text(...)` to a file, has KWin load and run
it, and waits for the answer `ReportReceiver.expect` gives; the script calls back `Report` (or
`Failed`) on REPORT_PATH, REPORT_INTERFACE. Its methods run on the nudge-dbus thread; `expect`
and `forget` on the checking thread.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future

from nudge.blockers.base import CheckFailed
from nudge.platform.bus_objects import Interface, Method

REPORT_PATH = "/nudge/KWinFullscreen"
REPORT_INTERFACE = "nudge.KWinFullscreen"

SCRIPT_TEMPLATE = """\
// nudge: report whether the active window is fullscreen, then nothing else.
(function () {
    var target = [%(service)s, %(path)s, %(interface)s];
    var token = %(token)s;
    try {
        var w = workspace.activeWindow;  // Plasma 6
        if (w === undefined) {
            w = workspace.activeClient;  // Plasma 5
        }
        var full = false;
        var cls = "";
        if (w) {
            full = w.fullScreen === true;
            cls = w.resourceClass;
            if (typeof cls !== "string") {  // a QByteArray in older KWin
                try {
                    cls = String.fromCharCode.apply(null, new Uint8Array(cls));
                } catch (e) {
                    cls = "";
                }
            }
        }
        callDBus(target[0], target[1], target[2], "Report", token, full, cls);
    } catch (error) {
        callDBus(target[0], target[1], target[2], "Failed", token, String(error));
    }
})();
"""


def script_text(service: str, token: str) -> str:
    """The KWin script that reports back to bus name `service` (our unique name)."""
    return SCRIPT_TEMPLATE % {  # JSON strings are valid JavaScript string literals
        "service": json.dumps(service), "path": json.dumps(REPORT_PATH),
        "interface": json.dumps(REPORT_INTERFACE), "token": json.dumps(token)}


class ReportReceiver:
    """The object KWin scripts call back. An answer is matched to its check by a random token,
    so a late answer to an abandoned check is ignored."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, Future[tuple[bool, str]]] = {}
        self.interface = Interface(REPORT_INTERFACE, methods={
            "Report": Method("sbs", "", self._report), "Failed": Method("ss", "", self._failed)})

    def expect(self, token: str) -> Future[tuple[bool, str]]:
        answer: Future[tuple[bool, str]] = Future()
        with self._lock:
            self._waiting[token] = answer
        return answer

    def forget(self, token: str) -> None:
        with self._lock:
            answer = self._waiting.pop(token, None)
        if answer is not None:
            answer.cancel()

    def _answer(self, token: str) -> Future[tuple[bool, str]] | None:
        with self._lock:  # taken once: a second report for the token finds nothing
            answer = self._waiting.pop(token, None)
        return answer if answer is not None and answer.set_running_or_notify_cancel() else None

    def _report(self, token: str, fullscreen: bool, resource_class: str) -> tuple[()]:
        answer = self._answer(token)
        if answer is not None:
            answer.set_result((bool(fullscreen), str(resource_class)))
        return ()

    def _failed(self, token: str, message: str) -> tuple[()]:
        answer = self._answer(token)
        if answer is not None:
            answer.set_exception(CheckFailed(f"the KWin script failed: {message[:200]}"))
        return ()
