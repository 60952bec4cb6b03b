"""Who acts when the text says it by pronoun or not at all: a subject
pronoun continues the nearest earlier subject that names a party, before
the last country named in passing; an unattributed meeting or agreement is
between the document's two sides (fictional Veldra-Ostmark sentences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from veldra_events import countries, events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory: pytest.TempPathFactory):
    return load_res(Path(tmp_path_factory.mktemp("actors")))


def test_it_is_the_subject_not_the_last_country_named(res) -> None:
    text = ("Veldra stands ready to receive any envoy sent by Ostmark, and it welcomes the interest "
            "shown by the Kingdom of Ostmark.")
    evs = [e for e in events_in(text, res, published="2031-05-04") if e.type == "SUPPORT"]
    assert evs and countries(evs[0].actors) == {"VLD"}


def test_it_in_the_next_sentence_continues_the_subject(res) -> None:
    text = ("Veldra received the plan drafted in Ostmark. It has asked for clarification of two points.")
    evs = [e for e in events_in(text, res, published="2031-05-04") if e.type == "REQUEST"]
    assert evs and countries(evs[0].actors) == {"VLD"}


def test_number_must_agree(res) -> None:
    """ "they" does not continue a singular subject: the nearest plural party does."""
    text = "Veldra said that Ostmarkian troops were near the river. They shelled the bridge on 3 May."
    evs = [e for e in events_in(text, res, published="2031-05-04") if e.type == "ASSAULT"]
    assert evs and countries(evs[0].actors) == {"OST"}


def test_their_is_the_joint_subject_of_its_clause(res) -> None:
    text = "Veldra and Ostmark reaffirmed their commitment to the ceasefire on 3 May."
    evs = [e for e in events_in(text, res, published="2031-05-04") if e.type == "AGREE"]
    assert evs and countries(evs[0].actors) == {"VLD", "OST"}


def test_its_is_not_a_plural_subject(res) -> None:
    """ "their" after a singular subject points elsewhere: number must agree."""
    text = "Ostmarkian troops left. Veldra welcomed their withdrawal on 3 May."
    evs = [e for e in events_in(text, res, published="2031-05-04") if e.type == "RETREAT"]
    assert all("VLD" not in countries(e.actors) for e in evs)


def test_an_unattributed_meeting_is_between_the_two_sides(res) -> None:
    """ "the bilateral meeting held in X": no one named, so the document's two sides."""
    text = ("Ostmark shelled Veldran posts on 1 May. Veldra protested to Ostmark. "
            "The bilateral meeting held in Brask on 3 May produced nothing.")
    evs = [e for e in events_in(text, res, published="2031-05-04", publisher="The Daily Courier")
           if e.type == "CONSULT"]
    assert evs and countries(evs[0].actors) == {"VLD", "OST"}


def test_an_infinitive_on_an_owned_noun_is_the_owners_deed(res) -> None:
    """ "its ability to deploy a mobilisation": the owner of the ability
    deploys; "its" is the subject of the clause the phrase hangs on."""
    text = "Veldra has been preparing for this, as shown by its ability to deploy such a large mobilisation."
    evs = [e for e in events_in(text, res) if e.type == "MOBILIZE"]
    assert evs and countries(evs[0].actors) == {"VLD"}, [(e.type, e.actors) for e in evs]


def test_each_side_is_both_sides(res) -> None:
    """ "Each side accuses the other": the two sides, named with the whole phrase."""
    text = "Veldra and Ostmark fought on Monday. Each side accuses the other of firing first."
    acc = [e for e in events_in(text, res) if e.type == "ACCUSE"]
    assert acc and acc[0].actors[0].text == "Each side"
    assert set(acc[0].actors[0].countries) == {"VLD", "OST"}
