"""Dependencies point one way: adapters never reach into the CLI (doctor) or the app's insides,
blockers do not use activity internals, config does not import blockers, and `nudge.platform`
(what every adapter family shares) imports none of them. Read from the source, lazy imports
inside functions and TYPE_CHECKING imports included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

NUDGE = Path(__file__).resolve().parents[1] / "nudge"
ADAPTERS = ("nudge.activity", "nudge.blockers", "nudge.notify", "nudge.tray", "nudge.autostart")
# The app's seams that adapters implement or speak: the ports and the command/reply types.
APP_SEAMS = ("nudge.app.ports", "nudge.app.commands")

# (modules under this package, imports they must not make, imports allowed anyway)
RULES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    *[(adapter, ("nudge.cli", "nudge.app"), APP_SEAMS) for adapter in ADAPTERS],
    ("nudge.blockers", ("nudge.activity",), ()),
    ("nudge.config", (*ADAPTERS, "nudge.cli", "nudge.app"), ()),
    ("nudge.platform", (*ADAPTERS, "nudge.cli", "nudge.app", "nudge.config"), ()),
    # The windows speak to the app only through the control channel's commands.
    ("nudge.windows", ("nudge.cli", "nudge.app"), ("nudge.app.commands",)),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(NUDGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, resolving relative ones."""
    package = module_name(path) if path.name == "__init__.py" else \
        module_name(path).rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from nudge.cli import doctor` imports nudge.cli.doctor: check each name too.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            found.append((node.lineno, base))
    return found


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def files_of(package: str) -> list[Path]:
    return sorted((NUDGE.parent / package.replace(".", "/")).rglob("*.py"))


@pytest.mark.parametrize(("package", "forbidden", "allowed"), RULES,
                         ids=[f"{p}-not-{'-'.join(f.split('.')[-1] for f in fs)}"
                              for p, fs, _ in RULES])
def test_imports_point_one_way(package: str, forbidden: tuple[str, ...],
                               allowed: tuple[str, ...]) -> None:
    files = files_of(package)
    assert files, f"no modules under {package}"
    wrong = [f"{path.relative_to(NUDGE.parent)}:{line} imports {name}"
             for path in files for line, name in imports_of(path)
             if any(within(name, bad) for bad in forbidden)
             and not any(within(name, ok) for ok in allowed)]
    assert not wrong, "\n".join(wrong)

