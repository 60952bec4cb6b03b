"""Sources and framing: citation source columns (outlet, kind, country,
language, independent) and a ``frames`` table (persuasion techniques).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:50:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CITATION_COLUMNS = (
    ('outlet', sa.Text()),
    ('source_kind', sa.String(length=32)),
    ('source_country', sa.String(length=16)),
    ('source_language', sa.String(length=32)),
    ('independent', sa.Boolean()),
)


def upgrade() -> None:
    for name, type_ in CITATION_COLUMNS:
        op.add_column('citations', sa.Column(name, type_, nullable=True))
    op.create_table('frames',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('technique', sa.String(length=64), nullable=False),
    sa.Column('term', sa.Text(), nullable=True),
    sa.Column('lexicon', sa.String(length=255), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_frames_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frames'))
    )
    op.create_index(op.f('ix_frames_document_id'), 'frames', ['document_id'], unique=False)
    op.create_index('ix_frames_technique', 'frames', ['technique'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_frames_technique', table_name='frames')
    op.drop_index(op.f('ix_frames_document_id'), table_name='frames')
    op.drop_table('frames')
    with op.batch_alter_table('citations') as batch:  # SQLite drops columns by copying the table
        for name, _ in reversed(CITATION_COLUMNS):
            batch.drop_column(name)
