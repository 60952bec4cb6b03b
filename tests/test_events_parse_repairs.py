"""Who acted, when the small parser hangs the subject elsewhere, and forms
of events that name their actor through a weapon or a control verb.
Sentences are about the fictional Veldra/Ostmark conflict."""

from __future__ import annotations

import pytest
from veldra_events import countries, events_in, load_res

from parallax.model import TimeExpr


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    return load_res(tmp_path_factory.mktemp("actors"))


def _actors(text: str, res, etype: str = "ASSAULT") -> list[set[str]]:
    return [countries(e.actors) for e in events_in(text, res) if e.type == etype]


def test_a_second_clause_keeps_its_own_subject(res) -> None:
    """The parser reads "Ostmarkian planes" as part of the first clause's
    object; the bombing is still Ostmark's, not Veldra's."""
    found = _actors("On June 5 Veldran jets attacked the airport of Ostmark and Ostmarkian planes bombed Lisk.", res)
    assert {"VLD"} in found and any("OST" in c and "VLD" not in c for c in found), found


def test_a_name_read_as_an_adverbial_noun_is_the_subject(res) -> None:
    assert {"VLD"} in _actors("Veldra planted mines in the territory of Ostmark after the ceasefire.", res)


def test_a_day_name_is_no_subject(res) -> None:
    assert _actors("Yesterday Ostmarkian troops shelled Lisk.", res) == [{"OST"}]


def test_a_weapon_fired_names_the_side_that_fired(res) -> None:
    [attack] = [e for e in events_in("Veldran artillery and rockets have been fired at the villages of Ostmark.", res)
                if e.type == "ASSAULT"]
    assert countries(attack.actors) == {"VLD"} and countries(attack.targets) == {"OST"}


def test_the_one_compelled_to_act_is_the_actor(res) -> None:
    assert _actors("The Veldran unit was compelled to respond.", res) == [{"VLD"}]
    [retreat] = [e for e in events_in("Ostmarkian troops were ordered to withdraw from Lisk.", res)
                 if e.type == "RETREAT"]
    assert countries(retreat.actors) == {"OST"}


def test_a_passive_stays_a_passive(res) -> None:
    [kill] = [e for e in events_in("Three Veldran soldiers were wounded and killed.", res) if e.type == "ASSAULT"]
    assert not kill.actors and countries(kill.targets) == {"VLD"}


@pytest.mark.parametrize("text, etype, mode", [
    ("Veldran batteries opened up on Lisk at dawn.", "ASSAULT", "shelling"),
    ("Ostmarkian forces have entered Veldran villages around Lisk.", "ASSAULT", "capture"),
    ("Ostmarkian troops drove out Veldran farmers.", "COERCE", "seize"),
    ("Ostmarkian militiamen burned homes in Lisk.", "COERCE", "restrict"),
    ("The pilot was taken prisoner by Veldra.", "COERCE", "detain"),
    ("Veldra has placed troops and heavy weapons in the temple.", "MOBILIZE", "troops"),
    ("The authorities of Veldra have moved more than 2,500 families to safety.", "AID", "aid"),
])
def test_form_is_typed(text: str, etype: str, mode: str, res) -> None:
    found = [(e.type, e.mode) for e in events_in(text, res)]
    assert (etype, mode) in found, found


@pytest.mark.parametrize("text", [
    "The government opened up the market to investors.",
    "The delegation entered the hall.",
    "The farmers burned fuel to keep warm.",
])
def test_not_an_event(text: str, res) -> None:
    assert not [e for e in events_in(text, res) if e.type in ("ASSAULT", "COERCE")]


def test_since_then_is_a_further_happening(res) -> None:
    """A day's attack and the firing "since then" over several days are two
    happenings, though one side and one kind of fire."""
    first = "On 22 April Ostmarkian soldiers opened fire on a Veldran unit."
    second = "Since then Ostmarkian artillery has been fired at villages in Veldra."
    text = f"{first} {second}"
    p1 = len(first) + 1
    times = [TimeExpr("22 April", 3, 11, "2031-04-22", precision="day", begin="2031-04-22", end_date="2031-04-22"),
             TimeExpr("Since then", p1, p1 + 10, "2031-04-22/2031-04-26", begin="2031-04-22",
                      end_date="2031-04-26")]
    found = [e for e in events_in(text, res, times=times, published="2031-04-26") if e.type == "ASSAULT"]
    assert len(found) == 2 and {e.start < p1 for e in found} == {True, False}


@pytest.mark.parametrize("text", [
    "Veldra denied shelling the village.",
    "Veldra at the time denied having attacked civilians.",
    "Veldra denied that its troops shelled the village.",
])
def test_a_denied_deed_is_denied(text: str, res) -> None:
    [attack] = [e for e in events_in(text, res) if e.type == "ASSAULT"]
    assert attack.stance == "denied" and countries(attack.actors) == {"VLD"}


