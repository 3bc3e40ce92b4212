"""The windows in the user's language: every label, button, tooltip and accessible name goes
through gettext (checked with a pseudo-translation that marks and lengthens every message by
a third, as German does), dates and weekday names through Babel, and nothing is clipped.

In-process (pytest-qt, Qt's offscreen platform); English is put back after each test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from nudge import i18n
from nudge.core.i18n import Formats
from nudge.i18n.locale_formats import LocaleFormats

WEDNESDAY = date(2025, 3, 12)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.install("en")


def test_the_windows_dates_come_from_babel_and_english_stays_as_it_was() -> None:
    english, german, japanese = Formats(), LocaleFormats("de"), LocaleFormats("ja")
    assert [english.weekday_name(WEDNESDAY), english.month_year(WEDNESDAY),
            english.day_long(WEDNESDAY), english.month(WEDNESDAY),
            english.month(WEDNESDAY, "narrow"), english.year(WEDNESDAY),
            english.number(6.0, decimals=1)] == [
        "Wednesday", "March 2025", "Wed 12 March", "Mar", "M", "2025", "6.0"]
    assert [german.weekday_name(WEDNESDAY), german.month_year(WEDNESDAY),
            german.day_long(WEDNESDAY), german.number(6.0, decimals=1)] == [
        "Mittwoch", "März 2025", "Mi., 12. März", "6,0"]
    assert [japanese.month_year(WEDNESDAY), japanese.month(WEDNESDAY, "narrow"),
            japanese.year(WEDNESDAY)] == ["2025年3月", "3", "2025年"]
    assert LocaleFormats("fr").weekday_name(WEDNESDAY) == "Mercredi"  # a label starts capital


# -- the windows in a pseudo-translation ---------------------------------------------------

pytest.importorskip("PySide6.QtWidgets", reason="the windows need PySide6 (the dev extra has it)")

import re  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import tomlkit  # noqa: E402
from pseudo_language import OPEN, Pseudo, pseudo  # noqa: E402
from PySide6.QtCore import QCoreApplication, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QFont, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QToolButton,
    QWidget,
)

from bench.history_gen import generate_history, home_paths  # noqa: E402
from nudge.core.i18n import use  # noqa: E402
from nudge.paths import Paths, resolve_paths  # noqa: E402
from nudge.windows.insights_views import legend_items, legend_lines  # noqa: E402
from nudge.windows.insights_window import InsightsWindow  # noqa: E402
from nudge.windows.run import qt_translations  # noqa: E402
from nudge.windows.settings_window import SettingsWindow  # noqa: E402
from nudge.windows.welcome_window import WelcomeWindow  # noqa: E402


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("NUDGE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # start at login goes here
    use(Pseudo(), LocaleFormats("de"))
    return resolve_paths()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("i18n") / "home"
    generate_history(home, 6, datetime.now().astimezone())
    return home


def shown_texts(window: QWidget) -> dict[str, str]:
    """Every text of `window` a person reads or a screen reader says, by where it is."""
    found = {"title": window.windowTitle()}
    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, QToolButton):  # Qt's own (a tab bar's arrows): Qt's words
            continue
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel | QAbstractButton):
            found[f"{where} text {widget.text()!r}"] = widget.text()
        if isinstance(widget, QLineEdit):
            found[f"{where} placeholder"] = widget.placeholderText()
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                found[f"{where} tab {index}"] = widget.tabText(index)
        found[f"{where} tooltip"] = widget.toolTip()
        found[f"{where} name"] = widget.accessibleName()
        found[f"{where} description"] = widget.accessibleDescription()
    return {where: text for where, text in found.items() if re.search("[A-Za-z]{2}", text)}


def untranslated(window: QWidget, allowed: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    return {where: text for where, text in shown_texts(window).items()
            if OPEN not in text and text not in allowed}


def open_settings(paths: Paths, qtbot) -> SettingsWindow:  # type: ignore[no-untyped-def]
    window = SettingsWindow(paths)
    qtbot.addWidget(window)
    window.show()
    return window


def close_settings(window: SettingsWindow) -> None:
    window.doc.saved_text = tomlkit.dumps(window.doc.doc)  # close without asking
    window.autostart.was = window.autostart.box.isChecked()
    window.reps.wanted.clear()
    assert window.close()


def test_every_text_of_the_settings_window_goes_through_gettext(paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_settings(paths, qtbot)
    exercise_names = {shown.name for shown in window.reps.exercises}
    # The exercises' names and pictures' alt text come from exercises.toml's own translation.
    alt = {e.alt for e in window.reps.catalogue.exercises}
    days = {LocaleFormats("de").weekday_name(date(2024, 1, n)) for n in range(1, 8)}
    assert untranslated(window, exercise_names | alt | days) == {}
    ui = window.findChild(QComboBox, "app.ui")
    assert [ui.itemText(i) for i in range(ui.count())] == [pseudo("auto"), pseudo("tray"),
                                                           pseudo("terminal")]
    assert ui.currentData() == "auto"  # the value written to the file stays English
    labels = [label.text() for label in window.work_hours.findChildren(QLabel)]
    assert "Montag" in labels and "Sonntag" in labels  # Babel's weekday names
    close_settings(window)


def test_the_settings_window_fits_its_longer_words(paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_settings(paths, qtbot)
    tab_bar = window.tabs.tabBar()
    assert tab_bar.width() >= tab_bar.sizeHint().width()  # no tab hidden behind arrows
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        area = window.tabs.currentWidget()
        assert isinstance(area, QScrollArea)
        assert not area.horizontalScrollBar().isVisible(), window.tabs.tabText(index)
        squeezed = [b.text() for b in area.widget().findChildren(QAbstractButton)
                    if b.isVisible() and b.width() < b.sizeHint().width()]
        assert squeezed == []
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and not isinstance(button, QToolButton):
            assert button.width() >= button.sizeHint().width(), button.text()
    close_settings(window)


@pytest.mark.parametrize(("box", "many", "one_said", "many_said", "named"), [
    ("reps.glute_rise", 8, "1 rep", "8 reps", "Glute-first chair rise reps"),
    # a held stretch is counted in rounds
    ("reps.hip_flexor_break", 2, "1 round", "2 rounds", "Standing hip-flexor stretch rounds"),
])
def test_an_exercise_box_says_one_and_many_in_its_own_words(  # type: ignore[no-untyped-def]
        paths: Paths, qtbot, box: str, many: int, one_said: str, many_said: str,
        named: str) -> None:
    i18n.install("en")
    window = open_settings(paths, qtbot)
    spin = window.findChild(QSpinBox, box)
    spin.setValue(1)
    assert spin.text() == one_said
    spin.setValue(many)
    assert spin.text() == many_said
    assert spin.accessibleName() == named
    close_settings(window)


def test_the_ask_to_save_box_speaks_the_language(paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = open_settings(paths, qtbot)
    window.findChild(QSpinBox, "goals.daily_rises").setValue(9)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.extend([box.windowTitle(), box.text(),
                     *(button.text() for button in box.buttons())])
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    assert not window.close()  # Cancel: the window stays open with the change
    assert seen and all(OPEN in text for text in seen), seen
    assert pseudo("&Discard") in seen
    close_settings(window)


def test_every_text_of_the_welcome_goes_through_gettext_and_fits(paths: Paths, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = WelcomeWindow(paths)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    assert untranslated(window) == {}
    area = window.findChild(QScrollArea)
    assert not area.horizontalScrollBar().isVisible()
    for button in window.findChildren(QAbstractButton):
        assert button.width() >= button.sizeHint().width(), button.text()


def test_every_text_of_insights_goes_through_gettext_with_german_dates(history: Path,
                                                                      qtbot) -> None:  # type: ignore[no-untyped-def]
    use(Pseudo(), LocaleFormats("de"))
    window = InsightsWindow(home_paths(history))
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentIndex(1)
    month = window.month_page
    month.show_period(2025 * 12 + 2)
    assert month.title.text() == "März 2025"
    window.tabs.setCurrentIndex(2)
    window.year_page.show_period(2025)
    assert window.year_page.title.text() == "2025"
    titles = {month.title.text(), window.year_page.title.text()}
    # The week's chart and its words for screen readers are the weekly picture's and the
    # summary text's (nudge/charts, nudge/core), marked there.
    weekly = {window.chart.accessibleDescription()}
    assert untranslated(window, titles | weekly) == {}
    assert window.month_page.view.accessibleDescription().startswith(OPEN)
    assert window.year_page.view.accessibleDescription().startswith(OPEN)


def test_the_month_legend_takes_a_second_line_when_the_words_are_long(qtbot) -> None:  # type: ignore[no-untyped-def]
    use(Pseudo(), None)
    metrics = QLabel().fontMetrics()
    items = legend_items()
    wide = sum(metrics.horizontalAdvance(words) + 40 for _colour, words in items)
    assert len(legend_lines(metrics, items, wide)) == 1
    lines = legend_lines(metrics, items, wide / 2)
    assert len(lines) > 1 and sum(map(len, lines)) == len(items)


def test_japanese_text_is_drawn_with_real_glyphs(qtbot) -> None:  # type: ignore[no-untyped-def]
    """fontconfig finds a CJK font (fonts-noto-cjk) for the windows' own font: each character
    draws as itself, not as the same empty box."""

    def drawn(text: str) -> QImage:
        image = QImage(64, 64, QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        font = QFont(QApplication.font())
        font.setPixelSize(40)
        painter.setFont(font)
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return image

    glyphs = [drawn(char) for char in "水木金"]
    assert all(image != drawn(" ") for image in glyphs)  # something is drawn
    assert glyphs[0] != glyphs[1] != glyphs[2] != glyphs[0]  # and each is its own


def test_qts_own_words_follow_the_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The file dialog's and a tab bar's words are Qt's: its qtbase catalogue is loaded."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert qt_translations(app, "en") is None
    assert qt_translations(app, "xx") is None
    translator = qt_translations(app, "de")
    assert translator is not None
    try:
        assert QCoreApplication.translate("QFileDialog", "Save As") == "Speichern unter"
    finally:
        app.removeTranslator(translator)
    assert QCoreApplication.translate("QFileDialog", "Save As") == "Save As"
