"""The weekly PNG: a valid picture of the expected size, not blank, written atomically."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

import pytest
from PIL import Image, ImageChops, ImageStat
from test_summary import MON, done_offers, manual, realistic_week, sit, summarise

from nudge.charts.weekly_png import BASE_HEIGHT, BASE_WIDTH, render_weekly_png
from nudge.core.settings import Goals, Schedule, TimeRange
from nudge.core.summary import IsoWeek, build_weekly_summary
from nudge.i18n import shipped_languages

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def full_week():
    last_week = done_offers(MON - timedelta(days=7), ["09:00", "10:00"])
    return summarise(realistic_week() + last_week + [sit(MON - timedelta(days=7), "08:00",
                                                          "12:00")])


def long_hours_week():
    """Work every day 05:30..24:00, huge numbers and a long streak: stresses every label."""
    every_day = Schedule(work_hours=((TimeRange(time(5, 30), None),),) * 7)
    week = IsoWeek(2026, 49)
    events = [e for d in week.days() for e in done_offers(d, [f"{h}:00" for h in range(6, 24)],
                                                          reps=150)]
    events += [manual(week.monday - timedelta(days=n), "10:00") for n in range(1, 300)]
    return build_weekly_summary(events, week, every_day, Goals(daily_rises=1), week.sunday)


SUMMARIES = {"empty": lambda: summarise([]), "full": full_week, "long-hours": long_hours_week}


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("name", list(SUMMARIES))
def test_renders_a_valid_png_of_the_expected_size(tmp_path, name, scale):
    path = tmp_path / f"{name}.png"
    render_weekly_png(SUMMARIES[name](), path, scale=scale)
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (BASE_WIDTH * scale, BASE_HEIGHT * scale)
        stddev = ImageStat.Stat(image.convert("L")).stddev[0]
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert stddev > 5, "the picture looks blank"
    assert colours is not None and len(colours) > 20
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_a_full_week_draws_more_ink_than_an_empty_one(tmp_path):
    def ink(summary) -> float:
        path = tmp_path / "chart.png"
        render_weekly_png(summary, path, scale=1)
        with Image.open(path) as image:
            return ImageStat.Stat(image.convert("L")).stddev[0]

    assert ink(full_week()) > ink(summarise([]))


def test_overwrites_an_existing_file(tmp_path):
    path = tmp_path / "week.png"
    path.write_bytes(b"old")
    render_weekly_png(full_week(), path, scale=1)
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "week.png"
    path.write_bytes(b"old")

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Image.Image, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        render_weekly_png(full_week(), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["week.png"]


def test_rejects_a_scale_below_one(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        render_weekly_png(summarise([]), tmp_path / "x.png", scale=0)



def test_a_forgiven_day_is_marked_in_the_picture(tmp_path):
    summary = summarise(realistic_week())
    assert summary.forgiven_days  # Wednesday missed, forgiven (#20)
    marked, plain = tmp_path / "marked.png", tmp_path / "plain.png"
    render_weekly_png(summary, marked, scale=1)
    render_weekly_png(replace(summary, forgiven_days=()), plain, scale=1)
    with Image.open(marked) as a, Image.open(plain) as b:
        differing = sum(p != q for p, q in zip(a.tobytes(), b.tobytes(), strict=True))
    assert differing > 50  # the ring under Wednesday, the key and the streak tile's note


@pytest.fixture
def in_language(request):
    """The picture in `request.param`, with the shipped catalogue and Babel's formats."""
    from nudge import i18n
    from nudge.charts.fonts import font_for

    language = request.param
    if language in ("ja", "zh_CN", "ko") and font_for(language) is None:
        pytest.skip("no CJK font: apt-get install fonts-noto-cjk (as .ci/run does)")
    i18n.install(language, locale_formats=True)
    yield language
    i18n.install("en")


