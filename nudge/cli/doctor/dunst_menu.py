"""Whether dunst's menu can open here: dunst draws no buttons, and offers a nudge's
Done/Snooze/Skip in a menu that runs the program its `dmenu` setting names (default
`/usr/bin/dmenu -p dunst:`). Without that program the menu never opens, so doctor says so.

The setting is read as dunst reads it (dunst(1)): the file given to the running dunst with
`-config`/`-conf` (found through its process id), else the first `dunst/dunstrc` under
$XDG_CONFIG_HOME then each of $XDG_CONFIG_DIRS, with that folder's `dunstrc.d/*.conf`
drop-ins after it; the last `dmenu =` under [global] wins. A bare name is looked up on PATH,
as dunst does. Files only (and /proc on Linux), on doctor's session-bus probe thread.
"""

from __future__ import annotations

import itertools
import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_MENU = "/usr/bin/dmenu -p dunst:"


def with_menu(facts: Mapping[str, Any], env: Mapping[str, str]) -> dict[str, Any]:
    """Session facts plus, where dunst shows notifications, "menu" (the program its menu runs)
    and "menu_found" (whether it can run)."""
    if not str(facts.get("server") or "").lower().startswith("dunst"):
        return dict(facts)
    pid = facts.get("pid")
    program = menu_program(pid if isinstance(pid, int) else None, env)
    return {**facts, "menu": program, "menu_found": program_found(program, env)}


def menu_program(pid: int | None, env: Mapping[str, str]) -> str:
    """The program dunst's menu runs: its path or name, without arguments."""
    command = DEFAULT_MENU
    for file in config_files(pid, env):
        command = _dmenu_setting(file) or command
    try:
        words = shlex.split(command)
    except ValueError:  # an unbalanced quote: dunst would split it its own way
        words = command.split()
    return words[0] if words else DEFAULT_MENU.split()[0]


def program_found(program: str, env: Mapping[str, str]) -> bool:
    """Whether `program` can be run: that file for a path, else the name on PATH."""
    if os.sep in program:
        return os.path.isfile(program) and os.access(program, os.X_OK)
    return shutil.which(program, path=env.get("PATH", os.defpath)) is not None


def config_files(pid: int | None, env: Mapping[str, str]) -> list[Path]:
    """dunst's config files, least important first."""
    given = _config_argument(pid)
    if given is not None:
        return [given]
    home = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")).expanduser() /
                                             ".config")
    dirs = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    for base in [home, *dirs]:
        if base and (Path(base) / "dunst" / "dunstrc").is_file():
            folder = Path(base) / "dunst"
            return [folder / "dunstrc", *sorted((folder / "dunstrc.d").glob("*.conf"))]
    return []


def _config_argument(pid: int | None) -> Path | None:
    """The file after `-config`/`-conf` on the running dunst's command line, if any."""
    if pid is None:
        return None
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    for flag, value in itertools.pairwise(words):
        if flag in (b"-config", b"-conf", b"--config", b"--conf") and value:
            return Path(os.fsdecode(value))
    return None


def _dmenu_setting(file: Path) -> str | None:
    """The `dmenu` value under [global] in one dunstrc (quotes removed), if set there."""
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = None
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == "global" and "=" in line and not line.startswith(("#", ";")):
            key, value = (part.strip() for part in line.split("=", 1))
            if key == "dmenu":
                found = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' \
                    else value
    return found
