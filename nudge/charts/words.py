"""The weekly picture's words: the user's language, or English when no font has its letters.

Pillow's built-in font draws ASCII only; without a font for the language (`nudge.charts.fonts`)
the picture is drawn in English, its dates and numbers too, so it never shows empty boxes for
missing glyphs. Runs on the thread that draws the picture; it only reads the installed language.
"""

from __future__ import annotations

from datetime import date

from nudge.core.i18n import WEEKDAY_NAMES, Formats
from nudge.core.summary_text import format_hm
from nudge.i18n import _, formats, ngettext


class Words:
    """The picture's words: the user's language when a font can draw it, else English (and
    English dates), so a picture never shows empty boxes for missing glyphs."""

    def __init__(self, english: bool) -> None:
        self.english = english
        self.dates = _EnglishFormats() if english else formats()

    def _(self, text: str) -> str:  # named as gettext's, so `make pot` finds the texts
        return text if self.english else _(text)

    def ngettext(self, singular: str, plural: str, count: int, **more: object) -> str:
        """A sentence with `{n}` (and `more` placeholders), in the form for `count`; `{n}`
        is written as the locale writes numbers."""
        text = (singular if count == 1 else plural) if self.english else \
            ngettext(singular, plural, count)
        return text.format(n=self.number(count), **more)

    def hm(self, minutes: float) -> str:
        """`5h 10m`, in English in an English picture (a Japanese "分" would be a box)."""
        return format_hm(minutes, self._)

    def number(self, value: int) -> str:
        """A count as the locale writes it: German `18.900`, French `18 900`."""
        return self.dates.number(value)


class _EnglishFormats(Formats):
    """English dates, the weekdays too (`Formats` says them from the catalogue: "Śr.", "水")."""

    def weekday(self, day: date) -> str:
        return WEEKDAY_NAMES[day.weekday()][:3]
