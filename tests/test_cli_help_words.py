"""`nudge --help` in the user's language: argparse's own words (the usage prefix, the section
titles, -h's help) come from nudge's catalogue, not from argparse's English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nudge.cli.parser import build_parser
from nudge.core.i18n import use


class _Marked:
    """A stand-in catalogue: every message comes back wrapped, so any English left shows."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"

    def pgettext(self, context: str, message: str) -> str:
        return f"«{message}»"


@pytest.fixture
def marked() -> Iterator[None]:
    use(_Marked())
    yield
    use(None)


@pytest.mark.usefixtures("marked")
def test_argparse_words_come_from_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    text = parser.format_help()
    for said in ("«usage: »nudge", "«positional arguments»:", "«options»:",
                 "«show this help message and exit»", "«show program's version number and exit»",
                 "«start the app (the default command)»"):
        assert said in text, text
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["log", "rise", "--reps", "5x"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("«usage: »nudge log")
    assert "«'5x' is not a whole number; give one from 1 to 100»" in err
    assert "«Try `nudge --help` or `nudge COMMAND --help`.»" in err


@pytest.mark.usefixtures("marked")
def test_a_percent_sign_in_a_translated_help_text_does_not_break_help() -> None:
    use(type("Percent", (_Marked,), {"gettext": lambda self, m: m + " 100 %"})())
    assert "100 %" in build_parser().format_help()


def test_in_english_the_help_reads_as_argparse_writes_it() -> None:
    text = build_parser().format_help()
    assert text.startswith("usage: nudge [-h] [--version] COMMAND ...")
    assert "\npositional arguments:\n" in text and "\noptions:\n" in text
    assert "-h, --help   show this help message and exit" in text
