"""Cross-document alignment on hand-built analyses of a fictional conflict
(the Union of Arlen, ARL, against the Bexmoor Federation, BEX; towns Pellan
and Quorn near the line, Sarrow far away). No NLP runs here: the records are
built directly, so each test pins one rule of parallax.align."""

from __future__ import annotations

import re
import warnings

import pytest

from parallax import align as al
from parallax import embed
from parallax.compare import compare, link_rows, timeline_rows
from parallax.model import (
    Actor,
    ActorMention,
    Analysis,
    Claim,
    CrossLink,
    Document,
    Event,
    Metadata,
    Place,
    PlaceMention,
    Quantity,
    Sentence,
    TimeExpr,
)

PLACES = {
    "Pellan": Place("Pellan", -40.00, 170.00, "town", admin1="Vale"),
    "Quorn": Place("Quorn", -40.05, 170.08, "village", admin1="Vale"),
    "Sarrow": Place("Sarrow", -35.00, 160.00, "city", admin1="North"),
}
ADJ = {"Arlenian": "ARL", "Bexmoor": "BEX", "Arlen": "ARL"}


@pytest.fixture(autouse=True)
def fast_embeddings(monkeypatch):
    """WordLlama (loads in a second) rather than the default MiniLM (needs
    torch, ~10 s to load): these tests pin the aligner's rules, not the
    model; tests/test_symmetry.py runs the default."""
    monkeypatch.setenv("PARALLAX_EMBED", "wordllama")
    embed.get_embedder.cache_clear()
    yield
    embed.get_embedder.cache_clear()


def _sentences(text: str) -> list[Sentence]:
    return [Sentence(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make(text: str, side: str, events: list[dict], claims: list[tuple[str, str]] = (),
         figures: list[tuple[str, float, str, str]] = ()) -> Analysis:
    """An Analysis of ``text``: events given by trigger substring and fields;
    actor and place mentions found by name; figures (text, value, unit, qualifier)."""
    doc = Document(text=text, meta=Metadata(side=side, publisher=f"{side} office"))
    an = Analysis(doc, sentences=_sentences(text))
    for name, code in ADJ.items():
        for m in re.finditer(rf"\b{name}\b(?!ian)", text):
            an.actors.append(ActorMention(m.group(), m.start(), m.end(), Actor(m.group(), country=code)))
    for name, place in PLACES.items():
        for m in re.finditer(rf"\b{name}\b", text):
            an.places.append(PlaceMention(name, m.start(), m.end(), place))
    for part, value, unit, qualifier in figures:
        s, e = _span(text, part)
        an.quantities.append(Quantity(part, s, e, value, qualifier, unit))
    for spec in events:
        s, e = _span(text, spec["trigger"])
        sent = an.sentence_at(s)
        when = spec.get("when")
        time = TimeExpr(when, 0, 0, when, begin=when.split("/")[0], end_date=when.split("/")[-1]) if when else None
        places = [p for p in an.places if sent.start <= p.start < sent.end]
        quants = [q for q in an.quantities if sent.start <= q.start < sent.end]
        an.events.append(Event(
            spec.get("type", "ASSAULT"), s, e, sent.start, sent.end, spec["trigger"],
            actors=[Actor(c, country=c) for c in spec.get("actors", [])],
            targets=[Actor(c or "people", country=c, sector=sec) for c, sec in spec.get("targets", [])],
            time=time, places=places, stance=spec.get("stance", "asserted"), quantities=quants))
    for part, kind in claims:
        s, e = _span(text, part)
        an.claims.append(Claim(part, s, e, kind=kind))
    return an


def figures_of(analysis) -> list[al.Figure]:
    """The aligner's figures of one analysis, each in its own sentence."""
    out = []
    for i, q in enumerate(analysis.quantities):
        sent = analysis.sentence_at(q.start)
        out.append(al._figure(analysis, i, (sent.start, sent.end)))
    return out


def links_between(links: list[CrossLink], kind: str = "events") -> list[CrossLink]:
    return [l for l in links if l.a.kind == kind]


def casualty_pair() -> tuple[Analysis, Analysis]:
    """One killing told by both sides with different tolls (three vs more than twenty)."""
    a = make("On 3 May Bexmoor fire killed three Arlenian soldiers near Pellan.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    b = make("On 3 May Bexmoor fire killed more than twenty Arlenian soldiers near Pellan.", "bexmoor",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("more than twenty Arlenian soldiers", 20, "Arlenian soldiers", "more_than")])
    return a, b


def only_link(analyses: list[Analysis]) -> CrossLink:
    links = links_between(al.align(analyses))
    assert len(links) == 1, [(l.relation, l.on, l.reason) for l in links]
    return links[0]


SHELLING_A = "Bexmoor artillery shelled Arlenian positions near Pellan on the night of 3 May."
SHELLING_B = "Bexmoor guns fired on Arlenian positions near Pellan during the night of 3 May."


def test_same_account_is_same():
    a = make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                        when="2031-05-03")])
    b = make(SHELLING_B, "monitor", [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")],
                                          when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("SAME", None)
    assert link.a_span == (a.events[0].start, a.events[0].end)
    assert b.document.text[slice(*link.b_span)] == "fired on"


def test_reversed_actors_contradict_on_initiator():
    a = make("Bexmoor artillery shelled Arlenian positions near Pellan on 3 May.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Arlenian artillery shelled Bexmoor positions near Pellan on 3 May.", "bexmoor",
             [dict(trigger="shelled", actors=["ARL"], targets=[("BEX", "military")], when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "initiator")
    assert "ARL" in link.reason and "BEX" in link.reason


def test_events_apart_in_time_are_never_linked():
    a = make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                        when="2031-05-03")])
    b = make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")],
                                          when="2031-05-20")])
    assert links_between(al.align([a, b])) == []


