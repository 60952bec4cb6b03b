"""The store, on SQLite and PostgreSQL: schema, round trip, idempotency,
transactions, sanitising, concurrency, corrections, counts."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from parallax import model as m
from parallax.errors import StoreError
from parallax.store import open_store, repository
from parallax.store.engine import alembic_config, current_revision
from parallax.store.schema import Base

TEXT = (
    "Statement of the Veldran Defence Staff\n"
    "On 3 March 2025 Ostmark artillery shelled the village of Dorva, the staff said.\n"
    "Four civilians were killed and about 20 were wounded.[1]\n"
    "Ostmark denied any strike near Dorva (see the monitor's report).\n"
    "[1] Monitor report, https://monitor.example.org/r/17\n"
)


def span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def full_analysis(text: str = TEXT, path: str | None = "/corpus/veldra/statement-0303.txt") -> m.Analysis:
    """A hand-built Analysis with every record kind and every nested value filled."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    line_spans = [(offsets[i], offsets[i + 1] - 1) for i in range(len(lines))]
    blocks = [
        m.Block(m.BlockKind.HEADING, *line_spans[0], attrs={"level": 1}),
        m.Block(m.BlockKind.PARAGRAPH, *line_spans[1]),
        m.Block(m.BlockKind.TABLE_ROW, *line_spans[2], cells=[m.Cell(line_spans[2][0], line_spans[2][0] + 4, "n"),
                                                            m.Cell(line_spans[2][0] + 5, line_spans[2][1])],
                attrs={"table": 0, "header": False}),
        m.Block(m.BlockKind.QUOTE, *line_spans[3], attrs={"author": "Ostmark MoD", "counts": {"retweets": 8}}),
        m.Block(m.BlockKind.FOOTNOTE, *line_spans[4], attrs={"marker": "1"}),
    ]
    url = "https://monitor.example.org/r/17"
    marker = span(text, "[1]")
    footnote = m.Footnote("1", "Monitor report", url, *line_spans[4])
    meta = m.Metadata(title="Statement of the Veldran Defence Staff", publisher="Veldran Defence Staff",
                      published="2025-03-04", language="en", side="veldra", kind="statement", locale="en_GB",
                      origin={"published": "declared", "title": "inferred:first-line"})
    document = m.Document(text=text, path=path, format="txt", blocks=blocks, footnotes=[footnote],
                          markers=[m.MarkerRef("1", *marker, footnote=0)],
                          links=[m.Link("monitor", url, *span(text, url)), m.Link("report", None, *span(text, "report"))],
                          meta=meta, masked=[marker])
    sentences = [m.Sentence(*line_spans[i], block=i) for i in range(1, 4)]
    ostmark = m.Actor("Ostmark artillery", "Armed Forces of Ostmark", "OST", "military", ["OST"],
                      *span(text, "Ostmark artillery"), entry="ost-mil")
    civilians = m.Actor("civilians", None, None, "civilian", [], *span(text, "civilians"))
    staff = m.Actor("the staff", "Veldran Defence Staff", "VEL", "military")
    when = m.TimeExpr("3 March 2025", *span(text, "3 March 2025"), "2025-03-03", "DATE", "day", "2025-03-03",
                      "2025-03-03", approximate=False, anchor="publication", ambiguous=False,
                      prov=m.Provenance("times", "2.1", 0.9))
    dorva = m.Place("Dorva", 48.123456789, 35.5, "village", 7001, "VL", "North", "Lisk", 1200, "point")
    place = m.PlaceMention("Dorva", *span(text, "Dorva"), dorva, role="event_location",
                           prov=m.Provenance("places", "1.3", 0.75))
    unresolved = m.PlaceMention("Dorva", *span(text, "Dorva", span(text, "Dorva")[1]), None)
    killed = m.Quantity("Four civilians were killed", *span(text, "Four civilians were killed"), 4.0,
                        unit="civilians killed", according_to="the staff")
    wounded = m.Quantity("about 20", *span(text, "about 20"), 20.0, qualifier="about", unit="wounded",
                         value_max=25.0, currency=None, approximate_word="about", flags=["vague", "rounded"],
                         prov=m.Provenance("quantities", "1", 0.6))
    citation = m.Citation("1", url, *marker, *line_spans[2], anchor_text="wounded.", note="Monitor report",
                          kind="footnote", domain="monitor.example.org")
    event = m.Event("ASSAULT", *span(text, "shelled the village"), *line_spans[1], "shelled", mode="artillery",
                    actors=[ostmark], targets=[civilians], time=when, places=[place],
                    stance=m.Stance.ASSERTED.value, according_to="the staff", quantities=[killed, wounded],
                    context=["night"], prov=m.Provenance("events", "0.4", 0.8))
    denial = m.Event("ASSAULT", *span(text, "denied any strike"), *line_spans[3], "strike",
                     actors=[m.Actor("Ostmark")], stance=m.Stance.DENIED.value)
    claim = m.Claim(text[line_spans[2][0]:line_spans[2][1]], *line_spans[2], speaker="the staff",
                    checkworthy=0.93, citations=[url], kind="figure", prov=m.Provenance("claims", "1", 0.93))
    return m.Analysis(
        document=document, sentences=sentences,
        actors=[m.ActorMention("Ostmark artillery", *span(text, "Ostmark artillery"), ostmark,
                               prov=m.Provenance("actors", "3", 0.97)),
                m.ActorMention("the staff", *span(text, "the staff"), staff)],
        times=[when], places=[place, unresolved], quantities=[killed, wounded], citations=[citation],
        events=[event, denial], claims=[claim, m.Claim("Ostmark denied any strike", *span(text, "Ostmark denied"))],
    )


