"""D-Bus from the test process to a private desktop's buses: single calls, and real input.

`call` makes one method call on its own connection (a few ms; fine for tests). `RemoteInput`
is input GNOME's Mutter counts as the user's (org.gnome.Mutter.RemoteDesktop): it owns one
connection on its own asyncio thread ("remote-input"), because a remote-desktop session dies
with the connection that created it. Everything else runs on the caller's thread.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from typing import Any


def call(address: str, destination: str, path: str, interface: str, member: str,
         signature: str = "", body: list[Any] | None = None) -> list[Any]:
    """One D-Bus method call on its own connection (fine for tests: a few ms)."""
    async def once() -> list[Any]:
        bus = await _connect(address)
        try:
            return await _call(bus, destination, path, interface, member, signature, body)
        finally:
            bus.disconnect()

    return asyncio.run(once())


async def _connect(address: str) -> Any:
    from dbus_fast.aio import MessageBus

    return await MessageBus(bus_address=address).connect()


async def _call(bus: Any, destination: str, path: str, interface: str, member: str,
                signature: str = "", body: list[Any] | None = None) -> list[Any]:
    from dbus_fast import Message, MessageType

    reply = await bus.call(Message(destination=destination, path=path, interface=interface,
                                   member=member, signature=signature, body=body or []))
    if reply.message_type is MessageType.ERROR:
        raise RuntimeError(f"{member}: {reply.error_name}: {reply.body}")
    return list(reply.body)


class RemoteInput:
    """Pointer and keyboard input through one org.gnome.Mutter.RemoteDesktop session."""

    RD = "org.gnome.Mutter.RemoteDesktop"

    def __init__(self, address: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="remote-input",
                                        daemon=True)
        self._thread.start()
        self._bus: Any = None
        self._session = ""
        self._typing: Future[None] | None = None
        self._run(self._open(address))

    def _run(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(10)

    async def _open(self, address: str) -> None:
        self._bus = await _connect(address)
        (self._session,) = await _call(self._bus, self.RD, "/org/gnome/Mutter/RemoteDesktop",
                                       self.RD, "CreateSession")
        await self._session_call("Start")

    async def _session_call(self, member: str, signature: str = "",
                            body: list[Any] | None = None) -> None:
        await _call(self._bus, self.RD, self._session, f"{self.RD}.Session", member,
                    signature, body)

    def move(self, dx: float = 1.0, dy: float = 0.0) -> None:
        self._run(self._session_call("NotifyPointerMotionRelative", "dd", [dx, dy]))

    def key(self, keycode: int = 42) -> None:  # 42: left shift (evdev)
        self._run(self._session_call("NotifyKeyboardKeycode", "ub", [keycode, True]))
        self._run(self._session_call("NotifyKeyboardKeycode", "ub", [keycode, False]))

    def button(self, pressed: bool, button: int = 272) -> None:  # 272: BTN_LEFT
        self._run(self._session_call("NotifyPointerButton", "ib", [button, pressed]))

    def start_typing(self, every: float = 0.5) -> None:
        """Press and release shift every `every` s, like a person at work, until
        `stop_typing`."""
        async def typing() -> None:
            while True:
                await self._session_call("NotifyKeyboardKeycode", "ub", [42, True])
                await self._session_call("NotifyKeyboardKeycode", "ub", [42, False])
                await asyncio.sleep(every)

        self.stop_typing()
        self._typing = asyncio.run_coroutine_threadsafe(typing(), self._loop)

    def stop_typing(self) -> None:
        if self._typing is not None:
            self._typing.cancel()
            self._typing = None

    def close(self) -> None:
        async def end() -> None:
            try:
                await self._session_call("Stop")
            finally:
                self._bus.disconnect()

        self.stop_typing()
        try:
            self._run(end())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
