"""The Linux tray speaks StatusNotifierItem + dbusmenu itself: a real panel shows it and its menu.

The desktop tests run a private Xvfb, session bus and xfce4-panel (tests/desktop.py), put the
tray on that panel, read it back the way hosts do (a second D-Bus connection and `gdbus`), and
click it for real with xdotool. Screenshots land in artifacts/ (tray.png, tray-menu.png).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageDraw

from nudge.app.commands import AnswerNudge, LogRise
from nudge.core.decisions import Answer, NudgeOffer
from nudge.core.status import Phase, Status
from nudge.tray.dbusmenu import MenuLayout
from nudge.tray.menu import MenuItem, UiAction, build_menu, tooltip
from nudge.tray.sni import WATCHER, WATCHER_PATH, SniTray, find_host, pixmaps

from desktop import ARTIFACTS, DesktopSession, missing_tools, wait_for
from sim import catalogue

MAGENTA = (255, 0, 255)  # the placeholder icon's colour: easy to find on a screenshot


# -- pure parts: no desktop needed ---------------------------------------------------------
def status(phase: Phase = Phase.SITTING, seated_min: int = 23, offer: NudgeOffer | None = None
           ) -> Status:
    return Status(phase=phase, seated_seconds=seated_min * 60, next_in_seconds=7 * 60,
                  next_name="rise", progress=0.7, offer=offer)


def pending() -> Status:
    rise = catalogue().by_id("glute_rise")
    return status(Phase.PENDING, offer=NudgeOffer("n1", rise, 5, 1, (300, 600, 1200), 600))


def placeholder(size: int, colour: tuple[int, int, int] = MAGENTA) -> Image.Image:
    """Stands in for nudge.tray.icon.draw_icon: a disc, so the panel shows something."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((1, 1, size - 2, size - 2), fill=(*colour, 255))
    return image


def icons(colour: tuple[int, int, int] = MAGENTA) -> dict[int, Image.Image]:
    return {size: placeholder(size, colour) for size in (22, 32, 48)}


def test_pixmaps_are_argb32_in_network_byte_order_one_per_size():
    image = Image.new("RGBA", (2, 1), (10, 20, 30, 40))
    assert pixmaps(image) == [[2, 1, bytes([40, 10, 20, 30] * 2)]]
    assert [p[:2] for p in pixmaps(icons())] == [[22, 22], [32, 32], [48, 48]]


def test_item_ids_follow_what_an_item_does_so_a_relabelled_status_line_keeps_its_id():
    first, _ = MenuLayout().build(build_menu(status(seated_min=23), autostart=False))
    second, change = first.build(build_menu(status(seated_min=24), autostart=False))
    assert second.revision == first.revision + 1
    assert not change.structure
    status_id = first.nodes[0].children[0]
    assert second.nodes[0].children[0] == status_id
    assert change.updated == ((status_id, {"label": "Seated 24 min · next rise in 7 min"}),)
    same, nothing = second.build(build_menu(status(seated_min=24), autostart=False))
    assert not nothing and same.revision == second.revision


def test_a_new_nudge_is_a_structural_change_with_fresh_ids_for_its_answers():
    sitting, _ = MenuLayout().build(build_menu(status(), autostart=False))
    with_nudge, change = sitting.build(build_menu(pending(), autostart=False))
    assert change.structure
    old_ids = set(sitting.nodes)
    done = next(i for i, n in with_nudge.nodes.items()
                if n.item and n.item.label == "Done (5 reps)")
    assert done not in old_ids
    rise = next(i for i, n in with_nudge.nodes.items()
                if n.item and n.item.command == LogRise())
    assert rise in old_ids  # "I just did a glute-first rise" kept its id


