"""Start at login on XDG desktops (GNOME, KDE, Xfce, Cinnamon, MATE, LXQt…): a desktop entry in
`$XDG_CONFIG_HOME/autostart/nudge.desktop` (default `~/.config/autostart`), per the XDG Autostart
specification.

Rules followed:
- The user's folder overrides system folders (`$XDG_CONFIG_DIRS/autostart`, default /etc/xdg)
  file by file. An entry with `Hidden=true` (or GNOME's `X-GNOME-Autostart-enabled=false`,
  written by its Startup Applications tool) is switched off, so both read as disabled here.
- `disable()` deletes only `nudge.desktop` in the user's folder; but if a system-wide
  `nudge.desktop` exists (a distribution package), deleting ours would switch it back on, so
  then a `Hidden=true` override is written instead — the spec's way to disable it.
- `Exec=` holds an absolute command for this install (see `launch_command`), quoted per the
  Desktop Entry spec (quoting first, then the string escapes; `%` doubled).

Start-up timing: the session starts autostart entries while the panel (the tray host) and the
notification daemon may still be coming up. We ask for a delay with the keys sessions honour —
`X-GNOME-Autostart-Delay` (gnome-session, cinnamon-session), `X-MATE-Autostart-Delay`,
`X-KDE-autostart-phase=2` (after the desktop), `X-LXQt-Need-Tray` (LXQt waits for its tray) —
instead of wrapping Exec in `sh -c "sleep …"`, which hides the real command from the session's
startup tools and delays nudge even where nothing needs waiting. Other sessions (Xfce,
systemd's xdg-autostart-generator used by newer GNOME/Plasma) ignore these keys, so nudge itself
must tolerate a tray host that appears after it starts (the tray backend waits for it).

Any thread (blocking file calls of milliseconds): the tray reads it on the engine thread and writes
it on nudge-autostart; commands, the settings window and doctor call it on theirs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from nudge.autostart import failing_as, write_entry

FILE_NAME = "nudge.desktop"
START_DELAY_SECONDS = 10
GROUP = "Desktop Entry"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # Desktop Entry spec, "The Exec key"
_ESCAPE_IN_QUOTES = set('"`$\\')
_HEADER = ("# Written by `nudge autostart on` or the tray's \"Start at login\";\n"
           "# `nudge autostart off` removes it.\n")


class XdgAutostart:
    def __init__(self, user_dir: Path, system_dirs: Sequence[Path],
                 commands: Sequence[Sequence[str]],
                 environment: Mapping[str, str] | None = None) -> None:
        """`commands`: the argv `enable()` writes first, then others that also start this
        install (see `launch_commands`)."""
        self.path = user_dir / FILE_NAME
        self.where = str(self.path)
        self._system_dirs = tuple(system_dirs)
        self._command = list(commands[0])
        self._environment = dict(environment or {})
        self._current = {exec_value(c, self._environment) for c in commands}
        self._current_files = {desktop_entry(c, self._environment).encode("utf-8")
                               for c in commands}

    @classmethod
    def from_env(cls, environ: Mapping[str, str], commands: Sequence[Sequence[str]],
                 environment: Mapping[str, str] | None = None) -> XdgAutostart:
        """Folders from `XDG_CONFIG_HOME` / `XDG_CONFIG_DIRS` (relative paths are ignored, as
        the Base Directory spec says)."""
        home = Path(environ.get("HOME") or Path.home())
        config_home = _absolute(environ.get("XDG_CONFIG_HOME", "")) or home / ".config"
        system = [Path(p) for p in environ.get("XDG_CONFIG_DIRS", "").split(":")
                  if _absolute(p)] or [Path("/etc/xdg")]
        return cls(config_home / "autostart", [d / "autostart" for d in system], commands,
                   environment)

    def enabled(self) -> bool:
        entry = self._effective_entry()
        return entry is not None and is_active(entry)

    def enable(self) -> None:
        """Write our entry, unless one for this install is there already (so `on` from a
        shell whose PATH differs does not flip the command between equivalent forms)."""
        payload = desktop_entry(self._command, self._environment).encode("utf-8")
        with failing_as("write", self.path):
            if self.path.is_file() and self.path.read_bytes() in self._current_files:
                return
            write_entry(self.path, payload)

    def disable(self) -> None:
        with failing_as("change", self.path):
            system = self._system_entry()
            if system is not None and is_active(system):
                write_entry(self.path, hidden_entry().encode("utf-8"))
            else:
                self.path.unlink(missing_ok=True)

    def registered_command(self) -> str | None:
        entry = self._effective_entry()
        return None if entry is None else entry.get("Exec")

    def wanted_command(self) -> str:
        return exec_value(self._command, self._environment)

    def is_current(self) -> bool:
        return self.registered_command() in self._current

    # -- reading ---------------------------------------------------------------------------
    def _effective_entry(self) -> dict[str, str] | None:
        """The entry the session will use: ours if present, else the first system one."""
        if self.path.exists():
            return _read_entry(self.path)
        return self._system_entry()

    def _system_entry(self) -> dict[str, str] | None:
        for folder in self._system_dirs:
            candidate = folder / FILE_NAME
            if candidate.exists():
                return _read_entry(candidate)
        return None


def desktop_entry(command: Sequence[str], environment: Mapping[str, str] | None = None) -> str:
    """The autostart file's text for `command` (absolute argv) and extra `environment`."""
    lines = [
        "Type=Application",
        "Version=1.4",
        "Name=nudge",
        "GenericName=Sitting reminder",
        "Comment=Reminds you to stand up and wake your glutes while you sit",
        f"Exec={exec_value(command, environment)}",
        "Icon=nudge",
        "Terminal=false",
        "StartupNotify=false",
        "X-GNOME-Autostart-enabled=true",
        f"X-GNOME-Autostart-Delay={START_DELAY_SECONDS}",
        f"X-MATE-Autostart-Delay={START_DELAY_SECONDS}",
        "X-KDE-autostart-phase=2",
        "X-LXQt-Need-Tray=true",
    ]
    return _HEADER + f"[{GROUP}]\n" + "\n".join(lines) + "\n"


