"""The few command lines read without argparse: `nudge` / `nudge run` (the all-day app, which
then keeps no parser in its memory), `nudge status` and `nudge log rise` (asked often, from
scripts and keyboard shortcuts: issue #22 wants them instant). Only their exact plain forms;
anything else (`--help`, an abbreviation, a bad value, `--reps=5`) goes to the full parser in
`nudge.cli.parser`, which says what is wrong. Each answer carries the same names and values the
parser would give. The CLI's main thread.
"""

from __future__ import annotations

from types import SimpleNamespace

from nudge.core.rep_limits import MOST_LOGGED_REPS

TYPE_CHECKING = False  # not `typing`'s (nudge.cli.main loads this module before typing)
if TYPE_CHECKING:
    from argparse import Namespace

UIS = ("auto", "tray", "terminal")  # `--ui`'s choices, for the parser too


def plain_words(words: list[str]) -> Namespace | None:
    """The parsed command for a plain form, None for anything else. (A SimpleNamespace: the
    handlers read only its attributes, as they would an argparse `Namespace`'s.)"""
    found = _plain(words)
    return found  # type: ignore[return-value]


def _plain(words: list[str]) -> SimpleNamespace | None:
    if not words:
        return SimpleNamespace(command=None)
    command, rest = words[0], words[1:]
    if command == "run":
        return _run(rest)
    if command == "status" and rest in ([], ["--json"]):
        return SimpleNamespace(command="status", json=bool(rest))
    if command == "log" and rest[:1] == ["rise"]:
        if len(rest) == 1:
            return SimpleNamespace(command="log", what="rise", reps=None)
        reps_text = rest[2] if len(rest) == 3 and rest[1] == "--reps" else ""
        if reps_text.isdigit() and reps_text.isascii() and len(reps_text) <= 3:
            reps = int(reps_text)
            if 1 <= reps <= MOST_LOGGED_REPS:
                return SimpleNamespace(command="log", what="rise", reps=reps)
    return None


def _run(rest: list[str]) -> SimpleNamespace | None:
    found = SimpleNamespace(command="run", ui=None, verbose=False)
    while rest:
        if rest[0] == "--verbose" and not found.verbose:
            found.verbose, rest = True, rest[1:]
        elif rest[0] == "--ui" and found.ui is None and len(rest) >= 2 and rest[1] in UIS:
            found.ui, rest = rest[1], rest[2:]
        else:
            return None
    return found
