"""Add a recurring pause to the user's config.toml: an accepted quiet-hour suggestion (#20).

Runs on whatever thread handles the click. tomlkit edits the document in place, so the user's
comments, order and spacing stay as they were; the result is checked by the same parser that
loads the file, then written atomically (a running nudge never reads half a file, and its file
watch reloads the new pause).
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from nudge.config.files import load_config, write_default_config
from nudge.config.problems import ConfigError
from nudge.config.schema import parse_config
from nudge.core.quiet_hours import QuietHour
from nudge.core.settings import WEEKDAYS
from nudge.i18n import _
from nudge.paths import PRIVATE_FILE_MODE
from nudge.platform.atomic_write import write_atomically
from nudge.platform.error_words import reason
from nudge.platform.safe_files import MAX_TOML_BYTES, read_regular


def add_quiet_hour(path: Path, quiet: QuietHour) -> str:
    """Add `quiet` as a [[schedule.pauses]] entry of `path` (creating the commented default file
    first if there is none); returns a short line for the user. Raises ConfigError with the file
    and the fix when the file cannot be read, is not valid, or cannot be written."""
    # A file with problems is the user's to fix first: never rewrite it. Loaded first, so a
    # folder or a pipe in its place is named with the fix (as the load names it), not read.
    load_config(path)
    if read_regular(path, MAX_TOML_BYTES, follow_links=True) is None:
        write_default_config(path)
    try:
        raw = read_regular(path, MAX_TOML_BYTES, follow_links=True) or b""
        doc = tomlkit.parse(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, TOMLKitError) as problem:
        # Translators: {reason} says why, e.g. "Permission denied".
        raise ConfigError(_("{file}: cannot read it ({reason})").format(
            file=path, reason=reason(problem))) from None
    schedule = doc.get("schedule")
    if schedule is None:
        schedule = tomlkit.table()
        doc["schedule"] = schedule
    pauses = schedule.get("pauses")
    if pauses is None:
        pauses = tomlkit.aot()
        schedule["pauses"] = pauses
    entry = tomlkit.table()
    entry["day"] = WEEKDAYS[quiet.weekday]
    entry["hours"] = quiet.hours_text
    pauses.append(entry)
    text = tomlkit.dumps(doc)
    parse_config(tomlkit.parse(text).unwrap(), str(path))  # still a file nudge can load
    try:
        write_atomically(path, text.encode("utf-8"), PRIVATE_FILE_MODE)
    except OSError as problem:
        raise ConfigError(_("{file}: cannot write it ({reason})").format(
            file=path, reason=reason(problem))) from None
    return _("Added a pause: {when}.").format(when=quiet.when)
