"""The tables of the store (SQLAlchemy 2.0 declarative), one schema for
SQLite and PostgreSQL.

A document row holds the text and metadata; its structure (blocks,
footnotes, markers, links, sentences) and every extracted record kind have a
table of their own, each row pointing at its document (deleted with it) and
keeping ``idx``, its position in the :class:`parallax.model.Analysis` list,
so that a load rebuilds the lists in order. Every extracted row carries its
provenance: ``stage``, ``stage_version``, ``confidence``.

Analysts' corrections live in ``corrections``, beside the machine's rows,
never over them. Nested values that are only ever read whole (an event's
actors, a block's cells) are JSON columns; what is filtered on is a column.

Changing this file means writing a migration under ``migrations/versions``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that migrations can refer to them on both backends.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both backends (SQLite keeps no zone:
    values come back naive and are read as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(32))
    corpus: Mapped[str | None] = mapped_column(String(255))
    meta_origin: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    masked: Mapped[list[Any] | None] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    pipeline_version: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_documents_side_published", "side", "published"),
        Index("ix_documents_published", "published"),
        Index("ix_documents_path", "path"),
        Index("ix_documents_corpus", "corpus"),
        Index("ix_documents_published_id", "published", "id"),
        Index("ix_documents_fts", sql_text("to_tsvector('english', text)"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        # the workbench's search (parallax.web.search), migration 0006; written as
        # Alembic reads it back from PostgreSQL, so that the schema comparison matches
        Index("ix_documents_search",
              sql_text("to_tsvector('simple'::regconfig, (COALESCE(title, ''::text) || ' '::text) || text)"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )


def _doc_fk() -> Any:
    return mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class _Part:
    """Columns of every row that belongs to a document (structure or record)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idx: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class _Record(_Part):
    """Columns of every extracted record: where it is and who made it."""

    stage: Mapped[str] = mapped_column(String(64))
    stage_version: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[float] = mapped_column(Float)


# -- document structure ------------------------------------------------------


class Block(_Part, Base):
    __tablename__ = "blocks"
    document_id: Mapped[int] = _doc_fk()
    kind: Mapped[str] = mapped_column(String(32))
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cells: Mapped[list[Any] | None] = mapped_column(JSON)


class Footnote(_Part, Base):
    __tablename__ = "footnotes"
    document_id: Mapped[int] = _doc_fk()
    marker: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class Marker(_Part, Base):
    __tablename__ = "markers"
    document_id: Mapped[int] = _doc_fk()
    marker: Mapped[str] = mapped_column(String(64))
    footnote: Mapped[int | None] = mapped_column(Integer)


class Link(_Part, Base):
    __tablename__ = "links"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class Sentence(_Part, Base):
    __tablename__ = "sentences"
    document_id: Mapped[int] = _doc_fk()
    block: Mapped[int | None] = mapped_column(Integer)


# -- extracted records -------------------------------------------------------


class ActorMention(_Record, Base):
    __tablename__ = "actor_mentions"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    actor_text: Mapped[str] = mapped_column(Text)
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_country: Mapped[str | None] = mapped_column(String(16))
    actor_sector: Mapped[str | None] = mapped_column(String(64))
    actor_countries: Mapped[list[Any] | None] = mapped_column(JSON)
    actor_start: Mapped[int | None] = mapped_column(Integer)
    actor_end: Mapped[int | None] = mapped_column(Integer)
    actor_entry: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_actor_mentions_actor_name", "actor_name"),)


class Timex(_Record, Base):
    __tablename__ = "timexes"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    precision: Mapped[str | None] = mapped_column(String(16))
    begin: Mapped[str | None] = mapped_column(String(64))
    end_date: Mapped[str | None] = mapped_column(String(64))
    approximate: Mapped[bool] = mapped_column(Boolean)
    anchor: Mapped[str | None] = mapped_column(Text)
    ambiguous: Mapped[bool] = mapped_column(Boolean)


class PlaceMention(_Record, Base):
    """A place mention with its gazetteer entry flattened; ``name`` is NULL
    when the mention was not resolved to a place."""

    __tablename__ = "place_mentions"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str | None] = mapped_column(String(32))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(255))
    admin2: Mapped[str | None] = mapped_column(String(255))
    population: Mapped[int | None] = mapped_column(Integer)
    precision: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (Index("ix_place_mentions_geonameid", "geonameid"),)


class Quantity(_Record, Base):
    __tablename__ = "quantities"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(255))
    value_max: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(16))
    approximate_word: Mapped[str | None] = mapped_column(String(64))
    flags: Mapped[list[Any] | None] = mapped_column(JSON)
    according_to: Mapped[str | None] = mapped_column(Text)