def test_menu_properties_follow_the_dbusmenu_spec():
    items = (MenuItem("a_b", enabled=False), MenuItem("", separator=True),
             MenuItem("Start at login", checked=True),
             MenuItem("Pause", children=(MenuItem("1 hour"),)))
    layout, _ = MenuLayout().build(items)
    props = [layout.nodes[i].props for i in layout.nodes[0].children]
    assert props[0] == {"label": "a__b", "enabled": False, "visible": True}  # "_" is a mnemonic
    assert props[1]["type"] == "separator"
    assert props[2]["toggle-type"] == "checkmark" and props[2]["toggle-state"] == 1
    assert props[3]["children-display"] == "submenu"
    assert layout.nodes[0].props == {"children-display": "submenu"}


# -- a real session: Xvfb, a session bus, xfce4-panel as the StatusNotifier host -----------
needs_desktop = pytest.mark.skipif(bool(missing_tools()),
                                   reason=f"desktop tools missing: {missing_tools()}")


class Client:
    """A second, independent D-Bus connection: what a tray host sees."""

    def __init__(self) -> None:
        from dbus_loop import DbusLoop

        self.loop = DbusLoop()
        self.signals: list[Any] = []
        self.loop.run(self._watch())

    async def _watch(self) -> None:
        bus = await self.loop.bus()
        bus.add_message_handler(self._on_message)
        await self._call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                         "org.freedesktop.DBus", "AddMatch", "s",
                         ["type='signal',interface='com.canonical.dbusmenu'"])
        await self._call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                         "org.freedesktop.DBus", "AddMatch", "s",
                         ["type='signal',interface='org.kde.StatusNotifierItem'"])

    def _on_message(self, message: Any) -> None:
        if message.interface in ("com.canonical.dbusmenu", "org.kde.StatusNotifierItem"):
            self.signals.append((message.member, message.body))

    async def _call(self, dest: str, path: str, iface: str, member: str, sig: str = "",
                    body: list[Any] | None = None) -> Any:
        from dbus_fast import Message, MessageType

        bus = await self.loop.bus()
        reply = await bus.call(Message(destination=dest, path=path, interface=iface,
                                       member=member, signature=sig, body=body or []))
        assert reply.message_type is not MessageType.ERROR, reply.body
        return reply.body

    def call(self, *args: Any) -> Any:
        return self.loop.run(self._call(*args))

    def prop(self, dest: str, path: str, iface: str, name: str) -> Any:
        return self.call(dest, path, "org.freedesktop.DBus.Properties", "Get", "ss",
                         [iface, name])[0].value

    def registered(self) -> list[str]:
        return self.prop(WATCHER, WATCHER_PATH, WATCHER, "RegisteredStatusNotifierItems")

    def layout(self, tray: SniTray) -> tuple[int, dict[str, Any]]:
        revision, root = self.call(tray.bus_name, "/MenuBar", "com.canonical.dbusmenu",
                                   "GetLayout", "iias", [0, -1, []])
        return revision, _tree(root)


def _tree(node: list[Any]) -> dict[str, Any]:
    node_id, props, children = node
    return {"id": node_id, **{k: v.value for k, v in props.items()},
            "children": [_tree(child.value) for child in children]}


def _labels(tree: dict[str, Any]) -> list[str]:
    return [c.get("label", "---") for c in tree["children"]]


def _find(tree: dict[str, Any], label: str) -> dict[str, Any]:
    for child in tree["children"]:
        if child.get("label") == label:
            return child
    raise AssertionError(f"{label!r} not in {_labels(tree)}")


@pytest.fixture(scope="module")
def session(desk: DesktopSession) -> Iterator[DesktopSession]:
    """The module's desktop (tests/conftest.py), its bus the one the code under test finds."""
    env = pytest.MonkeyPatch()
    env.setenv("DBUS_SESSION_BUS_ADDRESS", desk.env["DBUS_SESSION_BUS_ADDRESS"])
    yield desk
    env.undo()


@pytest.fixture(scope="module")
def dbus(session: DesktopSession) -> Iterator[Any]:
    from dbus_loop import DbusLoop

    loop = DbusLoop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def host(session: DesktopSession) -> Iterator[Client]:
    client = Client()
    yield client
    client.loop.close()


