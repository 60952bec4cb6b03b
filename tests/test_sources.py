"""Source classification: outlets, registry facts, self-sourcing, per-document profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import ParallaxError
from parallax.extract.citations import domain
from parallax.extract.sources import (
    OutletTable,
    basis,
    classify_citations,
    side_country,
    source_profile,
)
from parallax.model import Analysis, Citation, Claim, Document, Link, Metadata
from parallax.resources import Resources

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

USER_OUTLETS = """
- {domain: mod.veldra.example.test, name: Veldran Ministry of Defence, kind: government, country: VEL, language: en}
- {domain: mfa.ostmark.example.test, name: Ostmarkian Foreign Ministry, kind: government, country: OST, language: en}
- {domain: marrow-herald.example.test, name: Marrow Herald, kind: news, country: VEL, language: en}
"""


@pytest.fixture(scope="module")
def resources(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    path = tmp_path_factory.mktemp("outlets") / "outlets.yaml"
    path.write_text(USER_OUTLETS, encoding="utf-8")
    return Resources(actor_files=[EXAMPLES / "actors.yaml"], outlet_files=[path])


def test_known_domains_have_outlet_kind_country_and_language() -> None:
    table = OutletTable.load()
    wire = table.lookup("reuters.com")
    assert (wire.name, wire.kind, wire.country, wire.language) == ("Reuters", "wire", "GBR", "en")
    assert table.lookup("uk.reuters.com").name == "Reuters"  # a subdomain of a listed outlet
    assert table.lookup("www.bbc.co.uk").kind == "news"
    assert table.lookup("twitter.com").kind == "social_media"
    assert table.lookup("news.un.org").kind == "intl_org"
    assert table.lookup("someone.substack.com").kind == "blog"


def test_unknown_domains_stay_unknown() -> None:
    table = OutletTable.load()
    assert table.lookup("marrow-herald.example.test") is None
    assert table.lookup("news.az") is None  # a country-code domain alone proves nothing
    assert table.lookup(None) is None


def test_registry_facts_of_government_and_treaty_domains() -> None:
    table = OutletTable.load()
    gov = table.lookup("www.defence.gov.au")
    assert (gov.kind, gov.country, gov.name, gov.basis) == ("government", "AUS", None, "registry")
    assert table.lookup("diplomatie.gouv.fr").country == "FRA"
    assert table.lookup("state.gov").country == "USA"
    assert table.lookup("some-treaty-body.int").kind == "intl_org"


def test_user_outlet_file_extends_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("- {domain: reuters.com, name: My Wire, kind: wire, country: VEL}\n"
                    "- {domain: harn-blog.example.test, name: A valley blog, kind: blog}\n", encoding="utf-8")
    monkeypatch.setenv("PARALLAX_OUTLETS", str(path))
    table = Resources().outlets
    assert table.lookup("reuters.com").name == "My Wire"
    assert table.lookup("harn-blog.example.test").kind == "blog"


def test_bad_outlet_file_is_a_parallax_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {domain: x.example.test, kind: tabloid}\n", encoding="utf-8")
    with pytest.raises(ParallaxError, match="kind"):
        OutletTable.load([path])
    path.write_text("- {name: no domain}\n", encoding="utf-8")
    with pytest.raises(ParallaxError, match="domain"):
        OutletTable.load([path])


def test_side_label_resolves_to_a_country_through_the_actor_dictionary(resources: Resources) -> None:
    assert side_country("veldra", resources) == "VEL"
    assert side_country("veldran", resources) == "VEL"  # an adjective label
    assert side_country("Kingdom of Ostmark", resources) == "OST"
    assert side_country("neutral", resources) is None
    assert side_country(None, resources) is None


def _cit(url: str | None, start: int, end: int) -> Citation:
    return Citation(marker=None, url=url, start=start, end=end, support_start=start, support_end=end,
                    kind="inline", domain=domain(url))


def _analysis() -> Analysis:
    sentences = [
        "The Ministry reported twelve launches near Dorva.",
        "The monitor confirmed the damage in Tamber.",
        "A video showed the convoy on the supply road.",
        "Officials in Kessel said the road was closed.",
        "Details are here.",
    ]
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    urls = ["https://mod.veldra.example.test/news/1", "https://www.osce.org/report/2",
            "https://twitter.com/someone/status/3", None]
    document = Document(text=text, meta=Metadata(side="veldra"),
                        links=[Link("here", None, spans[4][0] + 12, spans[4][0] + 16)])
    cits = [_cit(u, *spans[i]) for i, u in enumerate(urls) if u]
    cits.append(_cit("https://marrow-herald.example.test/a", *spans[0]))
    cits.append(_cit("https://unknown-site.example.test/b", *spans[1]))
    claims = [Claim(text=text[a:b], start=a, end=b, citations=[c.url for c in cits if c.start == a])
              for a, b in spans[:4]]
    return Analysis(document=document, citations=cits, claims=claims)


def test_self_sourcing_versus_independent(resources: Resources) -> None:
    analysis = _analysis()
    got = {c.domain: c for c in classify_citations(analysis, None, resources)}
    assert got["mod.veldra.example.test"].independent is False  # the document's own side
    assert got["mod.veldra.example.test"].source_kind == "government"
    assert got["marrow-herald.example.test"].independent is False
    assert got["osce.org"].independent is True  # an international organisation
    assert got["osce.org"].outlet == "OSCE"
    assert got["twitter.com"].independent is None  # a post: country unknown
    unknown = got["unknown-site.example.test"]
    assert (unknown.outlet, unknown.source_kind, unknown.independent, basis(unknown)) == (None, None, None, "unknown")
    assert analysis.citations[0].source_kind is None  # the input records are left alone


def test_independence_flips_with_the_side(resources: Resources) -> None:
    analysis = _analysis()
    analysis.document.meta.side = "ostmark"
    got = {c.domain: c.independent for c in classify_citations(analysis, None, resources)}
    assert got["mod.veldra.example.test"] is True
    analysis.document.meta.side = None
    got = {c.domain: c.independent for c in classify_citations(analysis, None, resources)}
    assert got["mod.veldra.example.test"] is None
    assert got["osce.org"] is True


def test_source_profile_numbers(resources: Resources) -> None:
    analysis = _analysis()
    analysis.citations = classify_citations(analysis, None, resources)
    profile = source_profile(analysis)
    assert profile["claims"] == 4
    assert profile["claims_cited"] == 3  # the fourth claim has no citation
    assert profile["share_cited"] == 0.75
    assert profile["claims_independent"] == 1  # only the OSCE-cited claim
    assert profile["share_independent"] == 0.25
    assert profile["citations"] == 5
    assert profile["self_sourced"] == 2
    assert profile["social_media"] == 1
    assert profile["dead_ends"] == 1
    assert profile["unknown_domains"] == ["unknown-site.example.test"]
    assert profile["by_kind"] == {"government": 1, "intl_org": 1, "news": 1, "social_media": 1, "unknown": 1}


def test_empty_profile_has_no_shares() -> None:
    profile = source_profile(Analysis(document=Document(text="Nothing cited.")))
    assert profile["share_cited"] is None and profile["citations"] == 0 and profile["dead_ends"] == 0


def test_classified_citations_and_frames_survive_the_store(tmp_path: Path, resources: Resources) -> None:
    from parallax.model import Frame, Provenance
    from parallax.store import open_store

    analysis = _analysis()
    analysis.citations = classify_citations(analysis, None, resources)
    analysis.frames = [Frame(text="Ministry", start=4, end=12, technique="appeal_to_authority", term="ministry",
                             lexicon="framing_lexicon.yaml", prov=Provenance("framing", "1", 0.7))]
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        store.save_analysis(analysis)
        loaded = store.load_analysis(analysis.document.content_hash[:12])
    finally:
        store.close()
    assert loaded.citations == analysis.citations
    assert loaded.frames == analysis.frames
    assert sorted(str(c.independent) for c in loaded.citations) == ["False", "False", "None", "None", "True"]
