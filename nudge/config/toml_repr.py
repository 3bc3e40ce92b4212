"""Show a config value the way it looks in the TOML file, shortened, for a problem's words.

`toml_repr` is what follows `key =` in every message about a bad value (`nudge.config.values`,
`nudge.config.schema`): TOML's spelling (true, quoted text, [lists], { tables }), cut to about
60 characters and three levels deep, so a long or odd value never floods a message. Pure: any
thread.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time

from nudge.i18n import _

_REPR_LIMIT = 60


def toml_repr(value: object) -> str:
    """Show a value the way it looks in the TOML file, shortened to about 60 characters."""
    text = _repr(value, depth=0)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 1] + "…"


def _repr(value: object, depth: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value[:_REPR_LIMIT], ensure_ascii=False)
    if isinstance(value, int | float):
        return _number_repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if depth >= 3:
        return "…"
    if isinstance(value, list):
        return "[" + ", ".join(_repr(item, depth + 1) for item in value[:8]) + "]"
    if isinstance(value, dict):
        pairs = (f"{key} = {_repr(item, depth + 1)}" for key, item in list(value.items())[:8])
        return "{ " + ", ".join(pairs) + " }"
    return str(value)[:_REPR_LIMIT]


def _number_repr(value: int | float) -> str:
    try:
        return repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        return _("a very large number")
