"""Consistency checks for the synthetic corpora written by team members who
read no extraction code: the held-out set (examples/heldout/, never used
for tuning) and the three development sets (examples/dev/*, studied while
developing). The tests only check that their gold files are well formed:
they load with parallax.eval.gold, follow ../shared/gold/FORMAT.md, quote
their documents verbatim, agree with each other on place coordinates, and
that every reference in links.yaml resolves. They run no extraction.
"""

from __future__ import annotations

from dataclasses import dataclass
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

from parallax.eval.gold import load_gold_corpus
from parallax.read.manifest import load_manifest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@dataclass(frozen=True)
class Corpus:
    """One synthetic corpus: where it is, how many documents, the states
    (ISO 3166 alpha-3) and sides its gold may name."""

    folder: Path
    documents: int
    countries: frozenset
    sides: frozenset

    @property
    def gold_files(self) -> list[Path]:
        return sorted((self.folder / "gold").glob("*.gold.yaml"))


CORPORA = {
    # the two sides and the four guarantors of the 1942 Rio Protocol
    "heldout": Corpus(EXAMPLES / "heldout", 7, frozenset({"ECU", "PER", "ARG", "BRA", "CHL", "USA", None}),
                      frozenset({"ecuador", "peru", "neutral"})),
    # the two sides, the two facilitators, two evacuating states
    "dev-badme": Corpus(EXAMPLES / "dev" / "badme_1998", 6,
                        frozenset({"ERI", "ETH", "USA", "RWA", "ITA", "DEU", None}),
                        frozenset({"eritrea", "ethiopia", "neutral"})),
    # the two sides and the ASEAN chair
    "dev-preah-vihear": Corpus(EXAMPLES / "dev" / "preah_vihear_2011", 6, frozenset({"KHM", "THA", "IDN", None}),
                               frozenset({"cambodia", "thailand", "neutral"})),
    # the two sides and the mediating United States
    "dev-kargil": Corpus(EXAMPLES / "dev" / "kargil_1999", 6, frozenset({"IND", "PAK", "USA", None}),
                         frozenset({"india", "pakistan", "neutral"})),
    # the two sides (the South Ossetian authority coded by name), the French mediator, the United States
    # and the five presidents who visited Tbilisi
    "dev-georgia": Corpus(EXAMPLES / "dev" / "georgia_2008", 6,
                          frozenset({"GEO", "RUS", "FRA", "USA", "UKR", "POL", "EST", "LVA", "LTU", None}),
                          frozenset({"georgia", "russia", "south_ossetia", "neutral"})),
}

GOLD_FILES = [(name, path) for name, corpus in CORPORA.items() for path in corpus.gold_files]
_IDS = [f"{name}:{path.name}" for name, path in GOLD_FILES]


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_shape(name: str):
    spec = CORPORA[name]
    assert len(spec.gold_files) == spec.documents
    corpus = load_gold_corpus(spec.folder / "gold")
    assert len(corpus.documents) == spec.documents and corpus.links
    manifest = load_manifest(spec.folder / "corpus")
    assert manifest is not None and not manifest.actor_files and not manifest.gazetteer_files
    assert set(manifest.documents) == {gold_document(g).name for g in spec.gold_files}
    assert {gold_document(g).suffix for g in spec.gold_files} == {".txt", ".md", ".html"}


@pytest.mark.parametrize("name, gold_path", GOLD_FILES, ids=_IDS)
def test_word_count(name: str, gold_path: Path):
    words = len(document_text(gold_document(gold_path)).split())
    assert 300 <= words <= 1500, words


