"""Privacy promises, checked on the real app and the real CLI.

One module-scoped session runs the app in terminal mode on a pty, from an empty NUDGE_HOME, with
a custom exercise name and personal config values, answers a nudge and drives the CLI against
it. Every process of that session runs with an audit hook (`sitecustomize.py` on PYTHONPATH for
the children only) that writes down every socket it creates, binds, connects or resolves a name
with, and refuses any AF_INET/AF_INET6 one. Then:
- no network socket was ever used (AF_UNIX only: the control channel, D-Bus, asyncio);
- every file and folder nudge made is private to the user;
- the log holds none of the personal text;
- `nudge export` holds every stored document of every device.
Last, `nudge forget --all`: confirmation, refusal off a terminal and while the app runs.
"""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest
from conftest import FAST_CONFIG, cli_env

from nudge.app.logging_setup import LOG_BYTES, setup_logging
from nudge.store.atomic_storage import load_tables
from nudge.store.week_file import EVENTS_TABLE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pty, modes and AF_UNIX are POSIX")

SECRET_NAME = "Zorblax secret chair rise"
SECRET_CUE = "Quuxify the wobbly bench first."
SECRET_PAUSE = "04:44-04:59"
EXERCISES = f"""
[[exercise]]
id = "glute_rise"
name = "{SECRET_NAME}"
cues = ["{SECRET_CUE}", "Then stand up tall."]
reps = 5
kind = "rise"
where = "chair"
"""
SITECUSTOMIZE = '''
"""Test-only audit hook: write down every socket use; refuse the network."""
import os
import socket
import sys

_LOG = os.open(os.environ["NUDGE_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
_NETWORK = (socket.AF_INET, socket.AF_INET6)
_LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
            "socket.gethostbyaddr", "socket.getnameinfo")


def _hook(event, args):
    if not event.startswith("socket."):
        return
    family = None
    if event == "socket.__new__":
        family = args[1]
    elif event in ("socket.bind", "socket.connect", "socket.sendto", "socket.sendmsg"):
        family = args[0].family
    verdict = "lookup" if event in _LOOKUPS else ("net" if family in _NETWORK else "ok")
    try:
        family = socket.AddressFamily(family).name
    except ValueError:
        pass
    os.write(_LOG, f"{os.getpid()} {verdict} {event} {family} {args[1:]!r}\\n".encode())
    if verdict != "ok":
        raise PermissionError(f"nudge privacy test: {event} is network use")


sys.addaudithook(_hook)
'''


def _env(home: Path, audit_dir: Path | None = None) -> dict[str, str]:
    env = cli_env(home)
    if audit_dir is not None:
        env["PYTHONPATH"] = str(audit_dir)
        env["NUDGE_AUDIT_LOG"] = str(audit_dir / "audit.log")
    return env


def _cli(home: Path, *args: str, audit_dir: Path | None = None,
         check_rc: int | None = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "nudge", *args], env=_env(home, audit_dir),
                          capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    if check_rc is not None:
        assert done.returncode == check_rc, (args, done.stdout, done.stderr)
    return done


class Session:
    def __init__(self, root: Path) -> None:
        self.home = root / "home"  # made by nudge itself
        self.audit_dir = root / "audit"
        self.audit_dir.mkdir()
        (self.audit_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        self.screen = ""

    def cli(self, *args: str, check_rc: int | None = 0) -> subprocess.CompletedProcess[str]:
        return _cli(self.home, *args, audit_dir=self.audit_dir, check_rc=check_rc)

    def audit(self) -> list[str]:
        return (self.audit_dir / "audit.log").read_text(encoding="utf-8").splitlines()

    def run(self) -> None:
        self.cli("config", "--init")
        config = self.home / "config" / "config.toml"
        # A scheduled pause on a day it cannot get in the way: not today.
        day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(date.today().weekday() + 3) % 7]
        config.write_text(FAST_CONFIG + f'\n[[schedule.pauses]]\nday = "{day}"\n'
                          f'hours = "{SECRET_PAUSE}"\n', encoding="utf-8")
        fd = os.open(self.home / "config" / "exercises.toml", os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(EXERCISES)
        app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                            env=_env(self.home, self.audit_dir), encoding="utf-8", timeout=20,
                            dimensions=(40, 120))
        screen = io.StringIO()
        app.logfile_read = screen
        try:
            app.expect("press \\? for keys")
            app.expect(SECRET_NAME)
            app.send("d")
            app.expect("Saved: 5 reps")
            assert "Logged: 7 reps" in self.cli("log", "rise", "--reps", "7").stdout
            self.cli("status")
            self.cli("pause", "30m")
            self.cli("resume")
            self.cli("summary", "--json")
            self.cli("export", "--format", "csv")
            self.cli("quit")
            app.expect(pexpect.EOF)
        finally:
            self.screen = screen.getvalue()
            if app.isalive():
                app.kill(signal.SIGKILL)
            app.close()


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    run = Session(tmp_path_factory.mktemp("privacy"))
    run.run()
    return run