def test_two_days_apart_is_a_date_contradiction():
    a = make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                        when="2031-05-03")])
    b = make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")],
                                          when="2031-05-05")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "date")


def test_asserted_against_denied_is_existence():
    a = make("Bexmoor troops blew up the bridge at Pellan on 3 May.", "arlen",
             [dict(trigger="blew up", actors=["BEX"], when="2031-05-03")])
    b = make("Bexmoor troops did not blow up the bridge at Pellan on 3 May.", "bexmoor",
             [dict(trigger="blow up", actors=["BEX"], when="2031-05-03", stance="denied")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "existence")


def test_civilians_hit_against_denial_is_civilians():
    a = make("Arlenian shells killed two civilians in Quorn on 3 May.", "bexmoor",
             [dict(trigger="killed", actors=["ARL"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("two civilians", 2, "civilians", "exact")])
    b = make("Arlenian artillery did not strike any civilian in Quorn on 3 May.", "arlen",
             [dict(trigger="strike", actors=["ARL"], targets=[(None, "civilian")], when="2031-05-03",
                   stance="denied")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "civilians")


def test_casualty_figures_conflict_at_event_and_figure_level():
    a, b = casualty_pair()
    links = al.align([a, b])
    event = links_between(links)
    assert [(l.relation, l.on) for l in event] == [("CONTRADICT", "casualties")]
    figure = links_between(links, "quantities")
    assert [(l.relation, l.on) for l in figure] == [("CONTRADICT", "casualties")]
    assert a.document.text[slice(*figure[0].a_span)] == "three Arlenian soldiers"


def test_agreeing_figures_are_same_on_casualties():
    a = make("On 3 May Bexmoor fire killed three Arlenian soldiers near Pellan.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    b = make("On 3 May the fire near Pellan killed 3 Arlenian soldiers, the monitors said.", "monitor",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("3 Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    links = al.align([a, b])
    assert [(l.relation, l.on) for l in links_between(links)] == [("SAME", "casualties")]
    assert [l.relation for l in links_between(links, "quantities")] == ["SAME"]


def test_different_target_is_target_contradiction():
    a = make("Bexmoor drones struck Arlenian army depots near Pellan on 3 May.", "arlen",
             [dict(trigger="struck", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Bexmoor drones struck the farms of Pellan on 3 May, the monitors said.", "monitor",
             [dict(trigger="struck", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "target")


def test_far_places_are_a_place_contradiction():
    a = make("Bexmoor artillery shelled Arlenian positions near Pellan on 3 May.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Bexmoor artillery shelled Arlenian positions near Sarrow on 3 May.", "bexmoor",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "place")


def test_one_account_adding_the_place_complements():
    a = make("Arlen and Bexmoor signed the truce at Quorn on 9 June.", "arlen",
             [dict(type="AGREE", trigger="signed", actors=["ARL", "BEX"], when="2031-06-09")])
    b = make("Arlen and Bexmoor signed the truce on 9 June.", "bexmoor",
             [dict(type="AGREE", trigger="signed", actors=["ARL", "BEX"], when="2031-06-09")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("COMPLEMENT", "place")


def test_claim_level_denial_link():
    a = make("The Bexmoor army poisoned the wells of Pellan.", "arlen", [],
             claims=[("The Bexmoor army poisoned the wells of Pellan.", "accusation")])
    b = make("The Bexmoor army never poisoned the wells of Pellan.", "bexmoor", [],
             claims=[("The Bexmoor army never poisoned the wells of Pellan.", "denial")])
    links = links_between(al.align([a, b]), "claims")
    assert [(l.relation, l.on) for l in links] == [("CONTRADICT", "existence")]
    assert {l.a.document for l in links} | {l.b.document for l in links} == {
        a.document.content_hash, b.document.content_hash}


def test_merged_timeline_marks_one_sided_happenings():
    a = make(SHELLING_A + " Bexmoor sappers mined the road to Sarrow on 1 May.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03"),
              dict(trigger="mined", actors=["BEX"], when="2031-05-01")])
    b = make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")],
                                          when="2031-05-03")])
    comparison = compare([a, b])
    rows = timeline_rows(comparison)
    assert len(rows) == 2
    lone = [r for r in rows if r["one_sided"]]
    assert len(lone) == 1 and lone[0]["only"] == "arlen" and "mined" in lone[0]["versions"][0]["evidence"]
    shared = next(r for r in rows if not r["one_sided"])
    assert set(shared["by_side"]) == {"arlen", "bexmoor"}
    assert rows[0]["begin"] == "2031-05-01"  # the merged timeline is in time order
    (row,) = link_rows(comparison)
    assert row["a_side"] == "arlen" and row["b_span"] == "fired on"


def test_same_document_never_linked_to_itself():
    a = make(SHELLING_A + " " + SHELLING_B, "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03"),
              dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    assert al.align([a]) == []


def test_ann_candidates_give_the_same_links(monkeypatch):
    docs = [make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                             when="2031-05-03")]),
            make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"],
                                               targets=[("ARL", "military")], when="2031-05-03")])]
    exact = [(l.a.index, l.b.index, l.relation) for l in al.align(docs)]
    monkeypatch.setattr(al, "ALL_PAIRS_MAX", 0)
    assert [(l.a.index, l.b.index, l.relation) for l in al.align(docs)] == exact


