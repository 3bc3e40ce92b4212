"""The streak milestones already celebrated, kept for good: `state/milestones.json`.

A small JSON file (`{"celebrated": [5, 10]}`) in the state folder, written atomically,
user-only; read and written on the engine thread. A missing or damaged file means none was
celebrated (logged): at worst one is celebrated a second time.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.safe_files import read_regular

log = logging.getLogger(__name__)
_MAX_BYTES = 4 << 10


def load_celebrated(path: Path) -> frozenset[int]:
    try:
        raw = read_regular(path, _MAX_BYTES, follow_links=False)
        if raw is None:
            return frozenset()
        values = json.loads(raw.decode("utf-8"))["celebrated"]
        if not isinstance(values, list) or not all(type(v) is int for v in values):
            raise ValueError("celebrated is not a list of whole numbers")
        return frozenset(values)
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("ignoring unreadable milestone state %s: %s", path, error)
        return frozenset()


def remember_celebrated(path: Path, milestone: int) -> None:
    """Add `milestone` to the celebrated ones; raises OSError if it cannot."""
    values = sorted(load_celebrated(path) | {milestone})
    make_private_dir(path.parent)
    write_atomically(path, json.dumps({"celebrated": values}).encode("utf-8"), PRIVATE_FILE_MODE)
