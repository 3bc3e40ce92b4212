"""The windows' side of the control channel: ask the running app, or learn it is not running.

Called on a window's GUI thread, or a window's helper thread (the Insights quiet-hour lookup),
with a short timeout (the app answers in milliseconds); no Qt, so any thread may call it.
"""

from __future__ import annotations

from nudge.app.commands import Command, Reply
from nudge.i18n import _
from nudge.paths import Paths


def ask_app(paths: Paths, command: Command, timeout: float = 3.0) -> Reply | None:
    """The running app's reply; None when it is not running; a failed Reply with the reason
    when it runs but could not be reached."""
    from nudge.control import AppNotRunning, ControlError, send_command

    try:
        return send_command(paths.control_socket, paths.control_key, command, timeout)
    except AppNotRunning:
        return None
    except ControlError as error:
        return Reply(False, _("Could not reach the running nudge: {problem}").format(
            problem=error))
    except OSError as error:  # the state folder itself is unusable: nothing runs there
        from nudge.platform.error_words import reason

        return Reply(False, _("Could not reach the running nudge: {problem}").format(
            problem=reason(error)))
