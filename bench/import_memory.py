"""Child process for `bench.profile.import_memory`: a JSON request on stdin, JSON on stdout.

Request: {"modules": [names in the app's import order], "blocked": [package names]}. Blocked
packages are made unimportable first (`sys.modules[name] = None`, so `import name` raises
ImportError, which is how the standard library itself probes optional modules such as `ssl` and
`_hashlib`); this answers "what would nudge weigh without X". Then each module is imported in
turn and this process's own PSS read after each (from /proc/self/smaps_rollup). A module that
cannot be imported (it needs a blocked one, or is another platform's) is listed, not fatal.
OpenSSL (`ssl`, `_hashlib`) is kept out first, as `nudge run` keeps it out of the app.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
from collections import defaultdict


def _pss_kb() -> int:
    return _rollup()["Pss"]


def _uss_kb() -> int:
    """Private memory: unlike PSS, it does not move when other processes map the same files."""
    values = _rollup()
    return values["Private_Clean"] + values["Private_Dirty"]


def _rollup() -> dict[str, int]:
    values = {}
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                values[parts[0].rstrip(":")] = int(parts[1])
    return values


def main() -> None:
    from bench.profile import package_of  # imported before the baseline is taken

    request = json.load(sys.stdin)
    # As `nudge run` does first (nudge/platform/openssl_guard.py), or `import asyncio` here would
    # load ssl and charge it to asyncio although the app never loads it.
    from nudge.platform.openssl_guard import keep_openssl_out

    openssl_kept_out = keep_openssl_out()
    for name in request.get("blocked", []):
        sys.modules[name] = None  # type: ignore[assignment]
    gc.collect()
    baseline = previous = _pss_kb()
    by_package: dict[str, int] = defaultdict(int)
    failed = []
    for module in request["modules"]:
        if module in sys.modules:
            continue
        try:
            if module.startswith("apscheduler.") and "apscheduler" not in sys.modules:
                # As the app imports it (nudge/app/cron_import.py): by name, APScheduler's
                # package `__init__` and `asyncio` would be charged although the app has neither.
                from nudge.app.cron_import import load_cron_trigger

                load_cron_trigger()
            importlib.import_module(module)
        except ImportError as error:
            # Another platform's module (`nt`, `_winapi`, Jython's `org.python.core`) failed in
            # the app too; only a module that needs a blocked one is worth listing.
            if not (error.name and module.startswith(error.name)):
                failed.append(module)
            continue
        except Exception as error:  # report and carry on
            failed.append(f"{module} ({type(error).__name__}: {error})")
            continue
        now = _pss_kb()
        by_package[package_of(module)] += now - previous
        previous = now
    gc.collect()
    json.dump({"baseline_kb": baseline, "after_kb": _pss_kb(), "after_uss_kb": _uss_kb(),
               "by_package_kb": dict(sorted(by_package.items(), key=lambda kv: -kv[1])),
               "failed": failed, "openssl_kept_out": openssl_kept_out}, sys.stdout)


if __name__ == "__main__":
    main()
