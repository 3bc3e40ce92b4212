"""The Wayland idle source (ext-idle-notify-v1, or org_kde_kwin_idle where that is all there
is) against a tiny fake compositor that speaks the Wayland wire protocol over a real Unix socket.
The real ones are in test_desktop_kde.py (KWin: both, ext preferred) and test_desktop_sway.py
(sway 1.7: org_kde_kwin_idle only).

The client side is the real one: pywayland over its bundled libwayland-client. Skipped where
pywayland is not installed.
"""

from __future__ import annotations

import os
import socket
import struct
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge.activity import wayland  # imports without pywayland: it loads it lazily
from nudge.activity.base import Unavailable

from desktop import wait_for

pytest.importorskip("pywayland")

SEAT, NOTIFIER, NOTIFICATION = "wl_seat", "ext_idle_notifier_v1", "ext_idle_notification_v1"
KDE_IDLE, KDE_TIMEOUT = "org_kde_kwin_idle", "org_kde_kwin_idle_timeout"


class FakeCompositor:
    """Just enough of a compositor: wl_display, wl_registry, wl_callback, a seat and (if
    `idle_notify`) ext_idle_notifier_v1, (if `kde_idle`) org_kde_kwin_idle. Events are sent with
    `idled()` / `resumed()` to whichever timer the client asked for (the same opcodes in both)."""

    def __init__(self, path: Path, idle_notify: bool = True, kde_idle: bool = False) -> None:
        self.path = path
        self.idle_notify = idle_notify
        self.kde_idle = kde_idle
        self.objects: dict[int, str] = {1: "wl_display"}
        self.notification: int | None = None
        self.timeout_ms: int | None = None
        self._send_lock = threading.Lock()
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(str(path))
        self._listener.listen(1)
        self._client: socket.socket | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    # -- test controls -------------------------------------------------------------------
    def idled(self) -> None:
        assert self.notification is not None
        self._send(self.notification, 0)

    def resumed(self) -> None:
        assert self.notification is not None
        self._send(self.notification, 1)

    def close(self) -> None:
        if self._client is not None:
            self._client.shutdown(socket.SHUT_RDWR)
            self._client.close()
        self._listener.close()
        self._thread.join(2)

    # -- the wire ------------------------------------------------------------------------
    def _serve(self) -> None:
        try:
            self._client, _ = self._listener.accept()
            buffer = b""
            while True:
                data = self._client.recv(4096)
                if not data:
                    return
                buffer += data
                while len(buffer) >= 8:
                    object_id, word = struct.unpack("=II", buffer[:8])
                    size, opcode = word >> 16, word & 0xFFFF
                    if len(buffer) < size:
                        break
                    self._request(object_id, opcode, buffer[8:size])
                    buffer = buffer[size:]
        except OSError:
            return

    def _request(self, object_id: int, opcode: int, args: bytes) -> None:
        interface = self.objects.get(object_id)
        if interface == "wl_display" and opcode == 0:  # sync(callback)
            (callback,) = struct.unpack("=I", args[:4])
            self._send(callback, 0, struct.pack("=I", 1))  # wl_callback.done
            self._send(1, 1, struct.pack("=I", callback))  # wl_display.delete_id
        elif interface == "wl_display" and opcode == 1:  # get_registry(registry)
            (registry,) = struct.unpack("=I", args[:4])
            self.objects[registry] = "wl_registry"
            self._send(registry, 0, struct.pack("=I", 1) + _string(SEAT) + struct.pack("=I", 7))
            if self.kde_idle:  # first, as KWin lists it: the client must still prefer ext
                self._send(registry, 0,
                           struct.pack("=I", 3) + _string(KDE_IDLE) + struct.pack("=I", 1))
            if self.idle_notify:
                self._send(registry, 0,
                           struct.pack("=I", 2) + _string(NOTIFIER) + struct.pack("=I", 1))
        elif interface == "wl_registry" and opcode == 0:  # bind(name, interface, version, id)
            name_len = struct.unpack("=I", args[4:8])[0]
            interface_name = args[8:8 + name_len - 1].decode()
            offset = 8 + (name_len + 3) // 4 * 4
            _version, new_id = struct.unpack("=II", args[offset:offset + 8])
            self.objects[new_id] = interface_name
        elif interface == NOTIFIER and opcode == 1:  # get_idle_notification(id, timeout, seat)
            new_id, timeout_ms, _seat = struct.unpack("=III", args[:12])
            self.objects[new_id] = NOTIFICATION
            self.timeout_ms = timeout_ms
            self.notification = new_id
        elif interface == KDE_IDLE and opcode == 0:  # get_idle_timeout(id, seat, timeout)
            new_id, _seat, timeout_ms = struct.unpack("=III", args[:12])
            self.objects[new_id] = KDE_TIMEOUT
            self.timeout_ms = timeout_ms
            self.notification = new_id

    def _send(self, object_id: int, opcode: int, payload: bytes = b"") -> None:
        assert self._client is not None
        header = struct.pack("=II", object_id, (8 + len(payload)) << 16 | opcode)
        with self._send_lock:
            self._client.sendall(header + payload)


def _string(text: str) -> bytes:
    raw = text.encode() + b"\0"
    return struct.pack("=I", len(raw)) + raw + b"\0" * (-len(raw) % 4)


