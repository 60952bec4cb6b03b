"""parallax batch: local and Dask engines over a small generated corpus (fictional)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from parallax.batch import BatchRun, analyse_many
from parallax.batch.output import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import generate_corpus

N_GOOD = 10
KINDS = ("documents", "events", "claims", "quantities", "citations", "places")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate_corpus.write_files(generate_corpus.generate(N_GOOD, seed=11), folder)
    (folder / "veldra" / "broken.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 not really a pdf \xff\xfe")
    return folder


def parquet_rows(out: Path, kind: str) -> list[dict]:
    folder = out / kind
    if not any(folder.glob("*.parquet")):
        return []
    return ds.dataset(folder, format="parquet", schema=SCHEMAS[kind]).to_table().to_pylist()


def check_outputs(run: BatchRun, out: Path) -> dict[str, int]:
    """Store and Parquet agree, document by document and kind by kind."""
    stats = run.store.stats()
    assert stats["documents"] == N_GOOD
    counts = {kind: len(parquet_rows(out, kind)) for kind in KINDS}
    assert counts["documents"] == N_GOOD
    hashes = [r["content_hash"] for r in parquet_rows(out, "documents")]
    assert len(set(hashes)) == N_GOOD  # nothing written twice
    for kind in KINDS[1:]:
        assert counts[kind] == stats[kind], kind
    assert counts["events"] > N_GOOD and counts["claims"] > 0 and counts["quantities"] > 0
    failures = run.store.failures()
    assert [Path(f["path"]).name for f in failures] == ["broken.pdf"]
    assert failures[0]["code"].startswith("P1")
    assert [r["key"] for r in parquet_rows(out, "failures")] == [failures[0]["path"]]
    return counts


def test_local_engine_then_rerun_does_nothing(corpus: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'b.db'}"
    run = BatchRun(str(corpus), db, out=out, engine="local", partition_size=4)
    summary = run.run(progress=False)
    assert (summary.analysed, summary.failed, summary.stored, summary.parquet) == (N_GOOD, 1, N_GOOD, N_GOOD)
    assert summary.failures[0][0].endswith("broken.pdf")
    counts = check_outputs(run, out)
    assert summary.links > 0  # alignment ran over the loaded store
    files = sorted(p.name for p in out.rglob("*.parquet"))

    again = BatchRun(str(corpus), db, out=out, engine="local", partition_size=4).run(progress=False)
    assert (again.analysed, again.skipped, again.stored, again.parquet) == (0, N_GOOD, 0, 0)
    assert again.failed == 1  # the bad file is tried again, and recorded once
    assert check_outputs(run, out) == counts
    assert sorted(p.name for p in out.rglob("*.parquet")) == files


def test_resume_after_a_crash(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'b.db'}"
    real_write = BatchRun._write
    calls = []

    def crashing(self, outcomes, corpus_name, summary):
        if calls:
            raise KeyboardInterrupt("simulated crash")
        calls.append(1)
        real_write(self, outcomes, corpus_name, summary)

    monkeypatch.setattr(BatchRun, "_write", crashing)
    first = BatchRun(str(corpus), db, out=out, engine="local", partition_size=4)
    with pytest.raises(KeyboardInterrupt):
        first.run(progress=False)
    done_before = first.store.stats()["documents"]
    assert 0 < done_before < N_GOOD
    monkeypatch.setattr(BatchRun, "_write", real_write)
    second = BatchRun(str(corpus), db, out=out, engine="local", partition_size=4)
    summary = second.run(progress=False)
    assert summary.analysed == N_GOOD - done_before and summary.skipped == done_before
    check_outputs(second, out)


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as c:
        yield c


def test_dask_engine_matches_local(corpus: Path, tmp_path: Path, cluster) -> None:
    out, db = tmp_path / "out", f"sqlite:///{tmp_path / 'd.db'}"
    run = BatchRun(str(corpus), db, out=out, engine="dask", scheduler=cluster.scheduler_address, partition_size=3)
    summary = run.run(progress=False)
    assert (summary.analysed, summary.failed, summary.stored) == (N_GOOD, 1, N_GOOD)
    counts = check_outputs(run, out)

    local_out = tmp_path / "local"
    local = BatchRun(str(corpus), f"sqlite:///{tmp_path / 'l.db'}", out=local_out, engine="local")
    local.run(progress=False)
    assert {k: len(parquet_rows(local_out, k)) for k in KINDS} == counts

    again = BatchRun(str(corpus), db, out=out, engine="dask", scheduler=cluster.scheduler_address).run(progress=False)
    assert (again.analysed, again.skipped, again.stored, again.parquet) == (0, N_GOOD, 0, 0)

    from dask.distributed import Client

    from parallax.batch.work import model_loads

    with Client(cluster.scheduler_address) as client:  # long-lived workers: the model was loaded once each
        assert list(client.run(model_loads).values()) == [1, 1]


def test_jsonl_input(tmp_path: Path, store_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """JSONL records (and a bad line, an empty text) into SQLite and PostgreSQL."""
    src = tmp_path / "articles.jsonl"
    generate_corpus.write_jsonl(generate_corpus.generate(5, seed=3), src)
    with src.open("a") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "empty", "text": "  "}) + "\n")
    actors = ROOT / "examples" / "actors.yaml"
    from parallax.batch import WorkOptions

    run = BatchRun(str(src), store_url, out=tmp_path / "out",
                   options=WorkOptions(actor_files=(str(actors),)))
    with caplog.at_level(logging.WARNING, logger="parallax.batch.output"):
        summary = run.run(progress=False)
    # PostgreSQL: the COPY path wrote them, no fallback warning (Dask's own
    # INFO lines from its threads may land in caplog too: not ours to judge)
    assert not [r for r in caplog.records if r.name.startswith("parallax")]
    assert (summary.analysed, summary.failed) == (5, 2)
    stats = run.store.stats()
    for kind in ("events", "claims", "quantities", "places"):
        assert stats[kind] == len(parquet_rows(tmp_path / "out", kind)) > 0
    # What the store gives back is what the pipeline made.
    from parallax.batch.sources import collect
    from parallax.batch.work import read_item, resources_for
    from parallax.model import to_dict

    item = next(iter(collect(str(src)).items))
    fresh = analyse_many([read_item(item, run.options)], resources_for(run.options))[0]
    assert to_dict(run.store.load_analysis(item.key)) == to_dict(fresh)
    docs = run.store.documents()
    assert all(d["path"].startswith("https://") and d["side"] in ("veldra", "ostmark", "monitor") for d in docs)
    assert all(d["published"] and d["publisher"] for d in docs)
    assert {Path(k).name.split(":")[-1] if ":" in k else k for k, _ in summary.failures} == {"6", "empty"}


def test_batched_nlp_equals_one_at_a_time(corpus: Path) -> None:
    from parallax.model import to_dict
    from parallax.pipeline import analyse
    from parallax.read import iter_paths, read_path
    from parallax.resources import Resources

    resources = Resources(actor_files=[corpus / "actors.yaml"], gazetteer_files=[corpus / "gazetteer.yaml"])
    docs = [read_path(p) for p in iter_paths([str(corpus)]) if p.suffix == ".txt"][:6]
    batched = analyse_many(docs, resources)
    assert [to_dict(a) for a in batched] == [to_dict(analyse(d, resources)) for d in docs]


def test_cli(corpus: Path, tmp_path: Path) -> None:
    from parallax.cli import app

    res = CliRunner().invoke(app, ["batch", str(corpus), "--db", str(tmp_path / "c.db"), "--out",
                                   str(tmp_path / "out"), "-q", "--no-align"])
    assert res.exit_code == 1, res.output  # one document failed
    assert f"{N_GOOD + 1} documents: {N_GOOD} analysed, 0 already done, 1 failed" in res.output.replace("\n", " ")
    res = CliRunner().invoke(app, ["batch", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "c.db")])
    assert res.exit_code != 0


def test_url_list(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from parallax.batch import WorkOptions
    from parallax.fetch import FetchPolicy

    docs = generate_corpus.generate(2, seed=4)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            n = int(self.path.strip("/").removesuffix(".txt"))
            body = docs[n].text.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# two statements\nhttp://127.0.0.1:{httpd.server_address[1]}/0.txt\n"
                        f"http://127.0.0.1:{httpd.server_address[1]}/1.txt\n")
        refused = BatchRun(str(urls), f"sqlite:///{tmp_path / 'r.db'}").run(progress=False)
        assert refused.failed == 2 and all("refused" in reason for _, reason in refused.failures)
        allowed = WorkOptions(fetch_policy=FetchPolicy(allow_private=True))
        run = BatchRun(str(urls), f"sqlite:///{tmp_path / 'u.db'}", options=allowed)
        assert run.run(progress=False).analysed == 2
        again = BatchRun(str(urls), f"sqlite:///{tmp_path / 'u.db'}", options=allowed).run(progress=False)
        assert (again.analysed, again.skipped) == (0, 2)  # fetched URLs are not fetched again
        assert {d["path"] for d in run.store.documents()} == {u for u in urls.read_text().split() if "://" in u}
    finally:
        httpd.shutdown()
