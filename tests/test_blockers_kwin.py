"""The KWin fullscreen blocker against a fake KWin on a real, private dbus-daemon.

The fake owns `org.kde.KWin` on its own connection and thread, like the compositor: it exports
`/Scripting` (`loadScript`, `unloadScript`, `isScriptLoaded`, `start`) and, per loaded script,
an `org.kde.kwin.Script` object at Plasma 6's `/Scripting/Script<id>` or Plasma 5's `/<id>`.
Its `run()` reads the script file, checks that it is private and names our connection as its
callDBus target, then evaluates it with Node.js against a stand-in `workspace` (Plasma 5 or 6
shaped) and sends each `callDBus(...)` the script made to the bus, typed as KWin does (a JS bool
as `b`, a string as `s`). Only a bus is started: no X server, no compositor.
"""

# No `from __future__ import annotations` here: dbus-fast reads the D-Bus signatures from the
# annotations of the service methods below ('s', 'i', …).

import asyncio
import json
import os
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbus_calls import call
from dbus_fast import DBusError
from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method
from dbus_loop import DbusLoop
from pseudo_language import speaking_pseudo

from nudge.blockers import BlockerSettings, CheckFailed, build_blockers
from nudge.blockers.kwin_fullscreen import WATCHES, KWinFullscreenBlocker
from nudge.i18n import shown

from desktop import DesktopSession, wait_for

__all__ = ["speaking_pseudo"]  # the fixture, used by name
pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                                reason="needs dbus-daemon")
needs_node = pytest.mark.skipif(shutil.which("node") is None,
                                reason="the fake KWin runs the script with Node.js")
ONLY_FULLSCREEN = BlockerSettings(do_not_disturb=False, camera=False, microphone=False,
                                  screen_sharing=False)
PLUGIN = f"nudge-fullscreen-{os.getpid()}"

# Runs a KWin script the way KWin's QJSEngine would see it: `workspace` and `callDBus` are
# globals. Prints the callDBus calls as JSON.
NODE_KWIN = r"""
const spec = JSON.parse(process.argv[2]);
const calls = [];
const key = spec.plasma === 5 ? "activeClient" : "activeWindow";
let win = spec.window;
if (win && spec.plasma === 5) {  // KWin 5's resourceClass is a QByteArray
    win = {fullScreen: win.fullScreen,
           resourceClass: new TextEncoder().encode(win.resourceClass).buffer};
}
const workspace = {};
if (spec.throws) {
    Object.defineProperty(workspace, key, {get() { throw new Error("boom"); }});
} else {
    workspace[key] = win;
}
globalThis.workspace = workspace;
globalThis.callDBus = (...args) => { calls.push(args); };
require("vm").runInThisContext(require("fs").readFileSync(process.argv[1], "utf8"));
process.stdout.write(JSON.stringify(calls));
"""


# -- the fake KWin -------------------------------------------------------------------------
class FakeScript(ServiceInterface):
    def __init__(self, kwin: "FakeScripting", path: str) -> None:
        super().__init__("org.kde.kwin.Script")
        self.kwin = kwin
        self.path = path

    @method()
    async def run(self) -> "":  # noqa: F722 - D-Bus signatures, not names
        await self.kwin.run_script(self.path)

    @method()
    def stop(self) -> "":  # noqa: F722
        pass


