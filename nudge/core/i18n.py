"""The words and formats of the user's language, as the pure core sees them.

Decision (issue 21): the core marks its user text with `_`, `ngettext`, `pgettext` and `N_` from
here, and formats dates and numbers through `formats()`. This module holds no I/O: it keeps the
translations and formats it was handed, and starts as the identity (English text, English
formats), so the core and its tests work without anything installed. The composition root
(`nudge.i18n.install`, called once at process start by `nudge.cli.main` and `build_app`, before
any other thread starts) hands it a gettext catalogue and, in the processes that may load Babel
(the CLI's one-shot commands, the windows, the pictures: never the all-day app), locale formats.
After that it is only read, so every thread may call these functions.

Outside the core, import the same names from `nudge.i18n`. Log lines are never translated.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Protocol


class Translations(Protocol):
    """What gettext's `NullTranslations`/`GNUTranslations` offer."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str: ...

    def pgettext(self, context: str, message: str) -> str: ...


class _Identity:
    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        return message


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


class Formats:
    """Dates and numbers in English, spelled here (not from the C locale), so the output is
    the same everywhere; `nudge.i18n.locale_formats` has the same methods through Babel."""

    def weekday(self, day: date) -> str:
        """`Mon`; in another language its catalogue's short name, so that the all-day app,
        which never loads Babel, still says the weekday in the user's language."""
        # Translators: a weekday's short name, as the status says "next nudges from Mon
        # 09:00": your language's usual abbreviation (German "Mo.", Japanese "月").
        return (pgettext("weekday", "Mon"), pgettext("weekday", "Tue"),
                pgettext("weekday", "Wed"), pgettext("weekday", "Thu"),
                pgettext("weekday", "Fri"), pgettext("weekday", "Sat"),
                pgettext("weekday", "Sun"))[day.weekday()]

    def day(self, day: date, with_year: bool = False) -> str:
        """`Mon 23 Nov`, or `Mon 23 Nov 2026`."""
        text = f"{self.weekday(day)} {day.day} {MONTH_ABBREVIATIONS[day.month - 1]}"
        return f"{text} {day.year}" if with_year else text

    def weekday_day(self, day: date) -> str:
        """`Mon 23`: a day within a week whose dates are said elsewhere."""
        return f"{self.weekday(day)} {day.day}"

    def week_range(self, first: date, last: date) -> str:
        """`23–29 Nov 2026`, `30 Nov – 6 Dec 2026` or `28 Dec 2026 – 3 Jan 2027`."""
        end = f"{last.day} {MONTH_ABBREVIATIONS[last.month - 1]} {last.year}"
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{end}"
        if first.year == last.year:
            return f"{first.day} {MONTH_ABBREVIATIONS[first.month - 1]} – {end}"
        return f"{first.day} {MONTH_ABBREVIATIONS[first.month - 1]} {first.year} – {end}"

    def weekday_name(self, day: date) -> str:
        """`Monday`: a weekday's whole name as a label starts (capitalised)."""
        return WEEKDAY_NAMES[day.weekday()]

    def month(self, day: date, width: str = "abbreviated") -> str:
        """The month's name on its own: `Mar`; `wide`: `March`; `narrow`: `M`."""
        name = MONTH_NAMES[day.month - 1]
        return name if width == "wide" else name[0] if width == "narrow" \
            else MONTH_ABBREVIATIONS[day.month - 1]

    def month_year(self, day: date) -> str:
        """`March 2025`."""
        return f"{MONTH_NAMES[day.month - 1]} {day.year}"

    def year(self, day: date) -> str:
        """`2025`."""
        return str(day.year)

    def day_long(self, day: date) -> str:
        """`Wed 12 March`: a day with its month's whole name."""
        return f"{self.weekday(day)} {day.day} {MONTH_NAMES[day.month - 1]}"

    def number(self, value: int | float, decimals: int | None = None) -> str:
        """`6.5`; with `decimals`, that many digits after the point (`6.0`)."""
        if decimals is not None:
            return f"{value:.{decimals}f}"
        return f"{value:g}" if isinstance(value, float) else str(value)

    def percent(self, ratio: float) -> str:
        """`0.42` -> `42%`."""
        return f"{round(ratio * 100)}%"


_translations: Translations = _Identity()
_formats = Formats()


def use(translations: Translations | None, formats: Formats | None = None) -> None:
    """Set the catalogue (None: English) and the formats (None: English). Called by
    `nudge.i18n.install` only, once at process start."""
    global _translations, _formats
    _translations = translations if translations is not None else _Identity()
    _formats = formats if formats is not None else Formats()


def _(message: str) -> str:
    """`message` in the user's language (gettext)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted sentence for `n`; fill its `{n}` with str.format after."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context` (for a word that means two things in English)."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Marks a module-level constant for extraction; translate it with `_` where it is used."""
    return message


class English(str):
    """Words that are both a stable English value and something a person reads: a message
    marked with `N_` and its fields. The string itself is the English (log lines, JSON values
    such as `status --json`'s `held_by`, comparisons); `shown()` is the same in the user's
    language, translated when it is shown, not when it is made. A field may be an `English`
    too (each side takes its side of it) or plain text (the same on both sides)."""

    message: str
    fields: dict[str, object]

    def __new__(cls, message: str, /, **fields: object) -> English:
        self = super().__new__(cls, message.format(**fields))
        self.message = message
        self.fields = fields
        return self

    def shown(self) -> str:
        """The words in the user's language."""
        return _(self.message).format(**{name: shown(value) if isinstance(value, str)
                                         else value for name, value in self.fields.items()})


