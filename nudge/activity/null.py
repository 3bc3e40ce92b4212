"""The fallback activity source: no idle information, so all running time counts as seated.

Any thread (it does nothing); the engine thread reads it."""

from __future__ import annotations

from nudge.app.ports import ActivityReading


class NullActivitySource:
    """Always idle 0. Cost: nothing."""

    name = "none"

    def __init__(self, reason: str = "no idle source available") -> None:
        self.reason = reason

    def read(self) -> ActivityReading:
        return ActivityReading(idle_seconds=0.0)

    def close(self) -> None:
        pass
