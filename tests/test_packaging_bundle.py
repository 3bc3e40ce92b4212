"""The PyInstaller bundle (`make bundle` → dist/nudge/) works without Python or the checkout.

`--version` and `doctor` run from the bundle; then the bundled app runs on the real test desktop
(Xvfb, a private session bus, dunst, xfce4-panel; see tests/desktop.py) with a 3 s rise interval,
and must register its tray item, show a nudge with Done/Snooze/Skip buttons, record the Done
pressed in dunst, and draw the weekly summary from the tray menu. This catches what only a
frozen app gets wrong: a backend imported by name at run time (D-Bus, Xlib, desktop-notifier,
plyer), a data file left out, or a `python -m nudge` that a bundle cannot run.

`make test` builds the bundle first and sets NUDGE_TEST_BUNDLE=1, so there a missing bundle is a
failure. Run straight from pytest without a bundle, these tests skip and say how to build it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from configs import ALL_DAY

import nudge

from desktop import DesktopSession, missing_tools, running_desktop, wait_for

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "nudge" / "nudge"
REQUIRED = os.environ.get("NUDGE_TEST_BUNDLE") == "1"
CONFIG = """
[schedule]
rise_every = "3s"
away_after = "30s"
typing_pause = "1s"
pause_wait = "1s"
min_gap = "0s"
reshow_after = "60s"

""" + ALL_DAY
# Checks that need a part of the bundle the plain CLI never imports (dbus-fast, python-xlib,
# desktop-notifier's D-Bus backend), and that this test desktop provides.
DESKTOP_CHECKS = ("session bus", "tray", "tray host", "notifications", "notification daemon",
                  "activity")

if not BUNDLE.exists() and REQUIRED:
    raise AssertionError(f"NUDGE_TEST_BUNDLE=1 but {BUNDLE} is missing: run `make bundle`")
pytestmark = pytest.mark.skipif(
    not BUNDLE.exists(), reason=f"no bundle at {BUNDLE}: `make bundle` builds it "
    "(`make test` always does, and then runs these tests)")


def bundled(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BUNDLE), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def frozen_env(base: dict[str, str], home: Path) -> dict[str, str]:
    """Only the session's variables: no PYTHONPATH or venv could lend the bundle a module."""
    return {**base, "NUDGE_HOME": str(home)}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    if missing_tools():
        if REQUIRED:
            raise AssertionError(f"desktop tools missing for the bundle test: {missing_tools()}")
        pytest.skip(f"desktop tools missing: {missing_tools()}")
    with running_desktop(tmp_path_factory.mktemp("bundle-desktop")) as session:
        yield session


def test_bundle_prints_its_version_outside_the_checkout(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NUDGE_HOME": str(tmp_path / "n")}
    result = bundled("--version", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"nudge {nudge.__version__}"


def test_bundle_doctor_finds_the_desktop(desk: DesktopSession, tmp_path: Path) -> None:
    result = bundled("doctor", "--json", env=frozen_env(desk.env, tmp_path), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    checks = {check["name"]: check for check in json.loads(result.stdout)["checks"]}
    assert "frozen build" in checks["nudge"]["detail"]
    failing = {name: checks[name]["detail"] for name in DESKTOP_CHECKS if not checks[name]["ok"]}
    assert not failing, failing


def test_bundled_app_shows_a_nudge_with_buttons_and_records_done(desk: DesktopSession,
                                                                 tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(CONFIG)
    env = frozen_env(desk.env, home)
    desk.dunstctl("close-all")
    app = subprocess.Popen([str(BUNDLE), "run", "--ui", "tray"], env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    typing = threading.Event()

    def status() -> dict:
        answer = bundled("status", "--json", env=env, cwd=tmp_path)
        return json.loads(answer.stdout) if answer.returncode == 0 else {}

    def type_now_and_then() -> None:  # real X input, so the seated time counts
        step = 1
        while not typing.wait(0.5):
            step = -step
            desk.run("xdotool", "mousemove_relative", "--", str(step), "0")

    typist = threading.Thread(target=type_now_and_then, daemon=True)
    typist.start()
    try:
        wait_for(lambda: status().get("running"), timeout=20, what="the bundled app to start")
        wait_for(lambda: _registered_items(desk), timeout=15, what="the bundled app's tray item")
        wait_for(lambda: _displayed(desk) >= 1, timeout=20, what="the nudge notification")
        desk.screenshot("bundle-nudge")
        buttons = desk.offered_buttons()
        assert any(line.startswith("#Done") for line in buttons), buttons
        assert any(line.startswith("#Skip") for line in buttons), buttons
        done = next(line for line in buttons if line.startswith("#Done"))
        desk.press_button(done[1:done.rindex(" (")],
                          pressed=lambda: status().get("done_today") == 1)
        assert status()["done_today"] == 1
        # The tray's "Insights…" runs the app's own executable (the bundle has no Qt, so the
        # window falls back to the chart): in a bundle that is nudge itself, not a Python that
        # takes `-m nudge`.
        asyncio.run(_click_menu(desk.env["DBUS_SESSION_BUS_ADDRESS"], "Insights…"))
        wait_for(lambda: list((home / "state").glob("summary-*.png")), timeout=30,
                 what="the weekly summary picture drawn from the tray menu")
    finally:
        typing.set()
        typist.join(5)
        if app.poll() is None:
            bundled("quit", env=env, cwd=tmp_path)
            try:
                app.wait(15)
            except subprocess.TimeoutExpired:
                app.kill()
        output = app.stdout.read() if app.stdout else ""
    assert app.returncode == 0, output
    assert "Traceback" not in output, output


def _displayed(desk: DesktopSession) -> int:
    return int(desk.dunstctl("count", "displayed").stdout.strip() or 0)


async def _click_menu(address: str, label: str) -> None:
    """Click the tray menu item `label` over com.canonical.dbusmenu, as a panel does."""
    from dbus_fast import BusType, Message, MessageType, Variant
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address, bus_type=BusType.SESSION).connect()
    try:
        reply = await bus.call(Message(
            destination="org.kde.StatusNotifierWatcher", path="/StatusNotifierWatcher",
            interface="org.freedesktop.DBus.Properties", member="Get", signature="ss",
            body=["org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems"]))
        service = reply.body[0].value[-1].split("/")[0]
        reply = await bus.call(Message(
            destination=service, path="/MenuBar", interface="com.canonical.dbusmenu",
            member="GetLayout", signature="iias", body=[0, -1, []]))
        ids = {}
        pending = [reply.body[1]]
        while pending:
            item_id, props, children = pending.pop()
            if "label" in props:
                ids[props["label"].value.replace("_", "")] = item_id
            pending += [child.value for child in children]
        reply = await bus.call(Message(
            destination=service, path="/MenuBar", interface="com.canonical.dbusmenu",
            member="Event", signature="isvu", body=[ids[label], "clicked", Variant("i", 0), 0]))
        assert reply.message_type is not MessageType.ERROR, reply.body
    finally:
        bus.disconnect()


def _registered_items(desk: DesktopSession) -> bool:
    out = desk.run("dbus-send", "--session", "--print-reply",
                   "--dest=org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                   "org.freedesktop.DBus.Properties.Get", "string:org.kde.StatusNotifierWatcher",
                   "string:RegisteredStatusNotifierItems").stdout
    return "/StatusNotifierItem" in out
