"""The benchmark harness (`bench/`, `make bench`) still works: a tiny synthetic history and one
measurement of this very process. Benchmarks are not timed tests: nothing here asserts on speed.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from nudge.core.events import OUTCOMES, EventKind
from nudge.core.settings import Settings
from nudge.core.summary import IsoWeek
from nudge.history import weekly_summary

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2025, 3, 12, 15, 0).astimezone()  # a Wednesday afternoon


def _bench(name: str) -> ModuleType:
    if str(REPO) not in sys.path:  # `bench` lives next to `nudge`, outside the package
        sys.path.insert(0, str(REPO))
    return importlib.import_module(f"bench.{name}")


def test_a_tiny_synthetic_history_is_read_back_by_the_real_store(tmp_path: Path) -> None:
    history_gen = _bench("history_gen")

    info = history_gen.generate_history(tmp_path / "home", weeks=3, now=NOW)

    events = list(info.store().iter_all_events())
    assert len(events) == info.events > 0
    assert info.week_files == 3
    assert all(event.at <= NOW for event in events)
    kinds = Counter(event.kind for event in events)
    assert {EventKind.OFFERED, EventKind.DONE, EventKind.STRETCH, EventKind.BREAK} <= set(kinds)
    outcomes = Counter(e.nudge_id for e in events if e.kind in OUTCOMES and e.nudge_id)
    offered = [e.nudge_id for e in events if e.kind is EventKind.OFFERED]
    assert all(outcomes[nudge_id] == 1 for nudge_id in offered)  # one outcome per nudge
    folder = info.paths.data_dir / "history" / info.device
    assert len(list(folder.glob("*.json.bak"))) == 3  # as the app leaves them
    summary = weekly_summary(info.store(), IsoWeek.containing(NOW.date()), Settings(),
                             NOW.date())
    assert sum(day.done for day in summary.days) > 0


def test_a_smaller_history_links_the_most_recent_weeks(tmp_path: Path) -> None:
    history_gen = _bench("history_gen")
    big = history_gen.generate_history(tmp_path / "big", weeks=3, now=NOW)

    small = history_gen.link_recent(big, tmp_path / "small", weeks=1, now=NOW)

    assert small.week_files == 1
    assert 0 < small.events < big.events


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_measuring_the_current_python_process() -> None:
    proctree = _bench("proctree")
    pids = proctree.tree_pids(os.getpid())

    first = proctree.sample(pids)
    sum(range(100_000))  # a little work between the samples
    second = proctree.sample(pids)

    assert os.getpid() in pids
    assert second.rss_kb >= second.pss_kb > 0
    assert second.thread_count >= 1
    change = proctree.delta(first, second, seconds=1.0)
    assert change.cpu_s >= 0 and change.voluntary >= 0