# -- (a) no network ------------------------------------------------------------------------


def test_the_app_and_cli_never_use_a_network_socket(session: Session) -> None:
    audit = session.audit()
    assert [line for line in audit if " ok " not in line] == []
    pids = {line.split()[0] for line in audit}
    # The hook really ran in the app and the CLI: the control channel is an AF_UNIX socket
    # that the app binds and each CLI command connects to.
    assert any("socket.bind" in line and "AF_UNIX" in line for line in audit)
    assert sum("socket.connect" in line and "AF_UNIX" in line for line in audit) >= 6
    assert len(pids) >= 6  # the app, log, status, pause, resume and quit


def test_the_audit_hook_would_catch_a_network_socket(tmp_path: Path) -> None:
    """The check above is only as good as its hook: show that it catches and refuses one."""
    audit_dir = tmp_path / "audit"
    audit_dir.mkdir()
    (audit_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    code = "import socket; socket.socket(socket.AF_INET6); socket.getaddrinfo('localhost', 80)"
    done = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path, audit_dir),
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and "network use" in done.stderr
    assert " net socket.__new__ AF_INET6" in (audit_dir / "audit.log").read_text()


# -- (b) private files -----------------------------------------------------------------------


def _made_by_nudge(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.name != "exercises.toml")  # that one is ours


def test_every_file_nudge_made_is_out_of_reach_of_other_users(session: Session) -> None:
    """Effective privacy: each file is 0600 or sits inside a folder others cannot enter."""
    home = session.home
    paths = _made_by_nudge(home)
    assert {p.name for p in paths} >= {"config.toml", "device", "control.key", "nudge.log",
                                       "app.lock", "store.lock", "history"}
    def private(path: Path) -> bool:
        return stat.S_IMODE(path.lstat().st_mode) & 0o077 == 0

    for path in paths:
        guards = [home / folder for folder in path.relative_to(home).parents
                  if str(folder) != "." and private(home / folder)]
        assert private(path) or guards, f"{path} is open to other users"
    for top in ("data", "config", "state", "logs"):
        assert stat.S_IMODE((home / top).stat().st_mode) == 0o700, top


