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
