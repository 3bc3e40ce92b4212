"""The real clock: monotonic seconds and the local wall time."""

from __future__ import annotations

import time
from datetime import datetime


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        # astimezone() with no argument reads the zone afresh, so a time-zone change while
        # running is picked up on the next sample.
        return datetime.now().astimezone()
