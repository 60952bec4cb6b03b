"""Event detection, typing, arguments, stance and source on fictional
sentences (the Republic of Veldra vs the Kingdom of Ostmark)."""

from __future__ import annotations

import pytest

from parallax import nlp
from parallax.extract.actors import ActorDictionary, extract_actors
from parallax.extract.events import extract_events, load_lexicon
from parallax.model import PLOVER_TYPES, Document, Event, TimeExpr

ACTORS_YAML = """
- {id: VLD, name: Veldra, country: VLD, aliases: [Veldra, Republic of Veldra], adjectives: [Veldran]}
- {id: OST, name: Ostmark, country: OST, aliases: [Ostmark, Kingdom of Ostmark], adjectives: [Ostmarkian]}
- {id: person-ilvar-dask, name: Ilvar Dask, country: VLD, sector: government, aliases: [Ilvar Dask]}
"""


class _Res:
    def __init__(self, actors: ActorDictionary) -> None:
        self.actors = actors


@pytest.fixture(scope="module")
def res(tmp_path_factory) -> _Res:
    path = tmp_path_factory.mktemp("actors") / "veldra.yaml"
    path.write_text(ACTORS_YAML, encoding="utf-8")
    return _Res(ActorDictionary.load([path]))


def events_of(text: str, res: _Res, times: list[TimeExpr] | None = None) -> list[Event]:
    analysis, doc = nlp.annotate(Document(text=text))
    analysis.actors = extract_actors(analysis, doc, res)
    analysis.times = times or []
    return extract_events(analysis, doc, res)


def countries(actors) -> set[str]:
    out = set()
    for a in actors:
        out.update(a.countries)
        if a.country:
            out.add(a.country)
    return out


def test_lexicon_covers_every_plover_type() -> None:
    lex = load_lexicon()
    types = {t.type for t in lex.verbs.values()} | {t.type for t in lex.nouns.values()}
    assert types == set(PLOVER_TYPES)


@pytest.mark.parametrize("text, etype", [
    ("Veldra agreed to a ceasefire with Ostmark.", "AGREE"),
    ("The Veldran foreign minister met the Ostmarkian ambassador in the capital.", "CONSULT"),
    ("Veldra praised Ostmark for its restraint.", "SUPPORT"),
    ("Veldra cooperated with Ostmark on border security.", "COOPERATE"),
    ("Ostmark has supplied weapons and food to the Veldran rebels.", "AID"),
    ("Ostmark released twelve Veldran prisoners.", "CONCEDE"),
    ("Ostmark withdrew its troops from the Kell valley.", "RETREAT"),
    ("Veldra urged Ostmark to reopen the border crossing.", "REQUEST"),
    ("Veldra accused Ostmark of war crimes.", "ACCUSE"),
    ("Ostmark rejected the Veldran proposal.", "REJECT"),
    ("Ostmark threatened Veldra with reprisals.", "THREATEN"),
    ("Thousands of Veldran citizens demonstrated in the capital.", "PROTEST"),
    ("Veldra imposed an embargo on Ostmark.", "SANCTION"),
    ("Ostmark deployed two brigades to the border.", "MOBILIZE"),
    ("Veldran police arrested three Ostmarkian journalists.", "COERCE"),
    ("Ostmarkian artillery shelled the Veldran town of Kell.", "ASSAULT"),
])
def test_typing(res: _Res, text: str, etype: str) -> None:
    types = [e.type for e in events_of(text, res)]
    assert etype in types, types


