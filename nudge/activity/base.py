"""What every activity source module shares: the probe result and the "cannot work here" error.

A probe never raises: it returns a `Probe` whose `reason` is one readable line for the log and
`nudge doctor` — why the source is used, or why it cannot work here.
"""

from __future__ import annotations

from dataclasses import dataclass

from nudge.app.ports import ActivitySource


class Unavailable(Exception):
    """This source cannot work here; the message says why, for a person."""


@dataclass(frozen=True)
class Probe:
    name: str
    source: ActivitySource | None  # None: cannot work here, `reason` says why
    reason: str

    @staticmethod
    def failed(name: str, reason: str) -> Probe:
        return Probe(name, None, reason)


def describe(error: BaseException) -> str:
    """A readable one-liner for an exception (TimeoutError() has an empty message)."""
    text = str(error)
    return text if text else type(error).__name__
