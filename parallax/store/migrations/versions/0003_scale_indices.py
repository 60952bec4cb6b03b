"""Indices for the workbench's queries on a large store (measured by
bench/bench_store_queries.py on 10,000 documents):

- ``events (type, time_begin)``: events filtered by type and a date range
  (the separate ``type`` and ``time_begin`` indices make PostgreSQL pick one
  and filter the other);
- ``documents (published, id)``: the documents list, newest first with a
  stable tie-break, read off the index instead of sorted;
- PostgreSQL only: a GIN index on ``to_tsvector('english', text)`` for
  full-text search over documents (queries must use that same expression).

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-23 14:55:00
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '0003'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS = "ix_documents_fts"


def upgrade() -> None:
    op.create_index("ix_events_type_time_begin", "events", ["type", "time_begin"], unique=False)
    op.create_index("ix_documents_published_id", "documents", ["published", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {FTS} ON documents USING gin (to_tsvector('english', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {FTS}")
    op.drop_index("ix_documents_published_id", table_name="documents")
    op.drop_index("ix_events_type_time_begin", table_name="events")
