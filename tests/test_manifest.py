"""Corpus manifests (YAML and CSV): what they declare, how declared values
win over inferred ones, and the errors for invalid manifests."""

from __future__ import annotations

import pytest

from parallax.errors import ManifestError
from parallax.read import read_path
from parallax.read.manifest import load_manifest

STATEMENT = ("Statement of the Veldra council\n\nThe council condemns the shelling of Lenz.\n\n"
             "Issued by the Veldra Council for Border Affairs\n\nFriday 4th April 2031\n")


def test_no_manifest(tmp_path):
    assert load_manifest(tmp_path) is None


def test_yaml_manifest(tmp_path):
    (tmp_path / "actors.yaml").write_text("actors: []\n")
    (tmp_path / "places.csv").write_text("name,lat,lon\n")
    (tmp_path / "parallax.yaml").write_text(
        "corpus: veldra-2031\n"
        "actors: [actors.yaml]\n"
        "gazetteer: places.csv\n"
        "documents:\n"
        "  statement.txt:\n"
        "    publisher: Veldra Council\n"
        "    published: 2031-04-03\n"
        "    side: veldra\n"
        "    kind: statement\n"
        "    locale: en_GB\n"
        "  sub/other.txt: {side: ostmark}\n")
    manifest = load_manifest(tmp_path)
    assert manifest.corpus == "veldra-2031"
    assert manifest.actor_files == [tmp_path / "actors.yaml"]
    assert manifest.gazetteer_files == [tmp_path / "places.csv"]
    meta = manifest.declared_for(tmp_path / "statement.txt")
    assert meta.published == "2031-04-03"  # a YAML date becomes an ISO string
    assert meta.side == "veldra" and meta.locale == "en_GB"
    assert meta.origin == {k: "declared" for k in ("publisher", "published", "side", "kind", "locale")}
    assert manifest.declared_for(tmp_path / "sub" / "other.txt").side == "ostmark"
    assert manifest.declared_for(tmp_path / "unknown.txt") is None


def test_manifest_values_win_over_inferred(tmp_path):
    (tmp_path / "statement.txt").write_text(STATEMENT)
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  statement.txt: {publisher: Veldra Council, side: veldra, kind: statement}\n")
    manifest = load_manifest(tmp_path)
    doc = read_path(tmp_path / "statement.txt", declared=manifest.declared_for(tmp_path / "statement.txt"))
    assert doc.meta.publisher == "Veldra Council" and doc.meta.origin["publisher"] == "declared"
    assert doc.meta.side == "veldra" and doc.meta.kind == "statement"
    assert doc.meta.published == "2031-04-04" and doc.meta.origin["published"] == "inferred:signature"
    undeclared = read_path(tmp_path / "statement.txt")
    assert undeclared.meta.publisher == "Veldra Council for Border Affairs"
    assert undeclared.meta.origin["publisher"] == "inferred:publisher-line"


def test_csv_manifest(tmp_path):
    (tmp_path / "manifest.csv").write_text(
        "file,publisher,published,side,kind,title\n"
        "statement.txt,Veldra Council,2031-04,veldra,statement,\n"
        "brief.txt,,,ostmark,briefing,Ostmark brief\n")
    manifest = load_manifest(tmp_path)
    first = manifest.declared_for("statement.txt")
    assert first.published == "2031-04" and first.title is None
    second = manifest.declared_for(tmp_path / "brief.txt")
    assert second.title == "Ostmark brief" and second.publisher is None and second.kind == "briefing"


@pytest.mark.parametrize("name,content,reason", [
    ("parallax.yaml", "documents: [unclosed\n", "invalid manifest"),
    ("parallax.yaml", "- just a list\n", "mapping"),
    ("parallax.yaml", "corpus: x\nsources: []\n", "unknown key"),
    ("parallax.yaml", "documents:\n  a.txt: {colour: red}\n", "unknown field"),
    ("parallax.yaml", "documents:\n  a.txt: {published: 'last spring'}\n", "ISO date"),
    ("parallax.yaml", "documents:\n  a.txt: {kind: rumour}\n", "kind must be"),
    ("parallax.yaml", "actors: [missing.yaml]\n", "not found"),
    ("manifest.csv", "name,side\na.txt,veldra\n", "'file' column"),
    ("manifest.csv", "file,side,colour\na.txt,veldra,red\n", "unknown column"),
])
def test_invalid_manifests(tmp_path, name, content, reason):
    (tmp_path / name).write_text(content)
    with pytest.raises(ManifestError) as info:
        load_manifest(tmp_path)
    assert reason in info.value.reason
    assert info.value.code == "P110" and info.value.path.endswith(name)
