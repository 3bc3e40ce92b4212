"""What the long-running app keeps out of its memory: modules that only a one-shot command or
an error path needs are imported where they are used, not when the app starts (bench/RESULTS.md
weighs each). Checked in a fresh interpreter that imports what `nudge run` imports and loads a
config as the app does at start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# `nudge export`, a mistyped config key, the chart; the windows' toolkit and config writer (each
# window is its own process: `nudge settings`, `nudge insights`, `nudge welcome`); Babel's locale
# formats (nudge.i18n.locale_formats: one-shot commands, windows and pictures only).
ON_DEMAND_ONLY = ("csv", "difflib", "PIL", "PySide6", "shiboken6", "tomlkit", "babel")

CODE = """
import json, sys
from pathlib import Path
import nudge.app.root, nudge.cli.main, nudge.store, nudge.config, nudge.tray.ui
import nudge.windows.launch
from nudge.config import load_config
load_config(Path(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2:])))
"""


def test_starting_the_app_loads_no_module_only_one_shot_commands_need(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[schedule]\nrise_every = \"30m\"\n")

    done = subprocess.run([sys.executable, "-c", CODE, str(config), *ON_DEMAND_ONLY],
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


# The all-day app on Linux speaks D-Bus through jeepney on one blocking thread: no dbus-fast, no
# asyncio, no desktop-notifier (Windows and macOS only). Checked by building what `nudge run`
# builds, tray and terminal, on a private session bus with a notification service double that
# takes the nudge, and with logind, KWin and the portal asked (absent: their probes run whole).
ALL_DAY = """
import json, sys, threading, time
from concurrent.futures import Future
from contextlib import ExitStack
from pathlib import Path
from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.io.blocking import open_dbus_connection
import nudge.app.root, nudge.cli.main
from nudge.app.commands import Reply
from nudge.app.front import build_front
from nudge.app.wiring import Blockers, pick_activity_for
from nudge.config import load_config
from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import ExerciseKind
from nudge.core.decisions import NudgeOffer
from nudge.paths import resolve_paths

def notification_service(took):  # answers Notify and the two questions the notifier asks
    bus = open_dbus_connection()
    bus.send_and_get_reply(__import__("jeepney").bus_messages.message_bus.RequestName(
        "org.freedesktop.Notifications"))
    replies = {"GetServerInformation": ("ssss", ("double", "test", "1", "1.2")),
               "GetCapabilities": ("as", (["actions", "body"],)), "Notify": ("u", (7,)),
               "CloseNotification": (None, ())}
    while True:
        call = bus.receive()
        member = call.header.fields.get(HeaderFields.member)
        if call.header.message_type is not MessageType.method_call:
            continue
        if member in replies:
            took.append(member)
            bus.send(new_method_return(call, *replies[member]))
        else:
            bus.send(new_error(call, "org.freedesktop.DBus.Error.UnknownMethod"))

took = []
threading.Thread(target=notification_service, args=(took,), daemon=True).start()
time.sleep(0.2)
config = load_config(Path(sys.argv[2])).config
rise = load_catalogue(None).catalogue.first_of_kind(ExerciseKind.RISE)
def submit(command):
    done = Future()
    done.set_result(Reply(True, "ok"))
    return done
with ExitStack() as stack:
    front = build_front(sys.argv[1], submit, resolve_paths(), stack)
    choice = pick_activity_for(lambda: None, front.dbus)
    stack.callback(choice.source.close)
    blockers = Blockers(front.dbus)
    blockers.rebuild(config)
    stack.callback(blockers.close)
    blockers.check()
    front.notifier.show(NudgeOffer("n1", rise, 5, 1, (300.0,), 600.0))
    deadline = time.monotonic() + 10
    while sys.argv[1] == "tray" and "Notify" not in took and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sys.argv[1] != "tray" or "Notify" in took, took
print(json.dumps(sorted(m for m in ("asyncio", "dbus_fast", "desktop_notifier")
                        if m in sys.modules)))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("dbus-run-session")
                    is None, reason="the D-Bus transport is Linux's; needs dbus-run-session")
@pytest.mark.parametrize("ui", ["tray", "terminal"])
def test_the_all_day_app_loads_neither_dbus_fast_nor_asyncio_nor_desktop_notifier(
        tmp_path: Path, ui: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[schedule]\nrise_every = \"30m\"\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(NUDGE_HOME=str(tmp_path / "home"), XDG_CURRENT_DESKTOP="KDE",
               XDG_SESSION_TYPE="wayland", DBUS_SYSTEM_BUS_ADDRESS="unix:path=/nonexistent")

    done = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", ALL_DAY, ui,
                           str(config)], capture_output=True, text=True, timeout=120, env=env)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [], done.stderr


# What `nudge run` keeps loaded that its steady state never uses (issue #22, approved mean 1;
# bench/RESULTS.md weighs each): the command-line parser (the plain `nudge run` is read
# without it), `logging.handlers` (socket, pickle, queue: the log rotates with nudge's own
# handler), `importlib.metadata` and `email` (APScheduler's version lookup: the cron trigger is
# imported without its package's `__init__`), asyncio (APScheduler's `iscoroutinefunction`),
# `xml.sax.saxutils` (urllib.request, http.client, email: the D-Bus introspection XML quotes its
# own attributes), `zipfile` (`importlib.resources`, for data beside the code), `multiprocessing`
# (the control channel speaks its framing and handshake over a plain socket), `filelock` (the
# instance and history locks are `fcntl.flock`; Windows only keeps filelock).
NOT_RESIDENT = ("argparse", "logging.handlers", "importlib.metadata", "email", "asyncio",
                "xml.sax.saxutils", "urllib.request", "http.client", "zipfile",
                "importlib.resources", "multiprocessing", "multiprocessing.connection",
                *(() if sys.platform == "win32" else ("filelock", "decimal")))

RUN = """
import json, sys
from nudge.cli.main import main
code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m in NOT_RESIDENT)]))
"""


@pytest.mark.parametrize("argv", [["run", "--ui", "terminal"], ["run", "--verbose", "--ui",
                                                                   "terminal"]])
def test_the_app_over_its_whole_run_loads_nothing_only_start_up_or_other_commands_need(
        tmp_path: Path, argv: list[str]) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    # All day, every day: the engine and the calendar wake-ups run as at work.
    (home / "config" / "config.toml").write_text("[schedule.work_hours]\n" + "".join(
        f'{day} = "00:00-23:59"\n' for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                 "sun")))
    env = {"NUDGE_HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PYTHONUNBUFFERED": "1"}
    code = f"NOT_RESIDENT = {NOT_RESIDENT!r}\n{RUN}"

    # stdin at its end: terminal mode starts whole (engine, calendar, control, log), then quits.
    done = subprocess.run([sys.executable, "-c", code, *argv], env=env, input="",
                          capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []], done.stdout
    log = (home / "logs").glob("*.log") if (home / "logs").is_dir() else []
    assert any("calendar wake-ups" in path.read_text() for path in log), \
        "the calendar wake-ups did not start, so their imports were not checked"