@pytest.mark.parametrize("name, gold_path", GOLD_FILES, ids=_IDS)
def test_schema(name: str, gold_path: Path):
    spec = CORPORA[name]
    gold = load_yaml(gold_path)
    assert gold_document(gold_path).is_file()
    assert gold_path.name == gold_document(gold_path).stem + ".gold.yaml"
    meta = gold["meta"]
    assert meta["publisher"] and meta["side"] in spec.sides
    assert meta["kind"] in KINDS and iso_ok(meta["published"])
    ids = [x["id"] for sec in ("events", "quantities", "claims") for x in gold.get(sec) or []]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for ev in gold["events"]:
        assert ev["id"].startswith("e") and ev["type"] in PLOVER and ev["stance"] in STANCES, ev["id"]
        assert ev["when"] is None or iso_ok(ev["when"]), ev["id"]
        assert isinstance(ev["where"], list) and "according_to" in ev, ev["id"]
        for role in ("actor", "target"):
            party = ev[role]
            assert set(party) >= {"name", "country", "sector"}, (ev["id"], role)
            assert party["sector"] in SECTORS, (ev["id"], role)
            for code in [party["country"], *(party.get("countries") or [])]:
                assert code in spec.countries, (ev["id"], role, code)
    for tx in gold["timexes"]:
        assert tx["type"] in TIMEX_TYPES and iso_ok(tx["value"]), tx["text"]
    for pl in gold["places"]:
        assert pl["kind"] in PLACE_KINDS, pl["text"]
        assert -90 <= pl["lat"] <= 90 and -180 <= pl["lon"] <= 180, pl["text"]
    for q in gold["quantities"]:
        assert q["id"].startswith("q") and q["qualifier"] in QUALIFIERS, q["id"]
        assert q["value"] is None or isinstance(q["value"], (int, float)), q["id"]
    urls = {ct["url"] for ct in gold["citations"]}
    for c in gold["claims"]:
        assert c["id"].startswith("c") and set(c["citations"]) <= urls, c["id"]


@pytest.mark.parametrize("name, gold_path", GOLD_FILES, ids=_IDS)
def test_quotes_are_substrings(name: str, gold_path: Path):
    gold = load_yaml(gold_path)
    text = document_text(gold_document(gold_path))
    missing = [(where, s) for where, s in substrings(gold) if s not in text]
    assert not missing, missing


@pytest.mark.parametrize("name, gold_path", GOLD_FILES, ids=_IDS)
def test_place_mentions_and_urls_occur(name: str, gold_path: Path):
    gold = load_yaml(gold_path)
    text = document_text(gold_document(gold_path))
    raw = gold_document(gold_path).read_text(encoding="utf-8")
    for pl in gold["places"]:
        assert text.count(pl["text"]) >= pl.get("mentions", 1), pl["text"]
    for ct in gold["citations"]:
        assert ct["url"] in raw, ct["url"]


@pytest.mark.parametrize("name", CORPORA)
def test_places_agree_across_documents(name: str):
    """One point per place name in the whole corpus (the gold is one analyst's gazetteer)."""
    seen: dict[str, tuple] = {}
    for gold_path in CORPORA[name].gold_files:
        for pl in load_yaml(gold_path)["places"]:
            point = (pl["lat"], pl["lon"], pl["kind"])
            assert seen.setdefault(pl["text"], point) == point, (gold_path.name, pl["text"])


def _ref_ids(gold_files: list[Path]) -> dict[str, set[str]]:
    return {gold_document(g).name: {x["id"] for sec in ("events", "quantities", "claims")
                                    for x in load_yaml(g).get(sec) or []} for g in gold_files}


def _resolves(ref: str, ids: dict[str, set[str]]) -> bool:
    doc, _, item = ref.partition("#")
    return item in ids.get(doc, set())


@pytest.mark.parametrize("name", CORPORA)
def test_links_resolve(name: str):
    spec = CORPORA[name]
    links = load_yaml(spec.folder / "gold" / "links.yaml")
    ids = _ref_ids(spec.gold_files)
    assert len(links["links"]) >= 15 and len(links["no_link"]) >= 5
    for link in links["links"]:
        assert _resolves(link["a"], ids) and _resolves(link["b"], ids), link
        assert link["a"].split("#")[0] != link["b"].split("#")[0], "links are cross-document"
        assert link["relation"] in RELATIONS, link
        on = link.get("on", link.get(True))
        assert on is None or on in ON_VALUES, link
        if link["relation"] == "CONTRADICT":
            assert on in ON_VALUES, link
    linked = {r for link in links["links"] for r in (link["a"], link["b"])}
    for item in links["no_link"]:
        assert _resolves(item["ref"], ids), item
        assert item["ref"] not in linked, item["ref"]


def test_checker_catches_a_bad_quote():
    """The substring check is not vacuous."""
    first = GOLD_FILES[0][1]
    gold = dict(load_yaml(first))
    gold["claims"] = [{"id": "c999", "quote": "a sentence that appears nowhere", "speaker": None, "citations": []}]
    text = document_text(gold_document(first))
    assert [s for _, s in substrings(gold) if s not in text] == ["a sentence that appears nowhere"]
