"""What every blocker module shares: the `Blocker` protocol, the probe result each considered
blocker ends in (`BlockerProbe`), and the "cannot work here" error (both shared by every adapter
family: `nudge.platform.probe`).

A blocker answers one question, cheaply: "must nudge not interrupt right now, and why?".
`check()` returns None when nothing blocks, else a short reason: an `English` (nudge.i18n), whose
string is the English words for the log and `status --json`'s `held_by` ("a fullscreen window",
"the camera is in use (/dev/video0 by zoom)") and whose `shown()` is what the status line and
`nudge doctor` show, in the user's language. A plain string is shown as it is.

Any thread: types only; a blocker is checked by one thread at a time (the engine thread in the app,
a probe's thread in `nudge doctor`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeAlias, runtime_checkable

from nudge.platform import probe
from nudge.platform.probe import Probe, Unavailable

__all__ = ["CALL_SECONDS", "Blocker", "BlockerProbe", "CheckFailed", "Unavailable", "attempt"]

CALL_SECONDS = 1.0  # the time box for one D-Bus call or helper program inside a check


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


# One blocker considered by `build_blockers`: used (built; the reason says what it watches), off
# in the config, unavailable here or failed in set-up (the reason says why).
BlockerProbe: TypeAlias = Probe[Blocker]


def attempt(name: str, make: Callable[[], tuple[Blocker, str]]) -> BlockerProbe:
    """Build one blocker with `make` (the blocker and what it watches): an `Unavailable` or a
    crash in set-up leaves it unbuilt, saying why, and never stops the others."""
    def build() -> BlockerProbe:
        blocker, watches = make()
        return Probe.used(name, blocker, watches)

    return probe.attempt(name, build)
