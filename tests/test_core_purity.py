"""The core stays pure: no GUI, OS, scheduler or storage imports, no clock reads, no sleeps."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1] / "nudge" / "core"
ALLOWED_MODULES = {
    "__future__", "collections", "collections.abc", "dataclasses", "datetime", "enum",
    "typing", "re", "math", "itertools", "functools", "bisect", "heapq", "string", "textwrap",
    "unicodedata",  # character widths (CJK text takes two columns): a table, no I/O
}
# `time(8, 0)` builds a datetime.time and is fine; the `time` module cannot be imported at all.
FORBIDDEN_CALLS = {"now", "today", "utcnow", "monotonic", "sleep", "perf_counter", "open",
                   "fromtimestamp"}


def core_files() -> list[Path]:
    return sorted(CORE.glob("*.py"))


@pytest.mark.parametrize("path", core_files(), ids=lambda p: p.name)
def test_core_module_imports_only_the_standard_library_basics_and_the_core(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name in ALLOWED_MODULES or name.startswith("nudge.core"), \
                f"{path.name} imports {name}"


@pytest.mark.parametrize("path", core_files(), ids=lambda p: p.name)
def test_core_module_never_reads_the_clock_sleeps_or_opens_files(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            assert name not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {name}()"
