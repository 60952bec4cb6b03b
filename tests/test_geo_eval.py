"""Geoparsing scorer and corpus readers, on hand-made answers and tiny corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.eval.geo import (
    GoldToponym,
    eval_geo_file,
    read_geo_corpus,
    score_gold_places,
    score_mentions,
)
from parallax.model import Place, PlaceMention

KEYS = {"acc_161km", "acc_25km", "mean_km", "median_km", "recall", "gold"}


def mention(start: int, end: int, lat: float | None, lon: float | None, text: str = "x") -> PlaceMention:
    place = Place(name=text, lat=lat, lon=lon, kind="town") if lat is not None else None
    return PlaceMention(text=text, start=start, end=end, place=place)


def test_score_mentions_by_hand() -> None:
    gold = [
        GoldToponym(0, 5, "Alpha", 0.0, 0.0),
        GoldToponym(10, 15, "Bravo", 0.0, 0.0),
        GoldToponym(20, 25, "Charl", 0.0, 0.0, kind="country"),
        GoldToponym(30, 35, "Delta", 0.0, 0.0),
    ]
    pred = [
        mention(0, 5, 0.0, 0.1),    # ~11 km: within 25
        mention(8, 17, 1.0, 0.0),   # covers Bravo, ~111 km: within 161, not 25
        mention(20, 25, 0.5, 0.0),  # ~56 km, a country: within the 100 km allowance
        mention(30, 33, 0.0, 0.0),  # does not cover Delta
    ]
    s = score_mentions(pred, gold)
    assert set(s) == KEYS
    assert s["gold"] == 4 and s["recall"] == 0.75
    assert s["acc_161km"] == 1.0
    assert s["acc_25km"] == pytest.approx(2 / 3, abs=1e-3)
    assert s["median_km"] == pytest.approx(55.6, abs=0.5)
    assert s["mean_km"] == pytest.approx((11.1 + 111.2 + 55.6) / 3, abs=0.5)


def test_unresolved_predictions_do_not_count_as_found() -> None:
    s = score_mentions([mention(0, 5, None, None)], [GoldToponym(0, 5, "Alpha", 1.0, 1.0)])
    assert s["recall"] == 0.0 and s["acc_161km"] == 0.0 and s["gold"] == 1


def test_score_gold_places_weights_and_surface_forms() -> None:
    text = "Troops left Dorva. Then NW Dorva was hit; Dorva again. Kelm is far."
    entries = [
        {"text": "Dorva", "lat": 10.0, "lon": 10.0, "kind": "town", "mentions": 3},
        {"text": "Kelm", "lat": 0.0, "lon": 0.0, "kind": "town"},
        {"text": "Nowhere", "lat": 0.0, "lon": 0.0, "kind": "village", "mentions": 2},
    ]
    nw = text.index("NW Dorva")
    pred = [
        mention(nw, nw + len("NW Dorva"), 50.0, 50.0, "NW Dorva"),  # covers an occurrence, wrong point
        mention(text.index("Dorva again"), text.index("Dorva again") + 5, 10.0, 10.05, "Dorva"),
        mention(text.index("Kelm"), text.index("Kelm") + 4, 3.0, 0.0, "Kelm"),  # ~334 km off
    ]
    s = score_gold_places(pred, entries, text)
    assert s["gold"] == 6
    assert s["recall"] == pytest.approx(4 / 6, abs=1e-3)
    # the exact surface form is scored, not the one inside "NW Dorva": 3 of 4 found within 25 km
    assert s["acc_25km"] == 0.75 and s["acc_161km"] == 0.75


LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><text><![CDATA[Storms hit Paris, Texas. Lamar County closed roads.]]></text>
<toponyms>
<toponym><start>11</start><end>16</end><phrase>Paris</phrase>
  <gaztag geonameid="4717560"><name>Paris</name><fclass>P</fclass><fcode>PPLA2</fcode>
  <lat>33.66094</lat><lon>-95.55551</lon></gaztag></toponym>
<toponym><start>18</start><end>23</end><phrase>Texas</phrase>
  <gaztag geonameid="4736286"><name>Texas</name><fclass>A</fclass><fcode>ADM1</fcode>
  <lat>31.25044</lat><lon>-99.25061</lon></gaztag></toponym>
<toponym><start>25</start><end>37</end><phrase>Lamar County</phrase></toponym>
</toponyms></article></articles>
"""

