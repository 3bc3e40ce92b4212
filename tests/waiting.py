"""Waiting for a real-world condition (a process up, a file written, a line logged) with a
deadline: the one polling helper of the tests, instead of sleeping for a guessed time."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(check: Callable[[], object], timeout: float = 10.0, what: str = "condition"
             ) -> object:
    """Poll `check` until it returns something truthy (returned), or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)