def row_counts(store) -> dict[str, int]:
    """Rows in every table of the schema."""
    with store.engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(table))
                for name, table in Base.metadata.tables.items()}


# ---------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------


def test_migrations_reach_head_from_empty_and_match_the_models(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    store = open_store(store_url)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None and current_revision(store.engine) == head
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with store.engine.connect() as conn:  # the migration builds exactly what schema.py declares
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    store.close()
    again = open_store(store_url)  # opening an up-to-date store changes nothing
    assert current_revision(again.engine) == head
    assert again.stats()["documents"] == 0
    again.close()


def test_sqlite_connection_settings(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "plain-path.db"))  # a bare path means a SQLite file
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30_000
    store.close()


def test_default_url_is_a_sqlite_file_in_the_working_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PARALLAX_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    open_store().close()
    assert (tmp_path / "parallax.db").exists()


def test_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2")


# ---------------------------------------------------------------------------
# Saving and loading
# ---------------------------------------------------------------------------


def test_round_trip_of_a_full_analysis(store) -> None:
    analysis = full_analysis()
    doc_id, written = store.save_analysis(analysis, corpus="veldra-2025")
    assert written and isinstance(doc_id, int)
    loaded = store.load_analysis(doc_id)
    for kind in ("sentences", "actors", "times", "places", "quantities", "citations", "events", "claims"):
        assert getattr(loaded, kind) == getattr(analysis, kind), kind
    assert loaded.document == analysis.document
    assert loaded == analysis
    assert loaded.document.content_hash == analysis.document.content_hash
    assert isinstance(loaded.document.blocks[0].kind, m.BlockKind)
    assert loaded.events[0].time.prov == m.Provenance("times", "2.1", 0.9)
    assert loaded.places[1].place is None
    [row] = store.documents()
    assert row["id"] == doc_id and row["corpus"] == "veldra-2025" and row["side"] == "veldra"
    assert row["created_at"].tzinfo is not None


def test_find_document_by_id_hash_prefix_path_and_name(store) -> None:
    analysis = full_analysis()
    doc_id, _ = store.save_analysis(analysis)
    other_id, _ = store.save_analysis(full_analysis(TEXT + "Update.\n", path="/elsewhere/other.txt"))
    digest = analysis.document.content_hash
    assert store.find_document(str(doc_id)) == doc_id
    assert store.find_document(digest[:6]) == doc_id
    assert store.find_document(digest[:6].upper()) == doc_id
    assert store.find_document(digest[:5]) is None  # too short to be a hash prefix
    assert store.find_document("/corpus/veldra/statement-0303.txt") == doc_id
    assert store.find_document("other.txt") == other_id
    assert store.find_document("missing.txt") is None
    assert store.find_document("%") is None  # LIKE wildcards are literal
    with pytest.raises(StoreError):
        store.load_analysis("no-such-document")


