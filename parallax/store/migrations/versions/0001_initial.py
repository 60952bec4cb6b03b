"""Initial schema: documents with their structure, one table per extracted
record kind, failures, cross-document links, analysts' corrections.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 14:06:13.363992
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old_value', sa.JSON(), nullable=True),
    sa.Column('new_value', sa.JSON(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('author', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corrections'))
    )
    op.create_index(op.f('ix_corrections_document_id'), 'corrections', ['document_id'], unique=False)
    op.create_index('ix_corrections_record', 'corrections', ['record_kind', 'record_id'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('format', sa.String(length=32), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=32), nullable=True),
    sa.Column('side', sa.String(length=255), nullable=True),
    sa.Column('kind', sa.String(length=64), nullable=True),
    sa.Column('locale', sa.String(length=32), nullable=True),
    sa.Column('corpus', sa.String(length=255), nullable=True),
    sa.Column('meta_origin', sa.JSON(), nullable=True),
    sa.Column('masked', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('pipeline_version', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_documents_content_hash'))
    )
    op.create_index('ix_documents_corpus', 'documents', ['corpus'], unique=False)
    op.create_index('ix_documents_path', 'documents', ['path'], unique=False)
    op.create_index('ix_documents_published', 'documents', ['published'], unique=False)
    op.create_index('ix_documents_side_published', 'documents', ['side', 'published'], unique=False)

    op.create_table('failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_failures'))
    )
    op.create_index(op.f('ix_failures_path'), 'failures', ['path'], unique=False)

    op.create_table('actor_mentions',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('actor_text', sa.Text(), nullable=False),
    sa.Column('actor_name', sa.Text(), nullable=True),
    sa.Column('actor_country', sa.String(length=16), nullable=True),
    sa.Column('actor_sector', sa.String(length=64), nullable=True),
    sa.Column('actor_countries', sa.JSON(), nullable=True),
    sa.Column('actor_start', sa.Integer(), nullable=True),
    sa.Column('actor_end', sa.Integer(), nullable=True),
    sa.Column('actor_entry', sa.String(length=255), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_actor_mentions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_mentions'))
    )
    op.create_index('ix_actor_mentions_actor_name', 'actor_mentions', ['actor_name'], unique=False)
    op.create_index(op.f('ix_actor_mentions_document_id'), 'actor_mentions', ['document_id'], unique=False)

    op.create_table('blocks',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('attrs', sa.JSON(), nullable=True),
    sa.Column('cells', sa.JSON(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_blocks_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocks'))
    )
    op.create_index(op.f('ix_blocks_document_id'), 'blocks', ['document_id'], unique=False)

    op.create_table('citations',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('marker', sa.String(length=64), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('support_start', sa.Integer(), nullable=False),
    sa.Column('support_end', sa.Integer(), nullable=False),
    sa.Column('anchor_text', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('domain', sa.String(length=255), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_citations_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citations'))
    )
    op.create_index(op.f('ix_citations_document_id'), 'citations', ['document_id'], unique=False)
    op.create_index('ix_citations_domain', 'citations', ['domain'], unique=False)

    op.create_table('claims',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('speaker', sa.Text(), nullable=True),
    sa.Column('checkworthy', sa.Float(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_claims_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    op.create_index('ix_claims_checkworthy', 'claims', ['checkworthy'], unique=False)
    op.create_index(op.f('ix_claims_document_id'), 'claims', ['document_id'], unique=False)

    op.create_table('events',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.String(length=255), nullable=True),
    sa.Column('stance', sa.String(length=32), nullable=False),
    sa.Column('according_to', sa.Text(), nullable=True),
    sa.Column('trigger', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('time_value', sa.String(length=64), nullable=True),
    sa.Column('time_begin', sa.String(length=64), nullable=True),
    sa.Column('time_end', sa.String(length=64), nullable=True),
    sa.Column('time', sa.JSON(), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=True),
    sa.Column('targets', sa.JSON(), nullable=True),
    sa.Column('places', sa.JSON(), nullable=True),
    sa.Column('quantities', sa.JSON(), nullable=True),
    sa.Column('context', sa.JSON(), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_events_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    op.create_index(op.f('ix_events_document_id'), 'events', ['document_id'], unique=False)
    op.create_index('ix_events_stance', 'events', ['stance'], unique=False)
    op.create_index('ix_events_time_begin', 'events', ['time_begin'], unique=False)
    op.create_index('ix_events_type', 'events', ['type'], unique=False)

    op.create_table('footnotes',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('marker', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_footnotes_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_footnotes'))
    )
    op.create_index(op.f('ix_footnotes_document_id'), 'footnotes', ['document_id'], unique=False)

    op.create_table('links',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_links_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links'))
    )
    op.create_index(op.f('ix_links_document_id'), 'links', ['document_id'], unique=False)

    op.create_table('links_xdoc',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('a_document_id', sa.Integer(), nullable=True),
    sa.Column('a_kind', sa.String(length=32), nullable=False),
    sa.Column('a_id', sa.Integer(), nullable=False),
    sa.Column('b_document_id', sa.Integer(), nullable=True),
    sa.Column('b_kind', sa.String(length=32), nullable=False),
    sa.Column('b_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('on', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['a_document_id'], ['documents.id'], name=op.f('fk_links_xdoc_a_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['b_document_id'], ['documents.id'], name=op.f('fk_links_xdoc_b_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_links_xdoc'))
    )
    op.create_index('ix_links_xdoc_a', 'links_xdoc', ['a_kind', 'a_id'], unique=False)
    op.create_index(op.f('ix_links_xdoc_a_document_id'), 'links_xdoc', ['a_document_id'], unique=False)
    op.create_index('ix_links_xdoc_b', 'links_xdoc', ['b_kind', 'b_id'], unique=False)
    op.create_index(op.f('ix_links_xdoc_b_document_id'), 'links_xdoc', ['b_document_id'], unique=False)
    op.create_index(op.f('ix_links_xdoc_relation'), 'links_xdoc', ['relation'], unique=False)

    op.create_table('markers',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('marker', sa.String(length=64), nullable=False),
    sa.Column('footnote', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_markers_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_markers'))
    )
    op.create_index(op.f('ix_markers_document_id'), 'markers', ['document_id'], unique=False)

    op.create_table('place_mentions',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('country', sa.String(length=16), nullable=True),
    sa.Column('admin1', sa.String(length=255), nullable=True),
    sa.Column('admin2', sa.String(length=255), nullable=True),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('precision', sa.String(length=32), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_place_mentions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_mentions'))
    )
    op.create_index(op.f('ix_place_mentions_document_id'), 'place_mentions', ['document_id'], unique=False)
    op.create_index('ix_place_mentions_geonameid', 'place_mentions', ['geonameid'], unique=False)

    op.create_table('quantities',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('qualifier', sa.String(length=32), nullable=False),
    sa.Column('unit', sa.String(length=255), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('currency', sa.String(length=16), nullable=True),
    sa.Column('approximate_word', sa.String(length=64), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=True),
    sa.Column('according_to', sa.Text(), nullable=True),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_quantities_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quantities'))
    )
    op.create_index(op.f('ix_quantities_document_id'), 'quantities', ['document_id'], unique=False)

    op.create_table('sentences',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('block', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_sentences_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sentences'))
    )
    op.create_index(op.f('ix_sentences_document_id'), 'sentences', ['document_id'], unique=False)

    op.create_table('timexes',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=True),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('precision', sa.String(length=16), nullable=True),
    sa.Column('begin', sa.String(length=64), nullable=True),
    sa.Column('end_date', sa.String(length=64), nullable=True),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('anchor', sa.Text(), nullable=True),
    sa.Column('ambiguous', sa.Boolean(), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('stage_version', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_timexes_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timexes'))
    )
    op.create_index(op.f('ix_timexes_document_id'), 'timexes', ['document_id'], unique=False)



def downgrade() -> None:
    op.drop_index(op.f('ix_timexes_document_id'), table_name='timexes')

    op.drop_table('timexes')
    op.drop_index(op.f('ix_sentences_document_id'), table_name='sentences')

    op.drop_table('sentences')
    op.drop_index(op.f('ix_quantities_document_id'), table_name='quantities')

    op.drop_table('quantities')
    op.drop_index('ix_place_mentions_geonameid', table_name='place_mentions')
    op.drop_index(op.f('ix_place_mentions_document_id'), table_name='place_mentions')

    op.drop_table('place_mentions')
    op.drop_index(op.f('ix_markers_document_id'), table_name='markers')

    op.drop_table('markers')
    op.drop_index(op.f('ix_links_xdoc_relation'), table_name='links_xdoc')
    op.drop_index(op.f('ix_links_xdoc_b_document_id'), table_name='links_xdoc')
    op.drop_index('ix_links_xdoc_b', table_name='links_xdoc')
    op.drop_index(op.f('ix_links_xdoc_a_document_id'), table_name='links_xdoc')
    op.drop_index('ix_links_xdoc_a', table_name='links_xdoc')

    op.drop_table('links_xdoc')
    op.drop_index(op.f('ix_links_document_id'), table_name='links')

    op.drop_table('links')
    op.drop_index(op.f('ix_footnotes_document_id'), table_name='footnotes')

    op.drop_table('footnotes')
    op.drop_index('ix_events_type', table_name='events')
    op.drop_index('ix_events_time_begin', table_name='events')
    op.drop_index('ix_events_stance', table_name='events')
    op.drop_index(op.f('ix_events_document_id'), table_name='events')

    op.drop_table('events')
    op.drop_index(op.f('ix_claims_document_id'), table_name='claims')
    op.drop_index('ix_claims_checkworthy', table_name='claims')

    op.drop_table('claims')
    op.drop_index('ix_citations_domain', table_name='citations')
    op.drop_index(op.f('ix_citations_document_id'), table_name='citations')

    op.drop_table('citations')
    op.drop_index(op.f('ix_blocks_document_id'), table_name='blocks')

    op.drop_table('blocks')
    op.drop_index(op.f('ix_actor_mentions_document_id'), table_name='actor_mentions')
    op.drop_index('ix_actor_mentions_actor_name', table_name='actor_mentions')

    op.drop_table('actor_mentions')
    op.drop_index(op.f('ix_failures_path'), table_name='failures')

    op.drop_table('failures')
    op.drop_index('ix_documents_side_published', table_name='documents')
    op.drop_index('ix_documents_published', table_name='documents')
    op.drop_index('ix_documents_path', table_name='documents')
    op.drop_index('ix_documents_corpus', table_name='documents')

    op.drop_table('documents')
    op.drop_index('ix_corrections_record', table_name='corrections')
    op.drop_index(op.f('ix_corrections_document_id'), table_name='corrections')

    op.drop_table('corrections')
