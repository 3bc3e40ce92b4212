"""The real tray-mode app, ended by SIGTERM (a logout, a shutdown, `kill`), quits like
`nudge quit`: the rep it holds on a full disk is kept for the next start.

The tray app's main thread waits in the tray backend (not in a key read as in terminal mode),
so this checks that the signal reaches that wait and becomes the same quit. A real session
(Xvfb, a private bus, dunst, xfce4-panel) and a 1 MB tmpfs filled to the brim; skipped without
the desktop tools or where mounting is not allowed.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from desktop_faults import logged, our_items, output_of, start_tray_app
from test_reliability_disk import _fill, _manual_reps, tiny_disk

from desktop import DesktopSession, missing_tools, wait_for

__all__ = ["tiny_disk"]  # a fixture these tests use, imported from the disk tests
pytestmark = pytest.mark.skipif(bool(missing_tools()),
                                reason=f"desktop tools missing: {missing_tools()}")


@pytest.fixture
def desk(fresh_desk: DesktopSession) -> DesktopSession:
    """Each test its own desktop (tests/conftest.py): the faults here destroy it."""
    return fresh_desk


def test_sigterm_to_the_tray_app_keeps_the_held_rep_for_the_next_start(
        desk, tiny_disk: Path, nudge_home: Path) -> None:
    app = start_tray_app(desk, nudge_home)
    try:
        assert app.cli("log", "rise", "--reps", "4").stdout.startswith("Logged: 4 reps")
        filler = _fill(tiny_disk)
        refused = app.cli("log", "rise", "--reps", "9")
        assert refused.returncode == 1 and "will retry" in refused.stderr, refused
        app.process.send_signal(signal.SIGTERM)
        output = output_of(app)  # it used to die of the signal and drop the held rep
        assert app.process.returncode == 0, output
        assert "Traceback" not in output, output
    finally:
        if app.process.poll() is None:
            app.process.kill()
    assert logged(nudge_home, "SIGTERM received: quitting as `nudge quit` does")
    held = nudge_home / "state" / "unsaved.json"
    assert held.exists()
    wait_for(lambda: not our_items(desk, app), what="the icon to leave the panel")

    filler.unlink()  # space comes back while nudge is not running
    again = start_tray_app(desk, nudge_home)
    try:
        assert again.status()["done_today"] == 2
        assert [r for r in _manual_reps(nudge_home) if r in (4, 9)] == [4, 9]
        assert not held.exists()
    finally:
        output = again.stop()
    assert again.process.returncode == 0 and "Traceback" not in output, output
