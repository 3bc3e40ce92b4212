"""The real clock follows a time-zone change of the system while it runs.

Unit tests drive `nudge.app.clock.SystemClock` with a zone file of their own (an injected
`localtime` path, or `TZ=:/path`); the app test moves a running terminal app from New York to
Tokyo the way `timedatectl` does (a new `/etc/localtime` link), in a private mount namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pexpect
import pytest
from conftest import cli_env

from nudge.app.clock import SystemClock
from nudge.core.events import EventKind
from nudge.core.pauses import start_of_tomorrow
from nudge.store import TinyDBEventStore

ZONES = Path("/usr/share/zoneinfo")
NEW_YORK, TOKYO, SANTIAGO = "America/New_York", "Asia/Tokyo", "America/Santiago"
needs_zones = pytest.mark.skipif(
    not all((ZONES / name).is_file() for name in (NEW_YORK, TOKYO, SANTIAGO)),
    reason="the system's zoneinfo files (tzdata) are not installed")


def link(path: Path, target: Path) -> None:
    """Point `path` at `target` in one step, as timedatectl does (a new link, renamed)."""
    fresh = path.with_name(path.name + ".new")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target)
    os.replace(fresh, path)


@pytest.fixture
def c_library_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests that change `TZ` and call the real tzset put the C library's zone back after."""
    yield
    monkeypatch.undo()
    time.tzset()


@needs_zones
def test_a_changed_localtime_link_or_file_calls_tzset_once_and_reports_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    localtime = tmp_path / "localtime"
    link(localtime, ZONES / NEW_YORK)
    calls: list[str] = []
    clock = SystemClock(localtime, on_change=lambda zone: calls.append("change"),
                        tzset=lambda: calls.append("tzset"))
    calls.clear()  # the start syncs the C library once
    clock.now()
    clock.now()
    assert calls == []  # an unchanged zone costs a stat, nothing more
    link(localtime, ZONES / TOKYO)
    clock.now()
    clock.now()
    assert calls == ["tzset", "change"]
    localtime.unlink()
    localtime.write_bytes((ZONES / NEW_YORK).read_bytes())  # a copied file, not a link
    clock.now()
    assert calls == ["tzset", "change"] * 2
    monkeypatch.setenv("TZ", TOKYO)  # TZ set while running, e.g. by a test harness
    clock.now()
    assert calls == ["tzset", "change"] * 3


@needs_zones
def test_the_wall_time_moves_to_the_new_zone_at_the_next_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, c_library_zone: None) -> None:
    localtime = tmp_path / "localtime"
    link(localtime, ZONES / NEW_YORK)
    monkeypatch.setenv("TZ", f":{localtime}")  # the C library reads this file, not /etc's
    time.tzset()
    clock = SystemClock()
    new_york = clock.now()
    assert new_york.utcoffset() == datetime.now(ZoneInfo(NEW_YORK)).utcoffset()
    link(localtime, ZONES / TOKYO)
    tokyo = clock.now()
    assert tokyo.utcoffset() == timedelta(hours=9)
    assert tokyo.date() == datetime.now(ZoneInfo(TOKYO)).date()
    # The whole process follows: local times the clock did not make agree.
    assert datetime.now().astimezone().utcoffset() == timedelta(hours=9)


@needs_zones
def test_the_clock_zone_knows_dst_so_until_tomorrow_ends_at_the_real_midnight(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, c_library_zone: None) -> None:
    localtime = tmp_path / "localtime"
    link(localtime, ZONES / SANTIAGO)
    monkeypatch.setenv("TZ", f":{localtime}")
    time.tzset()
    zone = SystemClock().now().tzinfo
    # Chile left DST at midnight: Saturday 6 April 2024 ended at 24:00 -03, which was 23:00 -04.
    saturday_evening = datetime(2024, 4, 6, 20, 0, tzinfo=zone)
    assert saturday_evening.utcoffset() == timedelta(hours=-3)
    assert datetime(2024, 4, 7, 12, 0, tzinfo=zone).utcoffset() == timedelta(hours=-4)
    # A fixed offset would end the pause at 03:00 UTC, an hour before Sunday began.
    assert start_of_tomorrow(saturday_evening).astimezone(UTC) == \
        datetime(2024, 4, 7, 4, 0, tzinfo=UTC)


@needs_zones
def test_a_zone_the_c_library_sees_otherwise_falls_back_to_its_offset(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, c_library_zone: None) -> None:
    # TZ as a POSIX rule names no zone file: the C library's offset, read afresh, is used.
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    clock = SystemClock(tmp_path / "no-such-localtime")
    assert clock.zone is None
    assert clock.now().utcoffset() == timedelta(hours=9)


