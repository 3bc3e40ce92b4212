"""The README's map of the code ("How the code is laid out") against the tree: every package
folder of `nudge/` is on it, and every file it names exists where it says."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER_LINE = re.compile(r"^(nudge/[a-z0-9_/]+/|tests/|bench/|packaging/)\s")
NAMED_FILE = re.compile(r"(?<![\w/.])([a-z0-9_*]+/)?([a-z0-9_*]+\.py)\b")


def layout_map() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How the code is laid out"):]
    opening = section.index("```\n") + 4
    return section[opening:section.index("```", opening)].splitlines()


def named_files() -> list[tuple[str, str]]:
    """(folder, file pattern) for each `.py` the map names, under the folder line above it."""
    found: list[tuple[str, str]] = []
    folder = ""
    for line in layout_map():
        match = FOLDER_LINE.match(line)
        if match:
            folder = match.group(1)
        for subfolder, name in NAMED_FILE.findall(line):
            found.append((folder, subfolder + name))
    return found


def test_every_package_folder_is_on_the_map() -> None:
    on_map = {m.group(1) for line in layout_map() if (m := FOLDER_LINE.match(line))}
    packages = {f"{p.parent.relative_to(ROOT).as_posix()}/"
                for p in (ROOT / "nudge").glob("*/__init__.py")}

    assert packages - on_map == set()


def test_every_file_the_map_names_exists_in_its_folder() -> None:
    missing = []
    for folder, pattern in named_files():
        # A name may be in a subfolder (`doctor/`), a sibling package (`cli/offline.py` under
        # nudge/app/) or top-level (`hints.py` on the nudge/paths.py line).
        places = [ROOT / folder, *(ROOT / folder).glob("*/"), ROOT / "nudge", ROOT]
        if not any(list(place.glob(pattern)) for place in places):
            missing.append(f"{folder}{pattern}")

    assert missing == []
    assert len(named_files()) > 100  # the map names files, so the check above checks something
