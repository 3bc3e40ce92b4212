"""Start a window's own process from the tray (no Qt here: the all-day app stays light).

`open_window` runs on a short-lived tray helper thread and waits for the window's process to
end, so the app never leaves a zombie behind; a window that cannot open (no toolkit) gives its
words back for the tray to show, and the caller falls back to the files.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable

from nudge.i18n import _
from nudge.paths import Paths
from nudge.windows import TITLES
from nudge.windows.toolkit import NO_TOOLKIT

__all__ = ["NO_TOOLKIT", "WELCOME_MARKER", "nudge_command", "open_window", "start_app",
           "welcome_due"]
WELCOME_MARKER = "welcomed"  # in the state folder once the welcome has been shown


def welcome_due(paths: Paths) -> bool:
    """The very first start: no config file yet, and no welcome shown before."""
    return not paths.config_file.exists() and not (paths.state_dir / WELCOME_MARKER).exists()


def welcome_at_first_start(paths: Paths, ui: str, tell: Callable[[str], None]) -> None:
    """`nudge run` is starting: on the very first start, welcome the user. Terminal mode asks
    in the terminal now (when it is one); the tray opens the welcome window beside the app,
    and `tell` gets its words if no window can open."""
    if not welcome_due(paths):
        return
    if ui == "terminal":
        if sys.stdin.isatty() and sys.stdout.isatty():
            from nudge.windows.first_run import welcome_in_terminal

            welcome_in_terminal(paths)
        return

    def show() -> None:
        code, said = open_window("welcome")
        if code != 0 and said:
            tell(said)

    threading.Thread(target=show, name="nudge-welcome", daemon=True).start()


def nudge_command() -> list[str]:
    """How to run `nudge` itself: a PyInstaller bundle's executable is nudge."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "nudge"]


def start_app() -> subprocess.Popen[bytes]:
    """Start the all-day app (`nudge run`, as a login start runs it) on its own: in its own
    session (its own process group on Windows), not waited for, so it keeps running after the
    window that started it closes; nothing of ours is its terminal. Raises OSError."""
    argv = [*nudge_command(), "run"]
    if sys.platform == "win32":
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, creationflags=(
                                    subprocess.DETACHED_PROCESS
                                    | subprocess.CREATE_NEW_PROCESS_GROUP))
    return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def window_arguments(name: str, *options: str) -> list[str]:
    """What follows `nudge` to open window `name`: `settings --section hours`, or for the
    "How to do it" card (`howto`, its one option the exercise id) `exercise show --window ID`."""
    if name == "howto":
        return ["exercise", "show", "--window", "--", *options]  # an id is never an --option
    return [name, *options]


def open_window(name: str, *options: str) -> tuple[int, str]:
    """Run `nudge <name> <options>` (`window_arguments`) until its window is closed: its exit
    code and what it said on stderr. 0 also when it only raised the one already open (or
    switched the open card to another exercise); `NO_TOOLKIT` when no window can open here."""
    try:
        done = subprocess.run([*nudge_command(), *window_arguments(name, *options)],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              check=False)
    except OSError as error:
        # Translators: {window} is a window's name: Settings, Insights or Welcome.
        return 1, _("Could not open the {window} window: {problem}").format(
            window=_(TITLES[name]) if name in TITLES else name, problem=error)
    return done.returncode, done.stderr.strip()
