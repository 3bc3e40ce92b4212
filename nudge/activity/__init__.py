"""Activity sources: where idle time, screen lock and suspend come from on each desktop.

`pick_activity_source()` chooses the best one that works here and says why; every source
implements `nudge.ports.ActivitySource`. Platform modules are imported lazily.
"""

from __future__ import annotations

from dataclasses import dataclass

from nudge.activity.null import NullActivitySource
from nudge.ports import ActivitySource


@dataclass(frozen=True)
class Choice:
    source: ActivitySource
    reason: str  # one line for `nudge doctor` and the log


def pick_activity_source() -> Choice:
    """The best available source. Desktop sources arrive with the desktop adapters; until one
    works here, time counts as seated while the app runs (and the session is unlocked)."""
    reason = ("no idle-time source for this desktop yet: counting all time while nudge runs "
              "as seated")
    return Choice(NullActivitySource(reason), reason)
