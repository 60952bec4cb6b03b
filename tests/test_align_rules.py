"""Denials scored against assertions, links kept beside the one-to-one
assignment, and undated figures, on hand-built records of the fictional
Arlen / Bexmoor conflict (see tests/test_align.py for the helpers)."""

from __future__ import annotations

from test_align import fast_embeddings, links_between, make  # noqa: F401  (fixture)

from parallax import align as al


def _units(*analyses):
    return al.build_units(list(analyses), al.NameMasker(analyses))


def test_denial_against_assertion_gains_the_denial_ease(monkeypatch):
    """"Bexmoor troops burned the granary at Quorn" against "Bexmoor troops
    did not burn the granary": the same thing, asserted and denied; at one
    sentence similarity the pair scores DENIAL_EASE more than it would
    without the rule, and two assertions gain nothing."""
    a = make("Bexmoor troops burned the granary at Quorn on 3 May.", "arlen",
             [dict(trigger="burned", actors=["BEX"], when="2031-05-03")])
    b = make("Bexmoor troops did not burn the granary at Quorn on 3 May.", "bexmoor",
             [dict(trigger="burn", actors=["BEX"], when="2031-05-03", stance="denied")])
    c = make("On 3 May Bexmoor troops set fire to the granary at Quorn.", "monitor",
             [dict(trigger="set fire", actors=["BEX"], when="2031-05-03")])
    x, y, z = _units(a, b, c)
    assert y.denied and not x.denied
    eased = al.pair_score(x, y, 0.5)
    plain = al.pair_score(x, z, 0.5)
    monkeypatch.setattr(al, "DENIAL_EASE", 0.0)
    assert abs(eased - al.pair_score(x, y, 0.5) - 0.04) < 1e-9
    assert al.pair_score(x, z, 0.5) == plain


def test_denial_ease_keeps_the_blocking_rules():
    """A denial of what another party did is still no counterpart of an
    assertion about the first party: the ease adds to a score, it never
    unblocks a pair."""
    a = make("Bexmoor troops burned the granary at Quorn on 3 May.", "arlen",
             [dict(trigger="burned", actors=["BEX"], when="2031-05-03")])
    b = make("Arlenian troops did not burn the granary at Quorn on 3 May.", "bexmoor",
             [dict(trigger="burn", actors=["ARL"], when="2031-05-03", stance="denied")])
    x, y = _units(a, b)
    assert al.pair_score(x, y, 0.9) is None


def test_a_sure_pair_is_kept_beside_the_assignment():
    """a1 is told once in document 0; document 1 tells it in two sentences
    (b1, b2). Both pairs score over SURE_SCORE: both are linked, although the
    assignment alone would keep one."""
    scored = [(0.86, (0, 1), (1, 1), "a1-b1"), (0.83, (0, 1), (1, 2), "a1-b2")]
    assert sorted(p for _, p in al.one_to_one(scored, floor=0.6, sure=al.SURE_SCORE)) == ["a1-b1", "a1-b2"]
    assert [p for _, p in al.one_to_one(scored, floor=0.6)] == ["a1-b1"]


def test_a_second_pair_below_the_sure_score_is_not_kept():
    scored = [(0.86, (0, 1), (1, 1), "a1-b1"), (0.75, (0, 1), (1, 2), "a1-b2")]
    assert [p for _, p in al.one_to_one(scored, floor=0.6, sure=al.SURE_SCORE)] == ["a1-b1"]


def test_undated_figures_are_not_linked():
    """"Four civilians have died in Quorn" and "nine civilians have been
    killed" with no date near either: running totals that may count any part
    of the war, not two counts of one happening."""
    a = make("Four civilians have been killed in Quorn by Bexmoor shelling.", "arlen", [],
             figures=[("Four civilians", 4, "civilians", "exact")])
    b = make("Nine civilians have been killed in Quorn by Bexmoor shelling.", "monitor", [],
             figures=[("Nine civilians", 9, "civilians", "exact")])
    assert links_between(al.align([a, b]), "quantities") == []


def test_dated_figures_of_one_day_are_linked():
    """The same figures beside an event each side dates to 3 May are compared."""
    a = make("On 3 May Bexmoor shelling killed four civilians in Quorn.", "arlen",
             [dict(trigger="killed", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("four civilians", 4, "civilians", "exact")])
    b = make("On 3 May Bexmoor shelling killed nine civilians in Quorn.", "monitor",
             [dict(trigger="killed", actors=["BEX"], targets=[(None, "civilian")], when="2031-05-03")],
             figures=[("nine civilians", 9, "civilians", "exact")])
    links = links_between(al.align([a, b]), "quantities")
    assert [(l.relation, l.on) for l in links] == [("CONTRADICT", "casualties")]
