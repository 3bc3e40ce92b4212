"""Opening a file with the default app (the tray's "Weekly summary" and "Settings") leaves no
zombie opener process behind in the long-running app."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from nudge.platform.open_file import open_with_default_app

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads /proc and stubs xdg-open (Linux)")


def zombie_children() -> list[int]:
    """Process ids of this process's children that exited but were not waited for."""
    zombies = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited meanwhile
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state == "Z" and int(parent) == os.getpid():
            zombies.append(int(entry.name))
    return zombies


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_opener_is_reaped_after_it_exits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = tmp_path / "opened"
    stub = bin_dir / "xdg-open"
    stub.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{ran}"\nexit 0\n')
    stub.chmod(0o700)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    target = tmp_path / "settings.toml"
    target.write_text("")
    assert zombie_children() == []

    assert open_with_default_app(target)

    assert wait_for(lambda: ran.exists() and ran.read_text() == str(target))
    assert wait_for(lambda: zombie_children() == []), \
        f"xdg-open left as a zombie: {zombie_children()}"


def test_a_missing_opener_is_reported_not_raised(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open here
    assert open_with_default_app(tmp_path / "x.png") is False
