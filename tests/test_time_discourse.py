"""Time shapes that depend on the discourse (the last day, night, month or
year the text gave) and shapes added after the second error analysis on
TimeBank/AQUAINT (train split). Sentences are our own (a fictional conflict
between Veldra and Ostmark)."""

from __future__ import annotations

import pytest

from parallax.extract.times import extract_times, normalise
from parallax.model import Document, Metadata
from parallax.nlp import annotate


def run(text: str, published: str = "2025-03-10", **kw):
    analysis, doc = annotate(Document(text=text, meta=Metadata(published=published)))
    return extract_times(analysis, doc, None, **kw)


def get(times, text):
    found = [t for t in times if t.text == text]
    assert found, f"{text!r} not in {[t.text for t in times]}"
    return found[0]


# ---------------------------------------------------------------- the narrative's day

def test_parts_of_day_follow_the_narrative():
    times = run("Veldran guns opened fire on 3 March 2025. The next morning, families fled Lisk. "
                "That evening the shelling stopped.")
    assert get(times, "The next morning").begin == "2025-03-04"
    assert get(times, "That evening").begin == "2025-03-04"  # the evening of the morning just told


def test_the_night_refers_back_to_the_night_given():
    times = run("In the night from 3 to 4 March the Veldran army attacked Lisk. On Sunday 2 March units "
                "had been seen digging in; the mission was told the same day. Residents recorded the night "
                "as it happened and the council posted a message the next morning.", published="2025-03-05")
    night = get(times, "the night")
    assert (night.begin, night.end_date) == ("2025-03-03", "2025-03-04")
    assert get(times, "the next morning").begin == "2025-03-04"


def test_the_night_after_a_later_day_is_that_days_night():
    times = run("On the night of 3 to 4 March Dorva was shelled. On 9 March the mission returned, "
                "and during the night drones were heard.")
    assert get(times, "the night").begin == "2025-03-09"


def test_the_night_with_nothing_before_is_not_a_time():
    assert [t.text for t in run("The night was quiet in Dorva.")] == []


def test_night_of_one_day_runs_to_the_next_in_the_project_conventions():
    times = run("Lisk was shelled on the night of 3 March.")
    t = get(times, "3 March")
    assert (t.value, t.begin, t.end_date) == ("2025-03-03/2025-03-04", "2025-03-03", "2025-03-04")
    assert get(run("Lisk was shelled on the night of 3 March.", ranges=False), "3 March").value == "2025-03-03"


@pytest.mark.parametrize("phrase,value,begin", [
    ("later in the day", "2025-03-03", "2025-03-03"),
    ("earlier in the week", "2025-W10", "2025-03-03"),
    ("later that month", "2025-03", "2025-03-01"),
])
def test_later_in_the_day_takes_the_last_date(phrase, value, begin):
    t = get(run(f"The convoy left Gorsk on 3 March 2025 and, {phrase}, reached Lisk."), phrase)
    assert (t.value, t.begin) == (value, begin)


def test_the_following_and_previous_weekday_count_from_the_last_date():
    times = run("The truce was signed on Wednesday 5 March 2025. It broke down the following Monday.")
    assert get(times, "the following Monday").value == "2025-03-10"
    times = run("The truce was signed on Wednesday 5 March 2025, after talks on the previous Saturday.")
    assert get(times, "the previous Saturday").value == "2025-03-01"


def test_the_following_days_count_from_the_last_date_and_the_coming_days_from_today():
    times = run("Shepherds saw armed men near Lisk on 3 May 2025. Patrols sent out in the following days came "
                "under fire. More talks are expected in the coming days.", published="2025-06-14")
    following = get(times, "the following days")
    assert (following.begin, following.end_date) == ("2025-05-04", "2025-05-10")
    assert get(times, "the coming days").begin == "2025-06-15"


def test_a_month_the_tagger_reads_as_a_modal_is_no_future():
    """ "since 26 May have included": the tagger takes "May" for the modal
    verb; the clause is past, so the day is the one before publication."""
    times = run("Operations since 26 May have included air strikes.", published="1999-06-15")
    assert get(times, "26 May").value == "1999-05-26"
    assert get(run("Talks may resume on 3 May.", published="1999-06-15"), "3 May").value == "2000-05-03"


# ---------------------------------------------------------------- years given later

