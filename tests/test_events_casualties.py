"""Loss reports: the victim is the target and the other side the implied
attacker (parallax/extract/casualties.py), on the fictional Veldra-Ostmark
conflict."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.extract.casualties import ACTOR_IMPLIED
from veldra_events import countries, events_in, load_res

#: a first sentence that names both sides, so the document has two parties
OPENING = "Ostmark and Veldra exchanged notes on Monday. "


@pytest.fixture(scope="module")
def res(tmp_path_factory: pytest.TempPathFactory):
    return load_res(Path(tmp_path_factory.mktemp("actors")))


def losses(text: str, res, publisher: str | None) -> list:
    evs = events_in(OPENING + text, res, published="2031-05-04", publisher=publisher)
    return [e for e in evs if e.type == "ASSAULT" and e.start >= len(OPENING)]


@pytest.mark.parametrize("text, publisher, attacker, victim", [
    # the victim's country is written: the other side did it
    ("Veldra lost 40 soldiers in the fighting for the ridge.", "Ostmark Ministry of Defence", "OST", "VLD"),
    ("Nine Ostmarkian soldiers were killed near the ridge.", "Veldra Ministry of Defence", "VLD", "OST"),
    # first person: the speaker's side suffered
    ("Eleven people died in our village alone.", "Veldra Ministry of Defence", "OST", None),
    ("Eleven people died in our village alone.", "Ostmark Ministry of Defence", "VLD", None),
    # the speaker's word for the enemy's fighters: the speaker's side did it
    ("At least 60 intruders were killed.", "Veldra Ministry of Defence", "VLD", None),
    # a neutral wire's report speaks with its named source's voice
    ("According to the Veldran army, 613 intruders have died since May.", "The Daily Courier", "VLD", None),
    ("Ostmarkian officials say 24 civilians have died in our villages.", "The Daily Courier", "VLD", None),
])
def test_loss_implies_the_other_side(text: str, publisher: str, attacker: str, victim: str | None, res) -> None:
    found = losses(text, res, publisher)
    assert found, text
    ev = found[0]
    assert countries(ev.actors) == {attacker}
    assert ACTOR_IMPLIED in ev.context and ev.prov.confidence <= 0.55
    if victim:
        assert victim in countries(ev.targets)
        assert attacker not in countries(ev.targets)


def test_victim_of_a_loss_word_is_not_its_actor(res) -> None:
    """ "Veldra lost 40 soldiers": Veldra suffered, it did not attack."""
    ev = losses("Veldra lost 40 soldiers in the fighting for the ridge.", res, None)[0]
    assert "VLD" not in countries(ev.actors)


def test_a_written_attacker_is_kept(res) -> None:
    ev = losses("Nine Ostmarkian soldiers were killed by Veldran artillery.", res, "Ostmark Ministry of Defence")[0]
    assert countries(ev.actors) == {"VLD"} and ACTOR_IMPLIED not in ev.context


@pytest.mark.parametrize("text, publisher", [
    # a neutral narrator's loss with no side, place or first person: no one is implied
    ("Four civilians were killed on Thursday.", "The Daily Courier"),
    # both sides suffered
    ("Several people died on both sides.", "Veldra Ministry of Defence"),
    # mutual fighting is done by both sides
    ("Fierce clashes continued along the line.", "Veldra Ministry of Defence"),
])
def test_no_attacker_is_invented(text: str, publisher: str, res) -> None:
    for ev in losses(text, res, publisher):
        assert countries(ev.actors) <= {"VLD", "OST"} and len(countries(ev.actors)) != 1, text


def test_implied_reports_stay_separate_records(res) -> None:
    """Two loss reports on one day are two records, not merged into the
    written attack: their attacker is an inference."""
    text = ("Ostmarkian artillery shelled Tamber on 3 May. Four civilians were killed in our village on 3 May. "
            "Two of our soldiers died at their posts on 3 May.")
    evs = [e for e in events_in(OPENING + text, res, published="2031-05-04",
                                publisher="Veldra Ministry of Defence") if e.type == "ASSAULT"]
    assert len(evs) == 3
    assert all(countries(e.actors) == {"OST"} for e in evs)
    assert sum(ACTOR_IMPLIED in e.context for e in evs) == 2


@pytest.mark.parametrize("side, own, other", [("veldra", "VLD", "OST"), ("ostmark", "OST", "VLD")])
def test_a_forum_speaks_for_its_declared_side(side: str, own: str, other: str, res) -> None:
    """A publisher with no country (a veterans' forum) says "we" for the side
    the document is declared to be from; its losses imply the other side."""
    text = OPENING + "We shelled the bridge on 2 May. Ten of our men died in that building on 3 May."
    evs = events_in(text, res, published="2031-05-04", publisher="Old Comrades Forum", side=side)
    shelled = [e for e in evs if e.trigger == "shelled"]
    lost = [e for e in evs if ACTOR_IMPLIED in e.context]
    assert shelled and countries(shelled[0].actors) == {own}
    assert lost and countries(lost[0].actors) == {other}


def test_a_partisan_denial_denies_its_own_side(res) -> None:
    """ "Not a single shell was fired at Dorva": the speaker's side denies
    doing it, whatever side the place lies on."""
    text = OPENING + "Not a single shell was fired at our villages or at theirs on 3 May."
    evs = [e for e in events_in(text, res, published="2031-05-04", publisher="Ostmark Ministry of Defence")
           if e.type == "ASSAULT" and e.start >= len(OPENING)]
    assert evs and countries(evs[0].actors) == {"OST"} and evs[0].stance == "denied"


@pytest.mark.parametrize("text, publisher, actor", [
    # people of one side driven from the other's country: that country's doing
    ("Thousands of Veldrans were expelled from Ostmark in June.", "The Daily Courier", "OST"),
    ("Hundreds of Ostmarkians were deported from Veldra.", "The Daily Courier", "VLD"),
    # a partisan speaker's own people: the other side did it
    ("More than 3,000 people have been expelled from their homes.", "Veldra Ministry of Defence", "OST"),
    ("Twelve of our border guards were detained on Tuesday.", "Ostmark Ministry of Defence", "VLD"),
])
def test_passive_coercion_implies_the_other_side(text: str, publisher: str, actor: str, res) -> None:
    """Expulsions, detentions and occupations told in the passive, with no
    agent, are coded like losses: the side that suffered implies the other."""
    evs = events_in(OPENING + text, res, published="2031-05-04", publisher=publisher)
    found = [e for e in evs if e.type == "COERCE" and e.start >= len(OPENING)]
    assert found, text
    assert countries(found[0].actors) == {actor}
    assert ACTOR_IMPLIED in found[0].context


def test_a_sides_forum_that_seldom_names_its_own_side(res) -> None:
    """A veterans' forum of Veldra (declared side, publisher with no country)
    names Ostmark and a mediator, Sarnia, far more than Veldra: "we" are
    still Veldra, so its own losses are Ostmark's doing."""
    text = ("The Ostmarkians came at night. Sarnia sent envoys, and Sarnia talked to the Ostmarkians. "
            "We lost men every day on the ridge.")
    evs = events_in(text, res, published="2031-05-04", publisher="Old Comrades Forum", side="veldra")
    found = [e for e in evs if e.type == "ASSAULT" and "lost" in text[e.start:e.end]]
    assert found and countries(found[0].actors) == {"OST"}


@pytest.mark.parametrize("text", [
    "The captured pilot was returned to Veldra on 3 June as a gesture of goodwill.",
    "One Veldran pilot was captured and was handed back on 3 June.",
])
def test_giving_back_those_held_implies_the_captor(text: str, res) -> None:
    """A release told in the passive, with no agent: those held go back to
    their side, so the other side releases them (CONCEDE)."""
    evs = events_in(OPENING + text, res, published="2031-07-04", publisher="The Daily Courier")
    release = [e for e in evs if e.type == "CONCEDE" and e.start >= len(OPENING)]
    assert release and countries(release[0].actors) == {"OST"}, [(e.type, e.actors) for e in evs]
