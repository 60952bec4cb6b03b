"""Consistency checks for the bundled fictional example corpus (examples/).

The gold files in examples/gold follow ../shared/gold/FORMAT.md. These tests
check their schema, that every quoted string really occurs in its document,
that coordinates and actor codes agree with examples/gazetteer.yaml and
examples/actors.yaml, and that every reference in links.yaml resolves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gold_checks import (
    KINDS,
    ON_VALUES,
    PLACE_KINDS,
    PLOVER,
    QUALIFIERS,
    RELATIONS,
    SECTORS,
    STANCES,
    TIMEX_TYPES,
    document_text,
    gold_document,
    iso_ok,
    load_yaml,
    substrings,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOLD_DIR = EXAMPLES / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.gold.yaml"))


def test_examples_exist():
    assert len(GOLD_FILES) == 5
    assert (GOLD_DIR / "links.yaml").is_file()
    assert (EXAMPLES / "corpus" / "parallax.yaml").is_file()


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_schema(gold_path: Path):
    gold = load_yaml(gold_path)
    assert gold_document(gold_path).is_file(), "document: must point to an existing file"
    assert gold_path.name == gold_document(gold_path).stem + ".gold.yaml"
    meta = gold["meta"]
    assert meta["publisher"] and meta["side"]
    assert meta["kind"] in KINDS
    assert iso_ok(meta["published"])
    ids = [x["id"] for sec in ("events", "quantities", "claims") for x in gold.get(sec) or []]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for ev in gold["events"]:
        assert ev["id"].startswith("e")
        assert ev["type"] in PLOVER, ev["id"]
        assert ev["stance"] in STANCES, ev["id"]
        assert ev["when"] is None or iso_ok(ev["when"]), ev["id"]
        assert isinstance(ev["where"], list), ev["id"]
        assert "according_to" in ev
        for role in ("actor", "target"):
            party = ev[role]
            assert set(party) >= {"name", "country", "sector"}, (ev["id"], role)
            assert party["sector"] in SECTORS, (ev["id"], role)
    for tx in gold["timexes"]:
        assert tx["type"] in TIMEX_TYPES, tx["text"]
        assert iso_ok(tx["value"]), tx["text"]
        if "anchored" in tx:
            assert iso_ok(tx["anchored"]), tx["text"]
    for pl in gold["places"]:
        assert pl["kind"] in PLACE_KINDS, pl["text"]
        assert -90 <= pl["lat"] <= 90 and -180 <= pl["lon"] <= 180, pl["text"]
    for q in gold["quantities"]:
        assert q["id"].startswith("q") and q["qualifier"] in QUALIFIERS, q["id"]
        assert q["value"] is None or isinstance(q["value"], (int, float)), q["id"]
    for c in gold["claims"]:
        assert c["id"].startswith("c") and isinstance(c["citations"], list), c["id"]
    urls = {ct["url"] for ct in gold["citations"]}
    for c in gold["claims"]:
        assert set(c["citations"]) <= urls, f"{c['id']} cites a URL missing from citations"


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_quotes_are_substrings(gold_path: Path):
    gold = load_yaml(gold_path)
    text = document_text(gold_document(gold_path))
    missing = [(where, s) for where, s in substrings(gold) if s not in text]
    assert not missing, missing


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_place_mentions_and_urls_occur(gold_path: Path):
    gold = load_yaml(gold_path)
    text = document_text(gold_document(gold_path))
    raw = gold_document(gold_path).read_text(encoding="utf-8")
    for pl in gold["places"]:
        assert text.count(pl["text"]) >= pl.get("mentions", 1), pl["text"]
    for ct in gold["citations"]:
        assert ct["url"] is None or ct["url"] in raw, ct["url"]


def _gazetteer() -> dict[str, dict]:
    """Gazetteer entries by case-folded name and alternative name (a dateline may print KESSEL)."""
    names = {}
    for entry in load_yaml(EXAMPLES / "gazetteer.yaml"):
        for name in [entry["name"], *(entry.get("alt_names") or [])]:
            names[name.casefold()] = entry
    return names


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_places_agree_with_gazetteer(gold_path: Path):
    gaz = _gazetteer()
    for pl in load_yaml(gold_path)["places"]:
        entry = gaz.get(pl["text"].casefold())
        assert entry is not None, f"{pl['text']} is not in examples/gazetteer.yaml"
        assert (pl["lat"], pl["lon"], pl["kind"]) == (entry["lat"], entry["lon"], entry["kind"]), pl["text"]


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.name)
def test_actor_countries_are_defined(gold_path: Path):
    codes = {a["country"] for a in load_yaml(EXAMPLES / "actors.yaml")}
    for ev in load_yaml(gold_path)["events"]:
        for role in ("actor", "target"):
            party = ev[role]
            for code in [party["country"], *(party.get("countries") or [])]:
                assert code in codes, (ev["id"], role, code)


def test_resources_format():
    actors = load_yaml(EXAMPLES / "actors.yaml")
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    for a in actors:
        assert a["sector"] in SECTORS - {None} and isinstance(a.get("aliases", []), list), a["id"]
    for entry in load_yaml(EXAMPLES / "gazetteer.yaml"):
        assert entry["kind"] in PLACE_KINDS and -90 <= entry["lat"] <= 90, entry["name"]
    manifest = load_yaml(EXAMPLES / "corpus" / "parallax.yaml")
    corpus = EXAMPLES / "corpus"
    assert {d.stem for d in map(gold_document, GOLD_FILES)} == {Path(n).stem for n in manifest["documents"]}
    for name, meta in manifest["documents"].items():
        assert (corpus / name).is_file() and meta["side"] and meta["kind"] in KINDS, name
    for rel in [*manifest["actors"], *manifest["gazetteer"]]:
        assert (corpus / rel).is_file(), rel


def _ref_ids() -> dict[str, set[str]]:
    out = {}
    for gold_path in GOLD_FILES:
        gold = load_yaml(gold_path)
        out[gold_document(gold_path).name] = {x["id"] for sec in ("events", "quantities", "claims")
                                              for x in gold.get(sec) or []}
    return out


def _resolves(ref: str, ids: dict[str, set[str]]) -> bool:
    doc, _, item = ref.partition("#")
    return item in ids.get(doc, set())


def test_links_resolve():
    links = load_yaml(GOLD_DIR / "links.yaml")
    ids = _ref_ids()
    assert len(links["links"]) >= 8 and len(links["no_link"]) >= 3
    for link in links["links"]:
        assert _resolves(link["a"], ids) and _resolves(link["b"], ids), link
        assert link["a"].split("#")[0] != link["b"].split("#")[0], "links are cross-document"
        assert link["relation"] in RELATIONS, link
        on = link.get("on", link.get(True))  # YAML 1.1 reads a bare `on` key as True
        assert on is None or on in ON_VALUES, link
        if link["relation"] == "CONTRADICT":
            assert on in ON_VALUES, f"a CONTRADICT link says on what: {link}"
    linked = {r for link in links["links"] for r in (link["a"], link["b"])}
    for item in links["no_link"]:
        assert _resolves(item["ref"], ids), item
        assert item["ref"] not in linked, f"{item['ref']} is both linked and in no_link"


def test_checker_catches_a_bad_quote():
    """The substring check is not vacuous: a quote that is not in the text is reported."""
    gold_path = GOLD_FILES[0]
    gold = dict(load_yaml(gold_path))
    gold["claims"] = [{"id": "c999", "quote": "a sentence that appears nowhere", "speaker": None, "citations": []}]
    text = document_text(gold_document(gold_path))
    assert [s for _, s in substrings(gold) if s not in text] == ["a sentence that appears nowhere"]
