"""Events: what is not an event, who "the enemy" is, denied claims and
mentions of one happening, on fictional sentences (the Republic of Veldra
vs the Kingdom of Ostmark)."""

from __future__ import annotations

import pytest
from veldra_events import Res, countries, events_in, load_res

from parallax.model import Event, TimeExpr


@pytest.fixture(scope="module")
def res(tmp_path_factory) -> Res:
    return load_res(tmp_path_factory.mktemp("actors"))


def events_of(text: str, res: Res, publisher: str | None = None,
              times: list[TimeExpr] | None = None) -> list[Event]:
    return events_in(text, res, times or [], publisher=publisher)


def day(text: str, phrase: str, value: str) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(text=phrase, start=start, end=start + len(phrase), value=value)


def test_phrase_trigger_takes_the_light_verbs_arguments(res: Res) -> None:
    text = ("The Ostmarkian army broke the truce and opened artillery and mortar fire on the positions "
            "of the Veldran army near Kell.")
    fire = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert fire and fire[0].trigger == "mortar fire"
    assert countries(fire[0].actors) == {"OST"}
    assert countries(fire[0].targets) == {"VLD"}


def test_the_enemy_is_the_speakers_adversary(res: Res) -> None:
    text = ("Ostmark has massed troops near Kell. Veldran units held their ground. "
            "Overnight the enemy shelled the Veldran village of Dorn.")
    evs = [e for e in events_of(text, res, publisher="Ministry of Defence of Veldra") if e.type == "ASSAULT"]
    assert evs and countries(evs[0].actors) == {"OST"}


def test_the_enemy_is_unknown_to_a_neutral_voice(res: Res) -> None:
    text = "Ostmark and Veldra traded accusations. Overnight the enemy shelled the village of Dorn."
    evs = [e for e in events_of(text, res, publisher="The Monitoring Mission") if e.type == "ASSAULT"]
    assert all(not countries(e.actors) for e in evs)


def test_possessive_pronoun_gives_the_country(res: Res) -> None:
    text = "The Veldran army told the monitors that three of their soldiers had been killed."
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert countries(ev.targets) == {"VLD"}


@pytest.mark.parametrize("text", [
    "The wounded were evacuated to the hospital in Kell.",
    "The water supply to Kell was interrupted because the power line had been cut.",
    "Did they summon the reservists in Veldra?",
    "Both sides have an obligation to refrain from undermining the security of each other.",
    "Thousands have fled since the ceasefire began to fray in February.",
])
def test_not_events(res: Res, text: str) -> None:
    assert events_of(text, res) == []


def test_an_act_held_back_is_no_act_but_its_demand_is_a_request(res: Res) -> None:
    evs = events_of("Both sides must refrain from undermining the security of each other.", res)
    assert [e.type for e in evs] == ["REQUEST"]


def test_a_site_visit_is_not_a_meeting(res: Res) -> None:
    assert [e for e in events_of("The monitors visited the village of Dorn.", res) if e.type == "CONSULT"] == []
    assert [e.type for e in events_of("The Veldran president visited Ostmark.", res)] == ["CONSULT"]


def test_cutting_ties_is_a_sanction(res: Res) -> None:
    assert "SANCTION" in {e.type for e in events_of("Veldra cut ties with Ostmark.", res)}


def test_a_rejected_claim_is_denied_by_the_rejecter(res: Res) -> None:
    text = "Ostmark rejected the claim by Veldra that a Veldran farmer had been wounded by Ostmarkian fire."
    evs = events_of(text, res)
    assert "REJECT" not in {e.type for e in evs}
    [hurt] = [e for e in evs if e.type == "ASSAULT"]
    assert hurt.stance == "denied" and hurt.according_to == "Ostmark"


def test_an_agreement_made_is_an_event_a_reference_is_not(res: Res) -> None:
    made = events_of("Veldra and Ostmark signed a ceasefire in Kell.", res)
    assert [e.type for e in made] == ["AGREE"]
    referred = events_of("Thousands of Veldrans fled as the truce collapsed in Kell.", res)
    assert "AGREE" not in {e.type for e in referred}


def test_a_partial_mention_joins_the_full_one(res: Res) -> None:
    text = "On 18 May 2030 Veldra and Ostmark signed the truce. We signed it on 18 May 2030 in good faith."
    times = [day(text, "18 May 2030", "2030-05-18"),
             TimeExpr("18 May 2030", text.rindex("18 May 2030"), text.rindex("18 May 2030") + 11, "2030-05-18")]
    agree = [e for e in events_of(text, res, publisher="Ministry of Foreign Affairs of Veldra", times=times)
             if e.type == "AGREE"]
    assert len(agree) == 1
    assert countries(agree[0].actors) == {"VLD", "OST"}
    assert any(c.startswith("also:") for c in agree[0].context)
    assert not agree[0].targets


def test_units_moved_are_the_actor(res: Res) -> None:
    text = "Veldran troops were withdrawn from the border."
    [ev] = events_of(text, res)
    assert ev.type == "RETREAT" and countries(ev.actors) == {"VLD"} and not ev.targets


def test_the_subject_of_suffer_is_the_target(res: Res) -> None:
    text = "The Veldran village of Dorn suffered heavy shelling by the Ostmarkian army."
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"} and countries(ev.targets) == {"VLD"}


def test_both_sides_are_the_two_parties(res: Res) -> None:
    text = ("Veldra accused Ostmark of shelling. Ostmark blamed Veldra. "
            "The monitor urged both sides to pull back their guns.")
    [req] = [e for e in events_of(text, res, publisher="The Monitoring Mission") if e.type == "REQUEST"]
    assert countries(req.targets) == {"VLD", "OST"}


def test_fighting_between_two_states_is_against_each_other(res: Res) -> None:
    text = "Fighting between Veldra and Ostmark resumed near Kell. Clashes broke out between Veldra and Ostmark."
    evs = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert evs and all(countries(e.actors) == {"VLD", "OST"} == countries(e.targets) for e in evs)


def test_withdrawal_from_a_state_targets_it(res: Res) -> None:
    text = "Ostmark has not withdrawn its troops from Veldra."
    [ev] = [e for e in events_of(text, res) if e.type == "RETREAT"]
    assert countries(ev.actors) == {"OST"} and countries(ev.targets) == {"VLD"} and ev.stance == "denied"


@pytest.mark.parametrize("text", [
    "Ostmark stated that its troops would be withdrawn from Veldra by May.",
    "The president has instructed the army to reinforce the Veldran brigades in the valley.",
])
def test_announced_and_ordered_acts_are_planned(res: Res, text: str) -> None:
    evs = [e for e in events_of(text, res) if e.type in ("RETREAT", "MOBILIZE")]
    assert evs and all(e.stance == "planned" for e in evs)


def test_also_marks_a_further_happening(res: Res) -> None:
    text = ("On 3 May 2031 Ostmarkian artillery shelled Dorn. "
            "On 3 May 2031 Ostmarkian artillery also shelled the pumping station.")
    first = text.index("3 May 2031")
    second = text.index("3 May 2031", first + 1)
    times = [TimeExpr("3 May 2031", first, first + 10, "2031-05-03"),
             TimeExpr("3 May 2031", second, second + 10, "2031-05-03")]
    shelling = [e for e in events_of(text, res, times=times) if e.type == "ASSAULT"]
    assert len(shelling) == 2


def test_fire_from_a_states_ground_names_the_shooter(res: Res) -> None:
    text = "The shells that hit Dorn were fired from the north, from positions held by the Ostmarkian army."
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"}
