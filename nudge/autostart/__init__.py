"""Start at login: one small port (`Autostart`) and one adapter per platform.

- Linux and other XDG desktops: `~/.config/autostart/nudge.desktop` (`nudge.autostart.xdg`);
- Windows: the HKCU `...\\CurrentVersion\\Run` value "nudge" (`nudge.autostart.windows`);
- macOS: `~/Library/LaunchAgents/io.nudge.app.plist` (`nudge.autostart.macos`).

`autostart_for_platform()` picks one; platform modules are imported lazily, and nothing here
touches the disk or the registry until a method is called. The `nudge autostart` command and
the tray's "Start at login" item use the same objects. Methods are plain blocking file or
registry calls (milliseconds), safe from any thread; errors surface as `AutostartError`, an
`OSError`, with a sentence a user can act on.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from nudge.i18n import N_, _
from nudge.paths import HOME_VARIABLE
from nudge.platform.atomic_write import write_atomically
from nudge.platform.error_words import reason

APP_ID = "nudge"
_ENTRY_MODE = 0o644  # the session's launcher reads it; it holds no secrets
# Translators: {where} is a file or a registry key; {reason} the system's reason.
_CANNOT = {"read": N_("cannot read {where}: {reason}"),
           "write": N_("cannot write {where}: {reason}"),
           "change": N_("cannot change {where}: {reason}"),
           "remove": N_("cannot remove {where}: {reason}")}
_BY_HAND = N_("add `nudge` to your session's startup programs by hand")


class AutostartError(OSError):
    """Start at login could not be read or changed; the message says why and what to do."""


def cannot(doing: str, where: object, error: OSError) -> AutostartError:
    """AutostartError "cannot <doing> <where>: <why>"; `doing` is read, write, change or
    remove."""
    return AutostartError(_(_CANNOT[doing]).format(where=where, reason=reason(error)))


@contextmanager
def failing_as(doing: str, where: object) -> Iterator[None]:
    """An OSError in the block becomes AutostartError "cannot <doing> <where>: <why>"."""
    try:
        yield
    except OSError as error:
        raise cannot(doing, where, error) from None


class Autostart(Protocol):
    where: str
    """The file or registry value this adapter manages, for messages."""

    def enabled(self) -> bool:
        """True when nudge will start at the next login (a user's "disabled" mark counts)."""
        ...

    def enable(self) -> None:
        """Start this install of nudge at login (idempotent; refreshes a stale command)."""
        ...

    def disable(self) -> None:
        """Stop starting nudge at login (idempotent); touches only nudge's own entry."""
        ...

    def registered_command(self) -> str | None:
        """The command line the login entry runs now, as stored; None when there is none."""
        ...

    def wanted_command(self) -> str:
        """The command line `enable()` would store for this install."""
        ...

    def is_current(self) -> bool:
        """False when the stored command starts some other (moved, deleted) install."""
        ...


class UnsupportedAutostart:
    """For platforms nudge has no login mechanism for: reads as off, refuses to turn on."""

    def __init__(self, platform: str) -> None:
        self.where = _("(start at login is not supported on {platform})").format(
            platform=platform)
        self.platform = platform

    def enabled(self) -> bool:
        return False

    def enable(self) -> None:
        # Translators: {platform} is a system name like "sunos5"; {fix} says what to do.
        raise AutostartError(_("start at login is not supported on {platform}; {fix}").format(
            platform=self.platform, fix=_(_BY_HAND)))

    def disable(self) -> None:
        pass

    def registered_command(self) -> str | None:
        return None

    def wanted_command(self) -> str:
        return ""

    def is_current(self) -> bool:
        return True


def autostart_for_platform(env: Mapping[str, str] | None = None,
                           platform: str | None = None) -> Autostart:
    """The adapter for this platform, configured from `env` (default `os.environ`)."""
    environ = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    extra_env = _carried_environment(environ)

    def which(name: str) -> str | None:
        return shutil.which(name, path=environ.get("PATH"))

    if platform == "win32":
        from nudge.autostart.windows import WindowsAutostart

        return WindowsAutostart(sys.executable, frozen=_frozen())
    if platform == "darwin":
        from nudge.autostart.macos import MacAutostart

        home = Path(environ.get("HOME") or Path.home())
        return MacAutostart(home, launch_commands(which=which), extra_env)
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly", "sunos")):
        from nudge.autostart.xdg import XdgAutostart

        return XdgAutostart.from_env(environ, launch_commands(which=which), extra_env)
    return UnsupportedAutostart(platform)


def launch_command(executable: str | None = None, frozen: bool | None = None,
                   which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """The absolute argv that starts this install of nudge (not some other one on PATH).

    A frozen build runs itself. Otherwise the `nudge` script when the one on PATH belongs to
    this interpreter's environment (a nicer process name), else `<python> -m nudge`.
    `sys.executable` is kept as is, never resolved: a venv's python is a symlink to the system
    one, and resolving it would lose the venv.
    """
    return launch_commands(executable, frozen, which)[0]


def launch_commands(executable: str | None = None, frozen: bool | None = None,
                    which: Callable[[str], str | None] = shutil.which) -> list[list[str]]:
    """Every argv that starts this install, `launch_command()`'s first: an entry holding any of
    them is current (PATH differs between a terminal and the tray, so the preferred one may)."""
    executable = os.path.abspath(sys.executable if executable is None else executable)
    if _frozen() if frozen is None else frozen:
        return [[executable]]
    commands = [[executable, "-m", APP_ID]]
    script = which(APP_ID)
    if script and _belongs_to(os.path.abspath(script), executable):
        commands.insert(0, [os.path.abspath(script)])
    sibling = [os.path.join(os.path.dirname(executable), APP_ID)]
    if sibling not in commands and os.path.isfile(sibling[0]):
        commands.append(sibling)
    return commands


def _belongs_to(script: str, executable: str) -> bool:
    """True when `script` was installed with `executable`: same bin folder, or its shebang
    names an interpreter in that folder (pip writes `python3` or `python`, either works)."""
    home = os.path.dirname(executable)
    if os.path.dirname(script) == home:
        return True
    try:
        with open(script, "rb") as file:
            first = file.readline(512)
    except OSError:
        return False
    if not first.startswith(b"#!"):
        return False
    words = first[2:].decode("utf-8", "replace").split()
    return bool(words) and os.path.dirname(words[0]) == home


def _carried_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """Variables the login-started nudge must share with this one: a portable `NUDGE_HOME`
    would otherwise be lost, and the app at login would use (empty) default folders."""
    home = environ.get(HOME_VARIABLE, "").strip()
    if not home:
        return {}
    return {HOME_VARIABLE: str(Path(home).expanduser().absolute())}


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


@dataclass(frozen=True)
class AutostartReport:
    """The state in words, shared by `nudge autostart status` and `nudge doctor`."""

    enabled: bool
    detail: str  # one line: on/off, where, what it runs
    fix: str  # what to run to turn it on or repair it; "" when nothing needs doing


def report(autostart: Autostart) -> AutostartReport:
    """Read `autostart` (may raise AutostartError) and say what it means."""
    if isinstance(autostart, UnsupportedAutostart):
        return AutostartReport(False, _("not supported on {platform}").format(
            platform=autostart.platform), _(_BY_HAND))
    enabled = autostart.enabled()
    registered = autostart.registered_command()
    wanted = autostart.wanted_command()
    # Translators: the details below are said after "Start at login: " and in `nudge doctor`;
    # {where} is a file or registry value, the commands are in backquotes.
    turn_on = _("run `nudge autostart on` to start nudge when you log in")
    if enabled and registered is not None and not autostart.is_current():
        return AutostartReport(True, _("on, but {where} runs `{registered}`, not this install "
                                       "(`{wanted}`)").format(where=autostart.where,
                                                              registered=registered,
                                                              wanted=wanted),
                               _("run `nudge autostart on` to point it at this install"))
    if enabled:
        return AutostartReport(True, _("on — {where} runs `{command}` when you log in").format(
            where=autostart.where, command=registered or wanted), "")
    if registered is not None or _exists(autostart.where):
        return AutostartReport(False, _("off — {where} is switched off (in your desktop's "
                                        "startup settings)").format(where=autostart.where),
                               turn_on)
    return AutostartReport(False, _("off — nudge does not start when you log in"), turn_on)


def _exists(where: str) -> bool:
    return os.path.isabs(where) and os.path.exists(where)


def write_entry(path: Path, payload: bytes) -> None:
    """Write a login entry file (mode 0644) atomically, making its usual folder if missing
    (with the ordinary mode: `~/.config/autostart` is not nudge's own folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, payload, _ENTRY_MODE)
