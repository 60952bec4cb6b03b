"""How accounts of one happening relate, on hand-built records of the
fictional Arlen / Bexmoor conflict (helpers in tests/test_align.py): counts
that grow or shrink over time, retrospectives' loose dates, denials of
different things, each side blaming the other at one spot, a denial of
firing first, and a place added to places already named."""

from __future__ import annotations

from test_align import fast_embeddings, links_between, make, only_link  # noqa: F401  (fixture)

from parallax import align as al
from parallax.model import Actor, ActorMention


def dated(analysis, published: str):
    analysis.document.meta.published = published
    return analysis


def figure(analysis, index: int = 0) -> al.Figure:
    q = analysis.quantities[index]
    sent = analysis.sentence_at(q.start)
    return al._figure(analysis, index, (sent.start, sent.end))


KILLED_A = "By 3 May Bexmoor fire had killed {} Arlenian soldiers near Pellan."


def toll(side: str, published: str, words: str, value: float, qualifier: str = "exact"):
    text = KILLED_A.format(words)
    return dated(make(text, side, [dict(trigger="killed", actors=["BEX"], targets=[("ARL", "military")],
                                        when="2031-05-03")],
                      figures=[(f"{words} Arlenian soldiers", value, "Arlenian soldiers", qualifier)]), published)


def test_compatible_but_unequal_counts_complement_equal_ones_are_same():
    """"at least 40" and "43" agree, and the second is more precise: a
    complement; "43" and "43" say the same."""
    a = toll("arlen", "2031-05-04", "at least 40", 40, "more_than")
    b = toll("neutral", "2031-05-09", "43", 43)
    c = toll("neutral", "2031-05-10", "forty-three", 43)
    assert al.figure_relation(figure(a), figure(b), a, b)[0] == "COMPLEMENT"
    assert al.figure_relation(figure(b), figure(c), b, c)[0] == "SAME"


def test_a_later_larger_count_updates_a_smaller_later_one_contradicts():
    early = toll("arlen", "2031-05-04", "five", 5)
    later_more = toll("neutral", "2031-05-12", "eight", 8)
    later_less = toll("neutral", "2031-05-12", "two", 2)
    assert al.figure_relation(figure(early), figure(later_more), early, later_more)[0] == "COMPLEMENT"
    assert al.figure_relation(figure(later_more), figure(early), later_more, early)[0] == "COMPLEMENT"
    assert al.figure_relation(figure(early), figure(later_less), early, later_less)[0] == "CONTRADICT"
    links = al.align([early, later_more])
    assert [(l.relation, l.on) for l in links_between(links)] == [("COMPLEMENT", "casualties")]
    assert [(l.relation, l.on) for l in links_between(links, "quantities")] == [("COMPLEMENT", "casualties")]


def test_counts_that_differ_across_the_two_sides_contradict_whatever_their_dates():
    a = toll("arlen", "2031-05-04", "three", 3)
    b = toll("bexmoor", "2031-05-12", "twenty", 20)
    assert al.figure_relation(figure(a), figure(b), a, b)[0] == "CONTRADICT"
    assert [(l.relation, l.on) for l in links_between(al.align([a, b]))] == [("CONTRADICT", "casualties")]


SHELLING = "Bexmoor artillery shelled Arlenian positions near Pellan on {} May."


def shelling(side: str, day: int, published: str | None = None):
    a = make(SHELLING.format(day), side, [dict(trigger="shelled", actors=["BEX"], targets=[("ARL", "military")],
                                                 when=f"2031-05-{day:02d}")])
    return dated(a, published) if published else a


def test_a_retrospective_two_days_off_is_no_date_contradiction():
    """A look back published years later dates the shelling two days off
    the contemporary account: loose memory, not a dispute over the date.
    Two contemporary accounts two days apart still contradict on the date."""
    link = only_link([shelling("arlen", 3, "2031-05-04"), shelling("bexmoor", 5, "2041-05-03")])
    assert link.relation == "SAME" and link.on != "date"
    link = only_link([shelling("arlen", 3, "2031-05-04"), shelling("bexmoor", 5, "2031-05-06")])
    assert (link.relation, link.on) == ("CONTRADICT", "date")


