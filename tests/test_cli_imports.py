"""The command line loads only what its command needs (issue #22: `nudge --version` within 2× of
`python -c pass`, `status` and `log` quick). Each case runs the real `nudge.cli.main.main` in a
fresh interpreter and lists the modules it left loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import cli_env

CODE = """
import json, sys
from nudge.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n" + json.dumps([code, sorted(sys.modules)]))
"""


def _modules(home: Path, *argv: str) -> tuple[str, int, set[str]]:
    done = subprocess.run([sys.executable, "-c", CODE, *argv], env=cli_env(home),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    output, _, listing = done.stdout.rstrip("\n").rpartition("\n")
    code, modules = json.loads(listing)
    return output.strip(), code, set(modules)


def test_version_loads_no_parser_handler_or_path_code(nudge_home: Path) -> None:
    from nudge import __version__

    output, code, modules = _modules(nudge_home, "--version")

    assert (output, code) == (f"nudge {__version__}", 0)
    assert {m for m in modules if m.startswith("nudge")} == {"nudge", "nudge.cli",
                                                             "nudge.cli.main"}
    assert not modules & {"argparse", "logging", "platformdirs", "dataclasses", "typing"}


def _unwanted_loaded(statements: str, unwanted: tuple[str, ...]
                    ) -> tuple[int, str, str]:
    """Run `statements` in a fresh interpreter: its exit code, which of `unwanted` it left
    loaded (a printed list), and its standard error."""
    code = statements + "\nimport sys\nprint(sorted(m for m in sys.modules if m in sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, *unwanted], capture_output=True,
                          text=True, timeout=60)
    return done.returncode, done.stdout.strip(), done.stderr


def test_asking_the_running_app_loads_neither_its_server_nor_the_catalogue() -> None:
    unwanted = ("nudge.control.server", "nudge.core.catalogue", "nudge.core.events",
                "nudge.store", "tinydb")

    found = _unwanted_loaded("import nudge.cli.handlers, nudge.control, nudge.app.commands",
                             unwanted)

    assert found == (0, "[]", "")


# `nudge status` against a real running app (terminal mode) outside work hours, so the
# work-hours hint is said too. Not for it: the config package (schema, keys, template: ~40 ms)
# only for the hint's path; platformdirs (→ tempfile, shutil, lzma) although NUDGE_HOME names
# every folder; multiprocessing (~8 ms: the control channel is a plain socket on POSIX);
# subprocess and tomllib (a config that names no language); secrets and OpenSSL's _hashlib
# (the key handshake hashes with Python's built-in MD5/SHA-256).
NOT_FOR_STATUS = ("nudge.config", "platformdirs", "multiprocessing", "subprocess", "tomllib",
                  "secrets", "_hashlib", "ssl")
ALL_DAYS_OFF = "[schedule.work_hours]\n" + "".join(
    f'{day} = "off"\n' for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))

STATUS_CODE = """
import contextlib, io, json, sys
from nudge.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["status"])
print(json.dumps({"code": code, "said": out.getvalue(),
                  "loaded": sorted(m for m, module in sys.modules.items() if module is not None
                                   and (m in sys.argv[1:] or m.split(".")[0] in sys.argv[1:]))}))
"""


def test_status_from_the_running_app_loads_neither_the_config_package_nor_platformdirs(
        tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(ALL_DAYS_OFF)
    env = {"NUDGE_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}
    app = subprocess.Popen([sys.executable, "-m", "nudge", "run", "--ui", "terminal"], env=env,
                           stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                           stderr=subprocess.STDOUT)  # stdin kept open: it quits at its end
    try:
        deadline = time.monotonic() + 20
        while True:
            done = subprocess.run([sys.executable, "-c", STATUS_CODE, *NOT_FOR_STATUS], env=env,
                                  capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stderr
            found = json.loads(done.stdout)
            if "not running" not in found["said"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)  # the app is still starting; its control channel comes soon
    finally:
        assert app.stdin is not None
        app.stdin.close()
        app.wait(20)

    assert found["code"] == 0 and "Outside work hours" in found["said"], found
    assert "Change the work hours" in found["said"]  # the hint, without nudge.config
    assert found["loaded"] == []


# `nudge`, `nudge run`, `nudge status` and `nudge log rise` in their plain forms are read without
# argparse (nudge.cli.plain_words); they must mean what the parser makes of them, and anything
# else must go to the parser, which explains a mistake.
PLAIN = [[], ["run"], ["run", "--ui", "tray"], ["run", "--verbose", "--ui", "terminal"],
         ["run", "--ui", "auto", "--verbose"], ["status"], ["status", "--json"], ["log", "rise"],
         ["log", "rise", "--reps", "12"], ["log", "rise", "--reps", "100"]]
NOT_PLAIN = [["run", "--ui", "window"], ["run", "--verb"], ["run", "--ui"], ["run", "-h"],
             ["run", "--verbose", "--verbose"], ["status", "--js"], ["status", "--json", "x"],
             ["log", "rise", "--reps", "0"], ["log", "rise", "--reps", "101"],
             ["log", "rise", "--reps=5"], ["log", "rise", "--reps", "٣"],
             ["log", "rise", "--reps", "9" * 5000], ["log", "rise", "--reps", "0005"],
             ["log", "walk"],
             ["--help"], ["pause", "1h"]]


@pytest.mark.parametrize("words", PLAIN, ids=" ".join)
def test_a_plain_command_line_reads_as_the_parser_reads_it(words: list[str]) -> None:
    from nudge.cli.parser import build_parser
    from nudge.cli.plain_words import plain_words

    assert vars(plain_words(words)) == vars(build_parser().parse_args(words))


@pytest.mark.parametrize("words", NOT_PLAIN, ids=lambda words: " ".join(words)[:40])
def test_anything_else_goes_to_the_parser(words: list[str]) -> None:
    from nudge.cli.plain_words import plain_words

    assert plain_words(words) is None


def test_status_and_log_rise_load_no_argparse(nudge_home: Path) -> None:
    for argv in (["status"], ["log", "rise"]):
        _, _, modules = _modules(nudge_home, *argv)
        assert "argparse" not in modules, argv


def test_status_with_the_app_not_running_reads_the_history_without_the_write_lock(
        nudge_home: Path) -> None:
    output, code, modules = _modules(nudge_home, "status")

    assert code == 0 and "not running" in output
    assert "nudge.store.event_store" in modules  # the history was read…
    assert "filelock" not in modules  # …and only a write takes the lock


def test_log_rise_writes_under_the_kernel_lock_loading_neither_filelock_nor_multiprocessing(
        nudge_home: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows locks with filelock and talks over multiprocessing's pipes")
    _, code, modules = _modules(nudge_home, "log", "rise")

    assert code == 0
    assert "nudge.platform.file_lock" in modules  # the rep went to the history under the lock
    assert not {m.split(".")[0] for m in modules} & {"filelock", "multiprocessing", "secrets",
                                                    "subprocess"}


def test_the_exercises_load_without_the_config_reader() -> None:
    """`status` and `log rise` with the app not running read the exercises; the config package
    loads each part on first use, so the config file's reader does not come with them."""
    unwanted = ("nudge.config.files", "nudge.config.schema", "nudge.config.reader",
                "nudge.config.keys", "nudge.config.template")

    found = _unwanted_loaded("from nudge.config.exercise_files import usable_catalogue\n"
                             "usable_catalogue(None)", unwanted)

    assert found == (0, "[]", "")
