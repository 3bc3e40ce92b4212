"""The log file: rotating, readable by the user only, no personal text (ids and counts only)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from io import TextIOWrapper
from pathlib import Path

from nudge.paths import PRIVATE_FILE_MODE, make_private_dir, open_private

LOG_BYTES = 512 * 1024
LOG_BACKUPS = 2


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose log file is 0600 whatever the umask, also after each rotation
    (the stock one reopens a fresh file with the umask's mode, usually 0644)."""

    def _open(self) -> TextIOWrapper:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        # Always append: RotatingFileHandler forces mode 'a' once it rotates by size.
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(log_file: Path, verbose: bool = False) -> None:
    make_private_dir(log_file.parent)
    if log_file.exists():
        os.chmod(log_file, PRIVATE_FILE_MODE)  # ours; an older nudge may have left it 0644
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
