"""One-to-one link selection, figure parties, name masking and the links
part of the evaluator, on hand-built records of the fictional Arlen /
Bexmoor conflict (see tests/test_align.py for the helpers)."""

from __future__ import annotations

from pathlib import Path

from test_align import casualty_pair, fast_embeddings, figures_of, links_between, make  # noqa: F401  (fixture)

from parallax import align as al
from parallax.eval.gold import GoldCorpus, GoldDocument, GoldLink
from parallax.eval.runner import _DocRun, _score_links
from parallax.model import Actor, ActorMention


def test_assignment_maximises_the_margin_not_the_first_pick():
    """a1 fits b1 best, but taking that pair leaves a2 and b2 unlinked;
    the optimal assignment links a1-b2 and a2-b1 (margins 0.14 + 0.13 over
    the threshold 0.6 against 0.16 for a1-b1 alone). Best-first would keep
    only a1-b1. (All below ``SURE_SCORE``, which would keep a1-b1 too.)"""
    scored = [(0.76, (0, 1), (1, 1), "a1-b1"), (0.74, (0, 1), (1, 2), "a1-b2"),
              (0.73, (0, 2), (1, 1), "a2-b1")]
    kept = [payload for _, payload in al.one_to_one(scored, floor=0.6)]
    assert sorted(kept) == ["a1-b2", "a2-b1"]


def test_assignment_keeps_one_clear_pair_over_two_marginal_ones():
    """Two pairs just over the threshold do not outweigh one clear pair."""
    scored = [(0.90, (0, 1), (1, 1), "clear"), (0.62, (0, 1), (1, 2), "weak1"),
              (0.61, (0, 2), (1, 1), "weak2")]
    kept = [payload for _, payload in al.one_to_one(scored, floor=0.6)]
    assert kept == ["clear"]


def test_assignment_is_per_document_pair():
    """A record keeps one counterpart in each other document, not one overall."""
    scored = [(0.8, (0, 1), (1, 1), "doc1"), (0.7, (0, 1), (2, 4), "doc2"), (0.75, (1, 1), (2, 4), "1-2")]
    kept = sorted(payload for _, payload in al.one_to_one(scored, floor=0.6))
    assert kept == ["1-2", "doc1", "doc2"]


def test_figures_of_the_two_sides_losses_are_not_compared():
    """Three Arlenian soldiers killed and twelve Bexmoor soldiers killed on
    the same night are two counts, not a contradiction."""
    a = make("On 3 May three Arlenian soldiers were killed near Pellan.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    b = make("On 3 May twelve Bexmoor soldiers were killed near Pellan.", "bexmoor",
             [dict(trigger="killed", actors=["ARL"], targets=[("BEX", "military")], when="2031-05-03")],
             figures=[("twelve Bexmoor soldiers", 12, "Bexmoor soldiers", "exact")])
    assert [f.party for f in figures_of(a)] == [{"ARL"}]
    links = al.align([a, b])
    assert links_between(links, "quantities") == []
    assert all(l.on != "casualties" for l in links)


def test_figure_party_named_after_the_figure():
    text = "On 3 May four soldiers of the Bexmoor army were wounded near Quorn."
    a = make(text, "arlen", [], figures=[("four soldiers", 4, "soldiers", "exact")])
    (fig,) = figures_of(a)
    assert fig.party == {"BEX"} and fig.outcome == "injured"
    text = "On 3 May Bexmoor shelling wounded four civilians near Quorn."
    b = make(text, "arlen", [], figures=[("four civilians", 4, "civilians", "exact")])
    (fig,) = figures_of(b)
    assert fig.party == set()  # Bexmoor fired; whose civilians the text does not say here


def test_masked_text_holds_no_names_and_keeps_generic_actors():
    text = "Arlen shelled Bexmoor civilians near Pellan on 3 May."
    a = make(text, "arlen", [])
    s, e = 0, len(text)
    a.actors.append(ActorMention("civilians", text.index("civilians"), text.index("civilians") + 9,
                                 Actor("civilians", entry="sector-civilian", sector="civilian")))
    masked = al.masked_span(al.NameMasker(), a, s, e)
    assert masked == "X shelled X civilians near Y on 3 May."
    swapped = make("Bexmoor shelled Arlen civilians near Quorn on 3 May.", "bexmoor", [])
    assert al.masked_span(al.NameMasker(), swapped, 0, len(swapped.document.text)) == masked


def _gold_doc(name: str, **sections) -> GoldDocument:
    return GoldDocument(Path(name + ".gold.yaml"), Path(name), {}, sections)


