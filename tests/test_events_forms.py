"""Surface forms of events a statement from any conflict uses, typed as the
PLOVER codebook (and ACLED, for taking a position) say."""

from __future__ import annotations

import pytest
from veldra_events import events_in, load_res


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


@pytest.mark.parametrize("text, etype, mode", [
    ("The Ostmarkian army captured the border post at Gorsk.", "ASSAULT", "capture"),
    ("Veldran units took the village of Harn after a short fight.", "ASSAULT", "capture"),
    ("The post at Gorsk was overrun by Ostmarkian troops on 4 March.", "ASSAULT", "capture"),
    ("Ostmark captured three Veldran soldiers.", "COERCE", "detain"),
    ("Veldran troops took up positions along the border.", "MOBILIZE", "troops"),
    ("Ostmark sent two battalions to the border.", "MOBILIZE", "troops"),
    ("The Red Cross delivered food and medicine to displaced families in Lisk.", "AID", "aid"),
    ("Veldra sent tents and blankets to the evacuees.", "AID", "aid"),
])
def test_form_is_typed(text: str, etype: str, mode: str, res) -> None:
    found = [(e.type, e.mode) for e in events_in(text, res)]
    assert (etype, mode) in found, found


@pytest.mark.parametrize("text, etype, mode", [
    ("Ostmarkian shells and rockets fell on Dorva and Lisk.", "ASSAULT", "shelling"),
    ("Two Veldran missiles landed near the Ostmarkian border post.", "ASSAULT", "shelling"),
    ("The authorities evacuated more than 15,000 residents of Dorva to shelters.", "AID", "aid"),
    ("Veldra lodged a protest with Ostmark.", "PROTEST", "diplomatic"),
    ("The ministry handed a note of protest to the Ostmarkian envoy.", "PROTEST", "diplomatic"),
    ("Ostmarkian troops occupied the village of Harn.", "ASSAULT", "capture"),
    ("Veldran soldiers crossed into Ostmarkian territory near Gorsk.", "ASSAULT", "capture"),
    ("Should the attacks continue, Veldra will have no option but to defend its sovereignty.",
     "THREATEN", "ultimatum"),
    ("If Ostmark does not withdraw its troops, Veldra will use force.", "THREATEN", "ultimatum"),
])
def test_more_forms(text: str, etype: str, mode: str, res) -> None:
    found = [(e.type, e.mode) for e in events_in(text, res)]
    assert (etype, mode) in found, found


def test_the_projectiles_side_is_the_actor(res) -> None:
    event = next(e for e in events_in("Ostmarkian shells fell on Dorva overnight.", res) if e.type == "ASSAULT")
    assert [a.country for a in event.actors] == ["OST"]


@pytest.mark.parametrize("text", [
    "If Ostmark agrees, we will meet again next week.",
    "If the weather allows, Veldra will send observers.",
])
def test_a_friendly_condition_is_no_threat(text: str, res) -> None:
    assert "THREATEN" not in [e.type for e in events_in(text, res)]


def test_whoever_receives_the_response_is_threatened(res) -> None:
    text = "If Ostmarkian forces fire on Veldran territory again, they will receive a decisive response."
    threat = next(e for e in events_in(text, res, publisher="Ministry of Defence of Veldra")
                  if e.type == "THREATEN")
    assert [a.country for a in threat.actors] == ["VLD"]
    assert [t.country for t in threat.targets] == ["OST"]


@pytest.mark.parametrize("text, etype, mode", [
    ("Veldran air defence units shot down one of the attacking aircraft.", "ASSAULT", "fighting"),
    ("Our forces repelled the attackers near Dorva.", "ASSAULT", "fighting"),
    ("The council decided to dispatch a delegation to Brask.", "CONSULT", "envoy"),
])
def test_fighting_off_and_envoys(text: str, etype: str, mode: str, res) -> None:
    assert (etype, mode) in [(e.type, e.mode) for e in events_in(text, res)]


def test_a_relative_clause_acts_through_its_noun(res) -> None:
    text = "Ostmarkian troops who had attacked Veldran positions were pushed back."
    attack = next(e for e in events_in(text, res) if e.mode == "attack")
    assert [a.country for a in attack.actors] == ["OST"]


@pytest.mark.parametrize("text, etype", [
    ("Deplores the air raids carried out on 5 and 6 June against towns of both parties.", "ACCUSE"),
    ("2. Urges both parties to exercise the utmost restraint.", "REQUEST"),
])
def test_an_operative_clause_is_the_issuing_body_speaking(text: str, etype: str, res) -> None:
    from parallax.model import TimeExpr

    raid_day = TimeExpr(text="5 and 6 June", start=text.find("5 and"), end=text.find("5 and") + 12,
                        value="2031-06-05/2031-06-06", type="DATE")
    found = events_in(text, res, times=[raid_day] if "June" in text else [], published="2031-06-10",
                      publisher="Council of the Regional League")
    event = next(e for e in found if e.type == etype)
    assert [a.name for a in event.actors] == ["Council of the Regional League"]
    if "June" in text:  # the raids' date is not the day the council deplores them
        assert event.time is None or event.time.value != raid_day.value


