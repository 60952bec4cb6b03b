"""Event detection, typing, arguments, stance and source on fictional
sentences (the Republic of Veldra vs the Kingdom of Ostmark)."""

from __future__ import annotations

import pytest
from veldra_events import ACTORS_YAML, Res, countries, events_in, load_res

from parallax import nlp
from parallax.extract.actors import ActorDictionary, extract_actors
from parallax.extract.events import extract_events, load_lexicon
from parallax.model import (
    PLOVER_TYPES,
    Block,
    BlockKind,
    Document,
    Event,
    Metadata,
    TimeExpr,
)


@pytest.fixture(scope="module")
def res(tmp_path_factory) -> Res:
    return load_res(tmp_path_factory.mktemp("actors"))


def events_of(text: str, res: Res, times: list[TimeExpr] | None = None) -> list[Event]:
    return events_in(text, res, times or [])


def test_lexicon_covers_every_plover_type() -> None:
    lex = load_lexicon()
    types = {t.type for t in lex.verbs.values()} | {t.type for t in lex.nouns.values()}
    assert types == set(PLOVER_TYPES)


@pytest.mark.parametrize("text, etype", [
    ("Veldra agreed to a ceasefire with Ostmark.", "AGREE"),
    ("The Veldran foreign minister met the Ostmarkian ambassador in the capital.", "CONSULT"),
    ("Veldra praised Ostmark for its restraint.", "SUPPORT"),
    ("Veldra cooperated with Ostmark on border security.", "COOPERATE"),
    ("Ostmark has supplied weapons and food to the Veldran rebels.", "AID"),
    ("Ostmark released twelve Veldran prisoners.", "CONCEDE"),
    ("Ostmark withdrew its troops from the Kell valley.", "RETREAT"),
    ("Veldra urged Ostmark to reopen the border crossing.", "REQUEST"),
    ("Veldra accused Ostmark of war crimes.", "ACCUSE"),
    ("Ostmark rejected the Veldran proposal.", "REJECT"),
    ("Ostmark threatened Veldra with reprisals.", "THREATEN"),
    ("Thousands of Veldran citizens demonstrated in the capital.", "PROTEST"),
    ("Veldra imposed an embargo on Ostmark.", "SANCTION"),
    ("Ostmark deployed two brigades to the border.", "MOBILIZE"),
    ("Veldran police arrested three Ostmarkian journalists.", "COERCE"),
    ("Ostmarkian artillery shelled the Veldran town of Kell.", "ASSAULT"),
])
def test_typing(res: Res, text: str, etype: str) -> None:
    types = [e.type for e in events_of(text, res)]
    assert etype in types, types


def test_active_actor_and_target(res: Res) -> None:
    [ev] = [e for e in events_of("Ostmarkian troops shelled Veldran positions near the river.", res)
            if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"}
    assert countries(ev.targets) == {"VLD"}
    assert ev.mode == "shelling"
    assert ev.stance == "asserted" and ev.according_to is None


def test_passive_agent(res: Res) -> None:
    text = ("On Friday two outposts of the Veldran army were subjected to sustained shelling by "
            "the armed forces of Ostmark.")
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"OST"}
    assert countries(ev.targets) == {"VLD"}
    [ev2] = [e for e in events_of("Three Veldran villages were attacked by Ostmark.", res)]
    assert countries(ev2.actors) == {"OST"} and countries(ev2.targets) == {"VLD"}


@pytest.mark.parametrize("text", [
    "No residential building was attacked by Veldra.",
    "Veldra did not attack the border posts.",
    "Veldran forces never shelled the village.",
])
def test_denial(res: Res, text: str) -> None:
    [ev] = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert ev.stance == "denied"
    assert countries(ev.actors) == {"VLD"}


def test_allegation_by_claim(res: Res) -> None:
    evs = events_of("Ostmark claims that Veldran forces attacked its border posts.", res)
    assault = next(e for e in evs if e.type == "ASSAULT")
    assert assault.stance == "alleged"
    assert assault.according_to == "Ostmark"
    assert countries(assault.actors) == {"VLD"}
    accuse = next(e for e in evs if e.type == "ACCUSE")
    assert countries(accuse.actors) == {"OST"} and countries(accuse.targets) == {"VLD"}