class FakeScripting(ServiceInterface):
    """`org.kde.kwin.Scripting` at /Scripting, and what it saw (test thread reads it after a
    check: every call it answers has been answered by then)."""

    def __init__(self, plasma: int = 6, window: dict[str, Any] | None = None,
                 calls_back: bool = True, throws: bool = False, stuck: float = 0) -> None:
        super().__init__("org.kde.kwin.Scripting")
        self.plasma = plasma
        self.window = window
        self.calls_back = calls_back
        self.throws = throws
        self.stuck = stuck  # seconds the first loadScript hangs the whole fake, like a hung KWin
        self.bus: Any = None
        self.target = ""  # the unique bus name the script must report to
        self.loaded: dict[str, tuple[str, FakeScript]] = {}  # plugin → (object path, script)
        self.loads: list[tuple[str, str]] = []  # (file, plugin)
        self.unloads: list[str] = []
        self.ran: list[dict[str, Any]] = []  # what each run found on disk
        self.errors: list[str] = []
        self._sends: set[asyncio.Task[None]] = set()

    @method()
    def loadScript(self, path: "s", plugin: "s") -> "i":  # noqa: F821
        self.loads.append((path, plugin))
        if self.stuck:
            time.sleep(self.stuck)  # blocks this connection's thread: nothing else is answered
            self.stuck = 0
        if plugin in self.loaded:
            return -1
        number = len(self.loaded)
        where = f"/Scripting/Script{number}" if self.plasma == 6 else f"/{number}"
        script = FakeScript(self, path)
        self.bus.export(where, script)
        self.loaded[plugin] = (where, script)
        return number

    @method()
    def unloadScript(self, plugin: "s") -> "b":  # noqa: F821
        self.unloads.append(plugin)
        entry = self.loaded.pop(plugin, None)
        if entry is None:
            return False
        self.bus.unexport(entry[0], entry[1])
        return True

    @method()
    def isScriptLoaded(self, plugin: "s") -> "b":  # noqa: F821
        return plugin in self.loaded

    @method()
    def start(self) -> "":  # noqa: F722
        self.errors.append("start() was called: it would (re)load every configured script")

    async def run_script(self, path: str) -> None:
        text = Path(path).read_text(encoding="utf-8")
        self.ran.append({"file": path, "text": text,
                         "file_mode": stat.S_IMODE(os.stat(path).st_mode),
                         "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)})
        if "callDBus(" not in text or json.dumps(self.target) not in text:
            self.errors.append(f"not a script that reports to {self.target}: {text!r}")
            raise DBusError("org.kde.kwin.Scripting.FileError", "implausible script")
        if not self.calls_back:
            return
        spec = {"plasma": self.plasma, "window": self.window, "throws": self.throws}
        node = await asyncio.create_subprocess_exec(
            "node", "-e", NODE_KWIN, path, json.dumps(spec), stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await node.communicate()
        if node.returncode != 0:
            self.errors.append(f"the script failed in node: {err.decode()}")
            return
        for args in json.loads(out):
            # Like KWin's callDBus: sent without waiting for the answer.
            task = asyncio.get_running_loop().create_task(self._send(args))
            self._sends.add(task)
            task.add_done_callback(self._sends.discard)

    async def _send(self, args: list[Any]) -> None:
        service, path, interface, member, *body = args
        signature = "".join("b" if isinstance(v, bool) else "s" if isinstance(v, str) else "d"
                            for v in body)
        try:
            await call(self.bus, service, path, interface, member, signature, body, 5.0)
        except Exception as error:
            self.errors.append(f"callDBus {member} failed: {error}")


class FakeKWin:
    def __init__(self, address: str, scripting: FakeScripting) -> None:
        self.loop = DbusLoop()
        self.scripting = scripting

        async def connect() -> Any:
            bus = await MessageBus(bus_address=address).connect()
            scripting.bus = bus
            bus.export("/Scripting", scripting)
            await bus.request_name("org.kde.KWin")
            return bus

        self.bus = self.loop.run(connect())

    def close(self) -> None:
        self.loop.loop.call_soon_threadsafe(self.bus.disconnect)
        self.loop.close()


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    bus = DesktopSession(tmp_path / "bus")
    bus.root.mkdir()
    bus.env = {"PATH": "/usr/bin:/bin"}
    bus.start_bus()
    address = bus.env["DBUS_SESSION_BUS_ADDRESS"]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    daemon = bus.processes["bus"]
    yield address
    bus.close()
    if daemon.stdout is not None:
        daemon.stdout.close()


@pytest.fixture
def dbus(session_bus: str) -> Iterator[DbusLoop]:
    loop = DbusLoop()
    yield loop
    loop.close()


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def start_kwin(session_bus: str, dbus: DbusLoop) -> Iterator[Any]:
    started: list[FakeKWin] = []

    def start(**behaviour: Any) -> FakeScripting:
        kwin = FakeKWin(session_bus, FakeScripting(**behaviour))
        started.append(kwin)
        kwin.scripting.target = dbus.connection("session").unique_name
        return kwin.scripting

    yield start
    for kwin in started:
        kwin.close()


def kde_wayland(runtime: Path) -> dict[str, str]:
    return {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE",
            "XDG_RUNTIME_DIR": str(runtime), "PATH": "/usr/bin:/bin"}


def blocker(dbus: DbusLoop, runtime: Path) -> KWinFullscreenBlocker:
    # A roomy time box: the fake starts Node.js for every run, which a busy machine may slow.
    made = KWinFullscreenBlocker(dbus, kde_wayland(runtime), answer_seconds=5.0)
    made.reach_kwin()
    return made


def assert_cleaned_up(kwin: FakeScripting, runtime: Path) -> None:
    assert kwin.loaded == {}, "the script is still loaded in KWin"
    assert kwin.unloads and kwin.unloads[-1] == PLUGIN
    assert list(runtime.iterdir()) == [], "the script's folder was left behind"


# -- tests ---------------------------------------------------------------------------------
@needs_node
def test_the_reason_is_english_for_the_log_and_the_users_language_when_shown(
        start_kwin: Any, dbus: DbusLoop, runtime: Path, speaking_pseudo: None):
    start_kwin(window={"fullScreen": True, "resourceClass": "Slides"})
    reason = blocker(dbus, runtime).check()
    assert reason == "a fullscreen window (Slides)"  # `held_by` in JSON and the log
    assert shown(reason) == "⟦a fullscreen~~~~ window~~ (Slides)⟧"


@needs_node
def test_a_fullscreen_active_window_is_a_reason_named_by_its_class(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(window={"fullScreen": True, "resourceClass": "Slides"})
    assert blocker(dbus, runtime).check() == "a fullscreen window (Slides)"
    assert kwin.errors == []
    (ran,) = kwin.ran
    assert (ran["file_mode"], ran["folder_mode"]) == (0o600, 0o700)
    assert Path(ran["file"]).parent.parent == runtime
    assert kwin.loads == [(ran["file"], PLUGIN)]
    assert not os.path.exists(ran["file"])
    assert_cleaned_up(kwin, runtime)


@needs_node
@pytest.mark.parametrize("window", [{"fullScreen": False, "resourceClass": "Slides"}, None],
                         ids=["not fullscreen", "no active window"])
def test_no_fullscreen_active_window_is_no_reason(start_kwin: Any, dbus: DbusLoop,
                                                  runtime: Path, window: Any):
    kwin = start_kwin(window=window)
    assert blocker(dbus, runtime).check() is None
    assert kwin.errors == [] and len(kwin.ran) == 1
    assert_cleaned_up(kwin, runtime)


@needs_node
def test_plasma_5_is_asked_for_its_active_client_on_its_own_script_path(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(plasma=5, window={"fullScreen": True, "resourceClass": "mpv"})
    watcher = blocker(dbus, runtime)
    assert [watcher.check(), watcher.check()] == ["a fullscreen window (mpv)"] * 2
    assert kwin.errors == [] and len(kwin.ran) == 2
    assert_cleaned_up(kwin, runtime)


@needs_node
def test_a_script_of_ours_left_loaded_is_unloaded_and_loaded_again(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(window={"fullScreen": True, "resourceClass": ""})
    watcher = blocker(dbus, runtime)
    dbus.run(_load(dbus, "/gone/fullscreen.js"))  # as if an earlier check could not unload
    assert watcher.check() == "a fullscreen window"
    assert [plugin for _, plugin in kwin.loads] == [PLUGIN] * 3
    assert kwin.errors == []
    assert_cleaned_up(kwin, runtime)


@needs_node
def test_an_error_inside_the_script_fails_the_check_with_its_message(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(throws=True)
    with pytest.raises(CheckFailed, match=r"^the KWin script failed: Error: boom$"):
        blocker(dbus, runtime).check()
    assert kwin.errors == []
    assert_cleaned_up(kwin, runtime)


def test_a_kwin_that_never_calls_back_fails_the_check_within_the_time_limit(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(calls_back=False)
    watcher = KWinFullscreenBlocker(dbus, kde_wayland(runtime))  # the real 1 s time box
    watcher.reach_kwin()
    started = time.monotonic()
    with pytest.raises(CheckFailed, match="did not report back within 1 s"):
        watcher.check()
    took = time.monotonic() - started
    assert 0.9 < took < 2.0
    assert kwin.errors == [] and len(kwin.ran) == 1
    assert_cleaned_up(kwin, runtime)


def test_a_stuck_kwin_fails_the_check_in_time_and_is_cleaned_up_when_it_wakes(
        start_kwin: Any, dbus: DbusLoop, runtime: Path):
    kwin = start_kwin(stuck=1.5)
    watcher = KWinFullscreenBlocker(dbus, kde_wayland(runtime))
    watcher.reach_kwin()
    started = time.monotonic()
    with pytest.raises(CheckFailed, match=r"^KWin did not answer loadScript within 1 s$"):
        watcher.check()
    assert time.monotonic() - started < 1.4  # not held for the clean-up as well
    assert list(runtime.iterdir()) == []
    wait_for(lambda: kwin.unloads, timeout=5, what="the unload sent in the background")
    assert kwin.ran == []
    assert_cleaned_up(kwin, runtime)


def test_without_kwin_on_the_bus_the_fullscreen_candidate_says_why(dbus: DbusLoop,
                                                                   runtime: Path):
    blockers = build_blockers(ONLY_FULLSCREEN, dbus, kde_wayland(runtime), platform="linux")
    assert blockers.names == []
    described = {name: (available, why) for name, available, why in blockers.describe()}
    assert described["fullscreen"] == (
        False, "KWin is not on the session bus (no owner for org.kde.KWin)")


@pytest.mark.parametrize("env", [
    {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"},
    {"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "KDE", "DISPLAY": ":5999"},
], ids=["WAYLAND_DISPLAY", "XDG_SESSION_TYPE"])
def test_on_kde_plasma_wayland_fullscreen_is_asked_from_kwin(
        start_kwin: Any, dbus: DbusLoop, env: dict[str, str]):
    kwin = start_kwin()
    blockers = build_blockers(ONLY_FULLSCREEN, dbus, {**env, "PATH": "/usr/bin:/bin"},
                              platform="linux")
    assert blockers.names == ["fullscreen"]
    described = {name: (available, why) for name, available, why in blockers.describe()}
    assert described["fullscreen"] == (True, WATCHES)
    assert kwin.loads == []  # set-up asks whether KWin is there, nothing more
    blockers.close()


@pytest.mark.parametrize("env, says", [
    ({"DISPLAY": ":5999", "XDG_CURRENT_DESKTOP": "KDE", "XDG_SESSION_TYPE": "x11"},
     "X display :5999"),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "GNOME"},
     "Wayland offers no way to ask"),
], ids=["KDE on X11", "GNOME on Wayland"])
def test_other_sessions_keep_the_x11_check_even_with_kwin_on_the_bus(
        start_kwin: Any, dbus: DbusLoop, env: dict[str, str], says: str):
    kwin = start_kwin()
    blockers = build_blockers(ONLY_FULLSCREEN, dbus, {**env, "PATH": "/usr/bin:/bin"},
                              platform="linux")
    ((name, available, why), *_) = blockers.describe()
    assert (name, available) == ("fullscreen", False)  # no X server runs here
    assert says in why or "python-xlib is not installed" in why
    assert "KWin" not in why
    assert kwin.loads == []
    blockers.close()


async def _load(dbus: DbusLoop, path: str) -> None:
    (number,) = await call(await dbus.bus(), "org.kde.KWin", "/Scripting",
                           "org.kde.kwin.Scripting", "loadScript", "ss", [path, PLUGIN], 5.0)
    assert number >= 0