def shown(text: str) -> str:
    """`text` as a person reads it: an `English` translated, other text as it is."""
    return text.shown() if isinstance(text, English) else text


def columns(text: str) -> int:
    """How many terminal columns `text` takes: CJK characters take two. Pad translated text
    by this, never by len()."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# Characters a line must not start with (closing marks) or end with (opening ones), as
# Japanese and Chinese typesetting keeps them.
_NO_LINE_START = frozenset("、。，．,.)）」』】〕〉》!！?？:：;；ー…・%"
                           "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_LINE_END = frozenset("（「『【〔〈《(")
_KEPT = "\0"  # stands for a space inside a backquoted command while `wrap` breaks lines
TERMINAL_WIDTH = 80  # what a person's default terminal shows: English lines fit in it
_LEAST_ROOM = 20  # a line's text gets at least this many columns, however deep its indent


def wrap(text: str, width: int, *, keep_words: bool = False) -> list[str]:
    """`text` (its whitespace folded) in lines of at most `width` columns (as `columns` counts
    them): broken at spaces, and between Chinese or Japanese characters, which need none; a
    word longer than a line is cut, or with `keep_words` left whole on a line of its own (a
    file's path, to copy; so is a `command` in backquotes, its spaces kept on one line).
    Text of one-column characters wraps as `textwrap.wrap`.
    A no-break space (French "18\u202f844", "Continuez\u00a0!") is part of its word."""
    text = fold_spaces(text)
    if not keep_words or "`" not in text:
        return _broken(text, width, keep_words)
    parts = text.split("`")  # odd ones are in backquotes (an unpaired last one quotes nothing)
    text = "`".join(part.replace(" ", _KEPT) if index % 2 and index < len(parts) - 1 else part
                    for index, part in enumerate(parts))
    return [line.replace(_KEPT, " ") for line in _broken(text, width, keep_words)]


def _broken(text: str, width: int, keep_words: bool) -> list[str]:
    """`wrap` of folded text."""
    if columns(text) == len(text):
        import textwrap  # here: the all-day app and a `nudge status` that fits never wrap

        return textwrap.wrap(text, width, break_long_words=not keep_words,
                             break_on_hyphens=not keep_words)
    pieces: list[tuple[str, bool]] = []  # (piece, whether a space comes before it)
    space = False
    for char in text:
        if char == " ":
            space = True
            continue
        before = pieces[-1][0][-1] if pieces else ""
        if pieces and not space and (char in _NO_LINE_START or before in _NO_LINE_END or not (
                _breaks_anywhere(char) or _breaks_anywhere(before))):
            pieces[-1] = (pieces[-1][0] + char, pieces[-1][1])  # no break here
        else:
            pieces.append((char, space))
        space = False
    lines: list[str] = []
    line = ""
    for piece, spaced in pieces:
        added = (" " if spaced and line else "") + piece
        if line and columns(line + added) > width:
            lines.append(line)
            line = piece
        else:
            line += added
        while columns(line) > width and not keep_words:  # one piece wider than a line
            cut = max(1, next(n for n in range(len(line), -1, -1)
                              if columns(line[:n]) <= width))
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


def terminal_lines(text: str, width: int = TERMINAL_WIDTH, *, first: str = "",
                   rest: str = "") -> str:
    """`text` for a terminal `width` columns wide: its first line after `first`, every other
    line (its own and those a wrap makes) after `rest`. A line wider than the room left is
    wrapped between words (`wrap` with `keep_words`: a path or a `command` stays whole, to
    copy); lines that fit are left as they are."""
    room = max(width - max(columns(first), columns(rest)), _LEAST_ROOM)
    parts = [part for line in text.split("\n") for part in (
        wrap(line, room, keep_words=True) if columns(line) > room else [line])]
    return "\n".join((rest if index else first) + part if part else ""
                     for index, part in enumerate(parts))


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: as it is when it fits, else cut at the last space
    before the limit (anywhere in text without spaces, as Chinese and Japanese are written)
    and ended with "…", never in the middle of a word."""
    if len(text) <= limit:
        return text
    cut = text[:max(0, limit - 1)]
    if not text[len(cut)].isspace() and " " in cut.strip():  # mid-word: back to a space
        cut = cut[:cut.rstrip().rindex(" ")]
    return cut.rstrip(" \n,;:—-") + "…"


_TO_SPACE = str.maketrans("\t\n\r\f\v", "     ")  # str.split() would take no-break spaces too


def fold_spaces(text: str) -> str:
    """`text` with each run of whitespace one space; a no-break space is not whitespace here
    (`str.split()` would fold French "ici\u00a0:" into a line break before its colon)."""
    return " ".join(part for part in text.translate(_TO_SPACE).split(" ") if part)


def _breaks_anywhere(char: str) -> bool:
    """Chinese and Japanese characters: a line may break before or after any of them (Korean
    breaks between words, at spaces, as English does)."""
    return columns(char) == 2 and not unicodedata.name(char, "").startswith("HANGUL")


def join_words(words: Iterable[str]) -> str:
    """A list of translated words as the language writes one: "camera, microphone",
    "カメラ、マイク"."""
    # Translators: what goes between the items of a list of words ("camera, microphone");
    # Chinese and Japanese write "、".
    return pgettext("list separator", ", ").join(words)


def formats() -> Formats:
    """The dates and numbers of the user's locale."""
    return _formats
