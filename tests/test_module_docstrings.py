"""Every module outside the pure core says what it is for and which thread runs it.

The project's rule is "a docstring per module (what it is for, which thread)". `nudge/core` is
left out: its `__init__` covers every core module at once (pure, any thread). So are the
generated Wayland protocol bindings. The check is the word "thread" in the module docstring:
a sentence such as "Runs on the engine thread." or "Any thread: pure." passes.
"""

from __future__ import annotations

import ast
from pathlib import Path

NUDGE = Path(__file__).resolve().parents[1] / "nudge"
SKIPPED = ("core", "activity/wayland_protocols")



def _modules() -> list[str]:
    names = []
    for path in sorted(NUDGE.rglob("*.py")):
        name = path.relative_to(NUDGE).as_posix()
        if not any(name == skipped or name.startswith(skipped + "/") for skipped in SKIPPED):
            names.append(name)
    return names


def _lacking(names: list[str]) -> list[str]:
    lacking = []
    for name in names:
        doc = ast.get_docstring(ast.parse((NUDGE / name).read_text(encoding="utf-8")))
        if doc is None:
            lacking.append(f"{name}: no module docstring")
        elif "thread" not in doc.lower():
            lacking.append(f"{name}: the docstring does not say which thread runs it")
    return lacking


def test_every_module_docstring_names_its_thread() -> None:
    names = _modules()
    assert len(names) > 100  # the walk found the package, not an empty folder
    lacking = _lacking(names)
    assert not lacking, "\n".join(lacking)
