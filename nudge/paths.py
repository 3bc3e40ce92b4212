"""Where nudge keeps its files: one frozen `Paths` value, resolved once by the composition root.

`NUDGE_HOME` puts everything under one folder (handy for tests and portable installs); otherwise
platformdirs gives the usual per-platform places. Resolving never touches the disk; only
`Paths.ensure()` creates folders.

Resolved on the main thread by `nudge.cli.main`, where every nudge process starts; the frozen value
and the private-file helpers are safe on any thread.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "nudge"
HOME_VARIABLE = "NUDGE_HOME"
PRIVATE_DIR_MODE = 0o700  # history and the control key are nobody else's business
PRIVATE_FILE_MODE = 0o600


@dataclass(frozen=True)
class Paths:
    """The four folders nudge uses and the files inside them."""

    data_dir: Path
    config_dir: Path
    state_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def user_exercises_file(self) -> Path:
        return self.config_dir / "exercises.toml"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "nudge.log"

    @property
    def store_lock(self) -> Path:
        return self.state_dir / "store.lock"

    @property
    def instance_lock(self) -> Path:
        return self.state_dir / "app.lock"

    @property
    def control_socket(self) -> Path:
        return self.state_dir / "control.sock"

    @property
    def control_key(self) -> Path:
        return self.state_dir / "control.key"

    @property
    def state_file(self) -> Path:
        return self.state_dir / "state.json"

    @property
    def held_events_file(self) -> Path:
        return self.state_dir / "unsaved.json"

    @property
    def milestones_file(self) -> Path:
        return self.state_dir / "milestones.json"

    @property
    def weekly_review_file(self) -> Path:
        return self.state_dir / "weekly_review.json"

    @property
    def quiet_hours_file(self) -> Path:
        return self.state_dir / "quiet_hours.json"

    def ensure(self) -> None:
        """Create the four folders (mode 0700) if missing; existing folders keep their mode."""
        for folder in dict.fromkeys((self.data_dir, self.config_dir, self.state_dir, self.log_dir)):
            make_private_dir(folder)


def home_of(paths: Paths) -> Path | None:
    """The `NUDGE_HOME` that gives `paths`, or None when they are the platform's own folders:
    for a child command that must see the same files."""
    root = paths.data_dir.parent
    return root if paths == resolve_paths({HOME_VARIABLE: str(root)}) else None


def resolve_paths(env: Mapping[str, str] | None = None) -> Paths:
    """Work out the folders from `env` (default: `os.environ`) without touching the disk.

    Only `NUDGE_HOME` is read from `env`; platformdirs reads its own variables (XDG_*, APPDATA)
    from the real environment.
    """
    environ = os.environ if env is None else env
    home = environ.get(HOME_VARIABLE, "").strip()
    if home:
        root = Path(home).expanduser().absolute()
        return Paths(
            data_dir=root / "data",
            config_dir=root / "config",
            state_dir=root / "state",
            log_dir=root / "logs",
        )
    import platformdirs  # only here: with NUDGE_HOME a command never needs it (~14 ms)

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def make_private_dir(folder: Path) -> None:
    """Create `folder` and its missing parents, each 0700 whatever the umask; folders that already
    exist keep their mode. Raises OSError (FileExistsError when a file is in the way)."""
    missing = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if not each.is_dir():
                raise
            continue  # another nudge process made it a moment ago, and set its mode
        # mkdir's mode is masked by the umask (a strict one could even drop the owner's write
        # bit), so set it outright.
        each.chmod(PRIVATE_DIR_MODE)


def open_private(path: Path, flags: int) -> int:
    """os.open `path` for writing; a file this call creates is 0600 whatever the umask, one that
    exists keeps its mode (unless `flags` holds O_EXCL, which refuses it). Returns the fd."""
    try:
        fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        if flags & os.O_EXCL:
            raise
        return os.open(path, flags & ~os.O_CREAT)
    if hasattr(os, "fchmod"):  # not on Windows before 3.13, where the mode is ignored anyway
        try:
            os.fchmod(fd, PRIVATE_FILE_MODE)
        except BaseException:
            os.close(fd)
            raise
    return fd
