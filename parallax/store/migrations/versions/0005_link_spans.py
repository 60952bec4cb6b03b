"""Cross-document links keep the evidence span of each side.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("a_start", "a_end", "b_start", "b_end")


def upgrade() -> None:
    with op.batch_alter_table("links_xdoc") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("links_xdoc") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
