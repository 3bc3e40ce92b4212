"""Menu changes that pile up between two flushes of the tray, merged into the one change
that `com.canonical.dbusmenu` announces (any thread; pure).
"""

from __future__ import annotations

from typing import Any

from nudge.tray.dbusmenu import MenuChange


def merge_changes(changes: list[MenuChange]) -> MenuChange:
    """One change saying all that `changes` said, later properties over earlier ones."""
    if len(changes) == 1:
        return changes[0]
    updated: dict[int, dict[str, Any]] = {}
    removed: dict[int, tuple[str, ...]] = {}
    for change in changes:
        for node_id, props in change.updated:
            updated.setdefault(node_id, {}).update(props)
        for node_id, names in change.removed:
            removed[node_id] = removed.get(node_id, ()) + names
    return MenuChange(any(c.structure for c in changes), tuple(updated.items()),
                      tuple(removed.items()))
