"""Figures linked across documents when neither stands beside a dated
event: only the very same, large number (a count one document quotes from
another), on hand-built records of the fictional Arlen / Bexmoor conflict
(helpers in tests/test_align.py)."""

from __future__ import annotations

from test_align import fast_embeddings, links_between, make  # noqa: F401  (fixture)

from parallax import align as al


def _toll(side: str, sentence: str, part: str, value: float, unit: str | None,
          qualifier: str = "exact"):
    return make(sentence, side, [], figures=[(part, value, unit, qualifier)])


def test_the_same_large_undated_toll_is_linked_as_same():
    """"1,250 Arlenian soldiers were killed in the war" and "the Arlen
    ministry counts 1,250 dead soldiers": no dated event beside either, but
    the very same large number: one count quoted again."""
    a = _toll("arlen", "Our losses in the war are 1,250 Arlenian soldiers killed.",
              "1,250 Arlenian soldiers", 1250, "Arlenian soldiers")
    b = _toll("monitor", "Arlen says 1,250 of its soldiers were killed in the fighting.",
              "1,250 of its soldiers", 1250, "soldiers")
    links = links_between(al.align([a, b]), "quantities")
    assert [(l.relation, l.on) for l in links] == [("SAME", "casualties")]


def test_different_large_undated_tolls_are_not_linked():
    """1,250 against 1,400 with no date: two running totals of unknown
    reach, not two counts of one happening."""
    a = _toll("arlen", "Our losses in the war are 1,250 Arlenian soldiers killed.",
              "1,250 Arlenian soldiers", 1250, "Arlenian soldiers")
    b = _toll("monitor", "Arlen says 1,400 of its soldiers were killed in the fighting.",
              "1,400 of its soldiers", 1400, "soldiers")
    assert links_between(al.align([a, b]), "quantities") == []


def test_the_same_small_undated_toll_is_not_linked():
    """"three civilians killed" recurs by chance across a war's happenings:
    below EQUAL_FIGURE_MIN an equal undated number links nothing."""
    a = _toll("arlen", "Three civilians were killed in Quorn by Bexmoor shelling.",
              "Three civilians", 3, "civilians")
    b = _toll("monitor", "Three civilians have been killed by shelling, Arlen says.",
              "Three civilians", 3, "civilians")
    assert links_between(al.align([a, b]), "quantities") == []


def test_an_undated_toll_and_an_approximate_one_are_not_linked():
    """"about 1,250" covers a range: only the very same bounds count as one
    figure quoted again."""
    a = _toll("arlen", "Our losses in the war are 1,250 Arlenian soldiers killed.",
              "1,250 Arlenian soldiers", 1250, "Arlenian soldiers")
    b = _toll("monitor", "Arlen says about 1,250 of its soldiers were killed in the fighting.",
              "about 1,250 of its soldiers", 1250, "soldiers", "about")
    assert links_between(al.align([a, b]), "quantities") == []


def test_equal_undated_tolls_link_the_same_with_the_sides_swapped():
    """Neutrality: the rule reads numbers, never whose they are."""
    a = _toll("bexmoor", "Our losses in the war are 1,250 Bexmoor soldiers killed.",
              "1,250 Bexmoor soldiers", 1250, "Bexmoor soldiers")
    b = _toll("monitor", "Bexmoor says 1,250 of its soldiers were killed in the fighting.",
              "1,250 of its soldiers", 1250, "soldiers")
    links = links_between(al.align([a, b]), "quantities")
    assert [(l.relation, l.on) for l in links] == [("SAME", "casualties")]


def test_a_toll_of_people_may_count_another_accounts_civilians():
    """"at least 40 civilians were killed" and "at least 40 people died",
    both beside the shelling of 3 May: "people" names no kind of victim,
    so it does not keep the figures apart."""
    a = make("On 3 May Bexmoor shelling of Quorn killed at least 40 civilians.", "arlen",
             [dict(trigger="shelling", actors=["BEX"], when="2031-05-03")],
             figures=[("at least 40 civilians", 40, "civilians", "more_than")])
    b = make("On 3 May at least 40 people died when Bexmoor guns shelled Quorn.", "monitor",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")],
             figures=[("at least 40 people", 40, "people", "more_than")])
    figures = [al._figure(an, 0, (0, len(an.document.text))) for an in (a, b)]
    assert figures[1].head == set() and al.same_count(*figures)
    links = links_between(al.align([a, b]), "quantities")
    assert [(l.relation, l.on) for l in links] == [("SAME", "casualties")]


def test_figures_one_account_lacks_do_not_make_the_events_a_complement():
    """"Bexmoor guns shelled Quorn on 3 May, killing six civilians" and
    "Bexmoor guns shelled Quorn on 3 May": one happening told alike; the
    toll the second leaves out is no difference between the accounts (the
    figures are compared in their own links)."""
    a = make("On 3 May Bexmoor guns shelled Quorn, killing six civilians.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")],
             figures=[("six civilians", 6, "civilians", "exact")])
    b = make("On 3 May Bexmoor guns shelled Quorn.", "monitor",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")])
    x, y = al.build_units([a, b], al.NameMasker([a, b]))
    assert x.figures and not y.figures
    assert al.label(x, y)[0] == "SAME" and al.label(y, x)[0] == "SAME"

