"""The committed Wayland bindings (nudge/activity/wayland_protocols/) are what pywayland's
scanner makes from the bundled protocol XML, and the XML keeps its licence header."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("pywayland")

ROOT = Path(__file__).resolve().parent.parent
BINDINGS = ROOT / "nudge/activity/wayland_protocols"


def make_wayland_protocols() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_wayland_protocols", ROOT / "packaging/make_wayland_protocols.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_regenerating_the_bindings_gives_the_committed_files(tmp_path: Path) -> None:
    """Re-run `packaging/make_wayland_protocols.py` after changing the XML (or pywayland's
    scanner) and commit its output."""
    fresh = make_wayland_protocols().generate(tmp_path)
    assert [path.name for path in fresh] == ["idle.py"]
    for path in fresh:
        assert path.read_bytes() == (BINDINGS / path.name).read_bytes(), path.name


def test_the_protocol_xml_and_its_binding_keep_the_licence() -> None:
    xml = (ROOT / "nudge/data/idle.xml").read_text()
    assert "SPDX-License-Identifier: LGPL-2.1-or-later" in xml
    assert "2015 Martin Gräßlin" in xml
    assert "SPDX-License-Identifier: LGPL-2.1-or-later" in (BINDINGS / "idle.py").read_text()


def test_the_binding_has_the_requests_and_events_nudge_uses() -> None:
    from nudge.activity.wayland_protocols.idle import (
        OrgKdeKwinIdleProxy,
        OrgKdeKwinIdleTimeout,
        OrgKdeKwinIdleTimeoutProxy,
    )

    assert callable(OrgKdeKwinIdleProxy.get_idle_timeout)
    assert callable(OrgKdeKwinIdleTimeoutProxy.simulate_user_activity)
    assert [event.name for event in OrgKdeKwinIdleTimeout.events] == ["idle", "resumed"]
