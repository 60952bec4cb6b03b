"""How English phrases tie a sector noun to its state: "soldiers from X",
"rebels in X", "X security officials", "of this country", and PETRARCH
names written in capitals. Our own sentences; real states only as
dictionary entries, fictional ones from a PETRARCH-style file we write."""

from __future__ import annotations

import pytest

from parallax import nlp
from parallax.extract.actors import ActorDictionary


@pytest.fixture(scope="module")
def adict() -> ActorDictionary:
    return ActorDictionary.load([])


def resolved(adict: ActorDictionary, text: str, words: str) -> tuple[str | None, str | None]:
    found = [m for m in adict.find(nlp.load()(text)) if words in m.text]
    assert found, [m.text for m in adict.find(nlp.load()(text))]
    return found[0].actor.country, found[0].actor.sector


@pytest.mark.parametrize("text,words,expected", [
    ("Soldiers from Cambodia cordoned off the road.", "Soldiers", ("KHM", "military")),
    ("Rebels in the Ivory Coast dismissed the appeal.", "Rebels", ("CIV", "rebel")),
    ("Opposition groups in Zimbabwe demanded reforms.", "Opposition", ("ZWE", "opposition")),
    ("Cambodian security officials met the envoy.", "officials", ("KHM", "government")),
    ("Thai border police closed the crossing.", "police", ("THA", "police")),
    ("The Prime Minister of Armenia and the Ministry of Foreign Affairs of this country issued statements.",
     "Ministry of Foreign Affairs", ("ARM", "government")),
])
def test_phrase_ties_sector_noun_to_state(adict, text, words, expected) -> None:
    assert resolved(adict, text, words) == expected


def test_troops_in_a_country_are_not_its_own(adict) -> None:
    # foreign troops are often "in" a country: only local sectors take "in"
    assert resolved(adict, "Peruvian troops in Chile were attacked.", "troops") == ("PER", "military")
    country, _ = resolved(adict, "The troops in Chile were attacked.", "troops")
    assert country is None


def test_petrarch_capitals_match_ordinary_text(tmp_path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text("TALMORA  [TLM]\nKORVEN [KRV]\nVESKA_RIDGE_FRONT [TLMREB]\nUN [IGOUNO]\n", encoding="utf-8")
    adict = ActorDictionary.load([])
    adict.import_petrarch(path)
    doc = nlp.load()("Korven accused Talmora and the Veska Ridge Front of shelling, the UN said.")
    found = {m.text: m.actor.country for m in adict.find(doc)}
    assert found["Korven"] == "KRV" and found["Talmora"] == "TLM"
    assert found["Veska Ridge Front"] == "TLM"
    # a short name stays an acronym: "Un" in running text is no organisation
    assert adict.lookup("un") is None or adict.lookup("un").entry.id != "petrarch:UN"


@pytest.mark.parametrize("text,phrase", [
    ("The ministry said that enemy forces shelled the post at dawn.", "enemy forces"),
    ("Hostile units crossed the line near the dam.", "Hostile units"),
])
def test_adversary_sector_noun_is_not_a_bare_organ(adict, text, phrase) -> None:
    found = [m for m in adict.find(nlp.load()(text)) if phrase in m.text]
    assert found, [m.text for m in adict.find(nlp.load()(text))]
    m = found[0]
    # named by its phrase, so the event stage does not take it for the speaker's own forces
    assert (m.text, m.actor.name, m.actor.country, m.actor.sector) == (phrase, phrase, None, "military")
    plain = [m for m in adict.find(nlp.load()("Our forces shelled the post at dawn.")) if "forces" in m.text]
    assert plain[0].actor.name == "military"


def test_bare_organ_of_a_one_state_document() -> None:
    from parallax.extract.actors import extract_actors
    from parallax.model import Document, Metadata

    text = "Street battles raged in the capital of Chad between insurgents and security forces."

    def police(meta: Metadata) -> str | None:
        analysis, doc = nlp.annotate(Document(text=text, meta=meta))
        found = [m for m in extract_actors(analysis, doc, None) if m.text == "security forces"]
        return found[0].actor.country

    assert police(Metadata()) == "TCD"
    # with a publisher the event stage decides (the publisher's own organs), not the sole state named
    assert police(Metadata(publisher="Ministry of Defence of Veldra")) is None
    # two states named: nothing to infer
    analysis, doc = nlp.annotate(Document(text=text.replace("Chad", "Chad and Sudan")))
    assert [m.actor.country for m in extract_actors(analysis, doc, None) if m.text == "security forces"] == [None]


def test_dateline_is_no_actor(adict) -> None:
    text = "KAMPALA, June 15 (Reuters) - Talks on the border resumed.\nKampala said it would mediate."
    found = [(m.text, m.actor.country) for m in adict.find(nlp.load()(text))]
    assert ("KAMPALA", "UGA") not in found and ("Kampala", "UGA") in found


def test_forces_of_a_regime_are_no_bare_organ(adict) -> None:
    text = "Since then the forces of the Norvash regime have refused every call to withdraw."
    found = [m for m in adict.find(nlp.load()(text)) if m.text.startswith("forces")]
    assert found[0].text == "forces of the Norvash regime" and found[0].actor.name == found[0].text


def test_commander_of_a_states_unit(adict) -> None:
    text = "They met the commander of Thailand's Second Army Region at the crossing."
    assert resolved(adict, text, "commander") == ("THA", "military")
