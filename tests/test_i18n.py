"""Translations end to end: the language chosen from the environment or `[app] language`,
doctor and terminal mode in German and Japanese as real processes, the weekly picture drawn in
both (saved to artifacts/ to be looked at), and the `make lint` check failing on a bad .po."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pexpect
import pytest
from languages import language_env
from test_weekly_png import full_week, long_hours_week

from nudge import i18n
from nudge.charts.fonts import font_for
from nudge.charts.weekly_png import render_weekly_png
from nudge.core.i18n import Formats, _, shown, use
from nudge.core.status import Phase, Status

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
sys.path.insert(0, str(ROOT / "packaging"))
import translations  # noqa: E402  (packaging/translations.py, the make lint check)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return language_env(tmp_path / "n", **extra)


def test_the_environment_picks_the_language_as_gettext_does() -> None:
    assert i18n.install(environ={"LANGUAGE": "", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR"}) \
        == "de_DE"
    assert _("Time for a nudge") == "Zeit für einen Stupser"
    assert i18n.install(environ={"LANGUAGE": "ja:de", "LANG": "C"}) == "ja"
    assert _("Time for a nudge") == "ひと休みの時間です"
    assert i18n.install(environ={"LANG": "C"}) == "en"
    assert _("Time for a nudge") == "Time for a nudge"


def test_the_config_setting_overrides_the_environment_and_formats_follow_it() -> None:
    assert i18n.install("fr", locale_formats=True, environ={"LANGUAGE": "de"}) == "fr"
    assert _("Time for a nudge") == "Petit rappel"  # the French catalogue, not German
    assert i18n.formats().day(date(2026, 11, 30)) == "lun. 30 nov."


def test_an_unknown_language_is_english_quietly() -> None:
    assert i18n.install("xx", locale_formats=True) == "xx"
    assert _("Time for a nudge") == "Time for a nudge"
    assert i18n.formats().day(date(2026, 11, 30)) == "Mon 30 Nov"


def test_without_babel_the_status_says_the_weekday_from_the_catalogue() -> None:
    """The all-day app (tray, terminal mode) never loads Babel, and it said "Mon" in German."""
    assert i18n.install("de") == "de"  # as build_app does: no locale formats
    assert type(i18n.formats()) is Formats
    off = Status(Phase.OFF_HOURS, 0, None, None, 0.0, next_work_start=datetime(2026, 11, 30, 8))
    assert off.line() == "Außerhalb der Arbeitszeit · nächste Stupser ab Mo. 08:00"
    assert [i18n.formats().weekday(date(2026, 11, 30) + timedelta(days=n))
            for n in range(7)] == ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]


@pytest.mark.parametrize(("language", "said"), [
    ("de", "nudge doctor: was hier funktioniert"), ("ja", "nudge doctor: この環境で動くもの")])
def test_doctor_speaks_the_language(tmp_path: Path, language: str, said: str) -> None:
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor"], capture_output=True,
                          text=True, timeout=60, env=_env(tmp_path, LANGUAGE=language,
                                                          PYTHONIOENCODING="utf-8"))
    assert said in done.stdout, done.stdout + done.stderr
    assert "what works here" not in done.stdout


def test_app_language_in_the_config_file_wins_over_the_environment(tmp_path: Path) -> None:
    env = _env(tmp_path, LANGUAGE="de", PYTHONIOENCODING="utf-8")
    (tmp_path / "n" / "config" / "config.toml").write_text('[app]\nlanguage = "ja"\n')
    done = subprocess.run([sys.executable, "-m", "nudge", "doctor"], capture_output=True,
                          text=True, timeout=60, env=env)
    assert "nudge doctor: この環境で動くもの" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(("language", "said"), [
    ("de", "nudge zählt mit, wie lange du sitzt"),
    ("ja", "nudge が座っている時間を数えています")])
def test_terminal_mode_speaks_the_language(tmp_path: Path, language: str, said: str) -> None:
    child = pexpect.spawn(sys.executable, ["-m", "nudge", "run", "--ui", "terminal"],
                          env=_env(tmp_path, LANGUAGE=language, LANG="C.UTF-8"),
                          encoding="utf-8", timeout=30, dimensions=(40, 120))
    try:
        child.expect_exact(said)
        child.send("?")
        child.expect_exact({"de": "Tasten:", "ja": "キー:"}[language])
        child.send("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


@pytest.mark.parametrize("language", i18n.shipped_languages())
def test_the_weekly_picture_is_drawn_in_the_language(language: str) -> None:
    """A usual week and the long-hours stress week, saved to artifacts/ to be looked at."""
    if language in ("ja", "zh_CN", "ko") and font_for(language) is None:
        pytest.skip("no CJK font: apt-get install fonts-noto-cjk (as .ci/run does)")
    i18n.install(language, locale_formats=True)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, week in (("", full_week), ("-long-hours", long_hours_week)):
        path = ARTIFACTS / f"weekly-{language}{name}.png"
        render_weekly_png(week(), path)
        assert path.stat().st_size > 10_000
    assert _("Time for a nudge") != "Time for a nudge"  # drawn with the language's catalogue


# -- the make lint check --------------------------------------------------------------------
def _checked(tmp_path: Path, edit: tuple[str, str], language: str = "de") -> list[str]:
    po = tmp_path / language / "LC_MESSAGES" / "nudge.po"
    po.parent.mkdir(parents=True)
    shipped = translations.LOCALE / language / "LC_MESSAGES"
    text = (shipped / "nudge.po").read_text(encoding="utf-8")
    assert edit[0] in text
    po.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    shutil.copy(shipped / "nudge.mo", po.with_suffix(".mo"))
    with translations.POT.open("rb") as file:
        template = translations.read_po(file)
    return translations.check_po(po, template)


def test_the_shipped_translations_pass_the_check() -> None:
    assert translations.check() == 0


def test_the_check_fails_on_a_fuzzy_message(tmp_path: Path) -> None:
    problems = _checked(tmp_path, ('msgid "Time for a nudge"',
                                   '#, fuzzy\nmsgid "Time for a nudge"'))
    assert any("'Time for a nudge' is fuzzy" in problem for problem in problems), problems


def test_the_check_fails_on_french_punctuation_after_a_plain_space(tmp_path: Path) -> None:
    """French puts a no-break space before : ; » (and a ! or ? that ends a sentence), after «;
    a plain one lets the line break before the colon."""
    problems = _checked(tmp_path, ("ne fonctionne ici\u00a0: tout le temps où la session",
                                   "ne fonctionne ici : tout le temps où la session"), "fr")
    assert any("a plain space where French puts a no-break one: ' :'" in p
               for p in problems), problems


def test_the_check_fails_on_a_wrong_placeholder(tmp_path: Path) -> None:
    problems = _checked(tmp_path, ('msgstr "Woche {number}"', 'msgstr "Woche {nummer}"'))
    assert any("'Week {number}' has placeholders ['nummer']" in p for p in problems), problems


def test_the_check_fails_on_an_untranslated_message(tmp_path: Path) -> None:
    problems = _checked(tmp_path, ('msgstr "Zeit für einen Stupser"', 'msgstr ""'))
    assert any("'Time for a nudge' is not translated" in p for p in problems), problems


def test_the_check_runs_msgfmt(tmp_path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext's msgfmt is not installed (apt-get install gettext)")
    # Babel reads it (with a default), gettext does not: plural messages need the header.
    problems = _checked(tmp_path, ('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', ''))
    assert any(problem.startswith("msgfmt --check") for problem in problems), problems


def test_the_check_fails_on_exercises_that_would_fall_back_to_english(tmp_path: Path) -> None:
    too_long = "Aufstehen " * 8  # an exercise name over the catalogue's length
    german = _german_name("Glute-first chair rise")
    problems = _checked(tmp_path, (f'msgstr "{german}"', f'msgstr "{too_long}"'))
    assert any("break a catalogue rule" in problem and "name" in problem
               for problem in problems), problems


def _german_name(english: str) -> str:
    with (translations.LOCALE / "de" / "LC_MESSAGES" / "nudge.po").open("rb") as file:
        message = translations.read_po(file).get(english)
    assert message is not None and isinstance(message.string, str)
    return message.string


# -- text the translators found unmarked ----------------------------------------------------
class _Marked:
    """A pseudo-translation that brackets every whole message: text built from unmarked
    fragments shows up unbracketed, or bracketed only in part."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"