def test_every_file_is_0600_and_every_folder_0700(session: Session) -> None:
    wrong = {}
    for path in _made_by_nudge(session.home):
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            wrong[str(path.relative_to(session.home))] = oct(mode)
    assert wrong == {}


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o277])
def test_the_log_stays_private_after_it_rotates(tmp_path: Path, umask: int) -> None:
    import logging

    log_file = tmp_path / "logs" / "nudge.log"
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    old_umask = os.umask(umask)
    try:
        setup_logging(log_file)
        for _ in range(LOG_BYTES // 100 + 10):
            logging.getLogger("nudge.test").info("x" * 100)
    finally:
        os.umask(old_umask)
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
    assert (tmp_path / "logs" / "nudge.log.1").exists()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_the_log_keeps_two_older_files_each_under_the_size_and_loses_no_line(
        tmp_path: Path) -> None:
    """nudge's own rotation (not `logging.handlers`'): `nudge.log`, `.1`, `.2`, the oldest
    dropped, every file under LOG_BYTES, the newest lines in order across the files."""
    import logging

    from nudge.app.logging_setup import LOG_BACKUPS

    log_file = tmp_path / "logs" / "nudge.log"
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    lines = LOG_BYTES * (LOG_BACKUPS + 2) // 120
    try:
        setup_logging(log_file)
        for number in range(lines):
            logging.getLogger("nudge.test").info("line %06d %s", number, "x" * 80)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
    files = sorted(log_file.parent.iterdir())
    assert [path.name for path in files] == ["nudge.log", "nudge.log.1", "nudge.log.2"]
    assert all(path.stat().st_size <= LOG_BYTES for path in files)
    kept = [int(line.split("line ")[1][:6]) for path in reversed(files)
            for line in path.read_text().splitlines()]
    assert kept == list(range(lines - len(kept), lines))  # the newest, none missing, in order
    assert len(kept) > lines // 2


@pytest.mark.parametrize("umask", [0o000, 0o277])
def test_files_and_folders_are_born_private_whatever_the_umask(tmp_path: Path,
                                                               umask: int) -> None:
    """umask 000 would widen every mode it is not told; 277 would take the owner's write bit."""
    home = tmp_path / "home"  # not there yet: nudge makes it and everything in it
    exported, chart = tmp_path / "history.json", tmp_path / "week.png"

    def run(*argv: str) -> None:
        done = subprocess.run([sys.executable, "-m", "nudge", *argv], env=cli_env(home),
                              capture_output=True, text=True, timeout=60,
                              preexec_fn=lambda: os.umask(umask))
        assert done.returncode == 0, (argv, done.stderr)

    run("config", "--init")
    run("log", "rise", "--reps", "3")
    run("log", "rise", "--reps", "4")  # a second write: the week file's .bak
    run("summary")
    run("export", "-o", str(exported))
    run("summary", "--png", str(chart))
    wrong = {str(path.relative_to(tmp_path)): oct(stat.S_IMODE(path.lstat().st_mode))
             for path in [home, *home.rglob("*"), exported, chart]
             if stat.S_IMODE(path.lstat().st_mode) != (0o700 if path.is_dir() else 0o600)}
    assert wrong == {}
    assert {p.name for p in home.rglob("*")} >= {"config.toml", "history", "device",
                                                 "nudge.log", "store.lock"}


# -- (c) no personal text in logs ----------------------------------------------------------


def test_the_log_holds_no_exercise_names_cues_or_config_values(session: Session) -> None:
    assert SECRET_NAME in session.screen  # the custom exercise really was in use
    logs = list((session.home / "logs").glob("nudge.log*"))
    text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "activity source" in text  # the app did log
    for secret in (SECRET_NAME, "Zorblax", SECRET_CUE, "Quuxify", SECRET_PAUSE, "04:44"):
        assert secret not in text


BAD_PAUSE = "therapy with Dr Jones 13:00-14:00"


def test_the_log_names_a_bad_config_key_not_its_value_and_no_home_folder(tmp_path: Path
                                                                        ) -> None:
    user_home = tmp_path / "alice-smith"  # the user's name, as home folders often carry it
    home = user_home / "nudge-home"
    (home / "config").mkdir(parents=True)
    config = home / "config" / "config.toml"
    config.write_text(f'[[schedule.pauses]]\nday = "tue"\nhours = "{BAD_PAUSE}"\n',
                      encoding="utf-8")
    env = {**_env(home), "HOME": str(user_home)}
    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"], env=env,
                        encoding="utf-8", timeout=20, dimensions=(40, 200))
    screen = io.StringIO()
    app.logfile_read = screen
    try:
        app.expect("press \\? for keys")
        quit_done = subprocess.run([sys.executable, "-m", "nudge", "quit"], env=env,
                                   capture_output=True, text=True, timeout=60)
        assert quit_done.returncode == 0, quit_done.stderr
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
        app.close()
    assert "Dr Jones" in screen.getvalue()  # the user is shown the value, on their own terminal
    checked = subprocess.run([sys.executable, "-m", "nudge", "config", "--check"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert BAD_PAUSE[:20] in checked.stdout + checked.stderr  # `config --check` still quotes it

    text = "".join(p.read_text(encoding="utf-8") for p in (home / "logs").glob("nudge.log*"))
    assert ("<config>/config.toml: [[schedule.pauses]] entry 1: hours has a part that is not "
            "a time from 00:00 to 24:00; using the default settings") in text
    assert "control: listening on <state>/control.sock" in text
    for secret in ("therapy", "Jones", "13:00", str(home), str(user_home), "alice-smith"):
        assert secret not in text


SECRET = "Dr Jones 13:00-14:00"
SECRET_VALUES = (SECRET, [SECRET], [5, SECRET], {SECRET: SECRET}, f"09:00-10:00, {SECRET}",
                 "Jones-Smith", "09:00-Jones", [{"Jones": 1}])


def _config_docs():
    from nudge.config.reader import SECTIONS_KEYS

    for section, keys in SECTIONS_KEYS.items():
        for key in keys:
            for value in SECRET_VALUES:
                yield {section: {key: value}}
    for value in SECRET_VALUES:
        yield {"schedule": {"work_hours": {"tue": value}}}
        yield {"schedule": {"pauses": [{"day": "tue", "hours": value}]}}
        yield {"schedule": {"pauses": [{"day": value, "hours": "14:00-15:00"}]}}
        yield {"schedule": {"pauses": value}}
        yield {"blockers": value}


def test_no_config_problem_meant_for_the_log_holds_any_part_of_the_value() -> None:
    from nudge.config import ConfigError, parse_config

    told = 0
    for doc in _config_docs():
        try:
            parse_config(doc, "<config>/config.toml")
        except ConfigError as error:
            told += any("Jones" in problem for problem in error.problems)
            for problem in error.log_problems:
                assert "Jones" not in problem and "13:00" not in problem, (doc, problem)
            assert len(error.log_problems) == len(error.problems)
    assert told > 30  # the user's own messages do quote the values


def test_the_log_writes_nudge_folders_short_and_the_home_folder_as_a_tilde() -> None:
    from nudge.app.logging_setup import PrivatePathsFormatter

    folders = {"state": Path("/home/ann/.local/state/nudge"),
               "logs": Path("/home/ann/.local/state/nudge/log")}
    formatter = PrivatePathsFormatter("%(message)s", folders, home="/home/ann")
    record = logging.makeLogRecord({"msg": "%s; %s; %s; %s; %s", "args": (
        "/home/ann/.local/state/nudge/control.sock", "/home/ann/.local/state/nudge/log/x",
        "[Errno 2] No such file: '/home/ann/.local/state/nudge'", "/home/ann/Documents/a b",
        "/home/anna/x and /home/ann.old")})
    assert formatter.format(record) == ("<state>/control.sock; <logs>/x; [Errno 2] No such "
                                        "file: '<state>'; ~/Documents/a b; /home/anna/x and "
                                        "/home/ann.old")


# -- (d) export gives everything -----------------------------------------------------------


def test_export_holds_every_stored_document_of_every_device(session: Session,
                                                            tmp_path: Path) -> None:
    home = tmp_path / "home"
    import shutil

    shutil.copytree(session.home, home, ignore=shutil.ignore_patterns("*.sock", "*.lock"))
    history = home / "data" / "history"
    [mine] = [p for p in history.iterdir() if p.is_dir()]
    other = history / "desk-bbbbbb"  # a second device, as file sync brings it
    other.mkdir()
    for week in mine.glob("*.json"):
        data = load_tables(week)
        assert data is not None
        for doc in data[EVENTS_TABLE].values():
            doc["nudge_id"] = f"other-{doc.get('nudge_id')}"
        (other / week.name).write_text(json.dumps(data), encoding="utf-8")

    stored = []
    for device in (mine, other):
        for week in sorted(device.glob("*-W*.json")):
            data = load_tables(week)
            assert data is not None
            stored += [{**doc, "device": device.name} for doc in data[EVENTS_TABLE].values()]
    exported = json.loads(_cli(home, "export", "--format", "json").stdout)
    key = lambda doc: json.dumps(doc, sort_keys=True)  # noqa: E731
    assert sorted(map(key, exported)) == sorted(map(key, stored))
    kinds = {doc["kind"] for doc in stored}
    assert kinds >= {"offered", "done", "stretch", "pause", "resume"}
    csv_lines = _cli(home, "export", "--format", "csv").stdout.splitlines()
    assert len(csv_lines) == 1 + len(stored)


# -- (e) nudge forget --all ----------------------------------------------------------------


def _seed(run_cli) -> None:
    run_cli("log", "rise", "--reps", "6", check_rc=0)
    run_cli("pause", "1h", check_rc=0)


def _nudge_files(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())


def test_forget_all_yes_deletes_all_data_config_state_and_logs(run_cli, nudge_home: Path
                                                               ) -> None:
    _seed(run_cli)
    (nudge_home / "config" / "exercises.toml").write_text(EXERCISES, encoding="utf-8")
    (nudge_home / "config" / "my-notes.txt").write_text("not nudge's", encoding="utf-8")
    before = _nudge_files(nudge_home)
    assert any(name.startswith("data/history/") for name in before)
    assert {"state/device", "state/state.json", "logs/nudge.log"} <= set(before)

    done = run_cli("forget", "--all", "--yes", check_rc=0)
    assert "forgot everything" in done.stdout
    assert "my-notes.txt" in done.stdout  # named as left alone
    assert _nudge_files(nudge_home) == ["config/my-notes.txt"]
    assert sorted(p.name for p in nudge_home.iterdir()) == ["config"]

    status = json.loads(run_cli("status", "--json", check_rc=0).stdout)
    assert status["done_today"] == 0  # a fresh start
    assert "paused" not in run_cli("status", check_rc=0).stdout


def test_forget_off_a_terminal_without_yes_refuses_and_deletes_nothing(run_cli, nudge_home):
    _seed(run_cli)
    before = _nudge_files(nudge_home)
    refused = run_cli("forget", "--all", input_text="yes\n", check_rc=2)
    assert "--yes" in refused.stderr and "Nothing was deleted" in refused.stderr
    assert set(before) <= set(_nudge_files(nudge_home))
    assert "required" in run_cli("forget", check_rc=2).stderr  # --all must be said


def _forget_on_a_terminal(home: Path, answer: str) -> tuple[str, int]:
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "forget", "--all"], env=cli_env(home),
                          encoding="utf-8", timeout=20)
    child.expect("Type yes to delete it all: ")
    shown = child.before or ""
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")
    return shown + (child.before or ""), int(child.exitstatus or 0)


