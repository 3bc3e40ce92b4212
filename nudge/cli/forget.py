"""`nudge forget --all`: delete every file nudge keeps on this computer, after a confirmation.

What goes: the history folder (every device's week files, their `.bak` copies and any damaged
files moved aside), `config.toml` and `exercises.toml`, the state files (device id, pause, locks,
control key and socket, summary pictures) and the logs; then each of nudge's four folders if
that left it empty. Only names nudge itself creates are deleted, never a whole folder blindly:
`NUDGE_HOME` may point at a folder that holds other things too, and those are left alone and
named in the report. Start at login is not touched (the report says how to turn it off).

Safety: nothing is deleted while the app runs (its instance lock is held), and the app cannot
start halfway through: this command holds the instance lock and the history write lock while it
deletes, and removes the lock files themselves only after releasing them (Windows cannot delete
an open file). Runs on the CLI's main thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nudge.cli.errors import Failure, UserError
from nudge.i18n import N_, _, ngettext
from nudge.paths import Paths
from nudge.platform.error_words import reason

CONFIRM_WORD = "yes"
STORE_LOCK_WAIT = 5.0  # seconds to wait for a `nudge log` that is writing right now
_TEMP_GLOB = ".*.tmp"  # nudge's temp files: `.<name>.<random>.tmp`
# Translators: the names of nudge's four folders in the list `nudge forget --all` shows; short.
_LABELS = {"history": N_("history"), "config": N_("config"), "state": N_("state"),
           "logs": N_("logs")}

@dataclass
class Plan:
    """Everything `forget --all` would delete, found without changing anything."""

    paths: Paths
    history: Path
    history_files: int = 0
    devices: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # files outside the history folder
    locks: list[Path] = field(default_factory=list)  # deleted last, after releasing them

    @property
    def empty(self) -> bool:
        return not (self.history.exists() or self.files or self.locks)

    def describe(self) -> str:
        lines = [_("nudge forget --all deletes everything nudge keeps on this computer:")]
        if self.history.exists():
            devices = len(self.devices)
            # Translators: {files} is e.g. "12 files", {devices} e.g. "2 devices".
            count = _("{files} from {devices}").format(
                files=ngettext("{n} file", "{n} files", self.history_files).format(
                    n=self.history_files),
                devices=ngettext("{n} device", "{n} devices", devices).format(n=devices))
            synced = (" " + _("(this folder may be synced: the other devices' history goes "
                              "too, wherever it syncs)") if devices > 1 else "")
            lines.append(f"  {_(_LABELS['history']):<8} {self.history} ({count}){synced}")
        for label, folder in _folders(self.paths):
            names = sorted(p.name for p in [*self.files, *self.locks] if p.parent == folder)
            if names:
                lines.append(f"  {_(_LABELS[label]):<8} {folder}: {', '.join(names)}")
        lines.append(_("This cannot be undone. For a copy first: {command}").format(
            command="nudge export -o nudge-history.json"))
        return "\n".join(lines)


def forget_command(paths: Paths, yes: bool) -> int:
    """The `nudge forget --all` command; returns the exit code, raises the CLI's errors."""
    _refuse_if_running(paths)
    plan = make_plan(paths)
    if plan.empty:
        print(_("nudge keeps no files here; nothing to forget."))
        return 0
    if not yes:
        if not sys.stdin.isatty():
            # Translators: keep "yes": it is the word the user types (in English).
            raise UserError(_(
                "`nudge forget --all` deletes all your nudge history, settings and logs, so it "
                "asks first, and there is no terminal to ask on. Run it in a terminal and type "
                "yes, or add --yes in a script. Nothing was deleted."))
        print(plan.describe())
        try:
            # Translators: {word} is "yes", the word to type (it stays English).
            answer = input(_("Type {word} to delete it all: ").format(word=CONFIRM_WORD))
        except EOFError:
            answer = ""
        if answer.strip().lower() != CONFIRM_WORD:
            print(_("Nothing was deleted."))
            return 1
    _stop_logging()  # the log file is about to go; nothing may write to it again
    failed, left = delete(plan)
    if failed:
        # Translators: {files} lists each file with its reason, e.g. "/x/y (Permission denied)".
        raise Failure(_("could not delete {files}. Fix the cause (e.g. file permissions), then "
                        "run it again.").format(files="; ".join(failed)))
    print(_("nudge forgot everything: its history, settings, state and logs are deleted."))
    for folder, names in left:
        print(_("Left alone in {folder} (not nudge's files): {names}").format(
            folder=folder, names=", ".join(names)))
    _mention_autostart()
    return 0