@pytest.fixture
def clicked() -> list[tuple[MenuItem, str]]:
    return []


@pytest.fixture
def opened() -> list[str]:
    return []


@pytest.fixture
def closes_menus(session: DesktopSession) -> Iterator[None]:
    """A test that failed with the panel's menu open leaves a grab: close it for the next one."""
    yield
    for _ in range(3):  # a submenu takes one Escape, the menu another
        if _menu_box(session, "tray-after") is None:
            return
        session.run("xdotool", "key", "Escape", check=True)
        try:
            wait_for(lambda: _menu_box(session, "tray-after") is None, timeout=2.0)
        except TimeoutError:
            continue


@pytest.fixture
def tray(session: DesktopSession, dbus: Any, host: Client,
         clicked: list[tuple[MenuItem, str]], opened: list[str]) -> Iterator[SniTray]:
    # The panel takes an earlier test's item away on its own time; a click on that one would
    # open its stale menu and ask a tray that is gone.
    wait_for(lambda: _icon_box(session) is None, what="the panel to drop the last test's icon")
    tray = SniTray(dbus)
    tray.update(icons(), tooltip(status()), build_menu(status(), autostart=False), False)
    tray.start(lambda item: clicked.append((item, threading.current_thread().name)),
               lambda: opened.append(threading.current_thread().name))
    wait_for(lambda: f"{tray.bus_name}/StatusNotifierItem" in host.registered(),
             what="our item in RegisteredStatusNotifierItems")
    yield tray
    tray.stop()


def _panel_strip(session: DesktopSession, name: str) -> tuple[Path, Image.Image]:
    shot = session.screenshot(name)
    return shot, Image.open(shot).convert("RGB")


def _icon_box(session: DesktopSession) -> tuple[int, int, int, int] | None:
    """The box of the (magenta placeholder) icons on the panel; saves artifacts/tray.png."""
    _, image = _panel_strip(session, "tray")
    strip = image.crop((0, 0, image.width, 40))
    off = ImageChops.difference(strip, Image.new("RGB", strip.size, MAGENTA)).convert("L")
    exact = off.point(lambda v: 255 if v == 0 else 0)
    box = exact.getbbox()
    return None if box is None or exact.histogram()[255] < 30 else box


def _icon_centre(session: DesktopSession) -> tuple[int, int] | None:
    """Where our icon is, once the panel has drawn it whole and has stopped moving it."""
    box = _icon_box(session)
    if box is None or abs((box[2] - box[0]) - (box[3] - box[1])) > 2 or _icon_box(session) != box:
        return None
    return (box[0] + box[2]) // 2, (box[1] + box[3]) // 2


def _menu_box(session: DesktopSession, name: str) -> tuple[int, int, int, int] | None:
    """The box of whatever is drawn below the panel on the (black) Xvfb root: an open menu."""
    _, image = _panel_strip(session, name)
    below = image.crop((0, 40, image.width, image.height - 60)).convert("L")
    box = below.point(lambda v: 255 if v > 40 else 0).getbbox()
    return None if box is None else (box[0], box[1] + 40, box[2], box[3] + 40)


def _wider(box: tuple[int, int, int, int] | None, than: tuple[int, int, int, int]) -> bool:
    return box is not None and (box[0] < than[0] - 50 or box[2] > than[2] + 50)


