"""What every activity source module shares: the probe result and the "cannot work here" error,
which are the ones every adapter family uses (`nudge.platform.probe`).

A probe never raises: it returns an `ActivityProbe` whose `reason` is one readable line for the
log and `nudge doctor` — why the source is used, or why it cannot work here — and whose
capabilities say what the source sees (idle time, screen lock, inhibitors, resume, D-Bus).

Any thread: types only.
"""

from __future__ import annotations

from typing import TypeAlias

from nudge.app.ports import ActivitySource
from nudge.platform.probe import Capability, Probe, Status, Unavailable

__all__ = ["ActivityProbe", "Capability", "Probe", "Status", "Unavailable"]

ActivityProbe: TypeAlias = Probe[ActivitySource]