def test_denials_of_what_two_different_parties_did_are_not_linked():
    a = make("No Arlenian shell was fired at Pellan on 3 May.", "arlen",
             [dict(trigger="fired", actors=["ARL"], when="2031-05-03", stance="denied")])
    b = make("No Bexmoor shell was fired at Pellan on 3 May.", "bexmoor",
             [dict(trigger="fired", actors=["BEX"], when="2031-05-03", stance="denied")])
    assert links_between(al.align([a, b])) == []
    c = make("No Arlenian shell was ever fired at Pellan on 3 May.", "neutral",
             [dict(trigger="fired", actors=["ARL"], when="2031-05-03", stance="denied")])
    assert only_link([a, c]).relation == "SAME"  # two denials of one thing


def test_each_side_naming_the_other_as_attacker_at_one_spot_contradicts_on_initiator():
    """Each account names only who attacked, and no party is common to
    both; the shared spot and day make them one clash told twice."""
    a = make("On 4 May a Bexmoor assault near Quorn was repulsed.", "arlen",
             [dict(trigger="assault", actors=["BEX"], when="2031-05-04")])
    b = make("On 4 May an Arlenian assault near Quorn was repulsed.", "bexmoor",
             [dict(trigger="assault", actors=["ARL"], when="2031-05-04")])
    link = only_link([a, b])
    assert (link.relation, link.on) == ("CONTRADICT", "initiator")
    # without a spot in common nothing says it is one clash
    c = make("On 4 May an Arlenian assault was repulsed.", "bexmoor",
             [dict(trigger="assault", actors=["ARL"], when="2031-05-04")])
    assert links_between(al.align([a, c])) == []
    # one side's two stories of two attackers are two clashes
    d = make("On 4 May an Arlenian assault near Quorn was repulsed.", "arlen",
             [dict(trigger="assault", actors=["ARL"], when="2031-05-04")])
    assert links_between(al.align([a, d])) == []


def test_a_spot_the_actor_stage_read_as_a_stateless_party_is_shared():
    """"Quorn" read as a party with no country in one document and missed
    in the other still anchors the two accounts to one spot."""
    text_a = "On 4 May a Bexmoor assault on Dunmere was repulsed."
    a = make(text_a, "arlen", [dict(trigger="assault", actors=["BEX"], when="2031-05-04")])
    s = text_a.index("Dunmere")
    a.actors.append(ActorMention("Dunmere", s, s + 7, Actor("Dunmere", name="Dunmere")))
    b = make("On 4 May an Arlenian assault near Dunmere was repulsed.", "bexmoor",
             [dict(trigger="assault", actors=["ARL"], when="2031-05-04")])
    masker = al.NameMasker([a, b])
    units = al.build_units([a, b], masker)
    assert units[0].anchors == units[1].anchors == {"dunmere"}
    assert only_link([a, b]).on == "initiator"


def test_denying_having_fired_first_contradicts_on_initiator():
    a = make("On 3 May Bexmoor troops opened fire on Arlenian positions near Pellan.", "arlen",
             [dict(trigger="opened fire", actors=["BEX"], targets=[("ARL", "military")], when="2031-05-03")])
    b = make("On 3 May the Bexmoor unit near Pellan fired no shot before it came under attack.", "bexmoor",
             [dict(trigger="fired", actors=["BEX"], when="2031-05-03", stance="denied")])
    units = al.build_units([a, b])
    assert al.label(units[0], units[1])[:2] == ("CONTRADICT", "initiator")
    c = make("On 3 May the Bexmoor unit near Pellan fired no shot at all.", "bexmoor",
             [dict(trigger="fired", actors=["BEX"], when="2031-05-03", stance="denied")])
    units = al.build_units([a, c])
    assert al.label(units[0], units[1])[:2] == ("CONTRADICT", "existence")


def test_a_further_place_complements_a_clash_without_a_place_does_not():
    a = make("On 3 May Bexmoor guns shelled Pellan and Quorn.", "arlen",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")])
    b = make("On 3 May Bexmoor guns shelled Pellan.", "neutral",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")])
    units = al.build_units([a, b])
    relation, on, reason = al.label(units[0], units[1])
    assert (relation, on) == ("COMPLEMENT", "place") and "Quorn" in reason
    c = make("On 3 May Bexmoor guns shelled the town.", "neutral",
             [dict(trigger="shelled", actors=["BEX"], when="2031-05-03")])
    units = al.build_units([a, c])
    assert al.label(units[0], units[1])[:2] == ("SAME", None)
