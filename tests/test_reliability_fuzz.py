"""Bad input fuzz: whatever the user types or whatever lands in nudge's files, words not crashes.

Covered elsewhere already: config.toml (tests/test_config_fuzz.py) and control-channel JSON
(tests/test_control_fuzz.py). Here: the command line (random argv through `nudge.cli.main`,
in-process, against a real NUDGE_HOME), the user's exercises.toml, the history week files, the
pause state file and the device id file.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import string
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from nudge.cli.main import build_parser, main
from nudge.config.exercise_files import load_catalogue
from nudge.core.catalogue import CatalogueError, merge_exercises, parse_catalogue
from nudge.core.durations import DurationTooLong, parse_duration
from nudge.core.events import Event, EventKind
from nudge.state.pause_file import load_pause
from nudge.store import StoreWriteError, TinyDBEventStore, device_id
from nudge.store.layout import is_device_name


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- the command line ------------------------------------------------------------------------

COMMANDS = ["status", "summary", "log", "export", "config", "pause", "resume", "quit",
            "autostart", "forget", "help", "rise"]
FLAGS = ["--json", "--week", "--png", "--reps", "--format", "--output", "-o", "--path",
         "--init", "--check", "--all", "--yes", "--help", "-h", "--version", "--ui", "--verbose",
         "--", "-"]
VALUES = ["csv", "json", "rise", "status", "on", "off", "30m", "1h", "2h", "0s", "-5m", "1h30m",
          "until-tomorrow", "until-resumed", "forever", "soon", "2026-W48", "2026-W53",
          "2026-W00", "26-W1", "9999-W52", "0001-W01", "1", "0", "-1", "100", "101", "0100",
          "1e9", "nan", "99999999999h", "out.png", "out.csv", "sub/dir/x.png", ".", "",
          " ", "é", "\u202e", "--reps=5", "--format=xml", "--week=2026-W48"]
SAFE_TEXT = st.text(string.ascii_letters + string.digits + "-_=. é", max_size=12).filter(
    lambda t: not t.startswith(("/", "~")))  # never a path outside the test folder
TOKENS = st.sampled_from(COMMANDS) | st.sampled_from(FLAGS) | st.sampled_from(VALUES) | SAFE_TEXT
ARGV = st.tuples(st.sampled_from(COMMANDS) | TOKENS, st.lists(TOKENS, max_size=6)).map(
    lambda parts: [parts[0], *parts[1]])

def _would_run_the_app_or_change_the_desktop(argv: list[str]) -> bool:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:
            return False
    return args.command in (None, "run", "doctor") or (
        args.command == "autostart" and args.state != "status")


@contextlib.contextmanager
def _cli_sandbox(home: Path) -> Any:
    """NUDGE_HOME=home, cwd=home (relative output files land there), logging restored."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, logging.lastResort
    old_env, old_cwd = os.environ.get("NUDGE_HOME"), Path.cwd()
    os.environ["NUDGE_HOME"] = str(home)
    os.chdir(home)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        if old_env is None:
            os.environ.pop("NUDGE_HOME", None)
        else:
            os.environ["NUDGE_HOME"] = old_env
        for handler in root.handlers:
            if handler not in saved[0]:
                handler.close()
        root.handlers[:], level, logging.lastResort = saved
        root.setLevel(level)