@pytest.mark.parametrize("in_language", ["en", *shipped_languages()], indirect=True)
@pytest.mark.parametrize("week", [full_week, long_hours_week])
def test_the_legends_never_cover_the_bars_or_their_counts(tmp_path, monkeypatch, in_language,
                                                          week):
    """Drawn with and without the legends: every pixel a legend changes was bare card before.
    A legend on its own line (Spanish, Japanese) sat on the tallest bars' counts."""
    from nudge.charts import pen, weekly_png

    summary = week()
    with_legend, without = tmp_path / "with.png", tmp_path / "without.png"
    render_weekly_png(summary, with_legend)
    monkeypatch.setattr(weekly_png, "_legend", lambda *args, **kwargs: None)
    render_weekly_png(summary, without)
    with Image.open(with_legend) as a, Image.open(without) as b:
        a, b = a.convert("RGB"), b.convert("RGB")
        changed = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
        card = Image.new("RGB", b.size, pen.CARD)
        inked = ImageChops.difference(b, card).convert("L").point(lambda v: 255 if v else 0)
        covered = ImageChops.multiply(changed, inked).getbbox()
    assert changed.getbbox() is not None  # the legends were drawn
    assert covered is None, f"the legend covers what is drawn in {covered} (scaled pixels)"


@pytest.mark.parametrize("in_language", ["en", "de", "ja", "zh_CN"], indirect=True)
def test_the_hours_got_up_are_counted_in_the_language_and_fit(tmp_path, monkeypatch,
                                                              in_language):
    """The hours panel said "18 h" in every language; Japanese says "18時間", and the column
    makes room for it instead of shrinking it."""
    from nudge.charts.pen import Pen

    drawn: list[tuple[str, float | None, float]] = []
    text = Pen.text

    def recording(self, xy, words, size, fill, anchor="la", max_width=None):
        drawn.append((words, max_width, self.width(words, size)))
        return text(self, xy, words, size, fill, anchor, max_width)

    monkeypatch.setattr(Pen, "text", recording)
    render_weekly_png(long_hours_week(), tmp_path / "week.png", scale=1)
    expected = {"en": "18 h", "de": "18 h", "ja": "18時間", "zh_CN": "18 小时"}[in_language]
    counts = [(width, room) for words, room, width in drawn if words == expected]
    assert len(counts) == 7 and all(room is not None and width <= room for width, room in counts)


@pytest.mark.parametrize("in_language", ["en", *shipped_languages()], indirect=True)
@pytest.mark.parametrize("week", [full_week, long_hours_week])
def test_no_words_are_cut_in_any_language(monkeypatch, tmp_path, in_language, week):
    """Long words may be drawn a little smaller, never cut with "…": a cut sentence loses what
    it says (German "minus 23…", Portuguese "queda…" were)."""
    from nudge.charts.pen import Pen

    cut: list[str] = []
    text = Pen.text

    def recording(self, xy, words, size, fill, anchor="la", max_width=None):
        if max_width is not None:
            smallest = size
            while smallest > 8 and self.width(words, smallest) > max_width:
                smallest -= 0.5
            if self.width(words, smallest) > max_width:
                cut.append(words)
        return text(self, xy, words, size, fill, anchor, max_width)

    monkeypatch.setattr(Pen, "text", recording)
    render_weekly_png(week(), tmp_path / "week.png", scale=1)
    assert cut == [], f"cut in {in_language}: {cut}"


@pytest.mark.parametrize(("in_language", "reps", "change"), [
    ("en", "18900", "+18844"), ("de", "18.900", "+18.844"),
    ("fr", "18\u202f900", "+18\u202f844"),  # CLDR: a narrow no-break space
], indirect=["in_language"])
def test_counts_are_drawn_as_the_locale_writes_numbers(tmp_path, monkeypatch, in_language,
                                                        reps, change):
    """The German picture said "18900" and "+18844" where German writes "18.900"."""
    from nudge.charts.pen import Pen

    drawn: list[str] = []
    text = Pen.text

    def recording(self, xy, words, size, fill, anchor="la", max_width=None):
        drawn.append(words)
        return text(self, xy, words, size, fill, anchor, max_width)

    monkeypatch.setattr(Pen, "text", recording)
    render_weekly_png(long_hours_week(), tmp_path / "week.png", scale=1)
    assert reps in drawn, drawn  # the Reps tile's value
    assert any(words.startswith(change) or f" {change} " in words for words in drawn), drawn
    assert drawn.count({"en": "2700", "de": "2.700", "fr": "2\u202f700"}[in_language]) == 7