def test_allegation_by_hedge(res: Res) -> None:
    [ev] = events_of("Veldran drones reportedly struck a fuel depot.", res)
    assert ev.type == "ASSAULT" and ev.stance == "alleged"


def test_conditional_and_planned(res: Res) -> None:
    evs = events_of("If the talks fail, the Ostmarkian army will attack Veldra.", res)
    attack = next(e for e in evs if e.type == "ASSAULT")
    assert attack.stance == "hypothetical"
    [retreat] = [e for e in events_of("Veldra plans to withdraw its troops from the border.", res)]
    assert retreat.type == "RETREAT" and retreat.stance == "planned"


def test_according_to_reporting_verb(res: Res) -> None:
    [ev] = [e for e in events_of("The monitor said that Ostmarkian troops attacked Veldra.", res)
            if e.type == "ASSAULT"]
    assert ev.according_to and "monitor" in ev.according_to.lower()
    assert ev.stance == "asserted"
    [ev2] = [e for e in events_of("According to Ilvar Dask, Ostmark shelled the bridge.", res)
             if e.type == "ASSAULT"]
    assert ev2.according_to == "Ilvar Dask"


def test_joint_actors(res: Res) -> None:
    [ev] = [e for e in events_of("Clashes broke out between Veldra and Ostmark.", res) if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"VLD", "OST"}


def test_time_from_same_sentence(res: Res) -> None:
    text = "On 3 May 2031 Ostmarkian troops attacked Veldra."
    start = text.index("3 May 2031")
    t = TimeExpr(text="3 May 2031", start=start, end=start + 10, value="2031-05-03")
    [ev] = events_of(text, res, times=[t])
    assert ev.time is t


