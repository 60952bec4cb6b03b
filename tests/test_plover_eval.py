"""The gold event scorer (FORMAT.md's matching rule) on hand-made pairs,
and the readers of the PLOVER and PETRARCH benchmarks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parallax.eval.petrarch import plover_type, read_cameo2plover, read_records
from parallax.eval.plover import (
    eval_plover,
    read_plover,
    score_gold_events,
    times_agree,
)
from parallax.model import Actor, Event, TimeExpr

TEXT = ("Ostmarkian troops shelled Kell on 3 May 2031. "
        "Veldra denied that its drones struck the depot. "
        "Clashes broke out between Veldra and Ostmark.")
S1 = (0, TEXT.index(" Veldra denied"))
S2 = (S1[1] + 1, TEXT.index(" Clashes"))
S3 = (S2[1] + 1, len(TEXT))
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"


def ev(etype: str, sent: tuple[int, int], actors=(), targets=(), time=None, stance="asserted",
       according_to=None, conf=0.8) -> Event:
    from parallax.model import Provenance

    return Event(type=etype, start=sent[0], end=sent[1], sentence_start=sent[0], sentence_end=sent[1],
                 trigger="x", actors=list(actors), targets=list(targets), time=time, stance=stance,
                 according_to=according_to, prov=Provenance("events", "1", conf))


def gold(etype: str, quote: str, actor=None, target=None, when=None, stance="asserted", according_to=None,
         where=()) -> dict:
    return {"type": etype, "quote": quote, "actor": actor or {"name": None, "country": None},
            "target": target or {"name": None, "country": None}, "when": when, "stance": stance,
            "according_to": according_to, "where": list(where)}


OST = Actor(text="Ostmarkian troops", country="OST", sector="military")
VLD = Actor(text="Veldra", country="VLD")
MAY3 = TimeExpr(text="3 May 2031", start=35, end=45, value="2031-05-03")


def test_exact_match_and_fields() -> None:
    g = [gold("ASSAULT", "shelled Kell", {"name": "Ostmarkian troops", "country": "OST"},
              {"name": "Kell", "country": "VLD", "implied": True}, when="2031-05-03", where=["Kell"])]
    p = [ev("ASSAULT", S1, [OST], [], MAY3)]
    out = score_gold_events(p, g, TEXT, [])
    assert (out["precision"], out["recall"], out["f1"]) == (1.0, 1.0, 1.0)
    # FORMAT.md: readers ignore `implied`; an implied target is scored like a written one
    assert out["field_accuracy"]["target"] == 0.0
    assert out["field_accuracy"]["place"] == 0.0  # gold has a place, prediction none
    assert out["field_accuracy"]["stance"] == 1.0


@pytest.mark.parametrize("pred", [
    ev("COERCE", S1, [OST], [], MAY3),  # other type
    ev("ASSAULT", S1, [VLD], [], MAY3),  # other actor
    ev("ASSAULT", S1, [OST], [], None),  # time missing on one side
    ev("ASSAULT", S2, [OST], [], MAY3),  # other sentence
    ev("ASSAULT", S1, [OST], [], TimeExpr("June 2031", 0, 1, "2031-06")),  # no overlap
])
def test_no_match(pred: Event) -> None:
    g = [gold("ASSAULT", "shelled Kell", {"country": "OST"}, when="2031-05-03")]
    out = score_gold_events([pred], g, TEXT, [])
    assert out["f1"] == 0.0 and out["predicted"] == 1 and out["gold"] == 1


def test_time_overlap_with_interval_and_month() -> None:
    assert times_agree("2031-05", MAY3)
    assert times_agree("2031-05-01/2031-05-04", MAY3)
    assert not times_agree("2031-05-04/2031-05-09", MAY3)
    assert times_agree(None, None)
    assert not times_agree(None, MAY3)


def test_implied_joint_and_stance() -> None:
    g = [gold("ASSAULT", "its drones struck the depot", {"name": "Veldra", "country": "VLD", "implied": True},
              stance="denied"),
         gold("ASSAULT", "Clashes broke out", {"name": "both", "country": None, "countries": ["VLD", "OST"]})]
    joint = ev("ASSAULT", S3, [Actor("Veldra", country="VLD"), Actor("Ostmark", country="OST")])
    # an implied actor must be found like a written one: an empty actor does not match it
    out = score_gold_events([ev("ASSAULT", S2, [], stance="asserted", conf=0.5), joint], g, TEXT, [])
    assert out["recall"] == 0.5 and out["precision"] == 0.5
    p = [ev("ASSAULT", S2, [VLD], stance="asserted", conf=0.5), joint]
    out = score_gold_events(p, g, TEXT, [])
    assert out["recall"] == 1.0 and out["precision"] == 1.0
    assert out["field_accuracy"]["stance"] == 0.5


def test_one_to_one_greedy_by_confidence() -> None:
    g = [gold("ASSAULT", "shelled Kell", {"country": "OST"}, when="2031-05-03")]
    low = ev("ASSAULT", S1, [OST], [], MAY3, according_to="the monitor", conf=0.3)
    high = ev("ASSAULT", S1, [OST], [], MAY3, conf=0.9)
    out = score_gold_events([low, high], g, TEXT, [])
    assert out["precision"] == 0.5 and out["recall"] == 1.0
    assert out["field_accuracy"]["according_to"] == 1.0  # the confident one (null source) matched


def test_according_to_names_overlap() -> None:
    g = [gold("ASSAULT", "shelled Kell", {"country": "OST"}, when="2031-05-03", according_to="The Monitor")]
    p = [ev("ASSAULT", S1, [OST], [], MAY3, according_to="the monitor mission")]
    assert score_gold_events(p, g, TEXT, [])["field_accuracy"]["according_to"] == 1.0


def test_non_state_actor_by_name() -> None:
    g = [gold("ASSAULT", "shelled Kell", {"name": "Kell Brigade", "country": None}, when="2031-05-03")]
    good = ev("ASSAULT", S1, [Actor("the Kell Brigade", name="Kell Brigade")], [], MAY3)
    bad = ev("ASSAULT", S1, [Actor("Northern Front", name="Northern Front")], [], MAY3)
    assert score_gold_events([good], g, TEXT, [])["f1"] == 1.0
    assert score_gold_events([bad], g, TEXT, [])["f1"] == 0.0


def test_cameo_mapping_and_petrarch_reader(tmp_path: Path) -> None:
    table = tmp_path / "c2p.txt"
    table.write_text("# header\n04: CONSULT\n042: CONSULT, visit,   # Make a visit\n"
                     "19: ASSAULT\n190: ASSAULT, ,  # Use force\n", encoding="utf-8")
    mapping = read_cameo2plover(table)
    assert plover_type("042", mapping) == "CONSULT"
    assert plover_type("1951", mapping) == "ASSAULT"  # falls back to the prefix
    assert plover_type("999", mapping) is None
    xml = tmp_path / "records.xml"
    xml.write_text("<Validation><Sentences>\n<!-- <Sentence id='x'> commented out </Sentence> -->\n"
                   "<Sentence date=\"20310503\" id=\"T-1\">\n"
                   "<EventCoding sourcecode=\"OST\" targetcode='VLD' eventcode=\"190\"></EventCoding>\n"
                   "<Text>\nOstmark attacked\n Veldra.\n</Text>\n</Sentence>\n"
                   "<Sentence date=\"20310503\" id=\"T-2\"><EventCoding noevents = \"True\"></EventCoding>"
                   "<Text>Nothing.</Text></Sentence></Sentences></Validation>", encoding="utf-8")
    records = read_records(xml)
    assert [r.id for r in records] == ["T-1", "T-2"]
    assert records[0].text == "Ostmark attacked Veldra."
    assert records[0].triples == [("OST", "VLD", "190")] and records[1].triples == []


def test_read_plover_maps_old_labels(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "d", "event": "DOCUMENT", "text": "doc"},
        {"id": "a", "event": "FIGHT", "text": "Ostmark attacked Veldra.", "source": [{"code": "OST"}],
         "target": [{"code": "VLD"}]},
        {"id": "b", "event": "DEMAND", "text": "Veldra demanded talks."}]), encoding="utf-8")
    recs = read_plover(path)
    assert [r["event"] for r in recs] == ["ASSAULT", "REQUEST"]


def test_eval_plover_on_a_sample(tmp_path: Path) -> None:
    src = SHARED / "plover" / "PLOVER_GSR_CAMEO.txt"
    if not src.exists():
        pytest.skip("../shared benchmarks absent")
    records = json.loads(src.read_text(encoding="utf-8"))
    sample = [r for r in records if r.get("event") in ("ASSAULT", "FIGHT", "REQUEST", "DEMAND")][:12]
    path = tmp_path / "sample.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    out = eval_plover(path)
    assert out["records"] == 12
    assert out["type_accuracy"] >= 0.4  # rules alone type most of these


def test_eval_petrarch_end_to_end(tmp_path: Path) -> None:
    from parallax.eval.petrarch import eval_petrarch

    folder = tmp_path / "petrarch"
    folder.mkdir()
    (tmp_path / "plover").mkdir()
    (tmp_path / "plover" / "CAMEO2PLOVER-2021.txt").write_text(
        "19: ASSAULT\n190: ASSAULT, ,  # Use force\n04: CONSULT\n", encoding="utf-8")
    (folder / "PETR.Validate.actors.txt").write_text(
        "OSTMARK [OST]\n+OSTMARKIAN\nVELDRA [VLD]\n", encoding="utf-8")
    (folder / "PETR.UnitTest.records.xml").write_text(
        "<Sentences><Sentence id=\"T-1\"><EventCoding sourcecode=\"OST\" targetcode=\"VLD\" eventcode=\"190\">"
        "</EventCoding><Text>Ostmark attacked Veldra.</Text></Sentence>"
        "<Sentence id=\"T-2\"><EventCoding sourcecode=\"VLD\" targetcode=\"OST\" eventcode=\"040\"></EventCoding>"
        "<Text>The weather was mild.</Text></Sentence></Sentences>", encoding="utf-8")
    out = eval_petrarch(folder)
    assert (out["expected"], out["produced"], out["extra"]) == (2, 1, 0)
