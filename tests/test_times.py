"""Time expressions: the pattern layer (``normalise``) on single phrases with a
fixed anchor, and ``extract_times`` on short fictional documents (Veldra /
Ostmark) for context, tense, ranges, posts and event anchors."""

from __future__ import annotations

from datetime import date

import pytest

from parallax.extract.times import extract_times, normalise
from parallax.model import Block, BlockKind, Cell, Document, Metadata
from parallax.nlp import annotate

A = date(2023, 5, 10)  # a Wednesday


def norm(text: str, anchor: date | None = A, **ctx):
    t = normalise(text, anchor, **ctx)
    assert t is not None, text
    return t


def run(text: str, published: str | None = "2023-05-10", blocks=None, locale=None):
    doc = Document(text=text, meta=Metadata(published=published, locale=locale), blocks=blocks or [])
    analysis, sdoc = annotate(doc)
    return extract_times(analysis, sdoc, None)


def by_text(times, text):
    found = [t for t in times if t.text == text]
    assert found, f"{text!r} not in {[t.text for t in times]}"
    return found[0]


# ---------------------------------------------------------------- full and partial dates

@pytest.mark.parametrize("phrase,value", [
    ("Nov 3, 2021", "2021-11-03"),
    ("November 3, 2021", "2021-11-03"),
    ("3 November 2021", "2021-11-03"),
    ("the 3rd of November 2021", "2021-11-03"),
    ("Sept. 14, 2019", "2019-09-14"),
    ("twentieth of March 2022", "2022-03-20"),
    ("March 2019", "2019-03"),
    ("2021-11-03", "2021-11-03"),
])
def test_full_dates(phrase, value):
    assert norm(phrase).value == value


def test_ordinal_written_with_a_space():
    t = norm("2 nd March")
    assert (t.value, t.text) == ("2023-03-02", "2 nd March")


def test_day_month_without_year_takes_the_latest_past_year():
    assert norm("14 December", tense="past").value == "2022-12-14"
    assert norm("Apr 2").value == "2023-04-02"


def test_future_tense_puts_the_date_after_the_anchor():
    assert norm("2 May", tense="future").value == "2024-05-02"
    assert norm("2 May", tense="past").value == "2023-05-02"


def test_unknown_tense_prefers_a_much_nearer_later_date():
    assert norm("May 14").value == "2023-05-14"


def test_weekday_chooses_the_year():
    # 11 May was a Saturday in 2019 and a Thursday in 2023
    t = norm("Saturday 11th May", tense="past")
    assert t.value == "2019-05-11" and not t.ambiguous
    assert norm("Saturday 11th May", tense="future").value == "2024-05-11"


def test_weekday_mismatch_with_a_given_year_is_flagged():
    assert norm("Friday 11 May 2023").ambiguous


def test_month_alone_and_modifiers():
    assert norm("February", tense="past").value == "2023-02"
    late = norm("late February", tense="past")
    assert (late.value, late.begin, late.end_date) == ("2023-02", "2023-02-21", "2023-02-28")
    end = norm("the end of June", tense="future")
    assert (end.begin, end.end_date) == ("2023-06-21", "2023-06-30")
    mid = norm("mid-2020")
    assert (mid.value, mid.begin, mid.end_date) == ("2020", "2020-05-01", "2020-08-31")


def test_month_of_the_anchor_counts_as_not_after_it():
    assert norm("the end of May", tense="past").value == "2023-05"


def test_timestamp_of_a_post():
    t = norm("4:05 PM · Jan 9, 2023")
    assert (t.value, t.type) == ("2023-01-09T16:05", "TIME")


def test_years():
    assert norm("in 2018").value == "2018"
    assert norm("the 1990s").value == "199"


@pytest.mark.parametrize("phrase,value,ambiguous", [
    ("03/04/2021", "2021-03-04", True),    # both readings valid, no locale: month first, flagged
    ("25/04/2021", "2021-04-25", False),   # only the day-first reading is possible
])
def test_numeric_dates_without_locale(phrase, value, ambiguous):
    t = norm(phrase)
    assert (t.value, t.ambiguous) == (value, ambiguous)