# -- the running app, moved from New York to Tokyo ------------------------------------------


def _namespaces_allowed() -> str | None:
    """Why a private mount namespace cannot be made here, or None if it can."""
    if not sys.platform.startswith("linux"):
        return "mount namespaces are Linux only"
    if os.geteuid() != 0:
        return "needs root to bind-mount /etc in a private mount namespace (CI runs as root)"
    if not (shutil.which("unshare") and shutil.which("nsenter")):
        return "unshare or nsenter (util-linux) is not installed"
    done = subprocess.run(["unshare", "-m", "--propagation", "private", "true"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return f"this machine does not permit `unshare -m`: {done.stderr.strip()}"
    return None


def work_hours_around(moment: datetime) -> str:
    """Every day's work hours: 90 minutes either side of `moment`'s time of day."""
    start, end = moment - timedelta(minutes=90), moment + timedelta(minutes=90)
    if start.date() == end.date():
        hours = f"{start:%H:%M}-{end:%H:%M}"
    else:  # the window crosses midnight: its two parts, on every day alike
        hours = f"00:00-{end:%H:%M},{start:%H:%M}-24:00"
    days = "\n".join(f'{day} = "{hours}"' for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                                                     "sun"))
    return f'[schedule]\nrise_every = "1h"\n\n[schedule.work_hours]\n{days}\n'


@needs_zones
def test_the_running_app_follows_a_zone_change_from_new_york_to_tokyo(tmp_path: Path) -> None:
    reason = _namespaces_allowed()
    if reason is not None:
        pytest.skip(reason)
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    # Work hours around New York's now: Tokyo, 13 or 14 hours ahead, is outside them.
    config = work_hours_around(datetime.now(ZoneInfo(NEW_YORK)))
    (home / "config" / "config.toml").write_text(config, encoding="utf-8")
    etc = tmp_path / "etc"  # the app's /etc: a copy whose localtime link the test moves
    shutil.copytree("/etc", etc, symlinks=True)
    link(etc / "localtime", ZONES / NEW_YORK)
    env = cli_env(home)
    env.pop("TZ", None)
    app = pexpect.spawn("unshare", ["-m", "--propagation", "private", "--", "sh", "-c",
                                    'mount --bind "$1" /etc && exec "$2" -m nudge run --ui '
                                    'terminal', "sh", str(etc), sys.executable],
                        env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    try:
        app.expect("press \\? for keys")

        def nudge(*args: str) -> subprocess.CompletedProcess[str]:
            # A CLI on the app's side of the mount, as a user's shell is.
            done = subprocess.run(["nsenter", "-t", str(app.pid), "-m", "--", sys.executable,
                                   "-m", "nudge", *args], env=env, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 0 and "Traceback" not in done.stderr, done
            return done

        assert json.loads(nudge("status", "--json").stdout)["phase"] != "off_hours"
        nudge("log", "rise", "--reps", "4")
        link(etc / "localtime", ZONES / TOKYO)
        status = json.loads(nudge("status", "--json").stdout)  # the first look after the move
        assert status["phase"] == "off_hours", status
        nudge("log", "rise", "--reps", "7")
        tokyo_date = datetime.now(ZoneInfo(TOKYO)).date().isoformat()
        assert "quitting" in nudge("quit").stdout
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
    done = {doc["reps"]: doc for doc in stored_docs(home) if doc["kind"] == "done"}
    new_york = datetime.now(ZoneInfo(NEW_YORK)).strftime("%z")
    assert done[4]["local"].endswith(f"{new_york[:3]}:{new_york[3:]}")
    assert done[7]["local"].endswith("+09:00") and done[7]["date"] == tokyo_date
    # Read back through the store, the rise counts on Tokyo's day.
    device = next((home / "data" / "history").iterdir())
    store = TinyDBEventStore(home / "data", device.name, home / "state" / "store.lock")
    rises = [e for e in store.iter_all_events() if e.kind is EventKind.DONE and e.reps == 7]
    assert [e.local_date.isoformat() for e in rises] == [tokyo_date]
    # Logged by its offset, not its name (where the user is); the calendar wake-ups follow.
    log = (home / "logs" / "nudge.log").read_text(encoding="utf-8")
    assert "time zone changed: now UTC+09:00" in log and "Tokyo" not in log
    assert log.count("calendar wake-ups:") == 2


def stored_docs(home: Path) -> list[dict]:
    """Every event document in the app's week files, as stored."""
    docs: list[dict] = []
    for week in (home / "data" / "history").glob("*/*.json"):
        for table in json.loads(week.read_text(encoding="utf-8")).values():
            if isinstance(table, dict):
                docs += [doc for doc in table.values() if isinstance(doc, dict) and "kind" in doc]
    return docs