def test_year_given_later_in_the_sentence():
    times = run("The envoys met on 4 February and again on the 6th, 2011.")
    assert get(times, "4 February").value == "2011-02-04"
    assert get(times, "the 6th, 2011").value == "2011-02-06"


def test_year_given_at_the_end_of_a_list_of_days():
    times = run("Raids were reported on 4 February, 6 February and 9 February 2011.")
    assert [t.value for t in times] == ["2011-02-04", "2011-02-06", "2011-02-09"]


def test_bare_ordinal_needs_a_month_before_it():
    assert run("He finished the 6th, behind the others.") == []
    t = get(run("Talks opened on 12 May 2024 and closed on the 15th."), "the 15th")
    assert t.value == "2024-05-15"


# ---------------------------------------------------------------- seasons, quarters, fiscal years

def test_season_takes_the_year_the_text_is_on():
    times = run("The offensive began in the spring of 2022 and stalled in the summer.")
    t = get(times, "the summer")
    assert (t.value, t.begin, t.end_date, t.approximate) == ("2022-SU", "2022-06-01", "2022-08-31", True)


def test_season_without_a_year_or_preposition_is_not_a_time():
    assert run("The spring offensive failed; the fall of the city followed.") == []


def test_this_past_and_last_season():
    assert get(run("The depot was destroyed this past spring."), "this past spring").value == "2024-SP"
    assert get(run("The depot was destroyed last summer.", published="2025-10-20"), "last summer").value == "2025-SU"


@pytest.mark.parametrize("phrase,value,begin,end", [
    ("Q3 2022", "2022-Q3", "2022-07-01", "2022-09-30"),
    ("Q4", "2024-Q4", "2024-10-01", "2024-12-31"),
    ("H1 2023", "2023-H1", "2023-01-01", "2023-06-30"),
    ("the third quarter of 2021", "2021-Q3", "2021-07-01", "2021-09-30"),
])
def test_quarters_and_halves_have_their_days(phrase, value, begin, end):
    t = normalise(f"Exports fell in {phrase}.", anchor=__import__("datetime").date(2025, 3, 10), tense="past")
    assert (t.text, t.value, t.begin, t.end_date) == (phrase, value, begin, end)


def test_fiscal_year_codes():
    t = get(run("The defence budget for FY2024 and fiscal year 2025 was cut."), "FY2024")
    assert (t.value, t.approximate) == ("2024", True)
    assert get(run("The defence budget for fiscal year 2025 was cut."), "fiscal year 2025").value == "2025"


# ---------------------------------------------------------------- durations, sets, spans

@pytest.mark.parametrize("phrase,value", [
    ("two more weeks", "P2W"), ("an additional year", "P1Y"), ("at least 20 more years", "P20Y"),
    ("a six year", None),
])
def test_more_and_additional_durations(phrase, value):
    times = run(f"Peacekeepers will stay for {phrase} in Dorva.")
    if value is None:  # "a six year process": the duration is "six year"
        times = run("It ended a six year process and a three hour meeting.")
        assert {t.value for t in times} == {"P6Y", "PT3H"}
    else:
        assert get(times, phrase).value == value


def test_each_month_is_a_set():
    t = get(run("Veterans march in Dorva each July."), "each July")
    assert (t.value, t.type) == ("XXXX-07", "SET")


def test_weeks_ahead_but_not_ahead_of():
    times = run("Aid convoys are expected in the weeks ahead. Troops massed in the days ahead of the vote.")
    t = get(times, "the weeks ahead")
    assert (t.value, t.begin) == ("PXW", "2025-03-11")
    assert [x.text for x in times] == ["the weeks ahead"]


def test_the_last_few_days_is_about_three_days():
    t = get(run("Shelling has intensified in the last few days."), "the last few days")
    assert (t.value, t.begin, t.end_date) == ("PXD", "2025-03-07", "2025-03-10")


# ---------------------------------------------------------------- extents

def test_part_of_a_named_day_and_the_week_of():
    times = run("Drones struck on the morning of 3 March and in the early hours of Wednesday; "
                "a hearing is set for the week of March 17.")
    t = get(times, "the morning of 3 March")
    assert (t.value, t.type) == ("2025-03-03TMO", "TIME")
    assert get(times, "Wednesday").value == "2025-03-05"  # "the early hours of" stays outside, as in the gold
    w = get(times, "the week of March 17")
    assert (w.value, w.begin, w.end_date) == ("2025-W12", "2025-03-17", "2025-03-23")


