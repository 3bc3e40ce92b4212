"""Kill -9 torture: the real app and real `nudge log rise` writers, killed at random moments.

Each round starts the app in terminal mode on a pty (fast config: nudges come every 3 s, so it
writes its own offers and outcomes too) and three writer processes that each run the real CLI
entry point, `nudge.cli.main(["log", "rise", "--reps", N])`, once per value, in a loop (one
process per writer instead of one per write keeps hundreds of writes within seconds). The CLI
prints "Logged: N reps" only after the rep is on disk, whether the running app wrote it or, with
the app down, the CLI itself: that line is the acknowledgement. The reps values of a round are
distinct (1-100), so each acknowledged write is identified by its value.

During a round the app is SIGKILLed and restarted at random moments (so writes go through the
app, through the CLI's own store while it is down, and race its start-up), and one writer is
SIGKILLed at a random moment (it writes without pause, so mostly mid-write) and replaced by one
that carries on with the values it had not tried. Both ways of writing are exercised by design,
not by chance: each round one value is logged by the test while the app is serving (through
the app) and one once it is down (by the CLI itself).
The random moments come from the `torture_seed` fixture: `pytest --seed N` replays a run.
After every app kill the history must open and hold every rep acknowledged so far; after every
round all of them exactly once, nothing that was never tried, no damaged file, no notice.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pexpect
import pytest
from conftest import cli_env

from nudge.core.events import EventKind
from nudge.store import TinyDBEventStore

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and a pty")

ROUNDS = 7
WRITERS = 3
APP_KILLS_PER_ROUND = 3
MIN_CONFIRMED = 500
WRITER = """
import logging, random, sys, time
from nudge.cli.main import main

rng = random.Random(sys.argv[1])
for value in sys.argv[2:]:
    print(f"try {value}", flush=True)
    main(["log", "rise", "--reps", value])  # prints "Logged: N reps" once N is on disk
    sys.stdout.flush()
    for handler in logging.getLogger().handlers:  # main() opens the log file on every call
        handler.close()
    time.sleep(rng.uniform(0, 0.02))
"""
LOGGED = re.compile(r"^Logged: (\d+) reps")


class Writer:
    """One writer process; a thread collects what it tried and what it was told."""

    def __init__(self, home: Path, values: list[int], seed: int, errors: Path) -> None:
        self.tried: list[int] = []
        self.logged: list[int] = []
        self.via_app = 0  # acknowledged by the running app (the rest: by the CLI itself)
        self._guard = threading.Lock()
        with errors.open("a") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(seed), *map(str, values)],
                env=cli_env(home), stdout=subprocess.PIPE, stderr=stderr, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.endswith("\n"):
                break  # cut off by a kill
            with self._guard:
                if line.startswith("try "):
                    self.tried.append(int(line.split()[1]))
                elif match := LOGGED.match(line):
                    self.logged.append(int(match[1]))
                    self.via_app += "seated clock" in line

    def snapshot(self) -> tuple[list[int], list[int]]:
        with self._guard:
            return list(self.tried), list(self.logged)

    def finish(self) -> None:
        self.proc.wait(timeout=60)
        self._reader.join(timeout=10)


def _history(home: Path) -> tuple[Counter[int], list[str]]:
    """DONE reps counted by value, and whatever the store told the user while reading."""
    notices: list[str] = []
    history = home / "data" / "history"
    devices = [p.name for p in history.iterdir()] if history.exists() else []
    assert len(devices) <= 1, devices
    if not devices:
        return Counter(), notices
    store = TinyDBEventStore(home / "data", devices[0], home / "state" / "store.lock",
                             notify=notices.append)
    done = Counter(e.reps for e in store.iter_all_events() if e.kind is EventKind.DONE)
    return done, notices


def _start_app(home: Path) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                         env=cli_env(home), encoding="utf-8", timeout=10, dimensions=(40, 120))


def _pump(app: pexpect.spawn, seconds: float) -> None:
    """Keep reading the app's screen (a full pty would block it) for `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            app.read_nonblocking(65536, timeout=min(left, 0.05))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:  # it died by itself: a failure the checks after the kill report
            time.sleep(max(0.0, min(left, 0.05)))


def _kill(app: pexpect.spawn) -> None:
    app.kill(signal.SIGKILL)
    app.close(force=True)


def _reps(count: int) -> str:
    """`1 rep`, `5 reps`: as the English replies count them."""
    return f"{count} rep" if count == 1 else f"{count} reps"