def run_main(home: Path, argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with _cli_sandbox(home), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code: Any = main(argv)
        except SystemExit as leaving:  # argparse's --help, --version and usage errors
            code = leaving.code
    return (0 if code is None else code), out.getvalue(), err.getvalue()


@fuzz(300)
@given(argv=ARGV)
@example(argv=["log", "rise", "--reps", "0100"])
@example(argv=["export", "-o", "sub/dir/x.png"])
@example(argv=["summary", "--png", "."])
@example(argv=["forget", "--all"])
@example(argv=["pause", "99999999999h"])
@example(argv=["summary", "--week", "9999-W52"])
def test_any_command_line_gets_an_exit_code_and_words_never_a_traceback(tmp_path: Path,
                                                                        argv: list[str]) -> None:
    assume(not _would_run_the_app_or_change_the_desktop(argv))
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    code, out, err = run_main(home, argv)
    assert code in (0, 1, 2, 130), (argv, code, err)
    assert "Traceback" not in out + err
    assert "unexpected error" not in err, (argv, err)  # the last line of defence: a bug
    if code != 0:
        assert err.strip(), (argv, "a failure must say why")
    assert not any(Path("/").glob("out.*"))  # nothing escaped the test folder


# -- the user's exercises.toml ---------------------------------------------------------------

KEYS = ["id", "name", "cues", "reps", "kind", "where", "level"]
FRAGMENTS = ["[[exercise]]\n", "[exercise]\n", "[[exercises]]\n", "\n", " = ", "[", "]", ",",
             '"', "'", "#", "{", "}", *(f"{key} = " for key in KEYS)]
VALUE_TEXT = ['"glute_rise"', '"rise"', '"hip_flexor"', '"chair"', '"floor"', '"x"', '""', "5",
              "0", "-1", "51", "1.5", "true", '["a", "b"]', "[]", '["a"]', "[1, 2]",
              '["a", "b", "c", "d", "e", "f"]', "1979-05-27", '"\\u0000"', '"' + "n" * 200 + '"']


def _load(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "exercises.toml"
    path.write_bytes(raw)
    try:
        loaded = load_catalogue(path)
    except CatalogueError as problem:
        assert str(problem) and str(path) in str(problem)
        return
    assert loaded.catalogue.exercises  # the shipped ones at least


@fuzz(250)
@given(st.lists(st.sampled_from(FRAGMENTS + VALUE_TEXT), max_size=40).map("".join))
def test_toml_ish_exercise_files_give_a_catalogue_or_a_catalogue_error(tmp_path: Path,
                                                                      text: str) -> None:
    _load(tmp_path, text.encode("utf-8"))


@fuzz(150)
@given(st.binary(max_size=200) | st.text(max_size=200).map(
    lambda t: t.encode("utf-8", errors="surrogatepass")))
def test_random_exercise_files_give_a_catalogue_or_a_catalogue_error(tmp_path: Path,
                                                                    raw: bytes) -> None:
    _load(tmp_path, raw)


SCALARS = (st.text(max_size=20) | st.integers() | st.floats() | st.booleans() | st.dates()
           | st.sampled_from(["rise", "hip_flexor", "activation", "progression", "chair",
                              "standing", "floor", "glute_rise", "hip_flexor_break"]))
VALUES_ANY = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=6)
                          | st.dictionaries(st.text(max_size=6), inner, max_size=4), max_leaves=10)
ENTRIES = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), VALUES_ANY, max_size=8)


@fuzz(250)
@given(st.dictionaries(st.sampled_from(["exercise", "exercises"]) | st.text(max_size=6),
                       st.lists(ENTRIES, max_size=4) | VALUES_ANY, max_size=2))
def test_any_exercise_document_gives_exercises_or_a_catalogue_error(doc: dict[str, Any]) -> None:
    shipped = load_catalogue(None).catalogue.exercises
    try:
        own = parse_catalogue(doc, "exercises.toml")
        merge_exercises(shipped, own)
    except CatalogueError as problem:
        assert problem.problems and str(problem).startswith("exercises.toml")


# -- history week files ----------------------------------------------------------------------

DEVICE = "laptop-aaaaaa"
MONDAY = datetime(2024, 6, 10, 9, 0, tzinfo=timezone(timedelta(hours=2)))
WEEK = (date(2024, 6, 10), date(2024, 6, 16))
JSON_SCALARS = (st.none() | st.booleans() | st.integers(-(2**64), 2**64) | st.text(max_size=12)
                | st.floats(allow_nan=False) | st.sampled_from(
                    ["done", "offered", "2024-06-10T09:00:00+02:00", "2024-06-10", "manual"]))
JSON_ANY = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
EVENT_DOCS = st.fixed_dictionaries(
    {"kind": st.sampled_from(["done", "offered", "missed", "dancing"]) | JSON_SCALARS},
    optional={"v": st.integers(-1, 3) | JSON_SCALARS,
              "local": st.sampled_from(["2024-06-10T10:00:00+02:00", "2024-06-11T10:00:00",
                                        "soon"]) | JSON_SCALARS,
              "at": JSON_SCALARS, "reps": JSON_SCALARS, "source": JSON_SCALARS,
              "start": JSON_SCALARS, "until": JSON_SCALARS, "nudge_id": JSON_SCALARS})