def test_numeric_dates_follow_the_locale():
    assert norm("03/04/2021", day_first=True).value == "2021-04-03"
    times = run("The convoy left on 03/04/2021.", locale="en_GB")
    assert by_text(times, "03/04/2021").value == "2021-04-03"
    times = run("The convoy left on 03/04/2021.", locale="en_US")
    assert by_text(times, "03/04/2021").value == "2021-03-04"


# ---------------------------------------------------------------- ranges and spans

def test_day_range_in_one_month():
    t = norm("4 th – 9 th June", tense="past")
    assert (t.value, t.begin, t.end_date) == ("2022-06-04/2022-06-09", "2022-06-04", "2022-06-09")


def test_range_shares_the_year_of_its_second_end():
    times = run("On the night of March 3rd to March 4th of 2021, Ostmark shelled the ridge.")
    t = times[0]
    assert (t.value, t.begin, t.end_date) == ("2021-03-03/2021-03-04", "2021-03-03", "2021-03-04")


def test_from_year_to_year_and_between_months():
    times = run("The monitor served from 1998 to 2004. Talks ran between February and April.")
    assert by_text(times, "1998 to 2004").value == "1998/2004"
    t = by_text(times, "between February and April")
    assert (t.begin, t.end_date) == ("2023-02-01", "2023-04-30")


def test_since_opens_an_interval_to_the_anchor():
    times = run("Demining has continued since April 20 in the valley.")
    t = by_text(times, "April 20")
    assert (t.value, t.begin, t.end_date) == ("2023-04-20", "2023-04-20", "2023-05-10")


# ---------------------------------------------------------------- relative expressions

@pytest.mark.parametrize("phrase,value", [
    ("yesterday", "2023-05-09"),
    ("tomorrow", "2023-05-11"),
    ("four days ago", "2023-05-06"),
    ("two years ago", "2021"),
    ("last month", "2023-04"),
    ("next year", "2024"),
    ("last week", "2023-W18"),
])
def test_deictic_and_ago(phrase, value):
    assert norm(phrase).value == value


def test_about_a_week_ago_is_approximate():
    t = norm("about a week ago")
    assert t.value == "2023-05-03" and t.approximate


@pytest.mark.parametrize("phrase,value,begin,end", [
    ("recent days", "PXD", "2023-04-27", "2023-05-10"),
    ("over the last days", "PXD", "2023-04-27", "2023-05-10"),
    ("recent weeks", "PXW", "2023-04-12", "2023-05-10"),
    ("last weeks", "PXW", "2023-04-12", "2023-05-10"),
    ("recent months", "PXM", "2023-03-01", "2023-05-10"),
    ("in coming days", "PXD", "2023-05-11", "2023-05-17"),
    ("a few days ago", "PAST_REF", "2023-05-03", "2023-05-08"),
    ("recently", "PAST_REF", "2023-04-10", "2023-05-10"),
    ("currently", "PRESENT_REF", "2023-05-10", "2023-05-10"),
    ("as of now", "PRESENT_REF", "2023-05-10", "2023-05-10"),
])
def test_vague_relative_windows(phrase, value, begin, end):
    t = norm(phrase)
    assert (t.value, t.begin, t.end_date) == (value, begin, end)


def test_unanchored_relative_keeps_a_timex_placeholder():
    assert norm("yesterday", None).value == "XXXX-XX-XX"
    assert norm("14 December", None).value == "XXXX-12-14"


# ---------------------------------------------------------------- durations and sets

@pytest.mark.parametrize("phrase,value,approx", [
    ("two years and four months", "P2Y4M", False),
    ("two years and four month", "P2Y4M", False),
    ("for almost forty years", "P40Y", True),
    ("nearly 40 years", "P40Y", True),
    ("a long time", "PXY", True),
    ("three hours", "PT3H", False),
    ("several weeks", "PXW", True),
])
def test_durations(phrase, value, approx):
    t = norm(phrase)
    assert (t.value, t.type, t.approximate) == (value, "DURATION", approx)


