"""Start at login on macOS: a launchd agent, `~/Library/LaunchAgents/io.nudge.app.plist`.

launchd loads every agent in that folder when the user logs in, and `RunAtLoad` starts nudge
then; `LimitLoadToSessionType=Aqua` keeps it to graphical logins (not SSH), and
`ProcessType=Interactive` asks for the normal, unthrottled scheduling of an app.

Writing the file takes effect at the next login. We deliberately do not `launchctl bootstrap`
it now: that would start a second nudge at once (it would just exit, the first holds the lock),
and the matching `launchctl bootout` on disable would kill a running nudge that launchd
started — including the one whose tray menu the user just clicked. Removing the file likewise
only affects the next login.

(macOS 13+ also lists the agent under System Settings → General → Login Items, where the user
can switch it off; that switch is not readable without admin rights, so `enabled()` only sees
the file and its `Disabled` key.)

Any thread (blocking file calls of milliseconds): the tray reads it on the engine thread and writes
it on nudge-autostart; commands, the settings window and doctor call it on theirs.
"""

from __future__ import annotations

import plistlib
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from nudge.autostart import cannot, failing_as, write_entry
from nudge.i18n import _

LABEL = "io.nudge.app"


def agent_plist(command: Sequence[str], environment: Mapping[str, str] | None = None) -> bytes:
    """The launchd agent for `command` (absolute argv), as XML plist bytes."""
    agent: dict[str, Any] = {
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    if environment:
        agent["EnvironmentVariables"] = dict(environment)
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=False)


class MacAutostart:
    def __init__(self, home: Path, commands: Sequence[Sequence[str]],
                 environment: Mapping[str, str] | None = None) -> None:
        """`commands`: the argv `enable()` writes first, then others that also start this
        install (see `launch_commands`)."""
        self.path = home / "Library" / "LaunchAgents" / f"{LABEL}.plist"
        self.where = str(self.path)
        self._command = list(commands[0])
        self._environment = dict(environment or {})
        self._current = {shlex.join(c) for c in commands}
        self._current_files = {agent_plist(c, self._environment) for c in commands}

    def enabled(self) -> bool:
        agent = self._read()
        return agent is not None and not agent.get("Disabled", False)

    def enable(self) -> None:
        payload = agent_plist(self._command, self._environment)
        with failing_as("write", self.path):
            if self.path.is_file() and self.path.read_bytes() in self._current_files:
                return  # already there for this install (maybe in an equivalent form)
            write_entry(self.path, payload)

    def disable(self) -> None:
        with failing_as("remove", self.path):
            self.path.unlink(missing_ok=True)

    def registered_command(self) -> str | None:
        agent = self._read()
        if agent is None:
            return None
        arguments = agent.get("ProgramArguments") or (
            [agent["Program"]] if "Program" in agent else [])
        return shlex.join(str(a) for a in arguments) if arguments else _("(damaged file)")

    def wanted_command(self) -> str:
        return shlex.join(self._command)

    def is_current(self) -> bool:
        return self.registered_command() in self._current

    def _read(self) -> dict[str, Any] | None:
        try:
            payload = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise cannot("read", self.path, error) from None
        try:
            agent = plistlib.loads(payload)
        except Exception:  # plistlib raises expat, ValueError, InvalidFileException…
            agent = None
        # launchd skips a damaged agent: it will not start nudge
        return agent if isinstance(agent, dict) else {"Disabled": True}
