"""Engines for the store and the schema upgrade that runs when it opens.

SQLite gets WAL (readers do not block the writer), a 30 s busy timeout
(a second process waits instead of failing), foreign keys on, and explicit
``BEGIN``: pysqlite's own transaction handling is turned off, so that write
transactions can start with ``BEGIN IMMEDIATE`` (take the write lock before
the first read; a deferred transaction that reads then writes can fail at
once with "database is locked" when another process wrote in between, and
the busy timeout does not help there).

The upgrade holds a lock for its whole transaction (SQLite: the write
lock; PostgreSQL: an advisory lock), so that two processes opening a new
store at once do not both create the tables.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from ..errors import StoreError

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK_KEY = 0x70A7A11A  # any constant: the advisory lock of schema upgrades (PostgreSQL)
BEGIN_OPTION = "parallax_sqlite_begin"


def normalise_url(url: str) -> URL:
    """A SQLAlchemy URL from what a user may type: a URL, or a plain path to
    a SQLite file; ``postgresql://`` means the psycopg 3 driver."""
    if "://" not in url:
        return make_url(f"sqlite:///{url}")
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:")


def create_store_engine(url: str) -> Engine:
    """An Engine set up for the store's backend (no schema work)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    if _is_memory(parsed):
        engine = create_engine(parsed, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        if not str(parsed.database).startswith("file:"):
            Path(str(parsed.database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _setup_sqlite(engine, wal=not _is_memory(parsed))
    return engine


def _setup_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            _set_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _set_wal(cursor: Any) -> None:
    """Switch a file to WAL. Converting needs a moment of exclusive access,
    and SQLite answers "database is locked" at once (without its busy
    handler) when another process opens the file at that moment: retry
    with back-off up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: on SQLite it takes the write lock at
    BEGIN (waiting up to the busy timeout for another writer)."""
    with engine.connect() as conn:
        conn.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            yield conn


@lru_cache(maxsize=1)
def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def alembic_config() -> Config:
    return Config(str(ALEMBIC_INI))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head; a no-op (one query) when it is there.
    SQLite can answer "database is locked" without waiting while another
    process creates the same new file: such an attempt is retried with
    back-off up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.02
    while True:
        try:
            return _upgrade_once(engine)
        except OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _upgrade_once(engine: Engine) -> None:
    if current_revision(engine) == _head():
        return
    cfg = alembic_config()
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:  # e.g. a revision this version does not know
            raise StoreError(f"cannot upgrade the store's schema: {exc} "
                             "(was it written by a newer Parallax?)") from exc
