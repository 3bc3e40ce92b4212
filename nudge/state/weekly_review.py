"""The week whose weekly review was shown last (#20): `state/weekly_review.json`.

A tiny JSON file (`{"shown": "2026-W12"}`) in the state folder, written atomically, user-only;
read and written on the engine thread. A missing or damaged file means none was shown (logged):
at worst a review comes twice in one week.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nudge.core.iso_week import IsoWeek, NotAWeek
from nudge.paths import PRIVATE_FILE_MODE, make_private_dir
from nudge.platform.atomic_write import write_atomically
from nudge.platform.safe_files import read_regular

log = logging.getLogger(__name__)
_MAX_BYTES = 1 << 10


def load_shown_week(path: Path) -> IsoWeek | None:
    try:
        raw = read_regular(path, _MAX_BYTES, follow_links=False)
        if raw is None:
            return None
        return IsoWeek.parse(json.loads(raw.decode("utf-8"))["shown"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("ignoring unreadable weekly review state %s: %s", path,
                    error.said if isinstance(error, NotAWeek) else error)
        return None


def remember_shown_week(path: Path, week: IsoWeek) -> None:
    """Keep `week` as the one shown; raises OSError if it cannot."""
    make_private_dir(path.parent)
    payload = json.dumps({"shown": f"{week.year}-W{week.week:02d}"}).encode("utf-8")
    write_atomically(path, payload, PRIVATE_FILE_MODE)
