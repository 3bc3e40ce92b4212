"""Test helper process: append numbered events to a nudge store, as the app or the CLI would.

    PYTHONPATH=. python tests/store_writer.py DATA_DIR LOCK_PATH DEVICE FIRST COUNT [options]

Appends events numbered FIRST, FIRST+1, … (COUNT of them, or forever when COUNT is 0) and writes
each number to stdout on its own line only after `append` returned, so every printed number is an
acknowledged, durable event. Event n happens at BASE + n * --minutes-per-event and carries
`nudge_id="seq-<n>"`. Prints "ready" first.

--fsize-limit BYTES: ignore SIGXFSZ and cap the file size (RLIMIT_FSIZE) so writes fail with EFBIG,
then print "error: <message>" for a StoreWriteError instead of a number. Used by the tests, which
run as root, where read-only folders made with chmod do not stop writes.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from nudge.core.events import Event, EventKind, Source
from nudge.store import StoreWriteError, TinyDBEventStore

BASE = datetime(2024, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=2)))  # a Monday, UTC+2


def sequence_event(seq: int, minutes_per_event: int) -> Event:
    """The event numbered `seq`."""
    return Event(
        kind=EventKind.DONE,
        at=BASE + timedelta(minutes=seq * minutes_per_event),
        nudge_id=f"seq-{seq}",
        exercise="glute-squeeze",
        reps=10,
        source=Source.PROMPT,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("lock_path", type=Path)
    parser.add_argument("device")
    parser.add_argument("first", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--minutes-per-event", type=int, default=1)
    parser.add_argument("--fsize-limit", type=int)
    args = parser.parse_args()
    if args.fsize_limit is not None:
        _limit_file_size(args.fsize_limit)
    store = TinyDBEventStore(args.data_dir, args.device, args.lock_path)
    _say("ready")
    seq = args.first
    while args.count == 0 or seq < args.first + args.count:
        try:
            store.append(sequence_event(seq, args.minutes_per_event))
        except StoreWriteError as err:
            _say(f"error: {err}")
            return 0
        _say(str(seq))
        seq += 1
    return 0


def _limit_file_size(limit: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of dying
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