def test_forget_on_a_terminal_asks_and_only_yes_deletes(run_cli, nudge_home: Path) -> None:
    _seed(run_cli)
    history = nudge_home / "data" / "history"
    [device] = list(history.iterdir())
    (history / "desk-bbbbbb").mkdir()  # history synced from another computer
    for week in device.glob("*.json"):
        (history / "desk-bbbbbb" / week.name).write_bytes(week.read_bytes())
    before = _nudge_files(nudge_home)

    shown, rc = _forget_on_a_terminal(nudge_home, "no")
    assert rc == 1 and "Nothing was deleted" in shown
    assert str(history) in shown and "2 devices" in shown and "synced" in shown
    assert "config.toml" in shown and "nudge export" in shown
    assert _nudge_files(nudge_home) == before

    shown, rc = _forget_on_a_terminal(nudge_home, "yes")
    assert rc == 0 and "forgot everything" in shown
    assert _nudge_files(nudge_home) == []


def test_forget_deletes_every_file_nudge_keeps_in_its_state_folder(run_cli, nudge_home: Path
                                                                    ) -> None:
    """Every state file nudge writes goes (unsaved answers, milestones, the weekly review, quiet
    hours, the welcome's mark), and a file nudge did not make stays, named."""
    _seed(run_cli)
    state = nudge_home / "state"
    for name in ("unsaved.json", "milestones.json", "weekly_review.json", "quiet_hours.json",
                 "welcomed"):
        (state / name).write_text("{}", encoding="utf-8")
    (state / "my-notes.txt").write_text("not nudge's", encoding="utf-8")
    run_cli("forget", "--all", "--yes", check_rc=0)
    assert _nudge_files(nudge_home) == ["state/my-notes.txt"]


def test_forget_refuses_while_the_app_runs_and_says_to_quit_first(run_cli, nudge_home: Path
                                                                  ) -> None:
    app = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                        env=cli_env(nudge_home), encoding="utf-8", timeout=20,
                        dimensions=(40, 120))
    try:
        app.expect("press \\? for keys")
        run_cli("log", "rise", check_rc=0)
        before = _nudge_files(nudge_home)
        refused = run_cli("forget", "--all", "--yes", check_rc=1)
        assert "nudge quit" in refused.stderr and "Nothing was deleted" in refused.stderr
        assert set(before) <= set(_nudge_files(nudge_home))
        assert json.loads(run_cli("status", "--json", check_rc=0).stdout)["running"] is True
        run_cli("quit", check_rc=0)
        app.expect(pexpect.EOF)
    finally:
        if app.isalive():
            app.kill(signal.SIGKILL)
        app.close()
    run_cli("forget", "--all", "--yes", check_rc=0)
    assert _nudge_files(nudge_home) == []


def test_forget_help_says_what_it_deletes(run_cli) -> None:
    text = run_cli("forget", "--help", check_rc=0).stdout
    assert "--yes" in text and "--all" in text
    assert "forget" in run_cli("--help", check_rc=0).stdout
