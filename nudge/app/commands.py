"""Commands the user gives (from the tray, the terminal, a notification or the CLI) and replies.

They are plain frozen dataclasses so they can cross threads, and convert to and from JSON for the
local control channel (never pickle). `nudge.app.dispatch` is the one place that says what each
does: in the running app (`Engine.handle`) or, when it is not running, on the files (the CLI).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from nudge.core.decisions import Answer
from nudge.core.rep_limits import MOST_LOGGED_REPS

LONGEST_SNOOZE = 24 * 3600  # seconds; a snooze asked for (`nudge snooze 1h`) is at most a day


class CommandError(ValueError):
    """A malformed command; the message says what was wrong."""


@dataclass(frozen=True)
class AnswerNudge:
    name: ClassVar[str] = "answer"
    reads_only: ClassVar[bool] = False
    nudge_id: str
    answer: Answer
    reps: int | None = None
    snooze_seconds: float | None = None


@dataclass(frozen=True)
class LogRise:
    """An exercise done without a prompt (default: the glute-first chair rise)."""

    name: ClassVar[str] = "log"
    reads_only: ClassVar[bool] = False
    reps: int | None = None
    exercise: str | None = None
    request_id: str | None = None  # the same for a retry, so the rep counts once


def new_request_id() -> str:
    """A fresh `LogRise.request_id`: 16 random bytes in hex (`nudge.app.requests` says why)."""
    return os.urandom(16).hex()  # what `secrets.token_hex` does, without loading `secrets`


@dataclass(frozen=True)
class PauseNudges:
    name: ClassVar[str] = "pause"
    reads_only: ClassVar[bool] = False
    spec: str  # "30m", "2h", "until-tomorrow", "until-resumed"


@dataclass(frozen=True)
class ResumeNudges:
    name: ClassVar[str] = "resume"
    reads_only: ClassVar[bool] = False


@dataclass(frozen=True)
class GetStatus:
    name: ClassVar[str] = "status"
    reads_only: ClassVar[bool] = True  # changes nothing: the views need no update


@dataclass(frozen=True)
class Quit:
    name: ClassVar[str] = "quit"
    reads_only: ClassVar[bool] = False


@dataclass(frozen=True)
class AddQuietPause:
    """Accept a learned quiet hour (#20): add it to the config as a recurring pause."""

    name: ClassVar[str] = "add-quiet-pause"
    reads_only: ClassVar[bool] = False
    key: str  # a QuietHour key, e.g. "tue-14"


@dataclass(frozen=True)
class DismissQuietHour:
    """Never suggest this learned quiet hour again (#20)."""

    name: ClassVar[str] = "dismiss-quiet-hour"
    reads_only: ClassVar[bool] = False
    key: str



@dataclass(frozen=True)
class TryNudge:
    """Show a real nudge now, to see what one looks like (the welcome's "Try a nudge now");
    its answer is not recorded."""

    name: ClassVar[str] = "try"
    reads_only: ClassVar[bool] = True  # nothing in the engine changes


@dataclass(frozen=True)
class ReloadConfig:
    """Read the config (and exercises) files again now: the settings window has just saved
    them. The same rule as the file watcher's wake: the engine reads them if they changed."""

    name: ClassVar[str] = "reload"
    reads_only: ClassVar[bool] = False


TRY_PREFIX = "try-"  # the nudge id of a tried nudge starts with it
Command = (AnswerNudge | LogRise | PauseNudges | ResumeNudges | GetStatus | Quit | AddQuietPause
           | DismissQuietHour | TryNudge | ReloadConfig)
_BY_NAME: dict[str, type[Any]] = {
    c.name: c for c in (AnswerNudge, LogRise, PauseNudges, ResumeNudges, GetStatus, Quit,
                        AddQuietPause, DismissQuietHour, TryNudge, ReloadConfig)
}


@dataclass(frozen=True)
class Reply:
    ok: bool
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "message": self.message, "data": self.data}

    @classmethod
    def from_json(cls, doc: Any) -> Reply:
        if not isinstance(doc, dict) or not isinstance(doc.get("ok"), bool) \
                or not isinstance(doc.get("message"), str):
            raise CommandError("a reply must be an object with ok (bool) and message (string)")
        data = doc.get("data", {})
        return cls(doc["ok"], doc["message"], data if isinstance(data, dict) else {})


def command_to_json(command: Command) -> dict[str, Any]:
    return {"cmd": command.name, **asdict(command)}


def command_from_json(doc: Any) -> Command:
    """Validate a decoded JSON object into a command; raises CommandError, never anything else."""
    if not isinstance(doc, dict):
        raise CommandError("a command must be a JSON object")
    cmd = doc.get("cmd")
    kind = _BY_NAME.get(cmd) if isinstance(cmd, str) else None
    if kind is None:
        raise CommandError(f"unknown command {doc.get('cmd')!r}; known: {', '.join(_BY_NAME)}")
    args: dict[str, Any] = {}
    for f in fields(kind):
        if f.name not in doc:
            continue
        args[f.name] = _check(kind.name, f.name, doc[f.name])
    unknown = set(doc) - {"cmd"} - {f.name for f in fields(kind)}
    if unknown:
        raise CommandError(f"{kind.name}: unexpected field(s) {', '.join(sorted(unknown))}")
    try:
        return kind(**args)  # type: ignore[no-any-return]
    except TypeError as error:
        raise CommandError(f"{kind.name}: {error}") from None


_OPTIONAL = frozenset({"reps", "snooze_seconds", "exercise", "request_id"})


def _check(command: str, name: str, value: Any) -> Any:
    if value is None and name in _OPTIONAL:
        return None
    if name == "answer":
        try:
            return Answer(value)
        except ValueError:
            raise CommandError(f"{command}: answer must be one of done, snooze, skip") from None
    if name == "reps":
        if isinstance(value, int) and not isinstance(value, bool) \
                and 1 <= value <= MOST_LOGGED_REPS:
            return value
        raise CommandError(f"{command}: reps must be a whole number from 1 to "
                           f"{MOST_LOGGED_REPS}")
    if name == "snooze_seconds":
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and 0 < value <= LONGEST_SNOOZE:
            return value
        raise CommandError(f"{command}: snooze_seconds must be between 0 and {LONGEST_SNOOZE}")
    if not isinstance(value, str) or len(value) > 200:
        raise CommandError(f"{command}: {name} must be a short string")
    return value