class Citation(_Record, Base):
    __tablename__ = "citations"
    document_id: Mapped[int] = _doc_fk()
    marker: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    support_start: Mapped[int] = mapped_column(Integer)
    support_end: Mapped[int] = mapped_column(Integer)
    anchor_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    domain: Mapped[str | None] = mapped_column(String(255))
    outlet: Mapped[str | None] = mapped_column(Text)
    source_kind: Mapped[str | None] = mapped_column(String(32))
    source_country: Mapped[str | None] = mapped_column(String(16))
    source_language: Mapped[str | None] = mapped_column(String(32))
    independent: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (Index("ix_citations_domain", "domain"),)


class Event(_Record, Base):
    """An event; time is flattened for filtering and kept whole in ``time``."""

    __tablename__ = "events"
    document_id: Mapped[int] = _doc_fk()
    type: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str | None] = mapped_column(String(255))
    stance: Mapped[str] = mapped_column(String(32))
    according_to: Mapped[str | None] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    time_value: Mapped[str | None] = mapped_column(String(64))
    time_begin: Mapped[str | None] = mapped_column(String(64))
    time_end: Mapped[str | None] = mapped_column(String(64))
    time: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    actors: Mapped[list[Any] | None] = mapped_column(JSON)
    targets: Mapped[list[Any] | None] = mapped_column(JSON)
    places: Mapped[list[Any] | None] = mapped_column(JSON)
    quantities: Mapped[list[Any] | None] = mapped_column(JSON)
    context: Mapped[list[Any] | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_events_type", "type"),
        Index("ix_events_stance", "stance"),
        Index("ix_events_time_begin", "time_begin"),
        Index("ix_events_type_time_begin", "type", "time_begin"),
        Index("ix_events_time_begin_id", "time_begin", "id"),
    )


class Claim(_Record, Base):
    __tablename__ = "claims"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text)
    checkworthy: Mapped[float] = mapped_column(Float)
    citations: Mapped[list[Any] | None] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_claims_checkworthy", "checkworthy"),
        Index("ix_claims_checkworthy_id", "checkworthy", "id"),
        Index("ix_claims_search", sql_text("to_tsvector('simple', text)"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
    )


class Frame(_Record, Base):
    """A persuasion technique at span level (the framing stage)."""

    __tablename__ = "frames"
    document_id: Mapped[int] = _doc_fk()
    text: Mapped[str] = mapped_column(Text)
    technique: Mapped[str] = mapped_column(String(64))
    term: Mapped[str | None] = mapped_column(Text)
    lexicon: Mapped[str | None] = mapped_column(String(255))

    __table_args__ = (Index("ix_frames_technique", "technique"),)


# -- outside the per-document analysis ----------------------------------------


class Failure(Base):
    """A file that could not be analysed; cleared by a later successful save."""

    __tablename__ = "failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CrossLink(Base):
    """Two records, in different documents, about the same happening (the
    compare stage). ``a_id``/``b_id`` are row ids in the tables ``a_kind`` /
    ``b_kind``; the document columns delete the link with either document."""

    __tablename__ = "links_xdoc"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    a_kind: Mapped[str] = mapped_column(String(32))
    a_id: Mapped[int] = mapped_column(Integer)
    b_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    b_kind: Mapped[str] = mapped_column(String(32))
    b_id: Mapped[int] = mapped_column(Integer)
    relation: Mapped[str] = mapped_column(String(32), index=True)
    on: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    stage: Mapped[str] = mapped_column(String(64))
    stage_version: Mapped[str] = mapped_column(String(64), default="1")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # the evidence of each side: character offsets into its document's text
    a_start: Mapped[int | None] = mapped_column(Integer)
    a_end: Mapped[int | None] = mapped_column(Integer)
    b_start: Mapped[int | None] = mapped_column(Integer)
    b_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_links_xdoc_a", "a_kind", "a_id"), Index("ix_links_xdoc_b", "b_kind", "b_id"))


class Correction(Base):
    """An analyst's confirm / edit / reject of one stored record. Kept beside
    the record (which is never changed) and applied on the way out."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_kind: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[Any | None] = mapped_column(JSON)
    new_value: Mapped[Any | None] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_corrections_record", "record_kind", "record_id"),)


# Record kinds as the CLI and exports name them -> their tables.
RECORD_TABLES = {
    "actors": ActorMention.__table__,
    "times": Timex.__table__,
    "timexes": Timex.__table__,
    "places": PlaceMention.__table__,
    "quantities": Quantity.__table__,
    "citations": Citation.__table__,
    "events": Event.__table__,
    "claims": Claim.__table__,
    "frames": Frame.__table__,
}
STRUCTURE_TABLES = {
    "blocks": Block.__table__,
    "footnotes": Footnote.__table__,
    "markers": Marker.__table__,
    "links": Link.__table__,
    "sentences": Sentence.__table__,
}