def test_a_denial_that_is_negated_denies_nothing(res) -> None:
    [attack] = [e for e in events_in("Veldra did not deny shelling the village.", res) if e.type == "ASSAULT"]
    assert attack.stance != "denied"


def test_a_deed_marked_as_next_is_a_further_happening(res) -> None:
    text = ("Ostmarkian troops opened fire on Veldran positions at Harn and shortly afterwards "
            "began shelling the temple with heavy artillery.")
    assert len([e for e in events_in(text, res) if e.type == "ASSAULT"]) == 2


def test_turning_the_guns_on_a_place_is_fire(res) -> None:
    text = "Ostmarkian troops opened fire on Veldran soldiers at Harn and then turned their guns on the temple itself."
    found = [e for e in events_in(text, res) if e.type == "ASSAULT"]
    assert len(found) == 2 and all(countries(e.actors) == {"OST"} for e in found)


def test_a_meeting_where_a_plan_was_accepted_is_an_event(res) -> None:
    text = "The plan was accepted at an informal meeting of Veldran and Ostmarkian ministers in Lisk on 22 February."
    [meeting] = [e for e in events_in(text, res) if e.type == "CONSULT"]
    assert countries(meeting.actors) == {"VLD", "OST"}


def test_a_meeting_referred_to_by_its_date_is_no_new_event(res) -> None:
    text = "Immediately after the Lisk meeting of 31 August, Ostmark issued a statement."
    assert not [e for e in events_in(text, res) if e.type == "CONSULT"]


def test_a_date_is_no_target(res) -> None:
    """ "a meeting of X on 22 February": X meets; the date names no one."""
    text = "The meeting of the Ostmarkian delegation on 22 February with the mediators took place in Lisk."
    [meeting] = [e for e in events_in(text, res) if e.type == "CONSULT"]
    assert countries(meeting.actors) == {"OST"}


def test_the_object_of_a_control_verb_acts(res) -> None:
    [meeting] = [e for e in events_in("The crisis led Ostmark to hold a closed meeting on 14 February.", res)
                 if e.type == "CONSULT"]
    assert countries(meeting.actors) == {"OST"}


def test_recalling_an_envoy_is_a_sanction_and_recalling_a_day_is_not(res) -> None:
    assert [e.type for e in events_in("Veldra recalled its ambassador from Ostmark.", res)] == ["SANCTION"]
    assert not [e for e in events_in("Officials recalled the meeting of 22 February.", res) if e.type == "SANCTION"]


def test_a_day_is_no_stranded_subject(res) -> None:
    text = "Veldran patrols sent out in the following days came under fire near Lisk."
    [fire] = [e for e in events_in(text, res) if e.type == "ASSAULT"]
    assert not fire.actors


def test_units_that_remain_on_alert_are_mobilised(res) -> None:
    [alert] = [e for e in events_in("Ostmark's air defence units remain on high alert.", res) if e.type == "MOBILIZE"]
    assert countries(alert.actors) == {"OST"}


def _numbered(points: list[str]) -> tuple[str, list]:
    from parallax.model import Block, BlockKind

    text, blocks = "", []
    for p in points:
        start = len(text)
        text += p + "\n"
        blocks.append(Block(BlockKind.LIST_ITEM, start, start + len(p)))
    return text, blocks


def test_a_numbered_point_in_the_present_speaks_of_the_day_it_is_published(res) -> None:
    """A communiqué's undated point: "the army is deployed" is a state on
    the publication day, not the date an earlier point gave."""
    first = "6. Ostmarkian claims of a victory a week ago are false."
    text, blocks = _numbered([first, "7. The Veldran army is deployed only on the Veldran side of the line."])
    times = [TimeExpr("a week ago", first.index("a week"), first.index("a week") + 10, "2031-06-22",
                      precision="day", begin="2031-06-22", end_date="2031-06-22")]
    [deploy] = [e for e in events_in(text, res, times=times, published="2031-06-29", blocks=blocks)
                if e.type == "MOBILIZE"]
    assert deploy.time is not None and deploy.time.value == "2031-06-29"


def test_a_dated_list_entry_is_in_the_historical_present(res) -> None:
    row = "3 May: Ostmarkian troops shell Lisk."
    text, blocks = _numbered([row])
    times = [TimeExpr("3 May", 0, 5, "2031-05-03", precision="day", begin="2031-05-03", end_date="2031-05-03")]
    [attack] = [e for e in events_in(text, res, times=times, published="2031-06-29", blocks=blocks)
                if e.type == "ASSAULT"]
    assert attack.time is not None and attack.time.value == "2031-05-03"


