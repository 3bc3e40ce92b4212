"""What a process tree costs, read straight from /proc (Linux only).

A tree is the launched process, everything descended from it (by parent pid), and any process
that carries the launch's tag in its environment: that catches helpers that daemonise (double
fork, so their parent becomes init) as long as they keep the environment they were given.
Processes started by D-Bus activation on the app's behalf get the bus's environment and are
not counted; the bench's bus activates nothing but xfconf (see tests/desktop.py).

Counters and what they mean:
- PSS/RSS/USS: `/proc/PID/smaps_rollup`, summed over the tree. PSS splits each shared page
  between the processes mapping it, so it depends on what else runs (compare only within one
  run); USS (Private_Clean + Private_Dirty) is what quitting the app would free.
- CPU: utime + stime from `/proc/PID/stat` (clock ticks; the kernel scales them to the exact
  run time, so over a window they are precise to one tick, 10 ms).
- Voluntary context switches: `/proc/PID/status` shows only the *main thread's* count, so this
  sums `/proc/PID/task/TID/status` over every thread. A voluntary switch is a sleep, so this
  counts wake-ups. Threads and processes that end inside a window take their counts with them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TAG_VARIABLE = "NUDGE_BENCH_TAG"


@dataclass(frozen=True)
class ThreadCount:
    """One thread's counters at one moment."""

    pid: int
    tid: int
    name: str
    cpu_s: float
    voluntary: int
    involuntary: int


@dataclass(frozen=True)
class TreeSample:
    """A tree's counters at one moment; memory in kB, CPU in seconds."""

    pids: tuple[int, ...]
    pss_kb: int
    rss_kb: int
    pss_anon_kb: int
    pss_file_kb: int
    uss_kb: int
    cpu_s: float
    voluntary: int
    involuntary: int
    threads: tuple[ThreadCount, ...] = field(default=(), repr=False)
    cpu_by_pid: dict[int, float] = field(default_factory=dict, repr=False)

    @property
    def thread_count(self) -> int:
        return len(self.threads)


def all_pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def parent_of(pid: int) -> int | None:
    stat = _read(PROC / str(pid) / "stat")
    if stat is None:
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    return int(stat.rsplit(")", 1)[1].split()[1])


def has_tag(pid: int, tag: str) -> bool:
    try:
        environ = (PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False
    return f"{TAG_VARIABLE}={tag}".encode() in environ.split(b"\0")


def tree_pids(root: int, tag: str | None = None) -> list[int]:
    """`root` (if alive), its descendants, and every process tagged `tag`, with descendants."""
    pids = all_pids()
    children: dict[int, list[int]] = {}
    for pid in pids:
        parent = parent_of(pid)
        if parent is not None:
            children.setdefault(parent, []).append(pid)
    seeds = [root] if (PROC / str(root)).exists() else []
    if tag is not None:
        seeds += [pid for pid in pids if pid != root and has_tag(pid, tag)]
    found: set[int] = set()
    while seeds:
        pid = seeds.pop()
        if pid in found:
            continue
        found.add(pid)
        seeds.extend(children.get(pid, ()))
    return sorted(found)


def memory_kb(pid: int) -> dict[str, int]:
    """`smaps_rollup` fields in kB (Rss, Pss, Pss_Anon, Pss_File, …); empty if it is gone."""
    text = _read(PROC / str(pid) / "smaps_rollup")
    values: dict[str, int] = {}
    for line in (text or "").splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
            values[parts[0][:-1]] = int(parts[1])
    return values


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (every thread, live or ended), in seconds."""
    stat = _read(PROC / str(pid) / "stat")
    if stat is None:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # fields 14 and 15 of stat(5)


def thread_counts(pid: int) -> list[ThreadCount]:
    """Per-thread CPU and context switches of `pid` (empty if it is gone)."""
    counts = []
    try:
        tids = [int(entry.name) for entry in (PROC / str(pid) / "task").iterdir()]
    except OSError:
        return []
    for tid in sorted(tids):
        base = PROC / str(pid) / "task" / str(tid)
        status, stat = _read(base / "status"), _read(base / "stat")
        if status is None or stat is None:
            continue
        fields = _status_fields(status)
        ticks = stat.rsplit(")", 1)[1].split()
        counts.append(ThreadCount(
            pid=pid, tid=tid, name=fields.get("Name", "?"),
            cpu_s=(int(ticks[11]) + int(ticks[12])) / CLOCK_TICKS,
            voluntary=int(fields.get("voluntary_ctxt_switches", 0)),
            involuntary=int(fields.get("nonvoluntary_ctxt_switches", 0))))
    return counts


def sample(pids: Iterable[int]) -> TreeSample:
    """Read every counter of `pids` now; processes that vanished count as zero."""
    pids = tuple(pids)
    pss = rss = anon = file_ = uss = 0
    cpu: dict[int, float] = {}
    threads: list[ThreadCount] = []
    for pid in pids:
        memory = memory_kb(pid)
        pss += memory.get("Pss", 0)
        rss += memory.get("Rss", 0)
        anon += memory.get("Pss_Anon", 0)
        file_ += memory.get("Pss_File", 0)
        uss += memory.get("Private_Clean", 0) + memory.get("Private_Dirty", 0)
        cpu[pid] = cpu_seconds(pid)
        threads += thread_counts(pid)
    return TreeSample(pids, pss, rss, anon, file_, uss, sum(cpu.values()),
                      sum(t.voluntary for t in threads), sum(t.involuntary for t in threads),
                      tuple(threads), cpu)


def memory_only(pids: Iterable[int]) -> tuple[int, int, int]:
    """(PSS, RSS, USS) in kB of `pids` now: the cheap reading taken during a window."""
    pss = rss = uss = 0
    for pid in pids:
        memory = memory_kb(pid)
        pss += memory.get("Pss", 0)
        rss += memory.get("Rss", 0)
        uss += memory.get("Private_Clean", 0) + memory.get("Private_Dirty", 0)
    return pss, rss, uss


@dataclass(frozen=True)
class ThreadDelta:
    pid: int
    tid: int
    name: str
    cpu_s: float
    voluntary: int


@dataclass(frozen=True)
class Delta:
    """What a tree did between two samples. Processes and threads that ended in between are
    missing from `end`, so what they did is lost; ones that started count from zero."""

    seconds: float
    cpu_s: float
    voluntary: int
    involuntary: int
    threads: tuple[ThreadDelta, ...]


def delta(start: TreeSample, end: TreeSample, seconds: float) -> Delta:
    cpu = sum(value - start.cpu_by_pid.get(pid, 0.0) for pid, value in end.cpu_by_pid.items())
    before = {(t.pid, t.tid): t for t in start.threads}
    threads = []
    involuntary = 0
    for thread in end.threads:
        old = before.get((thread.pid, thread.tid))
        threads.append(ThreadDelta(
            thread.pid, thread.tid, thread.name, thread.cpu_s - (old.cpu_s if old else 0.0),
            thread.voluntary - (old.voluntary if old else 0)))
        involuntary += thread.involuntary - (old.involuntary if old else 0)
    return Delta(seconds, max(0.0, cpu), sum(t.voluntary for t in threads), involuntary,
                 tuple(threads))


def process_names(pids: Iterable[int]) -> list[str]:
    names = []
    for pid in pids:
        comm = _read(PROC / str(pid) / "comm")
        if comm is not None:
            names.append(comm.strip())
    return names


def _status_fields(text: str) -> dict[str, str]:
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _read(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace")
    except OSError:  # the process or thread ended, or we may not read it
        return None
