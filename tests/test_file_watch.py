"""The config file watch: real files, real inotify (Linux) and the stat-poll fallback."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nudge.app.file_watch import FileWatch

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="inotify and /proc are Linux's")


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.changed.set()

    def after(self, change: Callable[[], object], timeout: float = 5.0) -> bool:
        """Make `change`; True once the watch reported it (within `timeout` s)."""
        self.changed.clear()
        change()
        return self.changed.wait(timeout)


@pytest.fixture(params=["inotify", "poll"])
def watched(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Calls,
                                                                            FileWatch]]:
    if request.param == "inotify" and not sys.platform.startswith("linux"):
        pytest.skip("inotify is Linux's")
    folder = tmp_path / "config"
    folder.mkdir()
    config = folder / "config.toml"
    calls = Calls()
    watch = FileWatch([config], calls, inotify=request.param == "inotify")
    assert watch.mode == request.param
    watch.start()
    yield config, calls, watch
    watch.close()


def replace_atomically(path: Path, text: str) -> None:
    """How most editors save: a new file renamed over the old one."""
    new = path.with_name(path.name + ".swp")
    new.write_text(text)
    os.replace(new, path)


def test_creating_editing_replacing_and_deleting_the_file_are_each_reported(watched):
    config, calls, _ = watched
    assert calls.after(lambda: config.write_text("[schedule]\n")), "created"
    assert calls.after(lambda: config.write_text("[schedule]\nrise_every = '20m'\n")), "edited"
    assert calls.after(lambda: replace_atomically(config, "[goals]\n")), "replaced"
    assert calls.after(config.unlink), "deleted"


def test_a_symlinked_config_is_watched_where_it_really_lives(tmp_path: Path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "nudge.toml"
    target.write_text("")
    (tmp_path / "config").mkdir()
    link = tmp_path / "config" / "config.toml"
    link.symlink_to(target)
    calls = Calls()
    watch = FileWatch([link], calls)
    watch.start()
    try:
        assert calls.after(lambda: target.write_text("[schedule]\nrise_every = '25m'\n"))
    finally:
        watch.close()


def test_close_ends_the_thread(watched):
    _, _, watch = watched
    watch.close()
    assert not watch.thread.is_alive()
    watch.close()  # twice is harmless


def voluntary_switches(thread: threading.Thread) -> int:
    status = Path(f"/proc/self/task/{thread.native_id}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("voluntary_ctxt_switches")))


@linux_only
def test_with_inotify_the_watch_never_wakes_while_nothing_changes(tmp_path: Path):
    calls = Calls()
    watch = FileWatch([tmp_path / "config.toml"], calls)
    watch.start()
    try:
        assert watch.mode == "inotify"
        deadline = time.monotonic() + 5
        before = -1
        while before != voluntary_switches(watch.thread):  # settled: blocked in poll()
            assert time.monotonic() < deadline, "the watch thread never settled"
            before = voluntary_switches(watch.thread)
            time.sleep(0.2)
        time.sleep(2.5)  # longer than the poll fallback's period, which would wake once
        assert voluntary_switches(watch.thread) == before
        assert calls.count == 0
    finally:
        watch.close()
