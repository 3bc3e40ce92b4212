"""IsoWeek parsing and the two renderings of a summary: stable JSON and a terminal table."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from test_summary import MON, SUN, TUE, W48, done_offers, realistic_week, sit, summarise

from nudge.core.i18n import pgettext
from nudge.core.summary import IsoWeek, round_minutes, summary_to_json
from nudge.core.summary_text import format_hm, format_week_range, summary_to_text
from nudge.i18n import shipped_languages

# --- IsoWeek -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "week"),
    [
        ("2026-W48", 2026, 48),
        ("2026-W01", 2026, 1),
        ("2026-W53", 2026, 53),  # 2026 starts on a Thursday: 53 weeks
        ("2020-W53", 2020, 53),  # leap year starting on a Wednesday
        ("2015-W53", 2015, 53),
        (" 2026-w5 ", 2026, 5),
    ],
)
def test_iso_week_parses_good_values(text, year, week):
    parsed = IsoWeek.parse(text)
    assert (parsed.year, parsed.week) == (year, week)


@pytest.mark.parametrize(
    "text",
    ["2025-W53", "2027-W53", "2026-W00", "2026-W54", "2026-48", "2026W48", "26-W48", "", "W48",
     "2026-W48-1", "0000-W01", "2026-W4x"],
)
def test_iso_week_rejects_bad_values_naming_them_and_the_form(text):
    with pytest.raises(ValueError) as error:
        IsoWeek.parse(text)
    assert repr(text) in str(error.value)
    assert "YYYY-Www" in str(error.value)


def test_iso_week_rejects_an_impossible_week_when_built_directly():
    with pytest.raises(ValueError, match="2025-W53"):
        IsoWeek(2025, 53)


@pytest.mark.parametrize(
    ("week", "monday", "previous"),
    [
        (IsoWeek(2026, 48), date(2026, 11, 23), IsoWeek(2026, 47)),
        (IsoWeek(2027, 1), date(2027, 1, 4), IsoWeek(2026, 53)),
        (IsoWeek(2026, 1), date(2025, 12, 29), IsoWeek(2025, 52)),
        (IsoWeek(2021, 1), date(2021, 1, 4), IsoWeek(2020, 53)),
    ],
)
def test_iso_week_days_and_previous(week, monday, previous):
    days = week.days()
    assert days == tuple(monday + timedelta(days=i) for i in range(7))
    assert [d.weekday() for d in days] == list(range(7))
    assert week.previous() == previous
    assert all(IsoWeek.containing(d) == week for d in days)
    assert IsoWeek.parse(str(week)) == week


def test_iso_week_str():
    assert str(IsoWeek(2026, 48)) == "2026-W48"
    assert str(IsoWeek(2026, 5)) == "2026-W05"


def test_containing_uses_the_iso_year():
    assert IsoWeek.containing(date(2027, 1, 1)) == IsoWeek(2026, 53)
    assert IsoWeek.containing(date(2025, 12, 31)) == IsoWeek(2026, 1)


# --- JSON ----------------------------------------------------------------------------------

EMPTY_COUNTERS = {
    "offered": 0, "done": 0, "snoozed": 0, "skipped": 0, "missed": 0, "reps": 0,
    "seated_minutes": 0, "longest_stretch_minutes": 0, "moved_hours": 0,
    "completion_rate": None,
}
# Added after the first release, at the end of each object (the people-facing rise numbers).
EMPTY_RISES = {"rises": 0, "nudges_offered": 0, "nudges_done": 0, "on_your_own": 0,
               "nudge_rate": None}


def test_json_of_an_empty_week_has_exactly_the_documented_shape():
    doc = summary_to_json(summarise([]))
    assert list(doc) == ["week", "days", "totals", "streak_days", "daily_goal", "previous_week",
                         "change", "forgiven_days"]  # forgiven_days: #20, added at the end
    assert doc["week"] == "2026-W48"
    assert doc["days"] == [
        {"date": d.isoformat(), **EMPTY_COUNTERS, "goal_met": False, **EMPTY_RISES,
         "forgiven": False}
        for d in W48.days()
    ]
    assert [list(day) for day in doc["days"]] == [
        ["date", *EMPTY_COUNTERS, "goal_met", *EMPTY_RISES, "forgiven"]] * 7
    assert doc["totals"] == {**EMPTY_COUNTERS, "goal_days": 0, **EMPTY_RISES}
    assert list(doc["totals"]) == [*EMPTY_COUNTERS, "goal_days", *EMPTY_RISES]
    assert doc["streak_days"] == 0
    assert doc["daily_goal"] == 6
    assert doc["previous_week"] == {"week": "2026-W47", **EMPTY_COUNTERS, "goal_days": 0,
                                    **EMPTY_RISES}
    assert list(doc["previous_week"]) == ["week", *EMPTY_COUNTERS, "goal_days", *EMPTY_RISES]
    assert doc["change"] == {"done": 0, "reps": 0, "seated_minutes": 0, "completion_rate": None,
                             "rises": 0, "nudge_rate": None}
    assert list(doc["change"]) == ["done", "reps", "seated_minutes", "completion_rate", "rises",
                                   "nudge_rate"]
    assert json.loads(json.dumps(doc)) == doc


def test_json_numbers_are_ints_with_rounded_minutes():
    events = [*done_offers(MON, ["09:00", "10:00", "11:00"]), sit(MON, "12:00", "13:30")]
    doc = summary_to_json(summarise(events))
    monday = doc["days"][0]
    assert monday["seated_minutes"] == 90 and isinstance(monday["seated_minutes"], int)
    assert monday["completion_rate"] == 1.0
    for day in doc["days"]:
        for key in ("offered", "done", "reps", "seated_minutes", "longest_stretch_minutes",
                    "moved_hours"):
            assert type(day[key]) is int


def test_json_of_a_realistic_week():
    doc = summary_to_json(summarise(realistic_week()))
    assert doc["totals"]["done"] == 27
    assert doc["totals"]["seated_minutes"] == 2300
    assert doc["totals"]["completion_rate"] == round(24 / 31, 3)
    assert doc["days"][0]["moved_hours"] == 6
    assert doc["days"][2]["goal_met"] is False
    # Wednesday missed is forgiven (#20): the streak was 2 before, now Mon, Tue, Thu, Fri.
    assert doc["streak_days"] == 4
    assert doc["forgiven_days"] == ["2026-11-25"]
    assert [day["forgiven"] for day in doc["days"]] == [False, False, True] + [False] * 4
    assert doc["change"]["done"] == 27  # nothing the week before


@pytest.mark.parametrize(("minutes", "rounded"), [(0, 0), (0.49, 0), (0.5, 1), (2.5, 3),
                                                   (89.99, 90), (-2.5, -3)])
def test_round_minutes_is_half_up(minutes, rounded):
    assert round_minutes(minutes) == rounded


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "text"), [(0, "0m"), (45, "45m"), (60, "1h"),
                                               (310, "5h 10m"), (1570, "26h 10m"),
                                               (59.6, "1h")])
def test_format_hm(minutes, text):
    assert format_hm(minutes) == text


@pytest.mark.parametrize(
    ("week", "text"),
    [
        (IsoWeek(2026, 48), "23–29 Nov 2026"),
        (IsoWeek(2026, 49), "30 Nov – 6 Dec 2026"),
        (IsoWeek(2026, 53), "28 Dec 2026 – 3 Jan 2027"),
    ],
)
def test_format_week_range(week, text):
    assert format_week_range(week) == text


def test_text_of_a_realistic_week():
    last_week = [*done_offers(MON - timedelta(days=7), ["09:00"] * 3, reps=10)]
    text = summary_to_text(summarise(realistic_week() + last_week))
    print(text)
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0] == "Week 2026-W48 · 23–29 Nov 2026"
    assert any(line.startswith("Mon 23 Nov") and " met " in line for line in lines)
    assert any(line.startswith("Wed 25 Nov") and "10h" in line for line in lines)
    assert any(line.startswith("Week ") and "27" in line and "77%" in line for line in lines)
    assert "Streak: 4 workdays with the goal met" in text  # "in a row" only with none forgiven
    assert "Wed 25 Nov was forgiven: one missed workday in any seven keeps the streak." in text
    assert any(line.startswith("Wed 25 Nov") and " pass " in line for line in lines)
    assert "met on 4 days" in text
    assert "+24 rises vs last week" in text
    assert "+226 reps" in text
    assert "38h 20m more sitting" in text


def test_text_of_an_empty_week_is_friendly():
    text = summary_to_text(summarise([]))
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "No streak yet" in text
    assert "Nothing recorded yet" in text
    assert "fewer" not in text


def test_text_says_less_sitting_and_fewer_rises_in_plain_words():
    last_mon = MON - timedelta(days=7)
    events = [*done_offers(last_mon, ["09:00", "10:00"]), sit(last_mon, "08:00", "10:00"),
              *done_offers(TUE, ["09:00"]), sit(TUE, "08:00", "09:25")]
    text = summary_to_text(summarise(events, today=SUN))
    assert "1 fewer rise than last week" in text
    assert "-8 reps" in text
    assert "35m less sitting" in text


_WIDE_WORDS = {"Day": "日付", "Rises": "立ち上がり", "Seated": "Sitzdauer insgesamt",
               "Rises = nudges done + on your own (Own). Nudges: done/offered, each nudge counted "
               "once however often it was snoozed; Rate = done ÷ offered.": "合計" * 60}


class _Wide:
    """A catalogue with long (German) and wide (Japanese) words, to see the table make room."""

    def gettext(self, message: str) -> str:
        return _WIDE_WORDS.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return _WIDE_WORDS.get(message, message) if context == "summary table header" \
            else message


def test_the_table_makes_room_for_long_and_wide_translated_words():
    from unicodedata import east_asian_width

    from nudge.core import i18n

    def columns(text: str) -> int:
        return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)

    i18n.use(_Wide())
    try:
        text = summary_to_text(summarise(realistic_week()))
    finally:
        i18n.use(None)
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("日付"))
    rows = [line for line in lines[1:] if line.startswith(("Mon 23 Nov", "Week "))]
    assert "Sitzdauer insgesamt" in header and "立ち上がり" in header
    # Every row is as wide as the header: the columns line up under the translated words.
    assert {columns(row) for row in rows} == {columns(header)}
    assert all(columns(line) <= 80 for line in lines if "合計" in line)
    assert sum(line.count("合計") for line in lines) == 60


@pytest.mark.parametrize("language", ["en", *shipped_languages()])
def test_every_cell_of_the_table_fits_its_column_in_each_language(language):
    """The shipped catalogues and Babel's dates: "Mo., 23. Nov.", "perdonado", "100 %" and
    "6 小时" are wider than their headers, and the rows used to shift right of them."""
    from unicodedata import east_asian_width

    from nudge import i18n

    def columns(text: str) -> int:
        return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)

    i18n.install(language, locale_formats=True)
    try:
        lines = summary_to_text(summarise(realistic_week())).splitlines()
        week_label = pgettext("summary table", "Week")
    finally:
        i18n.install("en")
    rules = [number for number, line in enumerate(lines) if set(line) == {"-"}]
    table = lines[rules[0] - 1:rules[1] + 2]
    print("\n".join(table))
    assert len(table) == 11 and table[-1].startswith(week_label)
    # Every line of the table is as wide as the rule: no cell ran past its column.
    assert {columns(line) for line in table} == {columns(lines[rules[0]])}
    assert columns(table[0]) <= 80  # the table's own short headers: it fits a terminal
    if language == "en":
        assert table[2].startswith("Mon 23 Nov  ")


@pytest.mark.parametrize(("language", "total", "change"), [
    ("en", "  18900  ", "+18844 reps"),
    ("de", " 18.900  ", "+18.844 Wiederholungen"),
    ("fr", " 18\u202f900  ", "+18\u202f844 répétitions"),  # CLDR: a narrow no-break space
])
def test_counts_are_written_as_the_locale_writes_numbers(language, total, change):
    """The German table said "18900" and "+18844" where German writes "18.900"."""
    from test_weekly_png import long_hours_week

    from nudge import i18n

    i18n.install(language, locale_formats=True)
    try:
        text = summary_to_text(long_hours_week())
    finally:
        i18n.install("en")
    week_row = next(line for line in text.splitlines() if "126/126" in line)
    assert total in week_row, week_row
    assert change in text.replace("\n", " "), text