def test_second_save_of_the_same_text_writes_nothing(store) -> None:
    analysis = full_analysis()
    doc_id, written = store.save_analysis(analysis)
    before = row_counts(store)
    created = store.documents()[0]["created_at"]
    again = full_analysis(path="/another/copy.txt")  # same text, another path: the same document
    assert store.save_analysis(again) == (doc_id, False)
    assert store.save_analysis(analysis) == (doc_id, False)
    assert written
    assert row_counts(store) == before
    assert store.documents()[0]["created_at"] == created
    assert store.documents()[0]["path"] == analysis.document.path


def test_replace_rewrites_the_records_of_a_document(store) -> None:
    analysis = full_analysis()
    doc_id, _ = store.save_analysis(analysis)
    newer = replace(analysis, events=analysis.events[:1], claims=[], quantities=analysis.quantities[1:])
    newer.events[0] = replace(newer.events[0], type="COERCE", prov=m.Provenance("events", "0.5", 0.7))
    assert store.save_analysis(newer, replace=True, pipeline_version="0.2.0") == (doc_id, True)
    loaded = store.load_analysis(doc_id)
    assert loaded == newer
    counts = store.stats()
    assert (counts["documents"], counts["events"], counts["claims"], counts["quantities"]) == (1, 1, 0, 1)
    assert store.documents()[0]["pipeline_version"] == "0.2.0"
    assert row_counts(store)["sentences"] == len(analysis.sentences)  # no duplicated structure


def test_re_analysis_carries_corrections_to_the_records_with_the_same_span(store) -> None:
    analysis = full_analysis()
    doc_id, _ = store.save_analysis(analysis)
    event_ids = [r["id"] for r in store.iter_records("events")]
    claim_ids = [r["id"] for r in store.iter_records("claims")]
    store.add_correction("events", event_ids[1], "edit", field="type", new_value="ACCUSE", author="a1")
    store.add_correction("claims", claim_ids[0], "reject", author="a1")
    # A newer pipeline finds both events again (in another order) and drops the first claim.
    newer = replace(analysis, events=list(reversed(analysis.events)), claims=analysis.claims[1:])
    store.save_analysis(newer, replace=True)
    by_span = {(r["start"], r["end"]): r["id"] for r in store.iter_records("events")}
    denial = analysis.events[1]
    moved = store.corrections_for("events", by_span[(denial.start, denial.end)])
    assert [(c["field"], c["new_value"]) for c in moved] == [("type", "ACCUSE")]
    # the claim's correction stays in the audit log, attached to no record
    new_claim = next(store.iter_records("claims"))["id"]
    assert store.corrections_for("claims", new_claim) == []
    detached = [c for c in store.iter_records("corrections") if c["record_kind"] == "claims"]
    assert len(detached) == 1 and detached[0]["record_id"] == -claim_ids[0]
    assert store.stats()["corrections"] == 2


def test_failures_are_recorded_and_cleared_by_a_later_save(store) -> None:
    path = "/corpus/veldra/statement-0303.txt"
    store.record_failure(path, "[P201] analysis took too long", "P201")
    store.record_failure(path, "[P201] analysis took too long again", "P201")  # one row per file
    store.record_failure("/corpus/broken.pdf", "[P100] not a PDF", "P100", content_hash="ab" * 32)
    assert store.stats()["failed"] == 2
    assert [f["code"] for f in store.failures()] == ["P201", "P100"]
    store.save_analysis(full_analysis(path=path))
    assert [f["path"] for f in store.failures()] == ["/corpus/broken.pdf"]
    assert store.stats()["failed"] == 1


