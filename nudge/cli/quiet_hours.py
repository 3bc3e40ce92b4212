"""`nudge quiet-hours`: the learned quiet hour (#20) from the terminal, as the tray menu offers
it. With no action it says the hour nudge would suggest as a pause; `add KEY` and `dismiss KEY`
answer it as "Add as a pause" and "Don't ask again" do. Asks the running app over the control
channel; when none runs, works on the files (the history, the config, the dismissed hours)
under the same rules (`nudge.app.dispatch`). Main thread of the short-lived `nudge` command.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import Any

from nudge.app.commands import AddQuietPause, DismissQuietHour, GetStatus
from nudge.cli.errors import Failure, UserError
from nudge.core.quiet_hours import LOOK_BACK_DAYS, QuietHour
from nudge.i18n import N_, _, columns, terminal_lines
from nudge.paths import Paths

NONE_WORDS = N_("No quiet hour to suggest: no weekday hour has had its nudges skipped or "
                "missed often enough in the last four weeks.")


def quiet_hours_command(args: argparse.Namespace, paths: Paths) -> int:
    action = getattr(args, "quiet_command", None)
    if action is None:
        return _show(paths, as_json=args.json)
    quiet = QuietHour.from_key(args.key)
    if quiet is None:
        # Translators: {key} is what the user typed, in quotes; keep tue-14 and mon…sun as
        # they are (they are typed).
        raise UserError(_("{key} names no weekday hour; give a day and an hour like tue-14 "
                          "(mon…sun, 00…23), e.g. the one `nudge quiet-hours` shows").format(
                              key=repr(args.key)))
    from nudge.cli.app_channel import print_reply, reply_to

    command = AddQuietPause(quiet.key) if action == "add" else DismissQuietHour(quiet.key)
    reply = reply_to(paths, command)
    if not reply.ok:
        raise Failure(reply.message)
    return print_reply(reply)


def _show(paths: Paths, *, as_json: bool) -> int:
    from nudge.cli.app_channel import ask_app

    reply = ask_app(paths, GetStatus())
    running = reply is not None
    if reply is not None:
        found: dict[str, Any] | None = reply.data.get("quiet_hour")
    else:
        quiet = _from_files(paths)
        found = None if quiet is None else {"key": quiet.key, "question": quiet.question}
    if as_json:
        print(json.dumps({"running": running, "quiet_hour": found}))
        return 0
    if found is None:
        print(terminal_lines(_(NONE_WORDS)))
        return 0
    key = found["key"]
    # Translators: each is followed by the command that does it, in a column.
    answers = ((_("Add it as a pause:"), f"nudge quiet-hours add {key}"),
               (_("Don't ask again:"), f"nudge quiet-hours dismiss {key}"))
    width = max(columns(label) for label, _command in answers)
    print(terminal_lines(found["question"]))
    for label, command in answers:
        print(f"  {label}{' ' * (width - columns(label))}  {command}")
    return 0


def _from_files(paths: Paths) -> QuietHour | None:
    """The hour the app would suggest at start: from the last four weeks of history, the
    config's schedule (an hour already paused is never suggested) and the dismissed hours."""
    from nudge.cli.file_commands import _settings
    from nudge.cli.offline import open_store
    from nudge.core.quiet_hours import suggest_quiet_hours
    from nudge.state.quiet_hours import load_dismissed

    schedule = _settings(paths).schedule  # a broken file: the defaults, as the app runs on
    today = datetime.now().astimezone().date()
    events = open_store(paths).events_between(today - timedelta(days=LOOK_BACK_DAYS), today)
    found = suggest_quiet_hours(events, today, schedule, load_dismissed(paths.quiet_hours_file))
    return found[0] if found else None
