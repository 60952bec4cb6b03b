"""Denials told in other words than "not": a denying verb over the clause
("X denied that its forces shelled ..."), and a claim called false ("reports
that ... are false", "the claim that ... is a fabrication")."""

from __future__ import annotations

import pytest
from veldra_events import events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


def _assault(text: str, res) -> object:
    found = [e for e in events_in(text, res) if e.type == "ASSAULT"]
    assert found, f"no ASSAULT in {text!r}"
    return found[0]


@pytest.mark.parametrize("text, according_to", [
    ("Ostmark denied that its forces had shelled Dorva.", "Ostmark"),
    ("The claim that Ostmarkian troops attacked Dorva is a fabrication.", None),
    ("Allegations that Ostmarkian artillery hit the hospital in Dorva are groundless.", None),
    ("Reports that Veldran aircraft bombed a school are false, the ministry said.", "ministry"),
])
def test_denied_in_other_words(text: str, according_to: str | None, res) -> None:
    event = _assault(text, res)
    assert event.stance == "denied"
    assert event.according_to == according_to


@pytest.mark.parametrize("text", [
    "Ostmark did not deny that its forces had shelled Dorva.",
    "The claim that Ostmarkian troops attacked Dorva is accurate.",
    "Ostmark admitted that its forces had shelled Dorva.",
])
def test_not_denied(text: str, res) -> None:
    assert _assault(text, res).stance != "denied"


@pytest.mark.parametrize("text, actor, according_to, stance", [
    ("Veldra accused Ostmark of violating the truce.", "OST", "Veldra", "alleged"),
    ("Ostmark blamed Veldran units for shelling Lisk overnight.", "VLD", "Ostmark", "alleged"),
    ("Ostmark was accused by Veldra of attacking the village.", "OST", "Veldra", "alleged"),
    ("We accuse Ostmark of shelling Dorva.", "OST", None, "asserted"),
])
def test_the_blamed_party_is_the_deeds_actor(text: str, actor: str, according_to: str | None, stance: str,
                                             res) -> None:
    """ "X accused Y of shelling": Y shelled, on X's word (X's own ACCUSE aside)."""
    deed = next(e for e in events_in(text, res) if e.type == "ASSAULT")
    assert [a.country for a in deed.actors] == [actor]
    assert (deed.according_to, deed.stance) == (according_to, stance)


def test_he_said_is_the_person_named_before(res) -> None:
    text = "Ilvar Dask spoke to reporters in Brask. He said Ostmarkian artillery had shelled Dorva overnight."
    [shelling] = [e for e in events_in(text, res) if e.type == "ASSAULT"]
    assert shelling.according_to == "Ilvar Dask"