def test_coreference_merge(res: Res) -> None:
    text = ("Ostmarkian troops attacked Veldra at dawn. Later, the attack by Ostmarkian troops was "
            "condemned by the monitor.")
    assaults = [e for e in events_of(text, res) if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert any(c.startswith("also:") for c in assaults[0].context)


def test_evidence_offsets(res: Res) -> None:
    text = "Quiet day. Ostmarkian artillery shelled the Veldran town of Kell."
    [ev] = events_of(text, res)
    assert text[ev.sentence_start:ev.sentence_end].startswith("Ostmarkian artillery")
    assert ev.start >= ev.sentence_start and ev.end <= ev.sentence_end
    assert "shelled" in text[ev.start:ev.end]
    assert 0 < ev.prov.confidence <= 1


def test_no_events_in_plain_text(res: Res) -> None:
    assert events_of("The weather in Veldra was mild and the harvest was good.", res) == []


def test_listed_report_headline(res: Res) -> None:
    from parallax.model import Block, BlockKind

    text = "Reports\n\nOstmarkian troops attack Veldran posts\n\nKell Courier – 4th May\n\nQuiet elsewhere.\n"
    h1 = text.index("Ostmarkian troops")
    d1 = text.index("Kell Courier")
    p1 = text.index("Quiet")
    blocks = [Block(BlockKind.HEADING, 0, 7), Block(BlockKind.HEADING, h1, h1 + 38),
              Block(BlockKind.PARAGRAPH, d1, d1 + 22), Block(BlockKind.PARAGRAPH, p1, p1 + 16)]
    analysis, doc = nlp.annotate(Document(text=text, blocks=blocks))
    analysis.actors = extract_actors(analysis, doc, res)
    start = text.index("4th May")
    analysis.times = [TimeExpr("4th May", start, start + 7, "2031-05-04")]
    [ev] = extract_events(analysis, doc, res)
    assert ev.type == "ASSAULT" and ev.according_to == "Kell Courier"
    assert ev.time is analysis.times[0]
    assert countries(ev.actors) == {"OST"}


def test_hyphenated_joint_actors(res: Res) -> None:
    evs = [e for e in events_of("The Veldra-Ostmark fighting resumed on Monday.", res) if e.type == "ASSAULT"]
    assert evs and countries(evs[0].actors) == {"VLD", "OST"}


# ---------------------------------------------------------------------------
# issue 5: time by tense, own voice, contents of requests, refusals
# ---------------------------------------------------------------------------

def doc_events(text: str, res: Res, times: list[tuple[str, str]] = (), publisher: str | None = None,
               published: str | None = "2031-06-10", blocks: list[Block] | None = None) -> list[Event]:
    """Events of a document with metadata; ``times`` are (surface, value)
    pairs located in the text."""
    meta = Metadata(publisher=publisher, published=published)
    analysis, doc = nlp.annotate(Document(text=text, meta=meta, blocks=blocks or []))
    analysis.actors = extract_actors(analysis, doc, res)
    analysis.times = [TimeExpr(s, text.index(s), text.index(s) + len(s), v) for s, v in times]
    return extract_events(analysis, doc, res)


def when(ev: Event) -> str | None:
    return ev.time.value if ev.time is not None else None


def test_present_speech_act_is_dated_by_publication(res: Res) -> None:
    [ev] = [e for e in doc_events("Veldra calls on Ostmark to reopen the Kell crossing.", res) if e.type == "REQUEST"]
    assert when(ev) == "2031-06-10"


def test_habitual_present_stays_undated(res: Res) -> None:
    text = "On 2 June 2031 the border was quiet. Ostmark tries to delay the exchange of maps."
    [ev] = doc_events(text, res, times=[("2 June 2031", "2031-06-02")])
    assert ev.type == "REJECT" and ev.time is None


def test_past_narrative_time_carries_over(res: Res) -> None:
    text = "On 2 June 2031 the border was quiet. Later Ostmarkian artillery shelled Kell."
    [ev] = doc_events(text, res, times=[("2 June 2031", "2031-06-02")])
    assert ev.type == "ASSAULT" and when(ev) == "2031-06-02"


def test_aim_stays_undated(res: Res) -> None:
    text = "On 2 June 2031 talks resumed in Kell. Veldra strives to sign a peace treaty with Ostmark."
    [ev] = [e for e in doc_events(text, res, times=[("2 June 2031", "2031-06-02")]) if e.type == "AGREE"]
    assert ev.time is None and ev.stance == "planned"


def test_own_perfect_runs_to_publication(res: Res) -> None:
    text = "The shelling of Kell began on 2 June 2031. We have invited the monitors to visit Kell."
    evs = doc_events(text, res, times=[("2 June 2031", "2031-06-02")], publisher="Republic of Veldra")
    [ev] = [e for e in evs if e.type == "REQUEST"]
    assert (ev.time.begin, ev.time.end_date) == ("2031-06-02", "2031-06-10")
    assert countries(ev.actors) == {"VLD"}


def test_timeline_row_present_takes_the_row_date(res: Res) -> None:
    text = "4 June 2031 | Ostmarkian guards close the Kell crossing to Veldran traders."
    blocks = [Block(BlockKind.TABLE_ROW, 0, len(text))]
    [ev] = doc_events(text, res, times=[("4 June 2031", "2031-06-04")], blocks=blocks)
    assert ev.type == "COERCE" and when(ev) == "2031-06-04"
    assert countries(ev.actors) == {"OST"}


def test_first_person_is_the_publisher(res: Res) -> None:
    evs = doc_events("Not a single shell was fired at Kell by our forces.", res, publisher="Republic of Veldra")
    [ev] = [e for e in evs if e.type == "ASSAULT"]
    assert countries(ev.actors) == {"VLD"} and ev.stance == "denied"


def test_first_person_in_a_quote_is_the_speaker(res: Res) -> None:
    text = 'Ilvar Dask told reporters: "We will never negotiate under pressure."'
    evs = doc_events(text, res, publisher="Kell Courier")
    [ev] = [e for e in evs if e.type == "REJECT"]
    assert countries(ev.actors) == {"VLD"} and ev.stance == "asserted"


def test_generic_organ_is_the_speakers_own(res: Res) -> None:
    text = "The Ministry of Defence warns the regime: any further attack will be answered."
    evs = doc_events(text, res, publisher="Ministry of Defence of Veldra")
    [ev] = [e for e in evs if e.type == "THREATEN"]
    assert countries(ev.actors) == {"VLD"}
    assert not [e for e in evs if e.type == "ASSAULT"]  # the warning's content is not a happening


def test_request_content_is_not_an_event(res: Res) -> None:
    evs = doc_events("Veldra called on Ostmark to withdraw its heavy weapons from the line.", res)
    assert [e.type for e in evs] == ["REQUEST"]


def test_ultimatum_is_a_threat_and_its_condition_no_event(res: Res) -> None:
    text = "If Ostmark does not withdraw its artillery within seven days, we will remove it ourselves."
    evs = doc_events(text, res, publisher="Republic of Veldra")
    assert [e.type for e in evs] == ["THREATEN"]
    assert evs[0].stance == "asserted" and when(evs[0]) == "2031-06-10"
    assert countries(evs[0].actors) == {"VLD"} and countries(evs[0].targets) == {"OST"}


def test_purpose_of_a_protest_is_not_a_request(res: Res) -> None:
    evs = doc_events("Thousands of Veldran students staged rallies in Kell to demand new elections.", res)
    assert [e.type for e in evs] == ["PROTEST"]


def test_refusals_are_reject(res: Res) -> None:
    [ev] = doc_events("Ostmark has never honoured that obligation.", res)
    assert ev.type == "REJECT" and ev.stance == "asserted" and countries(ev.actors) == {"OST"}
    evs = doc_events("Veldra said it would not negotiate under ultimatums.", res)
    assert "REJECT" in [e.type for e in evs] and "CONSULT" not in [e.type for e in evs]


def test_visit_to_a_facility_is_no_meeting(res: Res) -> None:
    assert not doc_events("On 5 June 2031 the monitors visited the pumping station.", res,
                          times=[("5 June 2031", "2031-06-05")])
    evs = doc_events("The Veldran foreign minister visited Ostmark.", res)
    assert [e.type for e in evs] == ["CONSULT"]


def test_commit_and_accept_need_a_commitment(res: Res) -> None:
    assert not [e for e in doc_events("The crimes committed by Ostmark are well known.", res) if e.type == "AGREE"]
    assert [e.type for e in doc_events("Veldra committed to talks with Ostmark.", res)] == ["AGREE"]


def test_in_breach_of_is_a_manner_not_an_event(res: Res) -> None:
    text = "Ostmarkian artillery shelled Kell, in breach of the ceasefire agreement."
    assert [e.type for e in doc_events(text, res)] == ["ASSAULT"]


@pytest.mark.parametrize("text, etype", [
    ("The Ostmarkian army brought additional artillery batteries up to the line.", "MOBILIZE"),
    ("Veldran border guards closed the Kell crossing.", "COERCE"),
    ("A Veldran drone dropped a grenade on a tractor.", "ASSAULT"),
    ("The Ostmarkian side violated the ceasefire regime twice.", "ASSAULT"),
    ('Ilvar Dask called the Ostmarkian government "a gang of criminals".', "ACCUSE"),
])
def test_object_triggers(res: Res, text: str, etype: str) -> None:
    assert etype in [e.type for e in doc_events(text, res)]


def test_coordinated_nouns_share_the_possessor(res: Res) -> None:
    evs = doc_events("Veldra suffered from Ostmark's aggression and wars.", res)
    assert evs and all(countries(e.actors) == {"OST"} for e in evs if e.type == "ASSAULT")


def test_dated_anchor_is_reported(res: Res) -> None:
    text = "Shelling resumed after the meeting held in Kell on 31 May 2031."
    evs = doc_events(text, res, times=[("31 May 2031", "2031-05-31")])
    assert "CONSULT" in [e.type for e in evs]


def test_present_routine_with_a_set_time_is_a_habit(res: Res) -> None:
    text = "Veldra holds military exercises every year."
    start = text.index("every year")
    analysis, doc = nlp.annotate(Document(text=text))
    analysis.actors = extract_actors(analysis, doc, res)
    analysis.times = [TimeExpr("every year", start, start + 10, "P1Y", type="SET")]
    assert extract_events(analysis, doc, res) == []
    analysis.times = []
    assert [e.type for e in extract_events(analysis, doc, res)] == ["MOBILIZE"]


def test_accept_needs_something_to_agree_to(res: Res) -> None:
    assert not doc_events("It is widely accepted that the evidence was strong.", res)
    assert "AGREE" in [e.type for e in doc_events("Ostmark accepted the Veldran proposal.", res)]


def test_coordinated_participle_modifier_is_no_event(res: Res) -> None:
    evs = doc_events("It was a pre-planned and coordinated attack by Ostmark.", res)
    assert [e.type for e in evs] == ["ASSAULT"]


def test_trigger_inside_an_organisation_name_is_no_event(res: Res) -> None:
    text = "The Organisation for Security and Cooperation in Kell published a report."
    assert not [e for e in doc_events(text, res) if e.type == "COOPERATE"]


def test_date_of_another_happening_does_not_date_the_event(res: Res) -> None:
    text = "Veldra calls on Ostmark to respect the ceasefire agreement of 18 May 2030."
    [ev] = [e for e in doc_events(text, res, times=[("18 May 2030", "2030-05-18")]) if e.type == "REQUEST"]
    assert when(ev) == "2031-06-10"  # the publication date, not the agreement's


def test_refusal_is_dated_when_spoken(res: Res) -> None:
    [ev] = [e for e in doc_events("Ostmark will not negotiate under ultimatums.", res) if e.type == "REJECT"]
    assert when(ev) == "2031-06-10"


def test_station_supplying_water_is_no_aid(res: Res) -> None:
    evs = doc_events("Ostmarkian shells struck the pumping station, which supplies water to Kell.", res)
    assert [e.type for e in evs] == ["ASSAULT"]


def test_blowing_up_a_bridge_is_an_assault(res: Res) -> None:
    evs = doc_events("A Veldran sabotage group tried to blow up the bridge at Kell.", res)
    assert "ASSAULT" in [e.type for e in evs] and "COERCE" not in [e.type for e in evs]


def test_a_capital_is_not_the_speaker_of_a_quote(res: Res) -> None:
    from parallax.extract.event_args import _Actors
    from parallax.extract.stance import quote_speaker

    extra = "- {id: VLD-capital, name: Marrow, country: VLD, sector: government, aliases: [Marrow]}\n"
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.yaml"
        path.write_text(ACTORS_YAML + extra, encoding="utf-8")
        local = Res(ActorDictionary.load([path]))
        text = 'Ilvar Dask spoke in Marrow: "We will not yield."'
        analysis, doc = nlp.annotate(Document(text=text))
        analysis.actors = extract_actors(analysis, doc, local)
        m = quote_speaker(text.index("We"), analysis, _Actors(analysis.actors))
        assert m is not None and m.actor.name == "Ilvar Dask"


def test_title_case_headline_keeps_its_event(res: Res) -> None:
    evs = doc_events("Ostmarkian Troops Attack Veldran Border Posts Near Kell", res)
    assert "ASSAULT" in [e.type for e in evs]


def test_headline_participle_subject_is_the_victim(res: Res) -> None:
    evs = doc_events("Ostmarkian mortar fire on a Veldran post near Kell; one Veldran soldier wounded", res)
    assert evs and all("VLD" not in countries(e.actors) for e in evs)
    assert any(countries(e.targets) == {"VLD"} for e in evs)


def test_plural_pronoun_prefers_a_plural_antecedent(res: Res) -> None:
    text = "Reports of Ostmarkian volunteers reaching Veldra are rare, but their recruitment was confirmed."
    [ev] = [e for e in doc_events(text, res) if e.type == "MOBILIZE"]
    assert countries(ev.actors) == {"OST"}


def test_merged_mentions_keep_the_one_with_its_own_date() -> None:
    """ "the meeting held in Kessa on 31 August" and, later, "right after the
    Kessa meeting" (dated through the first) are one happening; the mention
    with a date of its own is the event's evidence, whatever the order of
    confidences."""
    from parallax.extract.events import merge_events
    from parallax.model import Actor, Event, Provenance, TimeExpr

    def meeting(start: int, anchor: str, confidence: float) -> Event:
        time = TimeExpr("31 August", start, start + 9, "2031-08-31", precision="day", begin="2031-08-31",
                        end_date="2031-08-31", anchor=anchor)
        return Event("CONSULT", start, start + 20, start, start + 40, "meeting", mode="meet",
                     actors=[Actor("Veldra", country="VLD"), Actor("Ostmark", country="OST")], time=time,
                     prov=Provenance("events", confidence=confidence))

    own, borrowed = meeting(0, "publication", 0.6), meeting(100, "event:kessa meeting", 0.8)
    merged = merge_events([own, borrowed])
    assert len(merged) == 1 and merged[0].start == 0
    assert merge_events([meeting(100, "event:kessa meeting", 0.8), meeting(0, "publication", 0.6)])[0].start == 0
