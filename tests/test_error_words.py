"""The one way an exception becomes words (`nudge.platform.error_words`), and that the CLI and
the store say the same thing about the same failure."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

import nudge
from nudge.cli.errors import path_problem
from nudge.platform.error_words import detail, message, reason, trouble
from nudge.store.messages import os_error_message

STATE = Path("/home/anna/.local/state/nudge/state.json")


def test_message_keeps_the_english_it_was_raised_with_else_gives_the_text() -> None:
    from nudge.i18n import N_, English

    raised = English(N_("cannot run {program}: {error}"), program="pactl", error="gone")
    kept = message(RuntimeError(raised))
    assert kept is raised  # still `English`: the log keeps it, `shown()` translates it
    assert message(ValueError("plain words")) == "plain words"
    assert message(OSError(2, "No such file")) == str(OSError(2, "No such file"))


def test_reason_gives_the_systems_words_else_the_text_else_the_kind() -> None:
    assert reason(OSError(errno.ENOSPC, "No space left on device", "x")) == \
        "No space left on device"
    assert reason(OSError("odd")) == "odd"
    assert reason(TimeoutError()) == "TimeoutError"


def test_detail_is_one_line_with_the_kind() -> None:
    assert detail(ValueError("bad\nsecond line")) == "ValueError: bad"
    assert detail(TimeoutError()) == "TimeoutError"


@pytest.mark.parametrize(("code", "why", "fix"), [
    (errno.ENOSPC, "the disk is full", "free some disk space"),
    (errno.EFBIG, "the file grew past the size", "raise the file size limit"),
    (errno.EACCES, "permission was denied", "give your user write access"),
    (errno.ENOENT, "its folder", "create that folder or choose another place"),
])
def test_the_cli_and_the_store_say_the_same_about_the_same_failure(
        code: int, why: str, fix: str) -> None:
    error = OSError(code, "the system's words")
    for said in (path_problem(error, STATE), os_error_message(error, STATE)):
        assert f"{why}" in said and f"Fix: {fix}" in said


def test_no_module_words_an_exception_by_hand() -> None:
    package = Path(nudge.__file__).parent
    by_hand = re.compile(r"\.strerror or\b|type\((?:error|err|exc)\)\.__name__\}: ")
    found = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                   if by_hand.search(path.read_text(encoding="utf-8")))
    # notify/failures.py words a notification failure with its kind on purpose (log detail).
    assert set(found) <= {"platform/error_words.py",
                          "notify/failures.py"}, "use nudge.platform.error_words"


def test_a_missing_file_in_a_folder_that_is_there_does_not_blame_the_folder(
        tmp_path: Path) -> None:
    gone = OSError(errno.ENOENT, "No such file or directory")
    gone_folder = trouble(gone, tmp_path / "missing" / "week.png")
    gone_file = trouble(gone, tmp_path / "picture.png")

    assert "does not exist" in gone_folder.why and "missing" in gone_folder.why
    assert "folder" not in gone_file.why
