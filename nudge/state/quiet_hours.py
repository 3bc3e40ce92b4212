"""The quiet-hour suggestions the user dismissed, kept for good: `state/quiet_hours.json`.

A small JSON file (`{"dismissed": ["tue-14", ...]}`) in the state folder, written atomically,
user-only; read and written on whatever thread handles the click. A missing or damaged file
means nothing was dismissed (logged): at worst a suggestion comes back once.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.safe_files import read_regular

log = logging.getLogger(__name__)
_MAX_BYTES = 64 << 10  # 168 weekday hours at most: a few KB


def load_dismissed(path: Path) -> frozenset[str]:
    try:
        raw = read_regular(path, _MAX_BYTES, follow_links=False)
        if raw is None:
            return frozenset()
        keys = json.loads(raw.decode("utf-8"))["dismissed"]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ValueError("dismissed is not a list of names")
        return frozenset(keys)
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("ignoring unreadable quiet-hour state %s: %s", path, error)
        return frozenset()


def dismiss(path: Path, key: str) -> None:
    """Remember `key` (a `QuietHour.key`) as dismissed; raises OSError if it cannot."""
    keys = sorted(load_dismissed(path) | {key})
    make_private_dir(path.parent)
    write_atomically(path, json.dumps({"dismissed": keys}).encode("utf-8"), PRIVATE_FILE_MODE)