def test_past_n_years_is_a_duration_ending_at_the_anchor():
    t = norm("the past twenty years")
    assert (t.value, t.begin, t.end_date) == ("P20Y", "2003-05-10", "2023-05-10")


@pytest.mark.parametrize("phrase,value", [("every year", "P1Y"), ("each month", "P1M"), ("weekly", "P1W")])
def test_sets(phrase, value):
    t = norm(phrase)
    assert (t.value, t.type) == (value, "SET")


# ---------------------------------------------------------------- documents

def test_no_times_from_counts_urls_and_identifiers():
    text = ("The shells landed 60 kilometers from Varn and 312 soldiers were moved. "
            "Registry number 4417203311-12. See https://example.org/2021/03/04/report for the 2019 file.")
    values = {t.text: t.value for t in run(text)}
    assert values == {"2019": "2019"}


def test_table_header_year_dates_the_rows():
    text = "Timeline\nDate (2019)\tEvent\n4 th March\tTalks stalled.\n9 th October\tBorder closed.\n"
    times = run(text, published="2023-05-10")
    assert by_text(times, "4 th March").value == "2019-03-04"
    assert by_text(times, "9 th October").value == "2019-10-09"


def test_table_header_year_from_blocks():
    text = "When (2017)\tWhat\n2 nd June\tA truce.\n"
    header_end = text.index("\n")
    row_end = len(text) - 1
    blocks = [
        Block(BlockKind.TABLE_ROW, 0, header_end, cells=[Cell(0, 11), Cell(12, header_end)],
              attrs={"table": 0, "header": True}),
        Block(BlockKind.TABLE_ROW, header_end + 1, row_end,
              cells=[Cell(header_end + 1, header_end + 10, "When (2017)"), Cell(header_end + 11, row_end, "What")],
              attrs={"table": 0, "header": False}),
    ]
    times = run(text, blocks=blocks)
    assert by_text(times, "2 nd June").value == "2017-06-02"


def test_earlier_mention_gives_the_year():
    text = ("The accord of March 8, 2019 was signed in Varn. After the March 8 accord, "
            "Ostmark kept its troops in place.")
    times = run(text)
    assert [t.value for t in times] == ["2019-03-08", "2019-03-08"]


def test_relative_expressions_in_an_embedded_post_use_the_post_date():
    text = ("Statement of the monitor\n\n**Ana Ruiz**\n@anaruiz · Mar 2\n\n"
            "Convoys crossed the river about a week ago and are still there as of now.\n\n"
            "3:10 PM · Mar 4, 2023 · Web\n")
    times = run(text)
    assert by_text(times, "about a week ago").value == "2023-02-23"
    assert by_text(times, "as of now").begin == "2023-03-02"


def test_no_publication_date_anchors_on_the_latest_full_date():
    text = "Issued on 12 January 2022. Ostmark shelled Varn yesterday."
    times = run(text, published=None)
    assert by_text(times, "yesterday").value == "2022-01-11"


def test_event_anchored_expression():
    text = ("The summit held in Lorsk on 14 April ended without a text. "
            "Two days after the Lorsk summit, Veldra closed the border.")
    times = run(text)
    t = by_text(times, "Two days after the Lorsk summit")
    assert t.value == "2023-04-16" and t.anchor == "event:lorsk summit"


def test_immediately_after_an_event_takes_its_day():
    text = ("The meeting of delegates held in Lorsk on 14 April discussed the border. "
            "Immediately after the Lorsk meeting, Ostmark moved its artillery.")
    t = by_text(run(text), "Immediately after the Lorsk meeting")
    assert t.value == "2023-04-14"


def test_unresolved_event_anchor_keeps_no_value():
    times = run("Five days after the Dorn conference, the shelling resumed.")
    t = by_text(times, "Five days after the Dorn conference")
    assert t.value is None


def test_future_tense_from_the_parse():
    times = run("Veldra will open the new bridge on 2 March.")
    assert by_text(times, "2 March").value == "2024-03-02"
    times = run("Veldra opened the new bridge on 2 March.")
    assert by_text(times, "2 March").value == "2023-03-02"


def test_modal_may_is_not_a_month():
    assert run("Ostmark may withdraw its troops.") == []