TABLE_FILES = st.fixed_dictionaries(
    {"events": st.dictionaries(st.text("0123456789x", min_size=1, max_size=3), EVENT_DOCS,
                               max_size=4) | JSON_ANY},
    optional={"_meta": st.fixed_dictionaries(
        {"1": st.fixed_dictionaries({}, optional={"schema": st.integers(-1, 3) | JSON_SCALARS,
                                                  "device": JSON_SCALARS})}) | JSON_ANY})
FILE_BYTES = (st.binary(max_size=300)
              | JSON_ANY.map(lambda v: json.dumps(v).encode())
              | TABLE_FILES.map(lambda v: json.dumps(v).encode()))


@fuzz(300)
@given(FILE_BYTES)
@example(b'{"events": {"1": {"v": 1, "kind": "done"}, "01": {"v": 1, "kind": "done"}}}')
@example(b'{"events": {"x": {"v": 1, "kind": "done"}}}')
@example(b"[" * 100_000)
@example(b'{"events": {"1": {"kind": "done", "x": ' + b"[" * 900 + b"]" * 900 + b"}}}")
def test_any_week_file_content_is_read_repaired_or_refused_in_words_and_never_lost(
        tmp_path: Path, raw: bytes) -> None:
    root = tmp_path / f"case-{os.urandom(4).hex()}"
    notices: list[str] = []
    store = TinyDBEventStore(root / "data", DEVICE, root / "lock", notify=notices.append)
    store.append(Event(EventKind.DONE, MONDAY, nudge_id="first", reps=1))
    week = root / "data" / "history" / DEVICE / "2024-W24.json"
    week.write_bytes(raw)

    events = store.events_between(*WEEK)  # never raises
    try:
        store.append(Event(EventKind.DONE, MONDAY + timedelta(hours=1), nudge_id="new", reps=2))
        appended = True
    except StoreWriteError as refused:
        assert str(refused).startswith("nudge could not save your history")
        appended = False
    after = store.events_between(*WEEK)
    assert ("new" in [e.nudge_id for e in after]) == appended
    assert len(after) == len(events) + appended
    moved = list(week.parent.glob("2024-W24.json.corrupt-*"))
    if moved:  # unreadable: set aside byte for byte, and the user told where
        assert [p.read_bytes() for p in moved] == [raw]
        assert any(str(moved[0]) in notice for notice in notices)
    else:  # readable: every document it held is still there, understood or not
        before, now = json.loads(raw), json.loads(week.read_bytes())
        for table, docs in before.items():
            if table != "_meta":  # nudge's own bookkeeping, updated on write
                assert all(now[table][key] == doc for key, doc in docs.items())


def test_a_week_file_with_a_non_numeric_document_id_is_repaired_not_stuck(tmp_path: Path
                                                                          ) -> None:
    store = TinyDBEventStore(tmp_path / "data", DEVICE, tmp_path / "lock")
    store.append(Event(EventKind.DONE, MONDAY, nudge_id="first", reps=1))
    week = tmp_path / "data" / "history" / DEVICE / "2024-W24.json"
    week.write_text('{"events": {"x": {"v": 1, "kind": "done"}}}', encoding="utf-8")
    store.append(Event(EventKind.DONE, MONDAY, nudge_id="second", reps=2))
    assert "second" in [e.nudge_id for e in store.events_between(*WEEK)]


# -- small state files -----------------------------------------------------------------------


@fuzz(200)
@given(st.binary(max_size=120) | st.dictionaries(
    st.sampled_from(["paused", "since", "until"]) | st.text(max_size=5),
    JSON_SCALARS | st.sampled_from(["2026-11-23T09:00:00+01:00", "2026-11-23", "9999-12-31",
                                    "0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
                                    "9999-12-31T23:59:59-14:00"]),
    max_size=4).map(lambda d: json.dumps(d).encode()))