def test_active_actor_and_target(res: _Res) -> None:
    [ev] = [e for e in events_of("Ostmarkian troops shelled Veldran positions near the river.", res)
            if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"}
    assert countries(ev.targets) == {"VLD"}
    assert ev.mode == "shelling"
    assert ev.stance == "asserted" and ev.according_to is None


def test_passive_agent(res: _Res) -> None:
    text = ("On Friday two outposts of the Veldran army were subjected to sustained shelling by "
            "the armed forces of Ostmark.")
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"}
    assert countries(ev.targets) == {"VLD"}
    [ev2] = [e for e in events_of("Three Veldran villages were attacked by Ostmark.", res)]
    assert countries(ev2.actors) == {"OST"} and countries(ev2.targets) == {"VLD"}


@pytest.mark.parametrize("text", [
    "No residential building was attacked by Veldra.",
    "Veldra did not attack the border posts.",
    "Veldran forces never shelled the village.",
])
def test_denial(res: _Res, text: str) -> None:
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert ev.stance == "denied"
    assert countries(ev.actors) == {"VLD"}


def test_allegation_by_claim(res: _Res) -> None:
    evs = events_of("Ostmark claims that Veldran forces attacked its border posts.", res)
    assault = next(e for e in evs if e.type == "ASSAULT")
    assert assault.stance == "alleged"
    assert assault.according_to == "Ostmark"
    assert countries(assault.actors) == {"VLD"}
    accuse = next(e for e in evs if e.type == "ACCUSE")
    assert countries(accuse.actors) == {"OST"} and countries(accuse.targets) == {"VLD"}


def test_allegation_by_hedge(res: _Res) -> None:
    [ev] = events_of("Veldran drones reportedly struck a fuel depot.", res)
    assert ev.type == "ASSAULT" and ev.stance == "alleged"


def test_conditional_and_planned(res: _Res) -> None:
    evs = events_of("If the talks fail, the Ostmarkian army will attack Veldra.", res)
    attack = next(e for e in evs if e.type == "ASSAULT")
    assert attack.stance == "hypothetical"
    [retreat] = [e for e in events_of("Veldra plans to withdraw its troops from the border.", res)]
    assert retreat.type == "RETREAT" and retreat.stance == "planned"


def test_according_to_reporting_verb(res: _Res) -> None:
    [ev] = [e for e in events_of("The monitor said that Ostmarkian troops attacked Veldra.", res)
            if e.type == "ASSAULT"]
    assert ev.according_to and "monitor" in ev.according_to.lower()
    assert ev.stance == "asserted"
    [ev2] = [e for e in events_of("According to Ilvar Dask, Ostmark shelled the bridge.", res)
             if e.type == "ASSAULT"]
    assert ev2.according_to == "Ilvar Dask"


def test_joint_actors(res: _Res) -> None:
    [ev] = [e for e in events_of("Clashes broke out between Veldra and Ostmark.", res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"VLD", "OST"}


def test_time_from_same_sentence(res: _Res) -> None:
    text = "On 3 May 2031 Ostmarkian troops attacked Veldra."
    start = text.index("3 May 2031")
    t = TimeExpr(text="3 May 2031", start=start, end=start + 10, value="2031-05-03")
    [ev] = events_of(text, res, times=[t])
    assert ev.time is t


def test_coreference_merge(res: _Res) -> None:
    text = ("Ostmarkian troops attacked Veldra at dawn. Later, the attack by Ostmarkian troops was "
            "condemned by the monitor.")
    assaults = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert any(c.startswith("also:") for c in assaults[0].context)


def test_evidence_offsets(res: _Res) -> None:
    text = "Quiet day. Ostmarkian artillery shelled the Veldran town of Kell."
    [ev] = events_of(text, res)
    assert text[ev.sentence_start:ev.sentence_end].startswith("Ostmarkian artillery")
    assert ev.start >= ev.sentence_start and ev.end <= ev.sentence_end
    assert "shelled" in text[ev.start:ev.end]
    assert 0 < ev.prov.confidence <= 1


def test_no_events_in_plain_text(res: _Res) -> None:
    assert events_of("The weather in Veldra was mild and the harvest was good.", res) == []


def test_listed_report_headline(res: _Res) -> None:
    from parallax.model import Block, BlockKind

    text = "Reports\n\nOstmarkian troops attack Veldran posts\n\nKell Courier – 4th May\n\nQuiet elsewhere.\n"
    h1 = text.index("Ostmarkian troops")
    d1 = text.index("Kell Courier")
    p1 = text.index("Quiet")
    blocks = [Block(BlockKind.HEADING, 0, 7), Block(BlockKind.HEADING, h1, h1 + 38),
              Block(BlockKind.PARAGRAPH, d1, d1 + 22), Block(BlockKind.PARAGRAPH, p1, p1 + 16)]
    analysis, doc = nlp.annotate(Document(text=text, blocks=blocks))
    analysis.actors = extract_actors(analysis, doc, res)
    start = text.index("4th May")
    analysis.times = [TimeExpr("4th May", start, start + 7, "2031-05-04")]
    [ev] = extract_events(analysis, doc, res)
    assert ev.type == "ASSAULT" and ev.according_to == "Kell Courier"
    assert ev.time is analysis.times[0]
    assert countries(ev.actors) == {"OST"}


def test_hyphenated_joint_actors(res: _Res) -> None:
    evs = [e for e in events_of("The Veldra-Ostmark fighting resumed on Monday.", res) if e.type == "ASSAULT"]
    assert evs and countries(evs[0].actors) == {"VLD", "OST"}