def test_a_save_that_fails_midway_leaves_nothing(store, monkeypatch) -> None:
    real_insert = repository._insert_rows
    calls = []

    def failing_insert(conn, table, rows):
        calls.append(table.name)
        if table.name == "events":
            raise RuntimeError("disk on fire")
        real_insert(conn, table, rows)

    monkeypatch.setattr(repository, "_insert_rows", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.save_analysis(full_analysis())
    assert "blocks" in calls and "timexes" in calls  # rows were written before the failure...
    assert all(n == 0 for n in row_counts(store).values() if n is not None)  # ...and rolled back
    assert sum(row_counts(store).values()) == 0
    monkeypatch.setattr(repository, "_insert_rows", real_insert)
    doc_id, written = store.save_analysis(full_analysis())  # the store is usable afterwards
    assert written and store.load_analysis(doc_id) == full_analysis()


def test_nul_bytes_and_lone_surrogates_are_stored_cleaned(store) -> None:
    dirty = "Veldra\x00 says: Dorva \ud800shelled.\n"
    analysis = m.Analysis(
        document=m.Document(text=dirty, path="/corpus/dirty\x00.txt", meta=m.Metadata(title="Bad\x00title")),
        events=[m.Event("ASSAULT", *span(dirty, "Dorva \ud800shelled"), 0, len(dirty), "\ud800shelled",
                        actors=[m.Actor("Veldra\x00")])],
        claims=[m.Claim(dirty, 0, len(dirty), citations=["http://x.example/\x00"])],
    )
    doc_id, _ = store.save_analysis(analysis)
    loaded = store.load_analysis(doc_id)
    text = loaded.document.text
    assert "\x00" not in text and "\ud800" not in text
    assert len(text) == len(dirty)  # replaced, not removed: offsets still hold
    event = loaded.events[0]
    assert text[event.start:event.end] == "Dorva \ufffdshelled"
    assert loaded.document.meta.title == "Bad\ufffdtitle"
    assert loaded.events[0].trigger == "\ufffdshelled"
    assert loaded.events[0].actors[0].text == "Veldra\ufffd"
    assert loaded.claims[0].citations == ["http://x.example/\ufffd"]
    # the document keeps the identity of the text it was given
    assert store.find_document(analysis.document.content_hash) == doc_id


def _save_many(url: str, tag: str, barrier, results) -> None:
    """One of two processes saving to one store at the same moment."""
    barrier.wait(timeout=30)
    store = open_store(url)
    saved = [store.save_analysis(full_analysis(TEXT + f"{tag} update {i}.\n", path=f"/{tag}/{i}.txt"))[1]
             for i in range(4)]
    saved.append(store.save_analysis(full_analysis())[1])  # both save this one
    store.close()
    results.put((tag, saved))


def test_two_processes_saving_at_once_both_succeed(store_url: str) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_save_many, args=(store_url, tag, barrier, results)) for tag in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    outcome = dict(results.get(timeout=5) for _ in workers)
    assert outcome["a"][:4] == outcome["b"][:4] == [True] * 4
    assert sorted([outcome["a"][4], outcome["b"][4]]) == [False, True]  # the shared text stored once
    store = open_store(store_url)
    assert store.stats()["documents"] == 9
    assert store.stats()["events"] == 9 * 2
    store.close()


# ---------------------------------------------------------------------------
# Corrections, exports, counts
# ---------------------------------------------------------------------------


def test_corrections_are_stored_beside_the_record(store) -> None:
    doc_id, _ = store.save_analysis(full_analysis())
    event = next(store.iter_records("events"))
    first = store.add_correction("events", event["id"], "edit", field="type", new_value="COERCE",
                                 author="analyst-1", note="shelling of a village, not of troops")
    store.add_correction("events", event["id"], "reject", author="analyst-2")
    store.add_correction("times", next(store.iter_records("timexes"))["id"], "confirm")
    corrections = store.corrections_for("events", event["id"])
    assert [c["action"] for c in corrections] == ["edit", "reject"]
    assert corrections[0]["id"] == first
    assert corrections[0]["old_value"] == "ASSAULT" and corrections[0]["new_value"] == "COERCE"
    assert corrections[0]["document_id"] == doc_id
    assert len(store.corrections_for("timexes", 1)) == 1
    assert store.load_analysis(doc_id).events[0].type == "ASSAULT"  # the machine's record is unchanged
    assert next(store.iter_records("events"))["type"] == "ASSAULT"
    assert store.stats()["corrections"] == 3
    assert [c["record_kind"] for c in store.iter_records("corrections")] == ["events", "events", "timexes"]
    with pytest.raises(StoreError, match="action"):
        store.add_correction("events", event["id"], "delete")
    with pytest.raises(StoreError, match="no stored"):
        store.add_correction("events", 999_999, "confirm")
    with pytest.raises(StoreError, match="unknown record kind"):
        store.add_correction("rumours", 1, "confirm")


