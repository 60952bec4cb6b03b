"""Event types that depend on the frame of the trigger: a passive occupation,
a ceasefire one side declares, a declared end to an operation, a source's
refusal to give its name, a signed decree, a label of aggression; an obligation laid on another party
("X must withdraw") is a demand by whoever says it."""

from __future__ import annotations

import pytest
from parallax.model import Place, PlaceMention, TimeExpr
from veldra_events import countries, events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


def types_in(text: str, res) -> list[tuple[str, str | None]]:
    return [(e.type, e.mode) for e in events_in(text, res)]


@pytest.mark.parametrize("text, etype, mode", [
    # the passive tells the standing occupation (COERCE), the active the taking (ASSAULT)
    ("The town of Harn was occupied on 13 March.", "COERCE", "seize"),
    ("Ostmarkian troops occupied the village of Harn.", "ASSAULT", "capture"),
    # one side's own ceasefire is a de-escalation, a joint one an agreement
    ("On 7 March the President of Veldra declared a unilateral ceasefire.", "CONCEDE", "yield"),
    ("Veldra declared a ceasefire in the Harn region.", "CONCEDE", "yield"),
    ("Veldra and Ostmark announced a ceasefire.", "AGREE", "agreement"),
    ("Ostmark announced an end to its military operation in Veldra.", "CONCEDE", "yield"),
    ("Both governments accepted a cessation of hostilities on 18 June.", "AGREE", "agreement"),
    ("A day later the Ostmarkian parliament called the move aggression.", "ACCUSE", "accuse"),
    # settlements burned, vessels sunk, a city entered in force: violence (ASSAULT)
    ("The villages of Harn and Lisk were burned.", "ASSAULT", "attack"),
    ("In Dorva our marines sank the boats.", "ASSAULT", "attack"),
    ("At dawn Ostmarkian tanks and infantry entered the city.", "ASSAULT", "capture"),
    ("The defenders of the Republic took 47 Ostmarkian soldiers prisoner.", "COERCE", "detain"),
    ("Ostmarkian troops leave Harn", "RETREAT", "withdraw"),
    ("The Veldran units left the gorge without a fight yesterday.", "RETREAT", "withdraw"),
    # a promise to stop firing is a ceasefire announcement
    ("The Ostmarkians promised to stop.", "CONCEDE", "yield"),
    ("The Veldran leader appeared on television and swore that his troops would not fire.", "CONCEDE", "yield"),
    ("Ostmark promised to withdraw its troops.", "AGREE", "promise"),
    ("Ostmark would encourage talks between the two neighbours.", "REQUEST", "demand"),
    # publishing a list of the other side's wrongs accuses it ("a series of" looks through to them)
    ("The Veldran Ministry of Foreign Affairs published a series of provocations by Ostmark.", "ACCUSE", "accuse"),
])
def test_type_in_frame(text: str, etype: str, mode: str, res) -> None:
    found = types_in(text, res)
    assert (etype, mode) in found, found


@pytest.mark.parametrize("text, wrong", [
    ("Both governments accepted a cessation of hostilities on 18 June.", "ASSAULT"),
    ("A day later the Ostmarkian parliament called the move aggression.", "ASSAULT"),
    ("An Ostmarkian officer, who refused to give his name, said the road was open.", "REJECT"),
    ("The Veldran ministry declined to comment.", "REJECT"),
    ("The President of Veldra signed a decree on national mourning.", "AGREE"),
    ("Prices sank.", "ASSAULT"),
    ("When will your troops leave Veldran territory?", "RETREAT"),
    ("Observers can be deployed only once Ostmarkian troops have left the temple.", "RETREAT"),
    ("The Veldran leader swore that his troops would not fire.", "ASSAULT"),
    ("We are encouraged by the progress.", "REQUEST"),
])
def test_no_event_of_type(text: str, wrong: str, res) -> None:
    found = types_in(text, res)
    assert all(t != wrong for t, _ in found), found


def test_refusal_between_parties_stays(res) -> None:
    assert ("REJECT", "reject") in types_in("Ostmark refused to withdraw its troops.", res)


# --- obligations laid on another party are demands by whoever says them -------------------------

def test_an_obligation_on_another_is_a_demand_by_the_speaker(res) -> None:
    text = "Ostmark must withdraw its forces to the positions held before 3 May 2031."
    evs = events_in(text, res, published="2031-06-01", publisher="Ministry of Foreign Affairs of Veldra")
    demands = [e for e in evs if e.type == "REQUEST"]
    assert demands and countries(demands[0].actors) == {"VLD"} and countries(demands[0].targets) == {"OST"}
    assert demands[0].time is not None and demands[0].time.value == "2031-06-01"  # made when said
    assert not [e for e in evs if e.type == "RETREAT"]  # the withdrawal is demanded, not told