@needs_desktop
def test_the_item_registers_with_the_panel_and_shows_our_icon(session, tray, host):
    assert tray.has_menu and "StatusNotifierItem" in tray.reason
    props = {name: host.prop(tray.bus_name, "/StatusNotifierItem", "org.kde.StatusNotifierItem",
                             name)
             for name in ("Category", "Id", "Status", "ItemIsMenu", "Menu", "ToolTip")}
    assert props["Category"] == "ApplicationStatus" and props["Id"] == "nudge"
    assert props["Status"] == "Active" and props["Menu"] == "/MenuBar"
    assert props["ToolTip"][2] == "nudge · Seated 23 min · next rise in 7 min"
    assert props["ItemIsMenu"] is True  # hosts open the menu on a left click too
    for method in ("SecondaryActivate", "ContextMenu"):  # accepted, no-ops
        session.run("gdbus", "call", "--session", "--dest", tray.bus_name, "--object-path",
                    "/StatusNotifierItem", "--method", f"org.kde.StatusNotifierItem.{method}",
                    "--", "10", "10", check=True)
    x, y = wait_for(lambda: _icon_centre(session), what="our icon drawn on the panel")
    assert y < 30  # in the top panel
    shot = ARTIFACTS / "tray.png"
    crop = Image.open(shot).crop((x - 160, 0, min(x + 120, 1280), 28))
    crop.resize((crop.width * 3, crop.height * 3), Image.Resampling.NEAREST).save(
        ARTIFACTS / "tray-zoom.png")


@needs_desktop
def test_get_layout_serves_the_menu_with_status_line_and_submenus(session, tray, host):
    tray.update(icons(), tooltip(pending()), build_menu(pending(), autostart=True), True)
    wait_for(lambda: _labels(host.layout(tray)[1])[1:2] == ["Done (5 reps)"], what="new layout")
    _, tree = host.layout(tray)
    assert tree["children-display"] == "submenu"
    assert _labels(tree)[:5] == ["Time for: Glute rise — 5 reps", "Done (5 reps)",
                                 "Done, another count", "Snooze", "Skip"]
    assert tree["children"][0]["enabled"] is False
    snooze = _find(tree, "Snooze")
    assert snooze["children-display"] == "submenu"
    assert _labels(snooze) == ["5 min", "10 min", "20 min"]
    login = _find(tree, "Start at login")
    assert login["toggle-type"] == "checkmark" and login["toggle-state"] == 1
    assert host.prop(tray.bus_name, "/StatusNotifierItem", "org.kde.StatusNotifierItem",
                     "Status") == "NeedsAttention"
    # An independent client (GLib's gdbus) parses the same reply.
    out = session.run("gdbus", "call", "--session", "--dest", tray.bus_name, "--object-path",
                      "/MenuBar", "--method", "com.canonical.dbusmenu.GetLayout", "--", "0",
                      "-1", "[]", check=True).stdout
    assert "'label': <'I just did a glute-first rise'>" in out
    assert "'label': <'Time for: Glute rise — 5 reps'>" in out


@needs_desktop
def test_a_clicked_event_hands_that_item_to_on_item_on_the_dbus_thread(session, tray, host,
                                                                       clicked):
    _, tree = host.layout(tray)
    rise = _find(tree, "I just did a glute-first rise")
    session.run("gdbus", "call", "--session", "--dest", tray.bus_name, "--object-path",
                "/MenuBar", "--method", "com.canonical.dbusmenu.Event", "--", str(rise["id"]),
                "clicked", "<0>", "0", check=True)
    wait_for(lambda: clicked, what="on_item")
    item, thread = clicked[0]
    assert item.command == LogRise() and thread == "nudge-dbus"
    # The status line is disabled and a submenu is not an action: neither reaches on_item.
    for label in ("Seated 23 min · next rise in 7 min", "Pause"):
        host.call(tray.bus_name, "/MenuBar", "com.canonical.dbusmenu", "Event", "isvu",
                  [_find(tree, label)["id"], "clicked", _variant(0), 0])
    assert len(clicked) == 1


def _variant(value: int) -> Any:
    from dbus_fast import Variant

    return Variant("i", value)