GEOVIRUS_XML = """<articles><article><source>x</source>
<text>Cases rose in Lyon and Geneva.</text>
<locations>
<location><name>Lyon</name><start>15</start><end>19</end><lat>45.75</lat><lon>4.85</lon><page>x</page></location>
<location><name>Geneva</name><start>24</start><end>30</end><lat>46.2</lat><lon>6.15</lon><page>x</page></location>
</locations></article></articles>
"""

GWN_XML = """<?xml version="1.0" ?>
<articles><article file="0"><title>t</title><link>l</link>
<text>Flights from Berlin to Oslo resumed, the airline said.</text>
<toponyms>
<toponym><extractedName>Berlin</extractedName><normalisedName/><type>Literal</type><modifierType/>
<nonLocational>No</nonLocational><start>13</start><end>19</end><geonamesID>2950159</geonamesID>
<latitude>52.52437</latitude><longitude>13.41053</longitude></toponym>
<toponym><extractedName>airline</extractedName><normalisedName/><type>Non_Lit_Expression</type><modifierType/>
<nonLocational>Yes</nonLocational><start>39</start><end>46</end><geonamesID/><latitude/><longitude/></toponym>
<toponym><extractedName>Oslo</extractedName><normalisedName/><type>Literal</type><modifierType/>
<nonLocational>No</nonLocational><start>23</start><end>27</end><geonamesID>3143244</geonamesID>
<latitude>59.91273</latitude><longitude>10.74609</longitude></toponym>
</toponyms></article></articles>
"""


def test_readers(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    (tmp_path / "gv.xml").write_text(GEOVIRUS_XML, encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN_XML, encoding="utf-8")
    lgl = list(read_geo_corpus(tmp_path / "lgl.xml"))
    assert [(t.text, t.kind) for t in lgl[0].toponyms] == [("Paris", None), ("Texas", "region")]
    gv = next(iter(read_geo_corpus(tmp_path / "gv.xml")))
    # GeoVirus offsets are one off: realigned onto the surface form
    assert [gv.text[t.start:t.end] for t in gv.toponyms] == ["Lyon", "Geneva"]
    gwn = next(iter(read_geo_corpus(tmp_path / "gwn.xml")))
    assert [t.text for t in gwn.toponyms] == ["Berlin", "Oslo"]  # toponyms without coordinates skipped


def test_eval_geo_file_runs_the_pipeline(tmp_path: Path) -> None:
    (tmp_path / "lgl.xml").write_text(LGL_XML, encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN_XML, encoding="utf-8")
    s = eval_geo_file(tmp_path / "lgl.xml")
    assert set(s) == KEYS and s["gold"] == 2 and s["recall"] == 1.0 and s["acc_161km"] == 1.0
    s = eval_geo_file(tmp_path / "gwn.xml", limit=1)
    assert s["gold"] == 2 and s["acc_25km"] == 1.0


def test_bad_corpus_is_a_parallax_error(tmp_path: Path) -> None:
    from parallax.errors import GoldFormatError

    with pytest.raises(GoldFormatError):
        list(read_geo_corpus(tmp_path / "missing.xml"))


SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "benchmarks" / "geo" / "lgl.xml").exists(), reason="../shared is absent")
def test_lgl_dev_sample() -> None:
    s = eval_geo_file(SHARED / "benchmarks" / "geo" / "lgl.xml", limit=25)
    print("LGL (first 25 articles)", s)
    assert s["recall"] >= 0.5 and s["acc_161km"] >= 0.6