def test_stats_and_iter_records_count_what_was_saved(store) -> None:
    analysis = full_analysis()
    store.save_analysis(analysis)
    store.save_analysis(full_analysis(TEXT + "More.\n", path="/corpus/second.txt"))
    store.record_failure("/corpus/empty.txt", "[P101] empty", "P101")
    assert store.stats() == {
        "documents": 2, "failed": 1, "events": 4, "claims": 4, "quantities": 4, "citations": 2,
        "links": 0, "corrections": 0, "timexes": 2, "places": 4, "actors": 4,
    }
    for kind, attr in (("events", "events"), ("claims", "claims"), ("quantities", "quantities"),
                       ("citations", "citations"), ("places", "places"), ("timexes", "times"), ("actors", "actors")):
        rows = list(store.iter_records(kind))
        assert len(rows) == 2 * len(getattr(analysis, attr)), kind
        assert rows[0]["content_hash"] == analysis.document.content_hash
        assert rows[0]["document_path"] == analysis.document.path
        assert [r["idx"] for r in rows[: len(getattr(analysis, attr))]] == list(range(len(getattr(analysis, attr))))
    place = next(store.iter_records("places"))
    assert (place["name"], place["lat"], place["role"]) == ("Dorva", 48.123456789, "event_location")
    assert len(list(store.iter_records("failures"))) == 1
    with pytest.raises(StoreError):
        list(store.iter_records("rumours"))


def test_deleting_a_document_cascades_to_its_rows(store_url: str) -> None:
    """Foreign keys are enforced (SQLite only does so when switched on)."""
    store = open_store(store_url)
    doc_id, _ = store.save_analysis(full_analysis())
    from parallax.store.repository import DOCUMENTS

    with store.engine.begin() as conn:
        conn.execute(DOCUMENTS.delete().where(DOCUMENTS.c.id == doc_id))
    assert sum(n for name, n in row_counts(store).items() if name != "alembic_version") == 0
    store.close()


def test_cross_document_links_round_trip(store) -> None:
    first, second = full_analysis(), full_analysis(TEXT + "Later update.\n", path="/corpus/ostmark.txt")
    store.save_analysis(first)
    store.save_analysis(second)
    a, b = first.document.content_hash, second.document.content_hash
    links = [m.CrossLink(m.RecordRef(a, "events", 0), m.RecordRef(b, "events", 1), "CONTRADICT", on="existence",
                         reason="one side asserts, the other denies", prov=m.Provenance("align", "1", 0.7),
                         a_span=(0, 12), b_span=(3, 20)),
             m.CrossLink(m.RecordRef(a, "quantities", 0), m.RecordRef(b, "quantities", 0), "SAME")]
    assert store.save_cross_links(links) == 2
    assert store.cross_links() == links
    assert store.stats()["links"] == 2
    row = next(store.iter_records("links_xdoc"))
    assert row["content_hash"] == a and row["relation"] == "CONTRADICT"
    assert store.save_cross_links(links[1:], replace_stage="align") == 1  # a new compare run
    assert store.cross_links() == links[1:]
    with pytest.raises(StoreError, match="no stored events record #9"):
        store.save_cross_links([m.CrossLink(m.RecordRef(a, "events", 9), m.RecordRef(b, "events", 0), "SAME")])
    assert store.stats()["links"] == 1  # the failed save wrote nothing
    store.save_analysis(second, replace=True)  # re-analysis finding the same records: the link stays
    assert store.cross_links() == links[1:]
    store.save_analysis(replace(second, quantities=[]), replace=True)  # its record is gone: so is the link
    assert store.cross_links() == []