@needs_desktop
def test_a_click_may_refresh_the_menu_from_the_dbus_thread_without_deadlock(dbus, host):
    """The UI's "Start at login" toggle calls update() from inside on_item (D-Bus thread)."""
    tray = SniTray(dbus)

    def toggle(item: MenuItem) -> None:
        tray.update(icons(), "nudge", build_menu(status(), autostart=not item.checked), False)

    tray.update(icons(), "nudge", build_menu(status(), autostart=False), False)
    tray.start(toggle)
    try:
        login = _find(host.layout(tray)[1], "Start at login")
        assert login["toggle-state"] == 0
        host.call(tray.bus_name, "/MenuBar", "com.canonical.dbusmenu", "Event", "isvu",
                  [login["id"], "clicked", _variant(0), 0])
        wait_for(lambda: _find(host.layout(tray)[1], "Start at login")["toggle-state"] == 1,
                 what="the check mark")
    finally:
        tray.stop()


@needs_desktop
def test_about_to_show_lets_the_ui_bring_the_menu_up_to_date_first(dbus, host):
    """Before a host shows the menu it calls AboutToShow: the UI re-reads "Start at login"
    then, and the reply says whether the host must fetch the layout again."""
    tray = SniTray(dbus)
    login = {"on": False}
    opened: list[str] = []

    def on_open() -> None:
        opened.append(threading.current_thread().name)
        tray.update(icons(), "nudge", build_menu(status(), autostart=login["on"]), False)

    tray.update(icons(), "nudge", build_menu(status(), autostart=False), False)
    tray.start(lambda item: None, on_open)
    try:
        def about_to_show() -> bool:
            return host.call(tray.bus_name, "/MenuBar", "com.canonical.dbusmenu",
                             "AboutToShow", "i", [0])[0]

        assert about_to_show() is False and opened == ["nudge-dbus"]
        login["on"] = True  # `nudge autostart on` in a terminal
        assert about_to_show() is True
        assert _find(host.layout(tray)[1], "Start at login")["toggle-state"] == 1
        login["on"] = False
        assert host.call(tray.bus_name, "/MenuBar", "com.canonical.dbusmenu",
                         "AboutToShowGroup", "ai", [[0, 9999]]) == [[0], [9999]]
        assert _find(host.layout(tray)[1], "Start at login")["toggle-state"] == 0
    finally:
        tray.stop()


@needs_desktop
def test_an_update_bumps_the_revision_so_hosts_relabel_and_repeats_cost_nothing(tray, host):
    revision, tree = host.layout(tray)
    status_id = tree["children"][0]["id"]
    host.signals.clear()
    later = status(seated_min=24)
    tray.update(icons(), tooltip(later), build_menu(later, autostart=False), False)
    wait_for(lambda: any(name == "LayoutUpdated" for name, _ in host.signals),
             what="LayoutUpdated")
    new_revision, tree = host.layout(tray)
    assert new_revision > revision
    assert ("LayoutUpdated", [new_revision, 0]) in host.signals
    assert tree["children"][0] == {"id": status_id, "label": "Seated 24 min · next rise in 7 min",
                                   "enabled": False, "visible": True, "children": []}
    updated = [body for name, body in host.signals if name == "ItemsPropertiesUpdated"]
    assert updated and updated[0][0][0][0] == status_id
    # New images: only the icon signals. The same images again: nothing at all.
    host.signals.clear()
    same_icons = icons()
    tray.update(same_icons, tooltip(later), build_menu(later, autostart=False), False)
    host.call(tray.bus_name, "/MenuBar", "org.freedesktop.DBus.Peer", "Ping")  # a round trip
    assert sorted(name for name, _ in host.signals) == ["NewAttentionIcon", "NewIcon"]
    host.signals.clear()
    tray.update(same_icons, tooltip(later), build_menu(later, autostart=False), False)
    host.call(tray.bus_name, "/MenuBar", "org.freedesktop.DBus.Peer", "Ping")
    assert host.signals == []
    assert host.layout(tray)[0] == new_revision


