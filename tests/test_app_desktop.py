"""The real `nudge` app on a real desktop: Xvfb, a private session bus, dunst and xfce4-panel.

Input is driven with xdotool; the notification buttons are pressed through dunst's own context
menu; the tray menu is clicked through its com.canonical.dbusmenu interface, as a panel does.
Intervals are a few real seconds (set in the config), so each test takes seconds, not minutes.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from configs import ALL_DAY

from nudge.core.events import EventKind
from nudge.store import TinyDBEventStore

from desktop import DesktopSession, missing_tools, wait_for

pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")

CONFIG = """
[schedule]
rise_every = "{rise}"
hip_flexor_every = "1h"
away_after = "{away}"
typing_pause = "1s"
pause_wait = "1s"
min_gap = "0s"
reshow_after = "60s"
snooze = "4s"
snooze_choices = ["4s", "10s", "20s"]

""" + ALL_DAY


class Typist:
    """Moves the pointer now and then, like a person at work (real X input via xdotool)."""

    def __init__(self, desk: DesktopSession) -> None:
        self.desk = desk
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Typist:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        step = 1
        while not self._stop.wait(0.5):
            step = -step
            self.desk.run("xdotool", "mousemove_relative", "--", str(step), "0")


class RunningApp:
    def __init__(self, desk: DesktopSession, home: Path, **env: str) -> None:
        self.desk = desk
        self.home = home
        self.env = {**desk.env, "NUDGE_HOME": str(home), "PYTHONUNBUFFERED": "1", **env}
        self.started = time.monotonic()
        self.process = subprocess.Popen([sys.executable, "-m", "nudge", "run", "--ui", "tray"],
                                        env=self.env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "nudge", *args], env=self.env,
                              capture_output=True, text=True, timeout=30)

    def status(self) -> dict:
        return json.loads(self.cli("status", "--json").stdout)

    def events(self) -> list:
        history = self.home / "data" / "history"
        devices = list(history.iterdir()) if history.exists() else []
        events = []
        for device in devices:
            store = TinyDBEventStore(self.home / "data", device.name,
                                     self.home / "state" / "store.lock")
            events += store.iter_all_events()
        return events

    def kinds(self) -> list[EventKind]:
        return [e.kind for e in self.events()]

    def stop(self) -> str:
        if self.process.poll() is None:
            self.cli("quit")
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.stdout.read() if self.process.stdout else ""


@pytest.fixture
def start_app(desk: DesktopSession, tmp_path: Path):
    apps: list[RunningApp] = []

    def start(rise: str = "4s", away: str = "20s", **env: str) -> RunningApp:
        home = tmp_path / f"home{len(apps)}"
        (home / "config").mkdir(parents=True)
        (home / "config" / "config.toml").write_text(CONFIG.format(rise=rise, away=away))
        desk.dunstctl("close-all")
        desk.dunstctl("history-clear")
        app = RunningApp(desk, home, **env)
        apps.append(app)
        wait_for(lambda: app.status().get("running"), timeout=15, what="nudge to start")
        return app

    yield start
    for app in apps:
        output = app.stop()
        assert "Traceback" not in output, output


def displayed(desk: DesktopSession) -> int:
    out = desk.dunstctl("count", "displayed").stdout.strip()
    return int(out or 0)


# -- tray over D-Bus, as a panel sees it ---------------------------------------------------
async def _tray_call(address: str, method: str, *args: object) -> object:
    from dbus_fast import BusType, Message, MessageType
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address, bus_type=BusType.SESSION).connect()
    try:
        reply = await bus.call(Message(
            destination="org.kde.StatusNotifierWatcher", path="/StatusNotifierWatcher",
            interface="org.freedesktop.DBus.Properties", member="Get",
            signature="ss", body=["org.kde.StatusNotifierWatcher",
                                  "RegisteredStatusNotifierItems"]))
        items = reply.body[0].value
        if method == "items":
            return items
        service = items[-1].split("/")[0]
        if method == "layout":
            reply = await bus.call(Message(
                destination=service, path="/MenuBar", interface="com.canonical.dbusmenu",
                member="GetLayout", signature="iias", body=[0, -1, []]))
            return reply.body[1]
        if method == "click":
            from dbus_fast import Variant

            reply = await bus.call(Message(
                destination=service, path="/MenuBar", interface="com.canonical.dbusmenu",
                member="Event", signature="isvu", body=[args[0], "clicked", Variant("i", 0), 0]))
            assert reply.message_type is not MessageType.ERROR, reply.body
            return None
        raise ValueError(method)
    finally:
        bus.disconnect()


def tray(desk: DesktopSession, method: str, *args: object) -> object:
    return asyncio.run(_tray_call(desk.env["DBUS_SESSION_BUS_ADDRESS"], method, *args))


def menu_labels(layout: object) -> dict[str, int]:
    """label -> item id, flattened over submenus."""
    found: dict[str, int] = {}

    def walk(node: object) -> None:
        item_id, props, children = node  # type: ignore[misc]
        label = props.get("label")
        if label is not None:
            found[label.value.replace("_", "")] = item_id
        for child in children:
            walk(child.value)

    walk(layout)
    return found


# -- the tests -----------------------------------------------------------------------------
def test_tray_registers_and_the_nudge_comes_after_the_seated_time_with_buttons(desk, start_app):
    with Typist(desk):
        app = start_app(rise="4s")
        wait_for(lambda: tray(desk, "items"), timeout=10, what="the tray item")
        labels = menu_labels(tray(desk, "layout"))
        assert any(label.startswith("Seated") for label in labels)
        assert "I just did a glute-first rise" in labels and "Quit nudge" in labels
        wait_for(lambda: displayed(desk) >= 1, timeout=15, what="the nudge notification")
        waited = time.monotonic() - app.started
        assert waited >= 4.0  # not before the configured seated time
        desk.screenshot("desktop-nudge")
        desk.press_button("Done (5)", pressed=lambda: EventKind.DONE in app.kinds())
        wait_for(lambda: EventKind.DONE in app.kinds(), timeout=10, what="the done event")
        done = [e for e in app.events() if e.kind is EventKind.DONE]
        assert [(e.reps, e.source) for e in done] == [(5, "prompt")]
        status = app.status()
        assert status["done_today"] == 1 and status["phase"] in ("sitting", "due")
        assert status["seated_minutes"] == 0  # the ring starts again


def test_snooze_delays_the_next_nudge_and_skip_is_recorded(desk, start_app):
    with Typist(desk):
        app = start_app(rise="4s")
        wait_for(lambda: displayed(desk) >= 1, timeout=15, what="the first nudge")
        desk.press_button("Snooze 4s", pressed=lambda: EventKind.SNOOZED in app.kinds())
        wait_for(lambda: EventKind.SNOOZED in app.kinds(), timeout=10, what="the snooze")
        snoozed_at = time.monotonic()
        wait_for(lambda: app.kinds().count(EventKind.OFFERED) >= 2, timeout=20,
                 what="the nudge after the snooze")
        assert time.monotonic() - snoozed_at >= 3.5
        wait_for(lambda: displayed(desk) >= 1, timeout=10, what="the second notification")
        desk.press_button("Skip", pressed=lambda: EventKind.SKIPPED in app.kinds())
        wait_for(lambda: EventKind.SKIPPED in app.kinds(), timeout=10, what="the skip")


def test_no_input_for_the_away_time_gives_no_nudge_and_a_natural_break(desk, start_app):
    desk.run("xdotool", "mousemove", "600", "400")
    app = start_app(rise="6s", away="2s")
    wait_for(lambda: EventKind.BREAK in app.kinds(), timeout=15, what="the natural break")
    time.sleep(6.5)  # real time passes with no input: the rise would be due by now
    assert EventKind.OFFERED not in app.kinds()
    assert displayed(desk) == 0
    assert app.status()["phase"] == "away"


def test_tray_menu_i_did_a_rise_records_it(desk, start_app):
    with Typist(desk):
        app = start_app(rise="1h")
        wait_for(lambda: tray(desk, "items"), timeout=10, what="the tray item")
        labels = menu_labels(tray(desk, "layout"))
        tray(desk, "click", labels["I just did a glute-first rise"])
        wait_for(lambda: EventKind.DONE in app.kinds(), timeout=10, what="the logged rise")
        assert [e.source for e in app.events() if e.kind is EventKind.DONE] == ["manual"]


def test_without_a_notification_daemon_the_nudge_waits_in_the_tray(desk, start_app):
    desk.stop_dunst()
    try:
        with Typist(desk):
            app = start_app(rise="3s")
            wait_for(lambda: app.status().get("phase") == "pending", timeout=20,
                     what="the nudge to be pending")
            labels = menu_labels(tray(desk, "layout"))
            assert "Done (5 reps)" in labels
            tray(desk, "click", labels["Done (5 reps)"])
            wait_for(lambda: EventKind.DONE in app.kinds(), timeout=10, what="done from tray")
    finally:
        desk.start_dunst()


def shown_summaries(desk: DesktopSession) -> list[str]:
    """Every notification dunst has shown so far (closing those still up, into its history)."""
    desk.dunstctl("close-all")
    doc = json.loads(desk.dunstctl("history").stdout)
    return [entry["summary"]["data"] for entry in doc["data"][0]]


def test_an_answer_from_the_tray_menu_is_confirmed_like_a_popup_button(desk, start_app):
    with Typist(desk):
        app = start_app(rise="3s")
        wait_for(lambda: app.status().get("phase") == "pending", timeout=20,
                 what="the nudge to be pending")
        labels = menu_labels(tray(desk, "layout"))
        tray(desk, "click", labels["Done (5 reps)"])
        wait_for(lambda: "Saved: 5 reps. Nice work." in shown_summaries(desk), timeout=10,
                 what="the confirmation of Done from the tray menu")
        labels = menu_labels(tray(desk, "layout"))
        tray(desk, "click", labels["I just did a glute-first rise"])
        wait_for(lambda: app.kinds().count(EventKind.DONE) == 2 and displayed(desk) >= 1,
                 timeout=10, what="a note after the logged rise")
        desk.screenshot("desktop-tray-confirmed")
        wait_for(lambda: any(s.startswith("Logged: 5 reps.") for s in shown_summaries(desk)),
                 timeout=10, what="the confirmation of a rise logged from the tray menu")
    assert [e.source for e in app.events() if e.kind is EventKind.DONE] == ["prompt", "manual"]
