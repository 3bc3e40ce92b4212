"""APScheduler's `CronTrigger`, imported without what the calendar wake-ups never run.

Two imports come with `from apscheduler.triggers.cron import CronTrigger` that a trigger does
not use, and they stay resident in the all-day app (bench/RESULTS.md weighs them): the package's
`__init__` asks `importlib.metadata` for its own version (which loads `email`, `csv`, `zipfile`),
and `apscheduler.util` takes `iscoroutinefunction` from `asyncio` (all of asyncio, ~1.4 MB), for
checking job functions, which nudge does not give it. So the package is entered through its
folder without running its `__init__`, and `asyncio` stands in, for that one import, as a module
whose `iscoroutinefunction` is `inspect`'s and whose every other name loads the real asyncio.
That only on Linux, where nothing else in the app imports asyncio (tests/test_app_imports.py);
on Windows and macOS desktop-notifier runs on asyncio anyway. If any of it fails (a new
APScheduler), the ordinary import runs.

Threading: called from whichever thread starts the calendar wake-ups; imports are serialised
by Python's import lock, the stand-in is removed before this returns.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import types
from typing import Any

_PACKAGE = "apscheduler"


class _AsyncioUntilUsed(types.ModuleType):
    """`asyncio` for APScheduler's `from asyncio import iscoroutinefunction`; anything else
    asked of it brings the real module."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probing (`__path__`): a plain module
            raise AttributeError(name)
        if sys.modules.get("asyncio") is self:
            del sys.modules["asyncio"]
        return getattr(importlib.import_module("asyncio"), name)


def load_cron_trigger() -> type:
    """The `CronTrigger` class."""
    if "apscheduler.triggers.cron" not in sys.modules:
        try:
            _import_lean()
        except Exception:  # a layout this does not know: the ordinary import below
            for name in [m for m in sys.modules if m == _PACKAGE or m.startswith("apscheduler.")]:
                del sys.modules[name]
    from apscheduler.triggers.cron import CronTrigger

    found: type = CronTrigger
    return found


def _import_lean() -> None:
    if _PACKAGE not in sys.modules:
        spec = importlib.util.find_spec(_PACKAGE)  # finds the folder, runs nothing
        if spec is None or not spec.submodule_search_locations:
            return
        package = types.ModuleType(_PACKAGE)
        package.__path__ = list(spec.submodule_search_locations)
        package.__spec__ = spec
        package.__file__ = spec.origin
        sys.modules[_PACKAGE] = package
    stand_in = None
    if "asyncio" not in sys.modules and sys.platform.startswith("linux"):
        stand_in = _AsyncioUntilUsed("asyncio")
        stand_in.iscoroutinefunction = inspect.iscoroutinefunction  # type: ignore[attr-defined]
        sys.modules["asyncio"] = stand_in
    try:
        importlib.import_module("apscheduler.triggers.cron")
    finally:
        if stand_in is not None and sys.modules.get("asyncio") is stand_in:
            del sys.modules["asyncio"]