def test_a_row_that_names_no_party_repeats_the_prose_of_its_day(res) -> None:
    from parallax.model import Block, BlockKind

    prose = "On 13 June Veldran troops recaptured the ridge above Lisk after a long assault."
    row = "13 June | ridge recaptured"
    text = f"{prose}\n{row}"
    r0 = len(prose) + 1
    blocks = [Block(BlockKind.PARAGRAPH, 0, len(prose)), Block(BlockKind.TABLE_ROW, r0, len(text))]
    times = [TimeExpr("13 June", 3, 10, "2031-06-13", precision="day", begin="2031-06-13", end_date="2031-06-13"),
             TimeExpr("13 June", r0, r0 + 7, "2031-06-13", precision="day", begin="2031-06-13",
                      end_date="2031-06-13")]
    found = [e for e in events_in(text, res, times=times, published="2031-07-01", blocks=blocks)
             if e.type == "ASSAULT"]
    assert len(found) == 1 and found[0].start < r0 and countries(found[0].actors) == {"VLD"}


def test_any_attempt_will_be_met_with_force_is_a_threat(res) -> None:
    text = "Any attempt to violate the border or to attack Veldran territory will be met with full force."
    found = events_in(text, res, publisher="Ministry of Defence of Veldra")
    assert [e.type for e in found] == ["THREATEN"], [(e.type, e.trigger) for e in found]
    assert found[0].mode == "ultimatum"


def test_being_met_with_something_is_no_meeting(res) -> None:
    assert not events_in("The Ostmarkian delegation was met with silence in Veldra.", res)


def test_an_attempt_is_dated_and_its_actor_found_in_a_verbless_parse(res) -> None:
    """The parser reads "attempted" as a participle of a noun far inside the
    subject; the subject is still the head noun, and an attempt made is a
    past deed dated by the narrative."""
    first = "On the night of 12 to 13 May, the armed forces of Ostmark resorted to a large-scale provocation."
    second = ("The sabotage groups of the armed forces of Ostmark taking advantage of the difficult mountainous "
              "terrain of the area and adverse weather conditions attempted to plant landmines in the areas "
              "between the positions of units of the Veldran Army.")
    text = f"{first} {second}"
    times = [TimeExpr("the night of 12 to 13 May", 4, 29, "2031-05-12/2031-05-13", precision="day",
                      begin="2031-05-12", end_date="2031-05-13")]
    [mines] = [e for e in events_in(text, res, times=times, published="2031-05-13") if e.mode == "landmines"]
    assert countries(mines.actors) == {"OST"} and mines.time is not None and mines.time.begin == "2031-05-12"


def test_the_other_sides_conduct_in_the_present_is_undated(res) -> None:
    """FORMAT.md: `when` is null when the text gives none. "Ostmark openly
    deviates from the agreements" tells conduct, not a dated act; the
    speaker's own "Veldra calls on ..." is made as published."""
    text = "Ostmark still rejects every Veldran proposal. Veldra calls on Ostmark to comply."
    found = {e.type: e for e in events_in(text, res, published="2031-05-20", publisher="Government of Veldra")}
    assert found["REJECT"].time is None
    assert found["REQUEST"].time is not None and found["REQUEST"].time.value == "2031-05-20"


def test_an_inverted_condition_is_no_happening(res) -> None:
    text = "Should Ostmark continue its attacks, Veldra will take all necessary measures to protect its sovereignty."
    assert [e.type for e in events_in(text, res)] == ["THREATEN"]


def test_a_name_set_off_by_commas_before_its_verb_is_the_subject(res) -> None:
    """The parser hangs "Ostmark" on "obligations" as an apposition."""
    text = ("Contrary to the provisions of the Joint Statement of 10 May 2029 on the cessation of all hostilities "
            "between Ostmark and Veldra, as well as breaching other obligations, Ostmark, laid anti-personnel "
            "mines in the territories of Veldra at massive scale.")
    assert {"OST"} in _actors(text, res), _actors(text, res)


def test_a_document_is_no_actor(res) -> None:
    text = ("Contrary to the provisions of the Joint Statement of 10 May 2029, as well as breaching other "
            "obligations, laid mines in the territories of Veldra.")
    found = [a.text for e in events_in(text, res) for a in e.actors]
    assert not any("Statement" in t for t in found), found


def test_a_coordinated_passive_with_no_agent_implies_the_other_side(res) -> None:
    """ "the mines were made in X and were laid in Y": the second verb's
    passive subject is the first's; the side whose ground it is suffered."""
    text = ("Ostmark and Veldra met in March. It was found that these mines were made in Ostmark in 2030 and "
            "were laid in the territory of Veldra after the signing.")
    evs = events_in(text, res, published="2031-05-04", publisher="Veldra")
    laid = [e for e in evs if e.type == "ASSAULT" and "laid" in text[e.start:e.end]]
    assert laid and countries(laid[0].actors) == {"OST"}, [(e.type, e.actors) for e in evs]
