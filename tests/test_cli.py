"""End-to-end: the command line over real files, a real store, real models."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"

GOOD_STATEMENT = """Statement of the Ministry of Defence of Veldra

On the night of 3 to 4 March 2025, units of the Ostmark army shelled Veldran positions near Dorva with mortars.
Three Veldran soldiers were killed and seven were wounded, the ministry said.
Not a single civilian object was targeted by the Armed Forces of Veldra.

Issued in Marrow, Tuesday 4 March 2025
"""


def parallax(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed CLI in a subprocess, as a user would."""
    exe = Path(sys.executable).parent / "parallax"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, cwd=cwd)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "good.txt").write_text(GOOD_STATEMENT, encoding="utf-8")
    (folder / "good_cp1251.txt").write_bytes(
        ("Заявление министерства\n\n" + GOOD_STATEMENT.replace("Dorva", "Lisk")).encode("cp1251"))
    (folder / "good_utf16.txt").write_bytes(GOOD_STATEMENT.replace("Dorva", "Tamber").encode("utf-16"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage\x00\xff")
    return folder


def test_analyze_reports_bad_files_and_stores_good_ones(mixed_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    result = parallax("analyze", str(mixed_folder), "--db", str(db))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for bad in ("empty.txt", "binary.txt", "corrupt.pdf"):
        line = next((l for l in output.splitlines() if bad in l and "failed" in l), None)
        assert line is not None, f"{bad} not reported as failed:\n{output}"
    stats = json.loads(parallax("stats", "--json", "--db", str(db)).stdout)
    assert stats["documents"] == 3
    assert stats["failed"] == 3
    assert stats["events"] > 0


def test_analyze_is_idempotent(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_STATEMENT, encoding="utf-8")
    db = tmp_path / "store.db"
    first = parallax("analyze", str(folder), "--db", str(db))
    assert first.returncode == 0, first.stderr
    before = json.loads(parallax("stats", "--json", "--db", str(db)).stdout)
    second = parallax("analyze", str(folder / "a.txt"), "--db", str(db))
    assert second.returncode == 0
    assert "unchanged" in second.stdout
    after = json.loads(parallax("stats", "--json", "--db", str(db)).stdout)
    assert before == after


def test_show_and_export(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "statement.txt").write_text(GOOD_STATEMENT, encoding="utf-8")
    db = tmp_path / "store.db"
    assert parallax("analyze", str(folder), "--db", str(db), "--side", "veldra").returncode == 0
    shown = parallax("show", "statement.txt", "--db", str(db))
    assert shown.returncode == 0, shown.stderr
    assert "Events" in shown.stdout and "veldra" in shown.stdout
    missing = parallax("show", "nothing-like-this", "--db", str(db))
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
    out_json = tmp_path / "all.json"
    assert parallax("export", "--format", "json", "-o", str(out_json), "--db", str(db)).returncode == 0
    data = json.loads(out_json.read_text())
    assert data["documents"][0]["document"]["meta"]["side"] == "veldra"
    assert data["documents"][0]["document"]["meta"]["origin"]["side"] == "declared"
    out_csv = tmp_path / "events.csv"
    assert parallax("export", "--format", "csv", "-o", str(out_csv), "--db", str(db)).returncode == 0
    header = out_csv.read_text().splitlines()[0]
    assert "type" in header


def test_eval_json_on_examples() -> None:
    result = parallax("eval", str(EXAMPLES / "gold"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("events", "timexes", "places", "quantities", "claims", "citations", "links"):
        assert key in data, key
    assert data["documents"] >= 4


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="../shared/gold is not present")
def test_eval_on_seed_gold_prints_all_categories() -> None:
    result = parallax("eval", str(SHARED / "gold"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    print(json.dumps(data, indent=1))
    assert data["documents"] == 2
    for key in ("events", "timexes", "places", "quantities", "claims", "citations", "links"):
        assert key in data, key
    for key in ("precision", "recall", "f1", "gold", "predicted", "field_accuracy"):
        assert key in data["events"]
    for key in ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "value_accuracy", "gold"):
        assert key in data["timexes"]
    for key in ("acc_161km", "acc_25km", "mean_km", "median_km", "recall", "gold"):
        assert key in data["places"]
    assert 0.0 <= data["citations"]["f1"] <= 1.0


def test_eval_rejects_missing_folder(tmp_path: Path) -> None:
    result = parallax("eval", str(tmp_path / "nope"), "--json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_gazetteer_import_geonames_command(tmp_path: Path) -> None:
    dump = tmp_path / "XX.txt"
    row = ["424242", "Brenvik", "Brenvik", "Brenwick,Brenvík", "61.25", "7.75", "P", "PPLA", "XX", "",
           "01", "", "", "", "12000", "", "40", "Europe/Oslo", "2024-01-01"]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    store = tmp_path / "gaz.sqlite"
    result = parallax("gazetteer", "import-geonames", str(dump), "--db", str(store))
    assert result.returncode == 0, result.stderr
    import sqlite3

    with sqlite3.connect(store) as con:
        assert con.execute("select count(*) from names").fetchone()[0] >= 2
    bad = parallax("gazetteer", "import-geonames", str(tmp_path / "missing.zip"), "--db", str(store))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
