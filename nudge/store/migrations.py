"""Upgrades for stored history documents, applied when reading.

Every document carries its schema version in `"v"`. `MIGRATIONS` maps a version N to a function that
turns a version-N document into a version N+1 document; `upgrade_doc` applies them in order up to
`SCHEMA_VERSION`. Files are not rewritten: other devices' files are read-only to us, and an old
file stays readable by every later nudge.

Adding version N+1: bump `SCHEMA_VERSION` in `nudge.core.events`, write `_vN_to_vN1` here, register
it under N, and add a test with a real version-N document.

Any thread: pure; applied on the store's caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from nudge.core.events import SCHEMA_VERSION

Doc = dict[str, Any]
Migration = Callable[[Doc], Doc]


class UnknownSchemaError(ValueError):
    """The document was written by a newer nudge than this one."""


def _v0_to_v1(doc: Doc) -> Doc:
    """Version 0 (documents without "v") kept one local timestamp, `"time"`, ISO 8601 with offset.

    Version 1 stores the UTC instant (`at`), the local time (`local`) and the local date (`date`),
    so days group by the user's calendar and sort by real time after a time-zone change.
    """
    upgraded = {k: v for k, v in doc.items() if k != "time"}
    local = datetime.fromisoformat(doc["time"])
    if local.tzinfo is None:
        raise ValueError("a version-0 time without a UTC offset cannot be placed")
    upgraded["v"] = 1
    upgraded["at"] = local.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    upgraded["local"] = local.isoformat(timespec="seconds")
    upgraded["date"] = local.date().isoformat()
    return upgraded


MIGRATIONS: Mapping[int, Migration] = MappingProxyType({0: _v0_to_v1})


def doc_version(doc: Doc) -> int:
    """The document's schema version; a document without "v" is version 0."""
    version = doc.get("v", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ValueError(f"bad schema version {version!r}")
    return version


def upgrade_doc(
    doc: Doc,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> Doc:
    """Return `doc` upgraded to `target` (a new dict; `doc` is not changed).

    Raises UnknownSchemaError for a document newer than `target`, ValueError/KeyError when a step is
    missing or the document is malformed.
    """
    version = doc_version(doc)
    if version > target:
        raise UnknownSchemaError(f"schema {version} is newer than {target}")
    upgraded = dict(doc)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise ValueError(f"no migration from schema {version}")
        upgraded = step(upgraded)
        version += 1
        if doc_version(upgraded) != version:
            raise ValueError(f"migration from schema {version - 1} did not set v={version}")
    return upgraded