def test_link_corrections_survive_a_new_compare_run(store) -> None:
    first, second = full_analysis(), full_analysis(TEXT + "Later update.\n", path="/corpus/ostmark.txt")
    store.save_analysis(first)
    store.save_analysis(second)
    a, b = first.document.content_hash, second.document.content_hash
    prov = m.Provenance("align", "1", 0.7)
    kept = m.CrossLink(m.RecordRef(a, "events", 0), m.RecordRef(b, "events", 1), "SAME", on="detail",
                       prov=prov, a_span=(0, 12), b_span=(3, 20))
    dropped = m.CrossLink(m.RecordRef(a, "quantities", 0), m.RecordRef(b, "quantities", 0), "SAME", prov=prov)
    store.save_cross_links([kept, dropped], replace_stage="align")
    ids = [r["id"] for r in store.iter_records("links_xdoc")]
    store.add_correction("cross_links", ids[0], "edit", field="relation", new_value="CONTRADICT", author="a1")
    # The next run finds the first link again, with its ends the other way
    # round and a new relation, and no longer finds the second.
    again = m.CrossLink(kept.b, kept.a, "COMPLEMENT", on="detail", prov=prov, a_span=kept.b_span,
                        b_span=kept.a_span)
    assert store.save_cross_links([again], replace_stage="align") == 1
    assert [r["id"] for r in store.iter_records("links_xdoc")] == [ids[0]]
    assert [link.relation for link in store.cross_links()] == ["CONTRADICT"]  # the analyst's word stands
    assert [link.relation for link in store.cross_links(corrected=False)] == ["COMPLEMENT"]


def store_json_export(store) -> dict:
    import json
    import tempfile

    from parallax.export import export_json

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "all.json"
        export_json(store, out)
        return json.loads(out.read_text(encoding="utf-8"))


def test_cross_document_link_corrections_apply_on_read(store) -> None:
    first, second = full_analysis(), full_analysis(TEXT + "Later update.\n", path="/corpus/ostmark.txt")
    store.save_analysis(first)
    store.save_analysis(second)
    a, b = first.document.content_hash, second.document.content_hash
    links = [m.CrossLink(m.RecordRef(a, "events", 0), m.RecordRef(b, "events", 1), "SAME", reason="same type"),
             m.CrossLink(m.RecordRef(a, "quantities", 0), m.RecordRef(b, "quantities", 0), "SAME")]
    store.save_cross_links(links)
    ids = [r["id"] for r in store.iter_records("links_xdoc")]
    edit = store.add_correction("cross_links", ids[0], "edit", field="relation", new_value="contradict",
                                author="analyst-1", note="the casualty figures differ")
    store.add_correction("links_xdoc", ids[1], "reject", author="analyst-2")
    # stored under one kind, never mistaken for a document's hyperlinks ("links")
    stored = store.corrections_for("links_xdoc", ids[0])
    assert [(c["id"], c["record_kind"], c["old_value"], c["new_value"]) for c in stored] == [
        (edit, "links_xdoc", "SAME", "CONTRADICT")]
    assert stored[0]["document_id"] == store.find_document(a)
    assert store.corrections_for("links", ids[0]) == []
    corrected = store.cross_links()
    assert len(corrected) == 1 and corrected[0].relation == "CONTRADICT" and corrected[0].a == links[0].a
    assert store.cross_links(corrected=False) == links  # the machine's output is untouched
    store.add_correction("cross_links", ids[1], "confirm")  # a later confirm restores the link
    assert len(store.cross_links()) == 2
    exported = store_json_export(store)
    assert [(x["relation"], x["a"]["kind"]) for x in exported["links"]] == [("CONTRADICT", "events"),
                                                                           ("SAME", "quantities")]
    with pytest.raises(StoreError, match="relation is one of"):
        store.add_correction("links_xdoc", ids[0], "edit", field="relation", new_value="MAYBE")
    with pytest.raises(StoreError, match="names one of"):
        store.add_correction("links_xdoc", ids[0], "edit", field="a_id", new_value=3)
    with pytest.raises(StoreError, match="no stored cross-document link"):
        store.add_correction("links_xdoc", 999_999, "confirm")
