"""The throw-away KWin script of the fullscreen check, and the object it reports back to.

`nudge/blockers/kwin_fullscreen.py` writes `script_text(...)` to a file, has KWin load and run
it, and awaits the answer `ReportReceiver.expect` gives; the script calls back `Report` (or
`Failed`) on REPORT_PATH, REPORT_INTERFACE. The receiver lives on the nudge-dbus thread only.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

from dbus_fast.annotations import DBusSignature
from dbus_fast.service import ServiceInterface, dbus_method

from nudge.blockers.base import CheckFailed

REPORT_PATH = "/nudge/KWinFullscreen"
REPORT_INTERFACE = "nudge.KWinFullscreen"

Str = Annotated[str, DBusSignature("s")]
Bool = Annotated[bool, DBusSignature("b")]
Void = Annotated[None, DBusSignature("")]  # no reply body (a bare `-> None` breaks dbus-fast)

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


class ReportReceiver(ServiceInterface):
    """The object KWin scripts call back (nudge-dbus thread only). An answer is matched to
    its check by a random token, so a late answer to an abandoned check is ignored."""

    def __init__(self) -> None:
        super().__init__(REPORT_INTERFACE)
        self._waiting: dict[str, asyncio.Future[tuple[bool, str]]] = {}

    def expect(self, token: str) -> asyncio.Future[tuple[bool, str]]:
        answer: asyncio.Future[tuple[bool, str]] = asyncio.get_running_loop().create_future()
        self._waiting[token] = answer
        return answer

    def forget(self, token: str) -> None:
        answer = self._waiting.pop(token, None)
        if answer is None:
            return
        if not answer.done():
            answer.cancel()
        elif not answer.cancelled():
            answer.exception()  # mark it retrieved: no "exception never retrieved" warning

    @dbus_method()
    def Report(self, token: Str, fullscreen: Bool, resource_class: Str) -> Void:
        answer = self._waiting.get(token)
        if answer is not None and not answer.done():
            answer.set_result((bool(fullscreen), str(resource_class)))

    @dbus_method()
    def Failed(self, token: Str, message: Str) -> Void:
        answer = self._waiting.get(token)
        if answer is not None and not answer.done():
            answer.set_exception(CheckFailed(f"the KWin script failed: {message[:200]}"))
