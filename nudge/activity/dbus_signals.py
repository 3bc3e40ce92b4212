"""Reading the signals the activity sources get: the new value of one property in a
PropertiesChanged. Called by `logind` in its signal handlers, on the nudge-dbus thread.
"""

from __future__ import annotations

from typing import Any

from nudge.platform.bus_calls import PROPERTIES
from nudge.platform.bus_connection import Signal


def changed_property(signal: Signal, interface: str, prop: str) -> Any:
    """The new value of `prop` if `signal` is a PropertiesChanged for it, else None."""
    if (signal.interface != PROPERTIES or signal.member != "PropertiesChanged"
            or not signal.body or signal.body[0] != interface):
        return None
    variant = signal.body[1].get(prop)
    return None if variant is None else variant[1]
