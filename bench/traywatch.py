"""When does a launched app's tray icon appear? Polls the tray host, as the brief asks.

Two kinds of tray icon exist on Linux, and the watcher looks for both at once:
- StatusNotifierItem (nudge, Safe Eyes via Ayatana AppIndicator, RSIBreak via KStatusNotifierItem):
  poll the `RegisteredStatusNotifierItems` property of `org.kde.StatusNotifierWatcher` (served by
  xfce4-panel's systray plugin) over the session bus until an item appears that was not there
  before launch and whose bus connection belongs to a process of the app's tree
  (`GetConnectionUnixProcessID`).
- XEmbed (Workrave's GtkStatusIcon): the app creates a small window carrying the `_XEMBED_INFO`
  property and asks the tray (the owner of the `_NET_SYSTEM_TRAY_S0` selection) to dock it; the
  tray then reparents that window into a socket inside the panel. So: walk the X window tree for
  a window with `_XEMBED_INFO` whose parent is no longer the root window and whose `_NET_WM_PID`
  is in the app's tree (a window without a pid counts if it was not there before launch). The
  panel's own plugins are XEmbed windows too, which is why the baseline and the pid matter.

Both are polled every `POLL_SECONDS` over one D-Bus connection and one X connection opened
before the launch, so the clock starts at `Popen` and the polling itself costs well under 1 ms.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

POLL_SECONDS = 0.02
WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"


@dataclass(frozen=True)
class TrayResult:
    """`seconds` from launch to the icon, or None with `error` saying what happened instead."""

    process: subprocess.Popen[bytes]
    started: float  # time.monotonic() at launch
    seconds: float | None
    method: str | None  # "StatusNotifierItem" or "XEmbed"
    item: str | None
    error: str | None = None


def launch_and_wait(env: dict[str, str], launch: Callable[[], subprocess.Popen[bytes]],
                    tree: Callable[[int], list[int]], timeout: float) -> TrayResult:
    """Open the watches, call `launch`, and return when its tray icon appears (or not)."""
    return asyncio.run(_launch_and_wait(env, launch, tree, timeout))


async def _launch_and_wait(env: dict[str, str], launch: Callable[[], subprocess.Popen[bytes]],
                           tree: Callable[[int], list[int]], timeout: float) -> TrayResult:
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=env["DBUS_SESSION_BUS_ADDRESS"]).connect()
    xembed = _XEmbedWatch(env["DISPLAY"])
    try:
        before = set(await _sni_items(bus))
        xembed.take_baseline()
        started = time.monotonic()
        process = launch()
        deadline = started + timeout
        while True:
            now = time.monotonic()
            pids = set(tree(process.pid))
            for item in set(await _sni_items(bus)) - before:
                if await _item_pid(bus, item) in pids:
                    return TrayResult(process, started, now - started, "StatusNotifierItem",
                                      item)
            window = xembed.find(pids)
            if window is not None:
                return TrayResult(process, started, now - started, "XEmbed", window)
            if process.poll() is not None and not pids:
                return TrayResult(process, started, None, None, None,
                                  f"exited with code {process.returncode} before showing a "
                                  "tray icon")
            if now > deadline:
                return TrayResult(process, started, None, None, None,
                                  f"no tray icon within {timeout:.0f} s")
            await asyncio.sleep(POLL_SECONDS)
    finally:
        xembed.close()
        bus.disconnect()


async def _call(bus: Any, destination: str, path: str, interface: str, member: str,
                signature: str = "", body: list[Any] | None = None) -> list[Any] | None:
    from dbus_fast import Message, MessageType

    reply = await asyncio.wait_for(bus.call(Message(
        destination=destination, path=path, interface=interface, member=member,
        signature=signature, body=body or [])), 2.0)
    return None if reply.message_type is MessageType.ERROR else list(reply.body)


async def _sni_items(bus: Any) -> list[str]:
    body = await _call(bus, WATCHER, WATCHER_PATH, "org.freedesktop.DBus.Properties", "Get",
                       "ss", [WATCHER, "RegisteredStatusNotifierItems"])
    return list(body[0].value) if body else []


async def _item_pid(bus: Any, item: str) -> int | None:
    """The pid behind an item entry: "<bus name>/<path>" or a bare bus name."""
    name = item.split("/", 1)[0]
    body = await _call(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus", "GetConnectionUnixProcessID", "s", [name])
    return int(body[0]) if body else None


class _XEmbedWatch:
    """Finds docked XEmbed tray icons (see the module docstring)."""

    def __init__(self, display_name: str) -> None:
        from Xlib import display

        self._display = display.Display(display_name)
        self._root = self._display.screen().root
        self._info = self._display.intern_atom("_XEMBED_INFO")
        self._pid = self._display.intern_atom("_NET_WM_PID")
        self._baseline: set[int] = set()

    def take_baseline(self) -> None:
        self._baseline = {window.id for window, _ in self._embedded()}

    def find(self, pids: set[int]) -> str | None:
        for window, pid in self._embedded():
            if pid in pids or (pid is None and window.id not in self._baseline):
                return f"window {window.id:#x}"
        return None

    def close(self) -> None:
        self._display.close()

    def _embedded(self) -> list[tuple[Any, int | None]]:
        """(window, pid) for every window with _XEMBED_INFO whose parent is not the root."""
        from Xlib import X
        from Xlib.error import XError

        found: list[tuple[Any, int | None]] = []
        stack: list[tuple[Any, int | None]] = [(self._root, None)]
        while stack:
            window, parent = stack.pop()
            try:
                children = window.query_tree().children
                info = window.get_full_property(self._info, X.AnyPropertyType) \
                    if parent is not None and parent != self._root.id else None
                pid = window.get_full_property(self._pid, X.AnyPropertyType) \
                    if info is not None else None
            except XError:  # the window went away while we looked
                continue
            if info is not None:
                found.append((window, int(pid.value[0]) if pid is not None else None))
            stack.extend((child, window.id) for child in children)
        return found
