"""Which language nudge picks where no LANGUAGE says it: LC_MESSAGES on its own, and the
desktop's UI language on Windows (GetUserDefaultUILanguage through ctypes) and macOS
(`defaults read -g AppleLanguages`). The OS calls are faked with monkeypatch, being edges to
APIs this machine does not have; what they answer is mapped to the shipped catalogues."""

from __future__ import annotations

import ctypes
import gettext
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nudge import i18n
from nudge.core.i18n import _
from nudge.i18n import language


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def _catalogue(languages: list[str]) -> str:
    """The shipped catalogue gettext loads for `languages`: its folder's name."""
    found = gettext.find(i18n.DOMAIN, i18n.LOCALE_DIR, languages=languages)
    assert found is not None, languages
    return Path(found).parent.parent.name


class _Kernel32:
    def __init__(self, lcid: int | None) -> None:
        self.lcid = lcid

    def GetUserDefaultUILanguage(self) -> int:  # the Windows API's name
        if self.lcid is None:
            raise OSError("not available")
        return self.lcid


class _WinDLL:
    def __init__(self, lcid: int | None) -> None:
        self.kernel32 = _Kernel32(lcid)


@pytest.mark.parametrize(("lcid", "tag", "catalogue"), [
    (0x0407, "de_DE", "de"), (0x0416, "pt_BR", "pt_BR"), (0x0804, "zh_CN", "zh_CN"),
    (0x0411, "ja_JP", "ja")])
def test_the_windows_ui_language_picks_the_shipped_catalogue(monkeypatch, lcid: int, tag: str,
                                                             catalogue: str) -> None:
    monkeypatch.setattr(ctypes, "windll", _WinDLL(lcid), raising=False)
    assert language.preferred(environ={}, platform="win32") == [tag]
    assert _catalogue([tag]) == catalogue


def test_a_windows_ui_language_that_cannot_be_read_is_english(monkeypatch) -> None:
    monkeypatch.setattr(ctypes, "windll", _WinDLL(None), raising=False)
    assert language.preferred(environ={}, platform="win32") == ["en"]
    monkeypatch.setattr(ctypes, "windll", _WinDLL(0x7FFF), raising=False)  # an unknown LCID
    assert language.preferred(environ={}, platform="win32") == ["en"]


def _defaults(monkeypatch, stdout: str, returncode: int = 0) -> list[list[str]]:
    """`defaults` answering `stdout`; returns the commands it was asked to run."""
    asked: list[list[str]] = []

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        asked.append(command)
        return subprocess.CompletedProcess(command, returncode, stdout, "")

    monkeypatch.setattr(subprocess, "run", run)
    return asked


@pytest.mark.parametrize(("printed", "tags", "catalogue"), [
    ('(\n    "pt-BR",\n    en\n)\n', ["pt_BR", "en"], "pt_BR"),
    ('(\n    "zh-Hans-CN",\n    "ja-JP"\n)\n', ["zh_CN", "ja_JP"], "zh_CN"),
    ('(\n    "zh-Hans",\n    en\n)\n', ["zh_CN", "en"], "zh_CN"),  # Apple's script subtag
    ('(\n    "de-DE"\n)\n', ["de_DE"], "de")])
def test_the_macos_languages_pick_the_shipped_catalogue(monkeypatch, printed: str,
                                                        tags: list[str], catalogue: str) -> None:
    asked = _defaults(monkeypatch, printed)
    assert language.preferred(environ={}, platform="darwin") == tags
    assert asked == [["defaults", "read", "-g", "AppleLanguages"]]
    assert _catalogue(tags) == catalogue


def test_macos_languages_that_cannot_be_read_are_english(monkeypatch) -> None:
    _defaults(monkeypatch, "", returncode=1)
    assert language.preferred(environ={}, platform="darwin") == ["en"]


def test_the_environment_wins_over_the_desktop(monkeypatch) -> None:
    asked = _defaults(monkeypatch, '(\n    "pt-BR"\n)\n')
    assert language.preferred(environ={"LANG": "fr_FR.UTF-8"}, platform="darwin") == ["fr_FR"]
    assert asked == []


def test_lc_messages_on_its_own_picks_the_language() -> None:
    assert i18n.install(environ={"LC_MESSAGES": "fr_FR.UTF-8"}) == "fr_FR"
    assert _("Time for a nudge") == "Petit rappel"
    # Over LANG, as gettext reads them (LC_ALL would win over both).
    assert i18n.install(environ={"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "de_DE.UTF-8"}) == "ja_JP"
    assert _("Time for a nudge") == "ひと休みの時間です"