def test_parse_iso_week_and_junk():
    assert str(al.parse_iso("2025-W09")) == "2025-02-24"
    assert str(al.parse_iso("2025-W09", end=True)) == "2025-03-02"
    assert al.parse_iso("PRESENT_REF") is None


def test_embedding_failure_falls_back_to_lexical(monkeypatch):
    def broken():
        raise OSError("weights missing")

    monkeypatch.setitem(embed._LOADERS, "wordllama", broken)
    monkeypatch.setitem(embed._LOADERS, "minilm", broken)
    embed.get_embedder.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="unavailable"):
            model = embed.get_embedder()
        assert model.name == "lexical"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            link = only_link([
                make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"],
                                                targets=[("ARL", "military")], when="2031-05-03")]),
                make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"],
                                                  targets=[("ARL", "military")], when="2031-05-03")])])
        assert link.relation == "SAME"
    finally:
        embed.get_embedder.cache_clear()


# --- rules added for issue 7: roles, one side's own accounts, geography, time precision ---


def test_passive_victim_against_named_attacker_is_initiator():
    """"Our positions were attacked" (no attacker named) against "Arlen
    attacked Bexmoor": each side names the other as the one who struck."""
    a = make("Arlenian positions near Pellan were attacked on the night of 3 May.", "arlen",
             [dict(trigger="were attacked", targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Arlenian artillery attacked Bexmoor positions near Pellan on the night of 3 May.", "bexmoor",
             [dict(trigger="attacked", actors=["ARL"], targets=[("BEX", "military")], when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "initiator")


def test_one_side_telling_attack_and_response_is_not_a_contradiction():
    """Within one side, "Bexmoor attacked us" and "we returned fire on
    Bexmoor" are one story: never CONTRADICT on initiator."""
    a = make("Bexmoor artillery shelled Arlenian positions near Pellan on 3 May.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Arlenian artillery shelled Bexmoor positions near Pellan on 3 May in self-defence.", "arlen",
             [dict(trigger="shelled", actors=["ARL"], targets=[("BEX", "military")], when="2031-05-03")])
    link = only_link([a, b])
    assert link.relation == "SAME"
    # the same two texts from the two sides are a contradiction on who started it
    b.document.meta.side = "bexmoor"
    assert (only_link([a, b]).relation, only_link([a, b]).on) == ("CONTRADICT", "initiator")


def test_actor_equal_to_target_is_not_read_as_an_initiator():
    """An extractor that gives the victims' country as the actor too must
    not turn a casualty report into a dispute over who attacked."""
    a = make("On 3 May three Arlenian soldiers were killed near Pellan.", "arlen",
             [dict(trigger="were killed", actors=["ARL"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    b = make("On 3 May more than twenty Arlenian soldiers were killed near Pellan.", "bexmoor",
             [dict(trigger="were killed", targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("more than twenty Arlenian soldiers", 20, "Arlenian soldiers", "more_than")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "casualties")


def test_agreeing_civilian_figures_are_same_on_civilians():
    a = make("Arlenian shells killed two civilians in Quorn on 3 May.", "bexmoor",
             [dict(trigger="killed", actors=["ARL"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("two civilians", 2, "civilians", "exact")])
    b = make("Shells from the west killed 2 civilians in Quorn on 3 May, the monitors found.", "monitor",
             [dict(trigger="killed", targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("2 civilians", 2, "civilians", "exact")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("SAME", "civilians")


def test_place_far_from_the_documents_geography_is_ignored():
    """A name read as a town on another continent (Farhaven here) adds no
    place: the document's other places lie together far from it."""
    far = Place("Farhaven", 30.0, -90.0, "town")
    tessel = Place("Tessel", -40.1, 170.1, "village")
    a = make("Bexmoor guns fired on Arlenian positions on 3 May, Farhaven said. "
             "Pellan, Quorn and Tessel were quiet on 4 May.", "arlen",
             [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    for name, place in (("Farhaven", far), ("Tessel", tessel)):
        start = a.document.text.index(name)
        a.places.append(PlaceMention(name, start, start + len(name), place))
    a.events[0].places = [m for m in a.places if m.text == "Farhaven"]
    assert al.outlier_places(a) == {al._place_key(far)}
    b = make(SHELLING_B.replace(" near Pellan", ""), "monitor",
             [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("SAME", None), link.reason


def test_overlap_with_a_span_of_years_is_weak_time_evidence():
    day = make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                          when="2031-05-03")])
    years = make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"],
                                              targets=[("ARL", "military")], when="2001-05-03/2031-05-03")])
    same_day = make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"],
                                                 targets=[("ARL", "military")], when="2031-05-03")])
    u_day, u_years, u_same = al.build_units([day, years, same_day])
    assert al.time_score(u_day, u_same, 0) == 1.0
    assert al.time_score(u_day, u_years, 0) == al.WEAK_TIME
    assert al.pair_score(u_day, u_years, 0.7) < al.pair_score(u_day, u_same, 0.7)


def test_unit_vectors_average_sentence_and_clause_cosines():
    a = make("Bexmoor artillery shelled Arlenian positions near Pellan, and the harvest festival in Quorn "
             "drew record crowds on 3 May.", "arlen",
             [dict(trigger="shelled Arlenian positions", actors=["BEX"], targets=[("ARL", "military")],
                   when="2031-05-03")])
    b = make(SHELLING_B, "bexmoor", [dict(trigger="fired on Arlenian positions", actors=["BEX"],
                                          targets=[("ARL", "military")], when="2031-05-03")])
    units = al.build_units([a, b])
    assert "festival" in units[0].text and "festival" not in units[0].clause
    vectors = al.unit_vectors(units)
    sent = al._vectors([u.text for u in units])
    clause = al._vectors([u.clause for u in units])
    expected = (float(sent[0] @ sent[1]) + float(clause[0] @ clause[1])) / 2
    assert float(vectors[0] @ vectors[1]) == pytest.approx(expected, abs=1e-5)
    assert float(clause[0] @ clause[1]) > float(sent[0] @ sent[1])


def test_link_key_survives_a_rerun_and_ignores_the_relation():
    docs = [make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                             when="2031-05-03")]),
            make(SHELLING_B, "bexmoor", [dict(trigger="fired on", actors=["BEX"],
                                               targets=[("ARL", "military")], when="2031-05-03")])]
    first, second = al.align(docs), al.align(list(reversed(docs)))
    assert {al.link_key(l) for l in first} == {al.link_key(l) for l in second}
    edited = CrossLink(first[0].b, first[0].a, "CONTRADICT", "initiator", "", first[0].prov,
                       first[0].b_span, first[0].a_span)
    assert al.link_key(edited) == al.link_key(first[0])


def test_military_against_government_target_is_no_contradiction():
    a = make(SHELLING_A, "arlen", [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                        when="2031-05-03")])
    b = make(SHELLING_B, "monitor", [dict(trigger="fired on", actors=["BEX"], targets=[("ARL", "government")],
                                          when="2031-05-03")])
    assert only_link([a, b]).relation == "SAME"


def test_calling_a_report_invented_is_existence_not_civilians():
    """"X rejected as invented the claim that a woman was wounded" denies the
    happening itself; "our guns did not hit civilians" denies that civilians
    were hit."""
    a = make("Bexmoor shells wounded an elderly woman in Pellan on 3 May.", "arlen",
             [dict(trigger="wounded", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")])
    b = make("Bexmoor rejected as invented the claim that an elderly woman was wounded in Pellan on 3 May.",
             "bexmoor", [dict(trigger="an elderly woman was wounded", actors=["BEX"], targets=[(None, "civilian")],
                              when="2031-05-03", stance="denied")])
    assert (only_link([a, b]).relation, only_link([a, b]).on) == ("CONTRADICT", "existence")


def test_figure_without_its_own_noun_takes_the_group_from_the_sentence():
    text = "On 3 May two Arlenian soldiers were killed near Pellan and 7 were wounded."
    a = make(text, "arlen", [], figures=[("two Arlenian soldiers", 2, "Arlenian soldiers", "exact"),
                                         ("7", 7, None, "exact")])
    unit = al._figure(a, 1, (0, len(text)))
    assert (unit.outcome, unit.group) == ("injured", "military")
    b = make("Five civilians were injured in Quorn on 3 May.", "bexmoor", [],
             figures=[("Five civilians", 5, "civilians", "exact")])
    figures = [l for l in al.align([a, b]) if l.a.kind == "quantities"]
    assert figures == [], [(l.relation, l.reason) for l in figures]