def make_plan(paths: Paths) -> Plan:
    """List what `forget --all` would delete (no changes)."""
    from nudge.app.instance import pid_file_for
    from nudge.store.device import DEVICE_FILE
    from nudge.store.layout import history_dir, is_device_name
    from nudge.windows.launch import WELCOME_MARKER

    history = history_dir(paths.data_dir)
    plan = Plan(paths=paths, history=history)
    if history.is_dir():
        plan.history_files = sum(len(files) for _, _, files in os.walk(history))
        plan.devices = sorted(p.name for p in history.iterdir()
                              if p.is_dir() and is_device_name(p.name))
    state = paths.state_dir
    candidates = [
        paths.config_file, paths.user_exercises_file,
        state / DEVICE_FILE, paths.state_file, paths.state_file.with_name("state.json.tmp"),
        pid_file_for(paths.instance_lock), paths.control_socket, paths.control_key,
        *state.glob("summary-*.png"),
        paths.held_events_file, paths.milestones_file, paths.weekly_review_file,
        paths.quiet_hours_file, state / WELCOME_MARKER,
        *state.glob("window-*.lock"), *state.glob("window-*.sock"),
        paths.log_file, *paths.log_dir.glob(paths.log_file.name + ".*"),
        *(p for _, folder in _folders(paths) for p in folder.glob(_TEMP_GLOB)),
    ]
    plan.files = [p for p in dict.fromkeys(candidates) if _exists(p)]
    plan.locks = [p for p in (paths.instance_lock, paths.store_lock) if _exists(p)]
    return plan


def delete(plan: Plan) -> tuple[list[str], list[tuple[Path, list[str]]]]:
    """Delete what `plan` lists; returns (what failed, why) and (folder, names left alone)."""
    failed: list[str] = []
    with _locked(plan.paths):
        plan = make_plan(plan.paths)  # again, under the locks: a `nudge log` may have run since
        if plan.history.exists():
            shutil.rmtree(plan.history, onerror=lambda _f, path, info: failed.append(
                f"{path} ({reason(info[1])})"))
        for path in plan.files:
            _unlink(path, failed)
    # The locks exist now even if they did not when the plan was made: this command took them.
    for path in (plan.paths.instance_lock, plan.paths.store_lock):
        _unlink(path, failed)
    left: list[tuple[Path, list[str]]] = []
    folders = sorted((folder for _, folder in _folders(plan.paths)),
                     key=lambda p: len(p.parts), reverse=True)  # a log folder inside state
    for folder in folders:
        try:
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            with contextlib.suppress(OSError):
                left.append((folder, sorted(p.name for p in folder.iterdir())))
    return failed, left


def _refuse_if_running(paths: Paths) -> None:
    from nudge.app.instance import running_pid

    pid = running_pid(paths.instance_lock)
    if pid is not None:
        said = (_("nudge is running (process {pid}). Quit it first with `nudge quit`, then "
                  "run `nudge forget --all` again. Nothing was deleted.") if pid else
                _("nudge is running. Quit it first with `nudge quit`, then run `nudge forget "
                  "--all` again. Nothing was deleted."))
        raise Failure(said.format(pid=pid))


@contextlib.contextmanager
def _locked(paths: Paths) -> Iterator[None]:
    """Hold the app's instance lock (no app starts meanwhile) and the history write lock."""
    from nudge.app.instance import InstanceLock
    from nudge.platform.file_lock import KernelFileLock

    instance = InstanceLock(paths.instance_lock)
    if not instance.acquire():
        raise Failure(_("nudge started while this was asking. Quit it with `nudge quit`, then "
                        "run `nudge forget --all` again. Nothing was deleted."))
    try:
        store = KernelFileLock(paths.store_lock, 0o600)
        if not store.acquire(STORE_LOCK_WAIT):
            raise Failure(_("another nudge command kept writing the history; try again. "
                            "Nothing was deleted."))
        try:
            yield
        finally:
            store.release(force=True)
    finally:
        instance.release()


def _folders(paths: Paths) -> list[tuple[str, Path]]:
    """The four folders, each once (on Windows, data and config are one folder)."""
    found: dict[Path, str] = {}
    for label, folder in (("history", paths.data_dir), ("config", paths.config_dir),
                          ("state", paths.state_dir), ("logs", paths.log_dir)):
        found.setdefault(folder, label)
    return [(label, folder) for folder, label in found.items()]


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _unlink(path: Path, failed: list[str]) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:
        failed.append(f"{path} ({reason(error)})")


def _stop_logging() -> None:
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        with contextlib.suppress(Exception):
            handler.close()
    root.addHandler(logging.NullHandler())
    logging.lastResort = None


def _mention_autostart() -> None:
    try:
        from nudge.autostart import autostart_for_platform

        on = autostart_for_platform().enabled()
    except Exception:  # only a hint; never fail the command over it
        return
    if on:
        print(_("Start at login is still on; `nudge autostart off` turns it off."))
