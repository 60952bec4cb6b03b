"""Indices for the workbench's pages under load (bench/bench_workbench_load.py):

- ``events (time_begin, id)``: the events list and timeline, in date order
  with a stable tie-break (NULLs last), read off the index;
- ``claims (checkworthy, id)``: the claims list, most check-worthy first;
- PostgreSQL only: GIN indices on ``to_tsvector('simple', ...)`` of a
  document's title and text and of a claim's text, the expressions the
  workbench's search uses (``parallax.web.search``).

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH = {
    "ix_documents_search": ("documents USING gin (to_tsvector('simple'::regconfig, "
                            "((COALESCE(title, ''::text) || ' '::text) || text)))"),
    "ix_claims_search": "claims USING gin (to_tsvector('simple', text))",
}


def upgrade() -> None:
    op.create_index("ix_events_time_begin_id", "events", ["time_begin", "id"], unique=False)
    op.create_index("ix_claims_checkworthy_id", "claims", ["checkworthy", "id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for name, on in SEARCH.items():
            op.execute(f"CREATE INDEX {name} ON {on}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in SEARCH:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index("ix_claims_checkworthy_id", table_name="claims")
    op.drop_index("ix_events_time_begin_id", table_name="events")
