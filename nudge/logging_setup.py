"""The log file: rotating, readable by the user only, no personal text (ids and counts only)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 2


def setup_logging(log_file: Path, verbose: bool = False) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not log_file.exists():
        os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
