"""What every blocker module shares: the `Blocker` protocol and the "cannot work here" error.

A blocker answers one question, cheaply: "must nudge not interrupt right now, and why?".
`check()` returns None when nothing blocks, else a short reason a person reads in the tray
status or the log ("a fullscreen window", "the camera is in use (/dev/video0 by zoom)").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

log = logging.getLogger(__name__)

CALL_SECONDS = 1.0  # the time box for one D-Bus call or helper program inside a check


class Unavailable(Exception):
    """This blocker cannot work here; the message says why, for a person."""


class CheckFailed(Exception):
    """One check could not find out (a helper program failed or timed out). The guard in
    `BlockerSet` turns it into "not blocking" and logs it once."""


@runtime_checkable
class Blocker(Protocol):
    """One reason not to interrupt.

    `check()` must be cheap (well under 100 ms; any D-Bus call or helper program is time-boxed
    to `CALL_SECONDS`) and should not raise; `BlockerSet` guards it anyway.
    Thread: any one thread at a time (the engine thread in the app, a probe thread in doctor).
    """

    name: str

    def check(self) -> str | None: ...


@dataclass(frozen=True)
class Candidate:
    """One blocker considered by `build_blockers`: built (`blocker` set) or not, and why."""

    name: str
    blocker: Blocker | None
    why: str  # what it watches when built; why not otherwise


def attempt(name: str, make: Callable[[], tuple[Blocker, str]]) -> Candidate:
    """Build one blocker with `make` (the blocker and what it watches): an `Unavailable` or a
    crash in set-up leaves it unbuilt, saying why, and never stops the others."""
    try:
        blocker, why = make()
    except Unavailable as reason:
        return Candidate(name, None, str(reason))
    except Exception as error:
        log.debug("blocker %s: set-up failed", name, exc_info=True)
        return Candidate(name, None, f"set-up failed: {error or type(error).__name__}")
    return Candidate(name, blocker, why)
