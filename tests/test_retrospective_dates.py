"""A retrospective (a briefing published years after the war it recounts)
dates its story by the full dates it gives, not by its publication year; a
full date that names a document or an accord is a reference, not the
story's thread. Fictional sentences (Veldra / Ostmark)."""

from __future__ import annotations

from parallax.extract.times import extract_times
from parallax.model import Document, Metadata
from parallax.nlp import annotate


def run(text: str, published: str) -> dict[str, str | None]:
    analysis, sdoc = annotate(Document(text=text, meta=Metadata(published=published)))
    return {t.text: t.value for t in extract_times(analysis, sdoc, None)}


def test_the_story_keeps_the_year_of_its_last_full_date() -> None:
    text = ("On 6 May 2009 a Veldran patrol crossed the river near Dorva. "
            "On 12 May Ostmarkian troops entered the town, and on 4 June they shelled Lisk.")
    values = run(text, "2029-05-13")
    assert values["12 May"] == "2009-05-12"
    assert values["4 June"] == "2009-06-04"


def test_a_dated_accord_is_no_thread() -> None:
    text = ("The accord of 10 November 2027 required both armies to pull back. "
            "On 30 August Ostmarkian units shelled Dorva again.")
    assert run(text, "2029-09-13")["30 August"] == "2029-08-30"


def test_n_years_ago_today_is_the_anniversary() -> None:
    text = "Ten years ago today, Ostmarkian troops opened fire on Dorva. By 7 February the guns fell silent."
    values = run(text, "2031-02-04")
    assert values["Ten years ago today"] == "2021-02-04"
    assert values["7 February"] == "2021-02-07"


def test_a_text_that_names_only_an_earlier_year_tells_that_year() -> None:
    """A paper a year on: its only explicit year is the war's, so a later
    "July" or "1 August" without a year is that summer's, not the one just
    before publication."""
    text = ("One year has passed since the war of August 2030. "
            "Throughout July the Ostmarkian militias shelled Veldran villages, and on 1 August a mine hit a patrol.")
    values = run(text, "2031-08-07")
    assert values["July"] == "2030-07"
    assert values["1 August"] == "2030-08-01"


def test_a_story_that_spoke_of_its_own_days_first_stays_in_them() -> None:
    """A news story that first tells of today and only then recalls an earlier
    year keeps its other yearless dates near the publication date."""
    text = ("On Tuesday Ostmark closed the border. The last closure, in August 2028, lasted a month. "
            "Since Aug. 2 trade has fallen by half.")
    assert run(text, "2030-08-15")["Aug. 2"] == "2030-08-02"


def test_two_years_named_leave_the_choice_to_the_publication_date() -> None:
    text = ("The accord of May 2028 was broken in June 2029. On 30 August Ostmarkian units shelled Dorva again.")
    assert run(text, "2030-09-13")["30 August"] == "2030-08-30"


THREAD = ("# Dorva, ten years on\n\n"
          "**Old_Gunner** · posted 5 July 2037, 9:12 PM\n\n"
          "Ten years ago tonight my company was still on the ridge above Dorva. "
          "We went up in the winter and held the posts through May and June.\n\n"
          "---\n\n"
          "**Admin** · posted 6 July 2037, 8:00 AM\n\n"
          "A prayer gathering for the fallen will be held on Friday, 10 July.\n")


def test_a_forum_thread_tells_the_story_of_its_anniversary() -> None:
    """Post bylines ("Name · posted <date>") anchor each post but are no part
    of the story: "ten years ago tonight" sets it, and the months told in the
    past follow it; a weekday that fits only the present year stays there."""
    values = run(THREAD, "2037-07-06")
    assert values["Ten years ago tonight"] == "2027-07-05"
    assert values["May"] == "2027-05"
    assert values["June"] == "2027-06"
    assert values["Friday, 10 July"] == "2037-07-10"
    assert values["9:12 PM"] == "2037-07-05T21:12"