def test_between_is_part_of_a_range_in_the_project_conventions():
    assert get(run("Monitors were present between 3 and 5 March 2025."), "between 3 and 5 March 2025").value \
        == "2025-03-03/2025-03-05"
    assert get(run("Monitors were present between 3 and 5 March 2025.", ranges=False), "3 and 5 March 2025")


# ---------------------------------------------------------------- relative words and hedges

def test_quarter_with_its_year_before_it():
    times = run("Exports fell in the third quarter, against the 2023 quarter and the 2022 third quarter; "
                "next year's first quarter looks better.", published="2024-11-02")
    assert get(times, "the 2023 quarter").value == "2023-Q3"
    assert get(times, "the 2022 third quarter").value == "2022-Q3"
    assert get(times, "next year's first quarter").value == "2025-Q1"


def test_last_and_next_month_name_count_from_the_anchor():
    times = run("Last April the border closed; it reopens next March.")  # anchor 2025-03-10
    assert get(times, "Last April").value == "2024-04"
    assert get(times, "next March").value == "2026-03"


def test_this_coming_weekday_is_ahead_even_on_that_day():
    assert get(run("The vote is this coming Monday."), "this coming Monday").value == "2025-03-17"


def test_or_so_ago_is_approximate():
    t = get(run("A week or so ago the convoy was stopped."), "A week or so ago")
    assert (t.value, t.approximate) == ("2025-03-03", True)


def test_around_a_date_is_part_of_it_and_approximate():
    times = run("The exchange should happen around 15 March, but lawyers may get around Monday's ruling.")
    t = get(times, "around 15 March")
    assert (t.value, t.approximate) == ("2025-03-15", True)
    assert get(times, "Monday").value == "2025-03-10"


def test_year_earlier_adjective_is_not_a_duration():
    assert [t.text for t in run("Losses narrowed from a year-earlier loss of $4 million.")] == []


def test_couple_of_is_about_two_and_relative_fiscal_years():
    t = get(run("Prices will not change for a couple of years."), "a couple of years")
    assert (t.value, t.approximate) == ("P2Y", True)
    assert get(run("Sales in the current fiscal year fell."), "the current fiscal year").value == "2025"
    assert get(run("Sales in the latest fiscal year fell."), "the latest fiscal year").value == "2024"


def test_ordinals_that_count_units_are_not_days():
    times = run("On 4 March 2025 the 3rd and the 5th brigades moved; the 7th, 8th and 9th battalions stayed.")
    assert [t.text for t in times] == ["4 March 2025"]


def test_clock_words_take_the_last_date():
    times = run("On 3 March 2025 shelling began at 4 in the morning, paused at midday and resumed at ten at night; "
                "gunmen killed five at night.")
    assert [(t.text, t.value) for t in times] == [
        ("3 March 2025", "2025-03-03"), ("4 in the morning", "2025-03-03T04:00"),
        ("midday", "2025-03-03T12:00"), ("ten at night", "2025-03-03T22:00")]


def test_titles_and_processions_are_not_times():
    times = run('The minister spoke on "60 Minutes" and on "This Week With Anna Ross". '
                "The March for Peace crossed Dorva. In March the army left. This week Ostmark said no.")
    assert [t.text for t in times] == ["March", "This week"]


def test_a_gerund_subject_is_not_the_governing_verb():
    times = run("Fighting between April and July ended.")  # anchor 2025-03-10: the past months
    assert get(times, "between April and July").value == "2024-04/2024-07"
    assert get(run("Shelling on Friday will resume."), "Friday").value == "2025-03-14"



def test_days_joined_by_and_are_two_days_unless_between():
    times = run("Raids on 6 and 9 February 2011 and on April 24 and 25; monitors stayed between 3 and 5 March.")
    # the text's only explicit year is 2011: the later days without one are that year's
    assert [(t.text, t.value) for t in times] == [
        ("6", "2011-02-06"), ("9 February 2011", "2011-02-09"), ("April 24", "2011-04-24"), ("25", "2011-04-25"),
        ("between 3 and 5 March", "2011-03-03/2011-03-05")]
    times = run("On Monday Veldra reported raids on 6 and 9 February 2011 and on April 24 and 25.")
    assert [(t.text, t.value) for t in times][-2:] == [("April 24", "2024-04-24"), ("25", "2024-04-25")]