def test_a_numbered_point_speaks_on_the_day_of_publication(res) -> None:
    """A communiqué's numbered point in the present tense is a speech act made
    as published; a timeline row in the historical present is not."""
    from parallax.model import Block, BlockKind, TimeExpr

    first = "1. On 2 March Ostmarkian shells fell on Dorva."
    second = "2. The Ministry calls on Ostmark to stop the shelling at once."
    text = f"{first}\n{second}"
    blocks = [Block(BlockKind.LIST_ITEM, 0, len(first)), Block(BlockKind.LIST_ITEM, len(first) + 1, len(text))]
    day = TimeExpr(text="2 March", start=6, end=13, value="2031-03-02", type="DATE")
    found = events_in(text, res, times=[day], published="2031-03-05", blocks=blocks,
                      publisher="Ministry of Foreign Affairs of Veldra")
    call = next(e for e in found if e.type == "REQUEST")
    assert call.time is not None and call.time.value == "2031-03-05"


def test_a_verb_the_tagger_took_for_a_plural_noun(res) -> None:
    text = ("The Government of Veldra remains committed to a peaceful settlement and calls upon Ostmark "
            "to cease all military activities.")
    call = next(e for e in events_in(text, res) if e.type == "REQUEST")
    assert [a.country for a in call.actors] == ["VLD"] and [t.country for t in call.targets] == ["OST"]


@pytest.mark.parametrize("text, expected", [
    ("Copies of the letter have also been sent to the Chair of the League.", None),
    ("Veldra has sent tanks and artillery to the front.", ("MOBILIZE", "troops")),
    ("The Veldran Red Cross is distributing rice, water and blankets to the displaced.", ("AID", "aid")),
])
def test_what_is_sent_decides(text: str, expected, res) -> None:
    found = [(e.type, e.mode) for e in events_in(text, res)]
    assert found == ([expected] if expected else []), found


def test_each_clause_takes_its_own_date(res) -> None:
    from parallax.model import TimeExpr

    text = "On 12 May Veldran troops moved into Dorva, and a day later the Ostmarkian parliament condemned the move."
    later = text.index("a day later")
    times = [TimeExpr("12 May", 3, 9, "2031-05-12", begin="2031-05-12", end_date="2031-05-12"),
             TimeExpr("a day later", later, later + 11, "2031-05-13", begin="2031-05-13", end_date="2031-05-13")]
    found = {e.type: e.time.value for e in events_in(text, res, times=times, published="2031-05-20") if e.time}
    assert found == {"MOBILIZE": "2031-05-12", "ACCUSE": "2031-05-13"}


def test_an_ongoing_act_is_dated_as_published(res) -> None:
    [aid] = events_in("The Veldran Red Cross is distributing rice and blankets to the displaced.", res,
                      published="2031-05-20")
    assert aid.type == "AID" and aid.time is not None and aid.time.value == "2031-05-20"


def test_a_chronology_row_repeating_the_prose_is_more_evidence(res) -> None:
    from parallax.model import Block, BlockKind, TimeExpr

    prose = "On 4 March Ostmarkian artillery shelled Dorva for six hours."
    row = "4 Mar | Ostmarkian attack on Dorva"  # another mode than the prose's: only the row rule joins them
    other = "9 Mar | Veldra recalls its ambassador from Ostmark"
    text = f"{prose}\n{row}\n{other}"
    r0, r1 = len(prose) + 1, len(prose) + 1 + len(row) + 1
    blocks = [Block(BlockKind.PARAGRAPH, 0, len(prose)), Block(BlockKind.TABLE_ROW, r0, r0 + len(row)),
              Block(BlockKind.TABLE_ROW, r1, len(text))]
    times = [TimeExpr("4 March", 3, 10, "2031-03-04", begin="2031-03-04", end_date="2031-03-04"),
             TimeExpr("4 Mar", r0, r0 + 5, "2031-03-04", begin="2031-03-04", end_date="2031-03-04"),
             TimeExpr("9 Mar", r1, r1 + 5, "2031-03-09", begin="2031-03-09", end_date="2031-03-09")]
    found = events_in(text, res, times=times, published="2031-03-20", blocks=blocks)
    assaults = [e for e in found if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].start < len(prose)
    assert any(c.startswith("also:") for c in assaults[0].context)
    assert any(e.start >= r1 for e in found), "a row the prose does not tell stays an event"