def hidden_entry() -> str:
    """An override that switches off a system-wide nudge.desktop for this user."""
    return (_HEADER + f"[{GROUP}]\nType=Application\nName=nudge\nHidden=true\n"
            "X-GNOME-Autostart-enabled=false\n")


def exec_value(command: Sequence[str], environment: Mapping[str, str] | None = None) -> str:
    """`command` as the value of an `Exec=` key; `environment` goes in front through `env`."""
    argv = list(command)
    if environment:
        argv = ["env", *(f"{name}={value}" for name, value in environment.items()), *argv]
    return escape_string(" ".join(quote_argument(a) for a in argv)).replace("%", "%%")


def quote_argument(argument: str) -> str:
    """Quote one argument per the Exec rules: double quotes around any argument with a reserved
    character, and a backslash before `"`, `` ` ``, `$` and `\\` inside them."""
    if argument and not _RESERVED.intersection(argument):
        return argument
    inner = "".join("\\" + c if c in _ESCAPE_IN_QUOTES else c for c in argument)
    return f'"{inner}"'


def escape_string(text: str) -> str:
    """The escapes of the `string` value type, applied after quoting (so a literal backslash in
    a quoted argument ends up as four)."""
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def parse_entry(text: str) -> dict[str, str]:
    """The `[Desktop Entry]` group's keys (values as stored, escapes not undone)."""
    entry: dict[str, str] = {}
    in_group = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            in_group = line == f"[{GROUP}]"
            continue
        if in_group and "=" in line:
            key, value = line.split("=", 1)
            entry.setdefault(key.strip(), value.strip())
    return entry


def is_active(entry: Mapping[str, str]) -> bool:
    """False when the user (or their desktop's settings tool) switched the entry off."""
    return not (_true(entry.get("Hidden", "false"))
                or not _true(entry.get("X-GNOME-Autostart-enabled", "true")))


def _true(value: str) -> bool:
    return value.strip().lower() in ("true", "1")


def _read_entry(path: Path) -> dict[str, str]:
    with failing_as("read", path):
        return parse_entry(path.read_text(encoding="utf-8", errors="replace"))


def _absolute(text: str) -> Path | None:
    return Path(text) if text and os.path.isabs(text) else None