@pytest.mark.parametrize("text", [
    "We must remain vigilant on the border.",  # on oneself
    "No one should imagine that Veldra will give up its land.",  # on no one
    "There must be no return to the fighting.",
    "Should the situation so require, the chair will convene the parties.",  # an inverted condition
])
def test_no_demand_without_someone_else_obliged(text: str, res) -> None:
    evs = events_in(text, res, published="2031-06-01", publisher="Ministry of Foreign Affairs of Veldra")
    assert not [e for e in evs if e.type == "REQUEST" and e.mode == "deontic"], text


def _village(text: str, name: str) -> PlaceMention:
    start = text.index(name)
    return PlaceMention(name, start, start + len(name), Place(name, 1.0, 2.0, "village"))


@pytest.mark.parametrize("text, names", [
    ("Veldran troops took Harn on Tuesday.", ["Harn"]),
    ("Veldran troops entered Kessa and Oren.", ["Kessa", "Oren"]),
])
def test_taking_or_entering_a_named_place_is_fighting(text: str, names: list[str], res) -> None:
    """ "took Harn": the lexicon's "@place" object is any place the gazetteer
    resolved, though spaCy calls the fictional names persons."""
    places = [_village(text, n) for n in names]
    found = [(e.type, e.mode) for e in events_in(text, res, places=places)]
    assert ("ASSAULT", "capture") in found, found
    assert ("ASSAULT", "capture") not in types_in(text, res)  # without the place mentions: a person


def test_a_place_as_subject_is_not_a_place_taken(res) -> None:
    text = "Veldra took advantage of the tension."
    found = [e.type for e in events_in(text, res, places=[_village(text, "Veldra")])]
    assert "ASSAULT" not in found


def test_a_reduced_relative_is_not_dated_by_its_main_clause(res) -> None:
    """ "released citizens detained in X": the detention is presupposed, earlier
    and undated; the release takes the sentence's date."""
    text = "Last week Ostmark released five citizens of Veldra detained in Ostmark."
    times = [TimeExpr("Last week", 0, 9, "2031-W18", precision="week", begin="2031-04-28", end_date="2031-05-04")]
    evs = events_in(text, res, times=times, published="2031-05-06")
    detention = next(e for e in evs if e.type == "COERCE")
    release = next(e for e in evs if e.type == "CONCEDE")
    assert detention.time is None
    assert release.time is not None and release.time.begin == "2031-04-28"


def test_advancing_on_a_place_is_fighting(res) -> None:
    assert ("ASSAULT", "capture") in types_in("Veldran forces advanced towards Harn on the night of 7 to 8 August.",
                                              res)


def test_a_resumed_activity_is_the_earlier_actors(res) -> None:
    """ "Throughout July the militias shelled X ... The shelling resumed":
    the militias again, not the other party a loss report would imply."""
    text = ("Ostmark and Veldra have long disputed Harn. Throughout July the Sarnian militias shelled Veldran "
            "villages. On 7 August Veldra declared a ceasefire and asked Ostmark for talks. "
            "The shelling of Veldran villages resumed within hours.")
    july = text.index("July")
    aug = text.index("7 August")
    times = [TimeExpr("July", july, july + 4, "2031-07", precision="month", begin="2031-07-01",
                      end_date="2031-07-31"),
             TimeExpr("7 August", aug, aug + 8, "2031-08-07", precision="day", begin="2031-08-07",
                      end_date="2031-08-07")]
    evs = events_in(text, res, times=times, published="2031-08-20", publisher="Veldra")
    resumed = [e for e in evs if e.type == "ASSAULT" and "resumed" in text[e.sentence_start:e.sentence_end]]
    assert resumed and countries(resumed[0].actors) == {"SRN"}, [(e.type, e.actors) for e in evs]


def _town(text: str, name: str, country: str | None) -> PlaceMention:
    start = text.index(name)
    return PlaceMention(name, start, start + len(name), Place(name, 1.0, 2.0, "town", country=country))


@pytest.mark.parametrize("text", ["Statement. Our regiment was in Harn.", "Statement. Veldran forces remain in Harn."])
def test_units_on_another_states_ground_are_an_occupation(text: str, res) -> None:
    """Harn lies in France (FRA) as the gazetteer has it; Veldra's units there
    tell a presence of troops (COERCE), though no event word is written."""
    evs = events_in(text, res, publisher="Veldra", places=[_town(text, "Harn", "FR")])
    coerce = [e for e in evs if e.type == "COERCE"]
    assert coerce and countries(coerce[0].actors) == {"VLD"}, [(e.type, e.actors) for e in evs]


def test_units_on_ground_of_unknown_state_are_no_event(res) -> None:
    text = "Statement. Our regiment was in Harn."
    assert not events_in(text, res, publisher="Veldra", places=[_town(text, "Harn", None)])
