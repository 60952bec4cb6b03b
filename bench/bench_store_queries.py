"""Store at scale: typical workbench queries on a PostgreSQL store of
10,000 generated documents.

    .venv/bin/python bench/bench_store_queries.py [--n 10000] [--pipeline] [--url URL]

The documents come from bench/generate_corpus.py. By default their
analyses are built from what the generator knows each document says
(events with actors, targets, dates, places, figures; quotes as claims),
which takes seconds instead of the ~10 minutes the real pipeline needs on
two cores; ``--pipeline`` runs them through ``parallax batch --engine local``
instead. Either way they are written by the batch's store writer (one
transaction per partition of 200). Each query is run 15 times; the median
and the 90th percentile are printed, at head (with the indices of migration
0003) and again with those indices dropped inside a transaction that is
rolled back, so the ratio shows what they buy.

The server: ``--url``, else ``PARALLAX_TEST_PG``, else the one
scripts/pg-test-server.sh starts. A database ``parallax_bench`` is (re)created.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate_corpus as gen
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from parallax import model as m

DB_NAME = "parallax_bench"
REPEAT = 15
INDICES_0003 = ("ix_documents_fts", "ix_events_type_time_begin", "ix_documents_published_id")

QUERIES = {
    "documents list, page 1 (50 newest)":
        "SELECT id, title, publisher, published, side, kind FROM documents "
        "ORDER BY published DESC, id DESC LIMIT 50",
    "documents list, page 100 (offset 4950)":
        "SELECT id, title, publisher, published, side, kind FROM documents "
        "ORDER BY published DESC, id DESC LIMIT 50 OFFSET 4950",
    "documents of one side, page 1":
        "SELECT id, title, publisher, published FROM documents WHERE side = 'ostmark' "
        "ORDER BY published DESC, id DESC LIMIT 50",
    "events: side + type + month, first 100":
        "SELECT e.id, e.type, e.trigger, e.time_begin, d.title FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE d.side = 'veldra' AND e.type = 'ASSAULT' AND e.time_begin >= '2025-03-01' "
        "AND e.time_begin < '2025-04-01' ORDER BY e.time_begin, e.id LIMIT 100",
    "events: type + date range, count":
        "SELECT count(*) FROM events WHERE type = 'MOBILIZE' AND time_begin BETWEEN '2025-06-01' AND '2025-06-30'",
    "events per type for one side (facet)":
        "SELECT e.type, count(*) FROM events e JOIN documents d ON d.id = e.document_id "
        "WHERE d.side = 'monitor' GROUP BY e.type",
    "one document's claims and events (detail page)":
        "SELECT c.text, c.speaker FROM claims c WHERE c.document_id = 5000 "
        "UNION ALL SELECT e.trigger, e.type FROM events e WHERE e.document_id = 5000",
    "full-text search (tsvector, 50 hits)":
        "SELECT id, title FROM documents WHERE to_tsvector('english', text) @@ "
        "plainto_tsquery('english', 'tanks Gorsk') ORDER BY published DESC LIMIT 50",
    "full-text search (ILIKE substring, 50 hits)":
        "SELECT id, title FROM documents WHERE text ILIKE '%tanks towards Gorsk%' ORDER BY published DESC LIMIT 50",
}


def server_url(arg: str | None) -> str:
    url = arg or os.environ.get("PARALLAX_TEST_PG")
    if url:
        return url
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh")], capture_output=True, text=True,
                          check=True)
    return proc.stdout.strip().splitlines()[-1]


def fresh_database(url: str) -> str:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{DB_NAME}"')
    admin.dispose()
    return make_url(url).set(database=DB_NAME).render_as_string(hide_password=False)


# --------------------------------------------------------------------------
# Analyses from what the generator knows
# --------------------------------------------------------------------------


def _actor(code: str | None) -> list[m.Actor]:
    return [m.Actor(text=code, name=code, country=code)] if code else []


def analysis_of(d: gen.GenDoc) -> m.Analysis:
    meta = m.Metadata(title=d.title, publisher=d.publisher, published=d.published, side=d.side, kind=d.kind,
                      language="en")
    doc = m.Document(text=d.text, path=f"https://{d.side}.example/{d.id}", format="txt",
                     blocks=[m.Block(m.BlockKind.PARAGRAPH, s, e) for s, e in d.paragraphs], meta=meta)
    a = m.Analysis(document=doc, sentences=[m.Sentence(s.start, s.end) for s in d.said])
    for s in d.said:
        sentence = d.text[s.start:s.end]
        quantities = [m.Quantity(str(int(v)), s.start, s.end, v) for v in s.figures]
        a.quantities += quantities
        if s.kind == "event":
            t0 = s.start + max(sentence.find(s.trigger or ""), 0)
            time_ = m.TimeExpr(s.when, s.start, s.end, s.when, begin=s.when, end_date=s.when) if s.when else None
            places = [m.PlaceMention(s.place, s.start, s.end, m.Place(s.place, None, None, "town"), "event_location")
                      ] if s.place else []
            a.places += places
            if time_:
                a.times.append(time_)
            a.events.append(m.Event(s.type or "ASSAULT", t0, t0 + len(s.trigger or ""), s.start, s.end,
                                    s.trigger or "", actors=_actor(s.actor), targets=_actor(s.target), time=time_,
                                    places=places, stance=s.stance, quantities=quantities))
        elif s.kind in ("quote", "figure"):
            a.claims.append(m.Claim(sentence, s.start, s.end, speaker=s.speaker, checkworthy=0.6,
                                    kind="figure" if s.kind == "figure" else "statement"))
    return a


# --------------------------------------------------------------------------
# Loading and measuring
# --------------------------------------------------------------------------


def load(url: str, n: int, pipeline: bool, bulk: bool = True) -> tuple[float, str]:
    from parallax.batch.output import save_partition
    from parallax.store import open_store

    docs = gen.generate(n, seed=7)
    started = time.perf_counter()
    if pipeline:
        import tempfile

        from parallax.batch import BatchRun, WorkOptions

        src = Path(tempfile.mkdtemp()) / "corpus.jsonl"
        gen.write_jsonl(docs, src)
        world = gen.WORLD.parent / "../examples"
        BatchRun(str(src), url, engine="local", partition_size=200, align=False,
                 options=WorkOptions((str((world / "actors.yaml").resolve()),),
                                     (str((world / "gazetteer.yaml").resolve()),))).run(progress=True)
        how = "real pipeline (batch --engine local)"
    else:
        store = open_store(url)
        for i in range(0, n, 200):
            save_partition(store, [analysis_of(d) for d in docs[i:i + 200]], "synthetic", bulk=bulk)
        store.close()
        how = ("analyses built from the generator's structure, "
               + ("COPY" if bulk else "per-document INSERTs") + ", partitions of 200")
    return time.perf_counter() - started, how


def measure(conn, sql: str) -> tuple[float, float]:
    conn.execute(text(sql)).fetchall()  # warm the cache
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        conn.execute(text(sql)).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def plan_uses_index(conn, sql: str) -> str:
    plan = "\n".join(r[0] for r in conn.execute(text(f"EXPLAIN {sql}")))
    used = sorted({w.strip('",') for line in plan.splitlines() for w in line.split() if w.startswith(("ix_", "pk_"))})
    return ", ".join(used) or "seq scan"


def main() -> None:
    ap = argparse.ArgumentParser(description="Store query times on PostgreSQL")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--pipeline", action="store_true", help="Analyse with the real pipeline (slow).")
    ap.add_argument("--url", help="PostgreSQL server URL (default: PARALLAX_TEST_PG or pg-test-server.sh)")
    ap.add_argument("--compare-load", type=int, metavar="N",
                    help="Only time loading N documents with COPY and with per-document INSERTs.")
    ap.add_argument("--reuse", action="store_true", help="Measure the database of an earlier run again.")
    args = ap.parse_args()
    if args.compare_load:
        for bulk in (False, True):
            seconds, how = load(fresh_database(server_url(args.url)), args.compare_load, False, bulk)
            print(f"loaded {args.compare_load} documents in {seconds:.1f} s "
                  f"({args.compare_load / seconds:.0f} docs/s): {how}")
        return
    if args.reuse:
        url = make_url(server_url(args.url)).set(database=DB_NAME).render_as_string(hide_password=False)
        seconds, how = float("nan"), "reused"
    else:
        url = fresh_database(server_url(args.url))
        seconds, how = load(url, args.n, args.pipeline)
    engine = create_engine(url)
    # VACUUM as autovacuum would after a bulk load: without the visibility map
    # it sets, PostgreSQL prices index-only scans as heap scans and sorts instead
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    with engine.connect() as conn:
        counts = {t: conn.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("documents", "events", "claims")}
        rev = conn.scalar(text("SELECT version_num FROM alembic_version"))
    print(f"store: {counts['documents']} documents, {counts['events']} events, {counts['claims']} claims "
          f"(schema revision {rev}); loaded in {seconds:.1f} s ({counts['documents'] / seconds:.0f} docs/s), {how}")
    with engine.connect() as conn:
        with_idx = {name: (measure(conn, sql), plan_uses_index(conn, sql)) for name, sql in QUERIES.items()}
        conn.rollback()  # end the autobegun read transaction
        tx = conn.begin()
        for ix in INDICES_0003:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {ix}")
        without = {name: measure(conn, sql) for name, sql in QUERIES.items()}
        tx.rollback()
    print(f"\n{'query':48} {'median ms':>10} {'p90 ms':>8} {'without 0003':>13} {'ratio':>6}  index used")
    for name in QUERIES:
        (med, p90), used = with_idx[name]
        med0 = without[name][0]
        print(f"{name:48} {med:10.2f} {p90:8.2f} {med0:13.2f} {med0 / med:6.1f}  {used}")
    engine.dispose()


if __name__ == "__main__":
    main()