def test_the_fullest_mention_is_kept(res) -> None:
    """A summary ("in April") and the prose ("on 22 April") tell one attack:
    the event keeps the prose's date and evidence."""
    from parallax.model import TimeExpr

    summary = "In April 2031 the Ostmarkian army attacked Veldran positions."
    prose = "On 22 April Ostmarkian forces attacked Veldran positions near Dorva."
    text = f"{summary} {prose}"
    p0 = len(summary) + 1
    times = [TimeExpr("April 2031", 3, 13, "2031-04", precision="month", begin="2031-04-01", end_date="2031-04-30"),
             TimeExpr("22 April", p0 + 3, p0 + 11, "2031-04-22", precision="day", begin="2031-04-22",
                      end_date="2031-04-22")]
    [attack] = [e for e in events_in(text, res, times=times, published="2031-06-01") if e.type == "ASSAULT"]
    assert attack.time.value == "2031-04-22" and attack.start >= p0


@pytest.mark.parametrize("text, expected", [
    ("Ostmark used poison gas against Veldran troops.", [("ASSAULT", "shelling")]),
    ("Veldra used the opportunity to restate its position.", []),
])
def test_using_weapons_is_an_attack(text: str, expected, res) -> None:
    assert [(e.type, e.mode) for e in events_in(text, res)] == expected


def test_a_dateline_city_is_no_party(tmp_path) -> None:
    from veldra_events import ACTORS_YAML, Res

    from parallax.extract.actors import ActorDictionary

    path = tmp_path / "actors.yaml"
    path.write_text(ACTORS_YAML + "- {id: BRASK, name: Brask, country: VLD, sector: government, aliases: [Brask]}\n")
    res = Res(ActorDictionary.load([path]))
    text = "BRASK, June 15 (Wire Service) - Ostmark and Veldra have agreed to stop the shelling, officials said."
    agree = next(e for e in events_in(text, res) if e.type == "AGREE")
    assert sorted(a.country for a in agree.actors) == ["OST", "VLD"]
    assert all(a.name != "Brask" for a in agree.actors + agree.targets)


def test_a_possessive_subject_acts_for_its_owner(res) -> None:
    [strike] = [e for e in events_in("Veldra said its aircraft targeted an airfield near Lisk.", res)
                if e.type == "ASSAULT"]
    assert [a.country for a in strike.actors] == ["VLD"] and strike.according_to == "Veldra"


def test_retook_and_broke_through(res) -> None:
    text = "In late February Veldran forces broke through the Ostmarkian lines and retook the town."
    assert [(e.type, e.mode) for e in events_in(text, res)] == [("ASSAULT", "capture")]


@pytest.mark.parametrize("text, accused", [
    ("The Ostmarkian parliament declared that Veldra had committed aggression.", ["VLD"]),
    ("The Ostmarkian parliament declared the incursion an act of aggression.", []),
])
def test_naming_a_wrong_is_an_accusation(text: str, accused: list[str], res) -> None:
    [accusation] = [e for e in events_in(text, res) if e.type == "ACCUSE"]
    assert [a.country for a in accusation.actors] == ["OST"]
    assert [t.country for t in accusation.targets] == accused


@pytest.mark.parametrize("text", ["The minister called a meeting of the cabinet.", "They consider the talks useful."])
def test_naming_without_a_wrong_is_no_accusation(text: str, res) -> None:
    assert "ACCUSE" not in [e.type for e in events_in(text, res)]


def test_our_troops_keep_their_sector(res) -> None:
    [attack] = events_in("Our troops shelled the Ostmarkian positions near Dorva.", res,
                         publisher="Ministry of Foreign Affairs of Veldra")
    assert [(a.country, a.sector) for a in attack.actors] == [("VLD", "military")]


@pytest.mark.parametrize("text, publisher, repeller, attacker", [
    ("Near Tamber, an Ostmarkian attack on 4 June was beaten back with heavy losses for the attackers.",
     "Ministry of Defence of Veldra", "VLD", "OST"),
    ("On 4 June a Veldran assault on Dorva was repulsed by our forces.", "Ministry of Defence of Ostmark", "OST", "VLD"),
    ("Our units repelled the Ostmarkian assault on Dorva.", "Ministry of Defence of Veldra", "VLD", "OST"),
])
def test_a_repulse_is_the_defenders_act_against_the_attackers(text, publisher, repeller, attacker, res) -> None:
    from parallax.model import TimeExpr

    times = [TimeExpr("4 June", text.find("4 June"), text.find("4 June") + 6, "2031-06-04", begin="2031-06-04",
                      end_date="2031-06-04")] if "4 June" in text else []
    [repulse] = [e for e in events_in(text, res, times=times, publisher=publisher, published="2031-06-07")
                 if e.mode == "fighting"]
    assert [a.country for a in repulse.actors] == [repeller]
    assert [t.country for t in repulse.targets] == [attacker]
    if times:  # the attack's date is the repulse's
        assert repulse.time is not None and repulse.time.value == "2031-06-04"