@example(b"[" * 100_000)  # json.loads raises RecursionError, not ValueError
def test_any_pause_file_means_a_pause_or_none(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(raw)
    pause = load_pause(path)
    if pause is not None:
        now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        pause.active(now)  # usable by the planner: no exception


@pytest.mark.parametrize("until", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
                                   "9999-12-31T23:59:59-14:00", "2026-11-23T10:00:00"])
def test_a_pause_time_without_a_zone_or_beyond_the_clock_means_not_paused(
        tmp_path: Path, until: str) -> None:
    # Each used to load, then make every check of the pause raise: no nudge until fixed by hand.
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"paused": True, "since": "2026-11-23T09:00:00+01:00",
                                "until": until}))
    assert load_pause(path) is None


@fuzz(150)
@given(st.text(max_size=80))
def test_any_text_in_the_device_file_gives_a_usable_device_id(tmp_path: Path, text: str) -> None:
    state = tmp_path / f"state-{os.urandom(4).hex()}"
    state.mkdir()
    (state / "device").write_text(text, encoding="utf-8", errors="surrogatepass")
    assert is_device_name(device_id(state))


def test_a_device_file_with_bytes_that_are_not_utf8_gives_a_usable_device_id(tmp_path: Path
                                                                             ) -> None:
    (tmp_path / "device").write_bytes(b"lap\xfftop\n")
    assert is_device_name(device_id(tmp_path))


@pytest.mark.parametrize("spec", ["99999999999h", "721h", "9" * 400 + "h", "1e9h"])
def test_a_huge_pause_is_refused_as_bad_input(tmp_path: Path, spec: str) -> None:
    code, _, err = run_main(tmp_path, ["pause", spec])
    assert code == 2 and "unexpected error" not in err, err
    if spec != "1e9h":  # not a duration at all: the forms, below
        assert "at most 720h, 30 days" in err and "use until-resumed" in err
    else:
        assert "write it like 30m, 1h, 1h30m" in err
    assert len(err) < 200  # a wall of digits is shortened, not echoed
    assert not (tmp_path / "state" / "state.json").exists()  # nothing paused


def test_the_longest_timed_pause_is_kept(tmp_path: Path) -> None:
    code, out, _ = run_main(tmp_path, ["pause", "720h"])
    pause = load_pause(tmp_path / "state" / "state.json")
    assert code == 0 and "paused until" in out
    assert pause is not None and pause.until is not None
    assert pause.until - pause.since == timedelta(hours=720)


def test_a_duration_too_long_to_count_is_a_duration_error() -> None:
    with pytest.raises(DurationTooLong, match="too long"):
        parse_duration("9" * 400 + "h")  # float("9" * 400) is inf, not an error


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "1899-W52", "9999-W01"])
def test_the_summary_of_a_week_too_far_from_today_gets_words(tmp_path: Path, week: str
                                                              ) -> None:
    code, _, err = run_main(tmp_path, ["summary", "--week", week])
    assert code == 2 and "unexpected error" not in err, err
    assert f"{week!r} is too far from today" in err and "1900-W01 to 9998-W53" in err


@pytest.mark.parametrize("week", ["1900-W01", "9998-W53"])
def test_the_summary_of_the_first_and_last_weeks_allowed_works(tmp_path: Path, week: str
                                                                ) -> None:
    code, out, err = run_main(tmp_path, ["summary", "--week", week, "--json"])
    assert code == 0, err
    assert json.loads(out)["week"] == week


def test_huge_reps_are_refused_in_one_short_line(tmp_path: Path) -> None:
    code, _, err = run_main(tmp_path, ["log", "rise", "--reps", "9" * 5000])
    assert code == 2 and "reps is outside 1-100; give a whole number from 1 to 100" in err
    assert len(err) < 300


@pytest.mark.parametrize("where", ["state/device", "data"])
def test_a_folder_or_file_in_the_way_gets_words_naming_it(tmp_path: Path, where: str) -> None:
    """A folder where the device file goes, or a file where nudge's folder goes."""
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    if where == "state/device":
        target.mkdir()
    else:
        target.write_text("not a folder")
    for argv in (["log", "rise"], ["summary"], ["export"]):
        code, _, err = run_main(tmp_path, argv)
        assert code == 1 and "unexpected error" not in err, (argv, err)
        assert f"could not use {target}" in err and "Fix: move that" in err, err