def _log_rise(home: Path, reps: int) -> str:
    done = subprocess.run([sys.executable, "-m", "nudge", "log", "rise", "--reps", str(reps)],
                          env=cli_env(home), capture_output=True, text=True, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def test_kill_9_of_the_app_and_writers_never_loses_an_acknowledged_rep(
        nudge_home: Path, tmp_path: Path, torture_seed: int) -> None:
    seed = torture_seed
    rng = random.Random(seed)
    errors = tmp_path / "writers.err"
    confirmed = via_app = app_kills = writer_kills = 0
    before, _ = _history(nudge_home)
    for round_number in range(ROUNDS):
        values = list(range(1, 101))
        rng.shuffle(values)
        # Two values the test logs itself: one through the serving app, one with it down.
        through_app, by_cli, values = values[0], values[1], values[2:]
        shares = [values[i::WRITERS] for i in range(WRITERS)]
        writers = [Writer(nudge_home, share, rng.randrange(1 << 30), errors) for share in shares]
        victim = rng.randrange(WRITERS)
        victim_dies_after = rng.randrange(APP_KILLS_PER_ROUND)
        serving_life = rng.randrange(APP_KILLS_PER_ROUND)
        for kill_number in range(APP_KILLS_PER_ROUND):
            app = _start_app(nudge_home)
            # Most lives reach the running app first, so writes go through it on a loaded
            # machine too (start-up alone can take longer than the random wait); the rest are
            # killed while it may still be starting up.
            if kill_number == serving_life or rng.random() < 0.6:
                app.expect("press \\? for keys", timeout=30)
            if kill_number == serving_life:
                said = _log_rise(nudge_home, through_app)
                assert said.startswith(f"Logged: {_reps(through_app)}. The seated"), said
                via_app += 1
            _pump(app, rng.uniform(0.05, 0.6))
            _kill(app)
            app_kills += 1
            if kill_number == victim_dies_after:  # a writer dies mid-write too
                old = writers[victim]
                old.proc.send_signal(signal.SIGKILL)
                old.finish()
                writer_kills += 1
                tried, _ = old.snapshot()
                rest = [v for v in shares[victim] if v not in tried]
                writers.append(Writer(nudge_home, rest, rng.randrange(1 << 30), errors))
            # After each kill: the history opens and holds every rep acknowledged so far.
            acked = [v for w in writers for v in w.snapshot()[1]]
            now, notices = _history(nudge_home)
            lost = [v for v in acked if now[v] - before[v] < 1]
            assert not lost, f"round {round_number}, seed {seed}: acknowledged, lost: {lost}"
            assert notices == [], notices
            # The scenario, not a wait: the app stays down a moment while the writers go on.
            time.sleep(rng.uniform(0, 0.2))
        said = _log_rise(nudge_home, by_cli)  # the app is down: the CLI writes by itself
        assert said == f"Logged: {_reps(by_cli)}.\n", said
        for writer in writers:
            writer.finish()
        tried = {v for w in writers for v in w.snapshot()[0]} | {through_app, by_cli}
        acked = [v for w in writers for v in w.snapshot()[1]] + [through_app, by_cli]
        after, notices = _history(nudge_home)
        delta = {v: after[v] - before[v] for v in range(1, 101)}
        assert len(acked) == len(set(acked))
        message = f"round {round_number}, random seed {seed}"
        assert [v for v in acked if delta[v] != 1] == [], f"{message}: lost or doubled"
        assert [v for v in tried if delta[v] not in (0, 1)] == [], f"{message}: doubled"
        assert [v for v in delta if v not in tried and delta[v]] == [], f"{message}: phantom"
        assert notices == []
        confirmed += len(acked)
        via_app += sum(w.via_app for w in writers)
        before = after

    home_files = [p.name for p in nudge_home.rglob("*")]
    assert not [name for name in home_files if ".corrupt-" in name]
    assert "Traceback" not in errors.read_text()
    assert confirmed >= MIN_CONFIRMED, (confirmed, seed)
    # Both paths were exercised, by design (see the module docstring), not by chance.
    assert via_app >= ROUNDS and confirmed - via_app >= ROUNDS, (via_app, confirmed)
    print(f"{confirmed} acknowledged reps, {via_app} through the app; seed {seed}")
    assert app_kills == ROUNDS * APP_KILLS_PER_ROUND and writer_kills == ROUNDS
    # The app still starts, and a last write through it is kept.
    app = _start_app(nudge_home)
    try:
        app.expect("press \\? for keys")
        done = subprocess.run([sys.executable, "-m", "nudge", "log", "rise", "--reps", "1"],
                              env=cli_env(nudge_home), capture_output=True, text=True,
                              timeout=30)
        assert done.stdout.startswith("Logged: 1 rep. The seated clock"), done  # via the app
    finally:
        _kill(app)
    assert _history(nudge_home)[0][1] == before[1] + 1