@pytest.fixture
def socket_dir() -> Iterator[Path]:
    # Unix socket paths must stay under ~108 bytes: pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="nudge-wl-") as folder:
        yield Path(folder)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_idled_and_resumed_events_become_idle_seconds(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-test")
    clock = Clock()
    source = wayland.WaylandIdleSource(str(compositor.path), clock=clock)
    try:
        assert compositor.timeout_ms == wayland.THRESHOLD_MS
        assert source.read().idle_seconds == 0.0
        compositor.idled()  # arrives at clock 100: the user's last input was 1 s before
        wait_for(lambda: source.read().idle_seconds > 0, what="the idled event")
        clock.now = 130.0  # nobody reads for a while: the idle time is still right
        assert source.read().idle_seconds == pytest.approx(31.0)
        compositor.resumed()
        wait_for(lambda: source.read().idle_seconds == 0.0, what="the resumed event")
    finally:
        source.close()
        compositor.close()


def test_probe_uses_the_socket_from_the_given_environment(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-7")
    env = {"WAYLAND_DISPLAY": "wayland-7", "XDG_RUNTIME_DIR": str(socket_dir)}
    found = wayland.probe(env)
    try:
        assert found.source is not None, found.reason
        assert "ext-idle-notify-v1" in found.reason
        assert found.source.read().idle_seconds == 0.0
    finally:
        if found.source is not None:
            found.source.close()
        compositor.close()


def test_a_compositor_with_no_idle_protocol_is_unavailable_with_a_reason(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-old", idle_notify=False)
    try:
        found = wayland.probe({"WAYLAND_DISPLAY": str(compositor.path)})
        assert found.source is None
        assert "compositor offers no idle protocol" in found.reason
        assert "ext-idle-notify-v1" in found.reason and "org_kde_kwin_idle" in found.reason
    finally:
        compositor.close()


def test_ext_idle_notify_is_preferred_and_org_kde_kwin_idle_is_the_fallback() -> None:
    both = {"wl_seat", "org_kde_kwin_idle", "ext_idle_notifier_v1"}
    assert wayland.choose_protocol(both) is wayland.EXT_IDLE_NOTIFY
    assert wayland.choose_protocol({"wl_seat", "org_kde_kwin_idle"}) is wayland.KDE_IDLE
    with pytest.raises(Unavailable, match="compositor offers no idle protocol"):
        wayland.choose_protocol({"wl_seat", "wl_compositor"})


def test_a_compositor_offering_both_is_spoken_to_in_ext_idle_notify(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-kwin", kde_idle=True)
    found = wayland.probe({"WAYLAND_DISPLAY": str(compositor.path)})
    try:
        assert found.source is not None, found.reason
        assert found.reason.startswith("Wayland ext-idle-notify-v1 on ")
        assert compositor.notification is not None
        assert compositor.objects[compositor.notification] == NOTIFICATION
    finally:
        if found.source is not None:
            found.source.close()
        compositor.close()


def test_org_kde_kwin_idle_events_become_idle_seconds_where_it_is_all_there_is(
        socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-sway17", idle_notify=False, kde_idle=True)
    clock = Clock()
    source = wayland.WaylandIdleSource(str(compositor.path), clock=clock)
    try:
        assert source.protocol is wayland.KDE_IDLE
        assert compositor.notification is not None
        assert compositor.objects[compositor.notification] == KDE_TIMEOUT
        assert compositor.timeout_ms == wayland.THRESHOLD_MS
        assert source.read().idle_seconds == 0.0
        compositor.idled()  # `idle` at clock 100: the last input was the threshold before
        wait_for(lambda: source.read().idle_seconds > 0, what="the idle event")
        clock.now = 130.0
        assert source.read().idle_seconds == pytest.approx(31.0)
        compositor.resumed()
        wait_for(lambda: source.read().idle_seconds == 0.0, what="the resumed event")
    finally:
        source.close()
        compositor.close()


def test_the_probe_names_the_fallback_protocol_for_doctor(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-3", idle_notify=False, kde_idle=True)
    found = wayland.probe({"WAYLAND_DISPLAY": "wayland-3", "XDG_RUNTIME_DIR": str(socket_dir)})
    try:
        assert found.source is not None, found.reason
        assert found.reason == ("Wayland org_kde_kwin_idle on wayland-3 "
                                "(the compositor has no ext-idle-notify-v1)")
    finally:
        if found.source is not None:
            found.source.close()
        compositor.close()


def test_no_compositor_at_all_is_unavailable_with_a_reason(socket_dir: Path):
    found = wayland.probe({"WAYLAND_DISPLAY": str(socket_dir / "wayland-none")})
    assert found.source is None and "cannot connect" in found.reason
    assert "not a Wayland session" in wayland.probe({}).reason


def test_a_compositor_that_goes_away_makes_reads_fail(socket_dir: Path):
    compositor = FakeCompositor(socket_dir / "wayland-gone")
    source = wayland.WaylandIdleSource(str(compositor.path))
    try:
        compositor.close()
        wait_for(lambda: _fails(source), what="the lost connection to be noticed")
    finally:
        source.close()
    assert not any(t.name == "nudge-wayland" and t.is_alive() for t in threading.enumerate())
    assert os.path.exists(socket_dir)


def _fails(source: wayland.WaylandIdleSource) -> bool:
    try:
        source.read()
    except OSError as error:
        return "Wayland connection lost" in str(error)
    return False