@needs_desktop
def test_a_real_left_click_opens_the_menu_and_choosing_snooze_10_min_answers_it(
        session, closes_menus, tray, host, clicked, opened):
    tray.update(icons(), tooltip(pending()), build_menu(pending(), autostart=False), True)
    wait_for(lambda: "Done (5 reps)" in _labels(host.layout(tray)[1]), what="pending menu")
    x, y = wait_for(lambda: _icon_centre(session), what="our icon on the panel")
    session.run("xdotool", "mousemove", str(x), str(y), "click", "1", check=True)
    menu = wait_for(lambda: _menu_box(session, "tray-menu"), what="the menu to open")
    # The panel asks (AboutToShow) as the menu opens: state re-read. libdbusmenu sends it
    # without waiting, so the menu can be drawn before our bus thread has answered.
    wait_for(lambda: opened, what="AboutToShow from the panel")
    assert opened == ["nudge-dbus"]
    assert menu[2] - menu[0] > 150 and menu[3] - menu[1] > 200
    assert menu[2] <= 1280 and menu[3] < 740  # fully on screen
    # Keyboard through the real GTK menu: the disabled status line is skipped.
    session.run("xdotool", "key", "Down", "Down", "Down", "Right", check=True)
    wait_for(lambda: _wider(_menu_box(session, "tray-menu"), menu), what="the Snooze submenu")
    session.run("xdotool", "key", "Down", "Return", check=True)
    wait_for(lambda: clicked, what="on_item from the panel's menu")
    assert clicked[0][0].command == AnswerNudge("n1", Answer.SNOOZE, snooze_seconds=600)
    wait_for(lambda: _menu_box(session, "tray-after") is None, what="the menu to close")