def test_link_scoring_counts_relation_and_reports_on_only_in_details():
    """Figure refs (q…) are matched by their text; a right link with the
    wrong `on` counts for F1 (FORMAT.md scores the relation) but not for
    ``on_accuracy``, which only the detailed (human-readable) run reports."""
    a, b = casualty_pair()
    ga = _gold_doc("a.txt", quantities=[{"id": "q1", "text": "three Arlenian soldiers"}])
    gb = _gold_doc("b.txt", quantities=[{"id": "q4", "text": "more than twenty Arlenian soldiers"}])
    runs = [_DocRun(ga, a, event_pairs=[(0, "e1")]), _DocRun(gb, b, event_pairs=[(0, "e2")])]
    corpus = GoldCorpus([ga, gb], [GoldLink("a.txt#e1", "b.txt#e2", "CONTRADICT", "date"),
                                   GoldLink("a.txt#q1", "b.txt#q4", "CONTRADICT", "casualties"),
                                   GoldLink("a.txt#e9", "b.txt#e9", "SAME")])
    plain = _score_links(corpus, runs)
    assert set(plain) == {"precision", "recall", "f1", "gold", "predicted"}
    assert plain["predicted"] == 2 and plain["gold"] == 3
    assert plain["precision"] == 1.0 and round(plain["recall"], 3) == 0.667
    detailed = _score_links(corpus, runs, details=True)
    assert detailed["on_matched"] == 2 and detailed["on_accuracy"] == 0.5  # the event link's `on` is casualties


def test_a_name_read_elsewhere_is_masked_where_it_was_missed():
    a = make("Bexmoor guns shelled Pellan on 3 May.", "arlen", [])
    b = make("A drone hit a tractor near Pellan.", "bexmoor", [])
    b.places.clear()  # the place extractor missed it in this document
    masker = al.NameMasker([a, b])
    assert al.masked_span(masker, b, 0, len(b.document.text)) == "A drone hit a tractor near Y."
    assert al.masked_span(al.NameMasker([b]), b, 0, len(b.document.text)) == "A drone hit a tractor near Pellan."


def test_comparison_summary_counts_relations_and_what_differs():
    from parallax.compare import compare

    a, b = casualty_pair()
    summary = compare([a, b]).summary()
    assert summary["by_relation"] == {"CONTRADICT": 2}
    assert summary["by_on"] == {"CONTRADICT": {"casualties": 2}}
    assert summary["by_kind"] == {"events": 1, "quantities": 1}
    assert summary["happenings"] == 1 and summary["one_sided"] == 0


def test_mirrored_calls_are_two_happenings_not_an_initiator_dispute():
    """"A attacked B" against "B attacked A" is one clash told twice, but
    "A calls on B to withdraw" against "B calls on A to withdraw" are two calls."""
    a = make("On 5 May Arlen called on Bexmoor to withdraw its guns from Pellan.", "arlen",
             [dict(type="REQUEST", trigger="called on", actors=["ARL"], targets=[("BEX", "government")],
                   when="2031-05-05")])
    b = make("On 5 May Bexmoor called on Arlen to withdraw its guns from Pellan.", "bexmoor",
             [dict(type="REQUEST", trigger="called on", actors=["BEX"], targets=[("ARL", "government")],
                   when="2031-05-05")])
    assert links_between(al.align([a, b])) == []
    a.events[0].type = b.events[0].type = "ASSAULT"
    (link,) = links_between(al.align([a, b]))
    assert (link.relation, link.on) == ("CONTRADICT", "initiator")


def test_repeated_gold_figure_text_stands_for_its_occurrences_in_order():
    from parallax.eval.runner import _span_map
    from parallax.model import Quantity

    text = "Two civilians died in Pellan on 3 May. Later two civilians died in Quorn."
    first, second = text.index("Two civilians"), text.index("two civilians")
    records = [Quantity("Two civilians", first, first + 13, 2), Quantity("two civilians", second, second + 13, 2)]
    gold = [{"id": "q1", "text": "civilians"}, {"id": "q2", "text": "civilians"}]
    assert _span_map(records, gold, "text", text) == {0: "q1", 1: "q2"}


def test_one_sides_two_counts_complement_and_opposing_counts_contradict():
    """Two documents of one side giving two and then three dead are a later
    count; the other side's figure against theirs is a dispute."""
    first = make("On 3 May Bexmoor fire killed two Arlenian soldiers near Pellan.", "arlen",
                 [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
                 figures=[("two Arlenian soldiers", 2, "Arlenian soldiers", "exact")])
    later = make("On 3 May Bexmoor fire killed three Arlenian soldiers near Pellan.", "arlen",
                 [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
                 figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    links = al.align([first, later])
    assert {(l.a.kind, l.relation, l.on) for l in links} == {("events", "COMPLEMENT", "casualties"),
                                                             ("quantities", "COMPLEMENT", "casualties")}
    later.document.meta.side = "bexmoor"
    links = al.align([first, later])
    assert {(l.a.kind, l.relation, l.on) for l in links} == {("events", "CONTRADICT", "casualties"),
                                                             ("quantities", "CONTRADICT", "casualties")}