def _whole(text: str) -> bool:
    return text.startswith("⟦") and text.endswith("⟧")


def test_doctor_says_its_pictures_and_notification_daemon_lines_in_the_language(
        tmp_path: Path) -> None:
    from nudge.cli.doctor import format_report, notification_daemon_check
    from nudge.cli.doctor.model import Check, Context
    from nudge.cli.doctor.notifications import probe_theme
    from nudge.paths import Paths

    use(_Marked())
    ctx = Context(Paths(tmp_path, tmp_path, tmp_path, tmp_path), {}, "linux", "sudo apt install")
    pictures, _font = probe_theme(ctx)
    no_bus = notification_daemon_check({"error": "no bus"}, "XFCE", "sudo apt install")
    nothing = notification_daemon_check({}, "XFCE", "sudo apt install")
    waiting = notification_daemon_check({"activatable": True}, "GNOME", "sudo apt install")
    report = format_report([Check("pictures", None, "x")], unicode=True)
    assert _whole(pictures.detail) and "freedesktop" in pictures.detail
    assert _whole(no_bus.detail) and _whole(nothing.detail) and _whole(waiting.detail)
    assert _whole(nothing.fix) and "xfce4-notifyd" in nothing.fix
    assert "⟦pictures⟧" in report


def test_the_idle_note_and_the_tray_line_are_whole_translated_sentences(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from nudge.activity import Choice
    from nudge.activity.null import NullActivitySource
    from nudge.tray.backend import no_tray_reason, probe_tray

    use(_Marked())
    monkeypatch.delenv("DISPLAY", raising=False)
    choice = Choice(NullActivitySource("none"), "none", sees_idle=False, sees_lock=True)
    notes = [choice.seated_note(terminal) for terminal in (True, False)]
    tray = probe_tray(None, platform="linux")
    assert all(note is not None and _whole(note) for note in notes), notes
    # Translated where a person reads it; English for the log ("tray: none (…)").
    assert shown(tray.reason).startswith("⟦⟦no D-Bus session bus⟧, and no X11 display"), \
        shown(tray.reason)
    assert tray.reason.startswith("no D-Bus session bus, and no X11 display"), tray.reason
    assert _whole(shown(no_tray_reason("why", "_NET_SYSTEM_TRAY_S0")))


def test_doctor_names_the_font_package_when_the_language_has_no_font(tmp_path: Path,
                                                                     monkeypatch) -> None:
    """Japanese with no CJK font: the weekly picture falls back to English, and doctor says
    so and what to install; with the font it names the file."""
    from nudge.charts import fonts
    from nudge.cli.doctor.model import Context
    from nudge.cli.doctor.notifications import probe_theme
    from nudge.paths import Paths

    i18n.install("ja")
    ctx = Context(Paths(tmp_path, tmp_path, tmp_path, tmp_path), {}, "linux", "sudo apt install")
    monkeypatch.setattr(fonts, "font_for", lambda language, platform=None: None)
    (_pictures, missing) = probe_theme(ctx)
    assert missing.name == "picture font" and missing.ok is False
    assert missing.fix == "sudo apt install fonts-noto-cjk"
    monkeypatch.setattr(fonts, "font_for", lambda language, platform=None: Path("/f/Noto.ttc"))
    (_pictures, found) = probe_theme(ctx)
    assert found.ok is True and found.detail == "Noto.ttc"


def _drawn_words(monkeypatch, tmp_path: Path) -> tuple[list[str], Path | None]:
    """Every text the long-hours picture draws, and the font file it drew them with."""
    from nudge.charts.pen import Pen

    drawn: list[str] = []
    used: list[Path | None] = []
    text = Pen.text

    def recording(self, xy, words, size, fill, anchor="la", max_width=None):
        drawn.append(words)
        used.append(self.font_file)
        return text(self, xy, words, size, fill, anchor, max_width)

    monkeypatch.setattr(Pen, "text", recording)
    render_weekly_png(long_hours_week(), tmp_path / "week.png", scale=1)
    assert len(set(used)) == 1
    return drawn, used[0]


# What pillow's built-in font draws: ASCII, and the marks the pen keeps or swaps for "-".
_BUILT_IN = {chr(code) for code in range(32, 127)} | set("·…–—−")


@pytest.mark.parametrize(("language", "own_word"), [
    ("de", "Wiederholungen"), ("fr", "Rép."), ("pl", "Powt."), ("ja", "回数")])
def test_with_no_font_for_the_letters_the_picture_is_english_and_doctor_names_the_package(
        tmp_path: Path, monkeypatch, language: str, own_word: str) -> None:
    """The built-in font has no ä ö ü ß é ç ł ą: a German picture drawn with it lost letters
    while doctor said it needed "no extra font"."""
    from nudge.charts import fonts
    from nudge.cli.doctor.model import Context
    from nudge.cli.doctor.notifications import probe_theme
    from nudge.paths import Paths

    i18n.install(language, locale_formats=True)
    monkeypatch.setattr(fonts, "font_for", lambda language, platform=None: None)
    drawn, font = _drawn_words(monkeypatch, tmp_path)
    assert font is None and "Reps" in drawn and "18900" in drawn, drawn
    assert own_word not in drawn
    assert {char for words in drawn for char in words} <= _BUILT_IN, drawn
    ctx = Context(Paths(tmp_path, tmp_path, tmp_path, tmp_path), {}, "linux", "sudo apt install")
    (_pictures, missing) = probe_theme(ctx)
    assert missing.ok is False
    assert missing.fix == "sudo apt install " + (
        "fonts-noto-cjk" if language == "ja" else "fonts-dejavu-core")


def test_with_the_system_font_the_picture_draws_german_letters(tmp_path: Path,
                                                               monkeypatch) -> None:
    if font_for("de") is None:
        pytest.skip("no font with German letters: apt-get install fonts-dejavu-core")
    i18n.install("de", locale_formats=True)
    drawn, font = _drawn_words(monkeypatch, tmp_path)
    assert font == font_for("de")
    assert "Wiederholungen" in drawn and "18.900" in drawn
    assert any("ä" in words or "ü" in words for words in drawn), drawn


@pytest.mark.parametrize(("language", "joined"), [("en", "camera, microphone"),
                                                  ("de", "camera, microphone"),
                                                  ("ja", "camera、microphone"),
                                                  ("zh_CN", "camera、microphone")])
def test_a_list_of_words_is_joined_as_the_language_writes_one(language: str,
                                                              joined: str) -> None:
    from nudge import i18n

    i18n.install(language)
    try:
        assert i18n.join_words(["camera", "microphone"]) == joined
    finally:
        i18n.install("en")
