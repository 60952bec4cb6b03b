"""Full-text search over documents, events and claims.

SQLite: an FTS5 table ``px_search`` owned by this module (not by the
store's migrations: it is a derived index, rebuilt from the store at any
time). It is created lazily and brought up to date before each search: a
document is (re)indexed when its content hash or its newest event / claim
row id changed, and dropped when the document is gone.

PostgreSQL: ``to_tsvector('simple', ...)`` / ``plainto_tsquery`` over the
same texts, with GIN expression indices on documents and claims (migration
0006).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from sqlalchemy import Engine, text

HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # snippet markers, turned into <mark> by the template
_WORD = re.compile(r"\w+", re.UNICODE)
_lock = threading.Lock()
_seen: dict[str, tuple] = {}  # engine URL -> the store's shape when last indexed
_SHAPE = ("SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(id) FROM documents), "
          "(SELECT MAX(id) FROM events), (SELECT MAX(id) FROM claims)")

_SQLITE_DDL = (
    ("CREATE VIRTUAL TABLE IF NOT EXISTS px_search USING fts5("
     "body, kind UNINDEXED, record_id UNINDEXED, document_id UNINDEXED, tokenize='unicode61 remove_diacritics 2')"),
    "CREATE TABLE IF NOT EXISTS px_search_docs (document_id INTEGER PRIMARY KEY, signature TEXT NOT NULL)",
)
_SIGNATURES = """
SELECT d.id, d.content_hash || ':' || COALESCE((SELECT MAX(id) FROM events WHERE document_id = d.id), 0)
       || ':' || COALESCE((SELECT MAX(id) FROM claims WHERE document_id = d.id), 0)
FROM documents d"""
_INDEX_ROWS = """
SELECT 'documents', d.id, d.id, COALESCE(d.title, '') || ' ' || d.text FROM documents d WHERE d.id = :doc
UNION ALL
SELECT 'events', e.id, e.document_id,
       e.type || ' ' || substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)
FROM events e JOIN documents d ON d.id = e.document_id WHERE e.document_id = :doc
UNION ALL
SELECT 'claims', c.id, c.document_id, c.text FROM claims c WHERE c.document_id = :doc"""

# The document and claim conditions use the expressions of the GIN indices of
# migration 0006; an event's sentence is only tested in documents that match
# (its words are the document's words), and snippets are made for one page only.
_PG_QUERY = """
WITH q AS (SELECT plainto_tsquery('simple', :q) AS query),
docs AS (
  SELECT d.id FROM documents d, q
  WHERE to_tsvector('simple', (COALESCE(d.title, '') || ' ') || d.text) @@ q.query
),
hits AS (
  SELECT 'documents' AS kind, d.id AS record_id, d.id AS document_id, COALESCE(d.title, '') || ' ' || d.text AS body
  FROM docs JOIN documents d ON d.id = docs.id
  UNION ALL
  SELECT 'events', e.id, e.document_id, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)
  FROM docs JOIN events e ON e.document_id = docs.id JOIN documents d ON d.id = e.document_id, q
  WHERE to_tsvector('simple', substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)) @@ q.query
  UNION ALL
  SELECT 'claims', c.id, c.document_id, c.text FROM claims c, q WHERE to_tsvector('simple', c.text) @@ q.query
),
ranked AS (
  SELECT h.kind, h.record_id, h.document_id, h.body, ts_rank(to_tsvector('simple', h.body), q.query) AS rank
  FROM hits h, q ORDER BY rank DESC, h.document_id, h.record_id LIMIT :limit OFFSET :offset
)
SELECT r.kind, r.record_id, r.document_id, d.title, d.side,
       ts_headline('simple', r.body, q.query,
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=30, MinWords=10') AS snippet
FROM ranked r JOIN documents d ON d.id = r.document_id, q
ORDER BY r.rank DESC, r.document_id, r.record_id"""


@dataclass
class Hit:
    kind: str  # documents | events | claims
    record_id: int
    document_id: int
    title: str | None
    side: str | None
    snippet: str  # with HIT_OPEN / HIT_CLOSE around matches

    def parts(self) -> list[tuple[bool, str]]:
        """The snippet as (is_match, text) pieces, for escaping-safe rendering."""
        out: list[tuple[bool, str]] = []
        for i, piece in enumerate(re.split(f"[{HIT_OPEN}{HIT_CLOSE}]", self.snippet)):
            if piece:
                out.append((i % 2 == 1, piece))
        return out


def fts_query(q: str) -> str:
    """User words as an FTS5 query: every word quoted (so no operator or
    syntax error can come from input), all required."""
    return " ".join(f'"{w}"' for w in _WORD.findall(q))


def refresh(engine: Engine) -> int:
    """Bring the SQLite index up to date; returns how many documents were (re)indexed."""
    if engine.dialect.name != "sqlite":
        return 0
    key = str(engine.url)
    with _lock, engine.begin() as conn:
        # Cheap test first: a save or re-analysis adds rows with new ids, a
        # deletion changes the count; only then compare per-document signatures.
        shape = tuple(conn.execute(text(_SHAPE)).one())
        if _seen.get(key) == shape:
            return 0
        for ddl in _SQLITE_DDL:
            conn.exec_driver_sql(ddl)
        current = {doc: sig for doc, sig in conn.execute(text(_SIGNATURES))}
        indexed = {doc: sig for doc, sig in conn.execute(text("SELECT document_id, signature FROM px_search_docs"))}
        stale = [d for d in indexed if current.get(d) != indexed[d]]
        for doc in stale:
            conn.execute(text("DELETE FROM px_search WHERE document_id = :doc"), {"doc": doc})
            conn.execute(text("DELETE FROM px_search_docs WHERE document_id = :doc"), {"doc": doc})
        todo = [d for d in current if d not in indexed or d in stale]
        for doc in todo:
            conn.execute(text("INSERT INTO px_search (kind, record_id, document_id, body) " + _INDEX_ROWS),
                         {"doc": doc})
            conn.execute(text("INSERT INTO px_search_docs (document_id, signature) VALUES (:doc, :sig)"),
                         {"doc": doc, "sig": current[doc]})
        _seen[key] = shape
        return len(todo)


def search(engine: Engine, q: str, limit: int = 50, offset: int = 0) -> list[Hit]:
    """Documents, events and claims matching every word of ``q``, best first."""
    if not _WORD.search(q or ""):
        return []
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(text(_PG_QUERY), {"q": q, "limit": limit, "offset": offset})
            return [Hit(r.kind, r.record_id, r.document_id, r.title, r.side, r.snippet) for r in rows]
    refresh(engine)
    stmt = text(
        "SELECT s.kind, s.record_id, s.document_id, d.title, d.side, "
        "snippet(px_search, 0, char(2), char(3), '…', 24) AS snippet "
        "FROM px_search s JOIN documents d ON d.id = s.document_id "
        "WHERE px_search MATCH :q ORDER BY s.rank LIMIT :limit OFFSET :offset")
    with engine.connect() as conn:
        rows = conn.execute(stmt, {"q": fts_query(q), "limit": limit, "offset": offset})
        return [Hit(r.kind, int(r.record_id), int(r.document_id), r.title, r.side, r.snippet) for r in rows]