@needs_desktop
def test_the_menu_outside_work_hours_names_the_start_and_offers_the_hours(
        session, closes_menus, tray, host, clicked):
    from datetime import UTC, datetime

    off = Status(Phase.OFF_HOURS, 0, None, None, 0.0,
                 next_work_start=datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    tray.update(icons(), tooltip(off), build_menu(off, autostart=False), False)
    wait_for(lambda: "Change work hours…" in _labels(host.layout(tray)[1]), what="the menu")
    x, y = wait_for(lambda: _icon_centre(session), what="our icon on the panel")
    session.run("xdotool", "mousemove", str(x), str(y), "click", "1", check=True)
    wait_for(lambda: _menu_box(session, "tray-menu-off-hours"), what="the menu to open")
    session.run("xdotool", "key", "Down", "Return", check=True)  # the first enabled item
    wait_for(lambda: clicked, what="on_item from the panel's menu")
    assert clicked[0][0].action is UiAction.WORK_HOURS
    wait_for(lambda: _menu_box(session, "tray-after") is None, what="the menu to close")


@needs_desktop
def test_after_a_panel_restart_the_item_registers_again(session, tray, host):
    session.stop("panel")
    wait_for(lambda: not tray.has_menu, what="the tray to notice the panel left")
    assert "went away" in tray.reason
    session.start_panel()
    wait_for(lambda: f"{tray.bus_name}/StatusNotifierItem" in host.registered(),
             what="registration with the new panel")
    wait_for(lambda: tray.has_menu, what="has_menu again")


@needs_desktop
def test_stop_takes_the_item_off_the_panel(dbus, host):
    tray = SniTray(dbus)
    tray.update(icons(), "nudge", build_menu(status(), autostart=False), False)
    tray.start(lambda item: None)
    key = f"{tray.bus_name}/StatusNotifierItem"
    wait_for(lambda: key in host.registered(), what="registration")
    main = threading.Thread(target=tray.run_main, args=(threading.Event(),))
    main.start()
    tray.stop()
    main.join(5)
    assert not main.is_alive()  # stop() also ends run_main
    wait_for(lambda: key not in host.registered(), what="unregistration")


# -- a bus without any StatusNotifier host -------------------------------------------------
@pytest.fixture
def bare_bus(tmp_path: Path) -> Iterator[DesktopSession]:
    desk = DesktopSession(tmp_path)
    desk.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    try:
        desk.start_bus()
        yield desk
    finally:
        desk.close()


def _loop_on(address: str) -> Any:
    from dbus_loop import DbusLoop

    loop = DbusLoop()
    old = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        loop.run(loop.bus())  # connects now, to this bus, and keeps the connection
    finally:
        if old is None:
            del os.environ["DBUS_SESSION_BUS_ADDRESS"]
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = old
    return loop


@needs_desktop
def test_without_a_watcher_the_item_says_why_and_the_picker_falls_back_to_pystray(
        bare_bus, session):
    loop = _loop_on(bare_bus.env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        check = find_host(loop, wait=0.2)
        assert not check.works and "StatusNotifierWatcher" in check.reason
        tray = SniTray(loop)
        tray.start(lambda item: None)
        assert not tray.has_menu and "no StatusNotifier tray host" in tray.reason
        tray.stop()
    finally:
        loop.close()
    # The picker, in a fresh process (pystray picks its platform backend once, at import).
    env = {**bare_bus.env, "DISPLAY": session.display}
    done = subprocess.run([sys.executable, "-c", PICK], env=env, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    picked = json.loads(done.stdout)
    assert picked["name"] == "pystray-xorg" and picked["has_menu"] is False
    assert "XEmbed tray without menus" in picked["reason"]


needs_bus = pytest.mark.skipif(shutil.which("dbus-daemon") is None,
                               reason="dbus-daemon is not installed")


async def _call_item(loop: Any, bus_name: str, member: str) -> Any:
    from dbus_fast import Message

    bus = await loop.bus()
    return await bus.call(Message(destination=bus_name, path="/StatusNotifierItem",
                                  interface="org.kde.StatusNotifierItem", member=member,
                                  signature="ii", body=[10, 10]))


@needs_bus
def test_activate_answers_with_an_error_so_plasma_opens_the_menu_on_a_left_click(bare_bus):
    """Plasma 5.27 ignores ItemIsMenu: a left click calls Activate and opens the menu only
    when that call fails (StatusNotifierItem.qml). A host's view: a second connection."""
    from dbus_fast import MessageType

    loop = _loop_on(bare_bus.env["DBUS_SESSION_BUS_ADDRESS"])
    host = _loop_on(bare_bus.env["DBUS_SESSION_BUS_ADDRESS"])
    tray = SniTray(loop)
    try:
        tray.start(lambda item: None)
        reply = host.run(_call_item(host, tray.bus_name, "Activate"))
        assert reply.message_type is MessageType.ERROR
        assert reply.error_name == "org.freedesktop.DBus.Error.NotSupported"
        for member in ("SecondaryActivate", "ContextMenu"):  # accepted, no-ops
            reply = host.run(_call_item(host, tray.bus_name, member))
            assert reply.message_type is MessageType.METHOD_RETURN, reply.body
    finally:
        tray.stop()
        host.close()
        loop.close()


PICK = """
import json
from nudge.platform.bus import BusThread
from nudge.tray.backend import pick_tray
tray = pick_tray(BusThread(), watcher_grace=0.2)
print(json.dumps({"name": tray.name, "has_menu": tray.has_menu, "reason": tray.reason}))
"""


def test_find_host_reports_a_missing_bus_instead_of_raising():
    class NoBus:
        def connection(self) -> Any:
            raise OSError("no session bus address")

    check = find_host(NoBus())  # type: ignore[arg-type]
    assert not check.works and "no D-Bus session bus" in check.reason



@needs_desktop
def test_an_icon_state_is_published_as_its_pre_drawn_pixmaps_and_compared_by_value(tray,
                                                                                     host):
    from nudge.tray.icon_state import TRAY_SIZES, IconState, Look
    from nudge.tray.pixmap_files import tray_pixmaps

    def published() -> list[Any]:
        return host.prop(tray.bus_name, "/StatusNotifierItem", "org.kde.StatusNotifierItem",
                         "IconPixmap")

    items = build_menu(status(), autostart=False)
    tray.update(IconState(Look.DUE), "nudge", items, False)
    wait_for(lambda: [tuple(p[:2]) for p in published()] == [(s, s) for s in TRAY_SIZES],
             what="the state's pixmaps")
    assert [tuple(p) for p in published()] == list(tray_pixmaps(IconState(Look.DUE)))
    host.signals.clear()
    tray.update(IconState(Look.DUE), "nudge", items, False)  # an equal state: no signal
    host.call(tray.bus_name, "/MenuBar", "org.freedesktop.DBus.Peer", "Ping")
    assert host.signals == []
    tray.update(IconState(Look.SITTING, 3 / 24), "nudge", items, False)
    wait_for(lambda: [tuple(p) for p in published()] == list(
        tray_pixmaps(IconState(Look.SITTING, 3 / 24))), what="the new state's pixmaps")


# -- the icon's colours: the config's choice, and GNOME's black top bar ------------------------
WATCHER_DOUBLE = """
import asyncio, sys
from pathlib import Path
Path("/proc/self/comm").write_text(sys.argv[1])  # the program name nudge reads for the host
from dbus_fast.aio import MessageBus
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method

class Watcher(ServiceInterface):
    def __init__(self):
        super().__init__("org.kde.StatusNotifierWatcher")

    @method()
    def RegisterStatusNotifierItem(self, service: "s") -> None:
        print(service, flush=True)

    @dbus_property(access=PropertyAccess.READ)
    def IsStatusNotifierHostRegistered(self) -> "b":
        return True

async def main():
    bus = await MessageBus().connect()
    bus.export("/StatusNotifierWatcher", Watcher())
    await bus.request_name("org.kde.StatusNotifierWatcher")
    print("ready", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


async def _icon_pixmap(loop: Any, bus_name: str) -> list[Any]:
    from dbus_fast import Message

    bus = await loop.bus()
    reply = await bus.call(Message(destination=bus_name, path="/StatusNotifierItem",
                                   interface="org.freedesktop.DBus.Properties", member="Get",
                                   signature="ss",
                                   body=["org.kde.StatusNotifierItem", "IconPixmap"]))
    return [tuple(p) for p in reply.body[0].value]


@needs_bus
@pytest.mark.parametrize(("program", "choice", "palette"), [
    ("gnome-shell", "auto", "light"),  # GNOME's top bar is black: the light icon
    ("xfce4-panel", "auto", "colour"),
    ("gnome-shell", "colour", "colour"),  # the user's choice wins
    ("xfce4-panel", "light", "light"),
    ("xfce4-panel", "dark", "dark"),
])
def test_the_icon_colours_follow_the_config_and_the_panel(bare_bus, program, choice, palette):
    from nudge.tray.icon_state import IconState, Look, Palette
    from nudge.tray.pixmap_files import tray_pixmaps

    watcher = subprocess.Popen([sys.executable, "-c", WATCHER_DOUBLE, program],
                               env=bare_bus.env, stdout=subprocess.PIPE, text=True)
    loop = host = None
    try:
        assert watcher.stdout is not None and watcher.stdout.readline().strip() == "ready"
        loop = _loop_on(bare_bus.env["DBUS_SESSION_BUS_ADDRESS"])
        host = _loop_on(bare_bus.env["DBUS_SESSION_BUS_ADDRESS"])
        tray = SniTray(loop, tray_icon=choice)
        state = IconState(Look.SITTING, 3 / 24)
        tray.update(state, "nudge", build_menu(status(), autostart=False), False)
        tray.start(lambda item: None)  # returns once registered: the host is known
        assert tray.has_menu and program in tray.reason
        assert tray.palette is Palette(palette)
        assert host.run(_icon_pixmap(host, tray.bus_name)) == list(
            tray_pixmaps(state, palette=Palette(palette)))
        tray.stop()
    finally:
        for each in (host, loop):
            if each is not None:
                each.close()
        watcher.kill()
        watcher.wait(5)
