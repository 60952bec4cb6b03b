"""Which figures count one toll and which events are linked on words alone:
the rules of parallax.align added with aligner 0.7, on hand-built records
of the fictional Arlen / Bexmoor conflict (see tests/test_align.py for the
helpers)."""

from __future__ import annotations

from test_align import fast_embeddings, figures_of, links_between, make  # noqa: F401  (fixture)

from parallax import align as al
from parallax.model import Actor, Quantity


def test_tolls_tenfold_apart_are_two_happenings():
    """Two raids on 3 May: one side counts four civilians killed, the other
    at least forty. Nothing links the sentences' events (no event link), so
    the counts are not taken for one disputed toll."""
    a = make("On 3 May four civilians were killed in Pellan.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("four civilians", 4, "civilians", "exact")])
    b = make("On 3 May at least forty civilians were killed in Pellan.", "bexmoor",
             [dict(trigger="killed", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("at least forty civilians", 40, "civilians", "more_than")])
    fa, fb = al.figure_units([a], al.build_units([a])), al.figure_units([b], al.build_units([b]))
    fb[0].position = 1
    assert not al._figures_comparable(fa[0], fb[0])
    # within five times of each other they may be one toll
    fb[0].figure.quantity.value = 12
    assert al._figures_comparable(fa[0], fb[0])


def test_a_disputed_toll_of_a_linked_clash_may_differ_widely():
    """Three against more than twenty Arlenian soldiers, in sentences whose
    events are linked: one toll in dispute, linked as a CONTRADICT."""
    a = make("On 3 May Bexmoor fire killed three Arlenian soldiers near Pellan.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("three Arlenian soldiers", 3, "Arlenian soldiers", "exact")])
    b = make("On 3 May Bexmoor fire killed more than twenty Arlenian soldiers near Pellan.", "bexmoor",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")],
             figures=[("more than twenty Arlenian soldiers", 20, "Arlenian soldiers", "more_than")])
    links = al.align([a, b])
    assert [l.relation for l in links_between(links, "quantities")] == ["CONTRADICT"]
    assert [l.relation for l in links_between(al.align([a, b], threshold=2.0), "quantities")] == []


def test_figures_of_two_separate_raids_are_not_compared():
    """Same day, similar sentences and counts, but Bexmoor's raid on Pellan
    and Arlen's raid on Sarrow: the sentences' events cannot be one
    happening (no party in common, far apart), so neither can their tolls."""
    a = make("On 3 May Bexmoor aircraft bombed Pellan and five civilians were killed.", "arlen",
             [dict(trigger="bombed", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("five civilians", 5, "civilians", "exact")])
    b = make("On 3 May Arlen aircraft bombed Sarrow and six civilians were killed.", "bexmoor",
             [dict(trigger="bombed", actors=["ARL"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("six civilians", 6, "civilians", "exact")])
    assert links_between(al.align([a, b]), "quantities") == []


def test_a_bare_number_takes_the_outcome_of_the_figure_before_it():
    """"put the figure at about 1,600" counts the dead the sentence spoke of."""
    text = "Arlen speaks of 2,100 dead in Pellan, and Bexmoor has put the figure at about 1,600."
    a = make(text, "monitor", [], figures=[("2,100", 2100, "", "exact"), ("about 1,600", 1600, None, "about")])
    assert [f.outcome for f in figures_of(a)] == ["killed", "killed"]
    # a number with a unit of its own does not borrow the outcome
    text = "Arlen speaks of 2,100 dead in Pellan, and Bexmoor has sent 300 trucks."
    b = make(text, "monitor", [], figures=[("2,100", 2100, "", "exact"), ("300 trucks", 300, "trucks", "exact")])
    assert [f.outcome for f in figures_of(b)] == ["killed", None]


def test_its_soldiers_are_the_speakers():
    """"Bexmoor says nine of its soldiers were killed" counts Bexmoor's losses,
    so it is not compared with a count of Arlenian soldiers."""
    text = "Bexmoor says nine of its soldiers were killed near Pellan on 3 May."
    a = make(text, "monitor", [], figures=[("nine of its soldiers", 9, "soldiers", "exact")])
    assert [f.party for f in figures_of(a)] == [{"BEX"}]
    text = "Arlen says eight of its soldiers were killed near Pellan on 3 May."
    b = make(text, "monitor", [], figures=[("eight of its soldiers", 8, "soldiers", "exact")])
    assert [f.party for f in figures_of(b)] == [{"ARL"}]
    # no possessive: the sentence's other party is not whose losses they are
    text = "Bexmoor says nine soldiers were killed near Pellan on 3 May."
    c = make(text, "monitor", [], figures=[("nine soldiers", 9, "soldiers", "exact")])
    assert [f.party for f in figures_of(c)] == [set()]


def test_a_word_quantifier_counts_no_number_in_event_labels():
    """"thousands were killed" has no value: it is no figure that could
    contradict "more than 3,000 were killed" (bounds of 0 would)."""
    a = make("On 3 May thousands of Arlenians were killed in Pellan by Bexmoor.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "civilian")], when="2031-05-03")])
    a.quantities.append(Quantity("thousands of Arlenians", a.document.text.index("thousands"),
                                 a.document.text.index(" were"), None, "about", "Arlenians",
                                 approximate_word="thousands"))
    b = make("On 3 May more than 3,000 Arlenians were killed in Pellan by Bexmoor.", "monitor",
             [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "civilian")], when="2031-05-03")],
             figures=[("more than 3,000 Arlenians", 3000, "Arlenians", "more_than")])
    ua, ub = al.build_units([a, b])
    assert ua.figures == [] and len(ub.figures) == 1
    assert al._figure_conflict(ua, ub) is None
    assert al.label(ua, ub)[0] != "CONTRADICT"


def test_an_event_without_actor_needs_closer_words():
    """One account names who shelled, the other names nobody: the pair loses
    ``NO_ACTOR_MARGIN`` (such events rarely stand for an account the other
    document gives; the words alone must carry the pair)."""
    a = make("Bexmoor artillery shelled Arlenian positions near Pellan on 3 May.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("Arlenian positions near Pellan were shelled by Bexmoor on 3 May.", "monitor",
             [dict(trigger="shelled", actors=[], targets=[("ARL", "military")], when="2031-05-03")])
    ua, ub = al.build_units([a, b])
    without = al.pair_score(ua, ub, 0.5)
    b.events[0].actors = [Actor("Bexmoor", country="BEX")]
    with_actor = al.pair_score(ua, ub, 0.5)
    assert abs(with_actor - without - al.NO_ACTOR_MARGIN) < 1e-9
