"""Open the Insights window as `nudge insights` does, until it is painted, and say what that
took (a helper tests/test_windows_insights_open.py runs in a fresh process, so its modules are
only what the opening imported): one JSON line with the window's modules loaded and the days of
history read at the first paint, then the same once the Year tab has been shown."""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from window_fit import Painted

from nudge.paths import resolve_paths
from nudge.store import TinyDBEventStore
from nudge.windows.insights_window import InsightsWindow
from nudge.windows.run import build_window, fit_screen, qt_app

read: list[tuple[str, str]] = []
_events_between = TinyDBEventStore.events_between


def spy(self: TinyDBEventStore, first: date, last: date) -> list:  # type: ignore[type-arg]
    read.append((first.isoformat(), last.isoformat()))
    return _events_between(self, first, last)


def seen() -> dict[str, object]:
    return {"modules": sorted(m for m in sys.modules if m.startswith("nudge.windows.")),
            "read": list(read)}


def main() -> None:
    TinyDBEventStore.events_between = spy  # type: ignore[method-assign]
    app = qt_app()
    window = build_window("insights", resolve_paths())
    assert isinstance(window, InsightsWindow)
    watch = Painted()
    window.installEventFilter(watch)
    fit_screen(window)
    window.show()
    until = time.monotonic() + 30
    while not watch.painted and time.monotonic() < until:
        app.processEvents()
        time.sleep(0.005)
    opened = {"painted": watch.painted, "today": window.today.isoformat(), **seen()}
    read.clear()
    window.tabs.setCurrentIndex(2)
    print(json.dumps({"opened": opened, "year": seen()}), flush=True)


if __name__ == "__main__":
    main()
