"""Alembic environment of the Parallax store.

``parallax.store.engine.upgrade`` passes an open connection, already inside
a locked transaction, in ``config.attributes["connection"]``: the whole
upgrade then runs in that one transaction (both backends have transactional
DDL), so a second process waiting on the lock sees either nothing or the
finished schema. Run from the command line, env.py makes its own engine.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from parallax.store.schema import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        transactional_ddl=True,
        compare_type=True,
    )


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    from parallax.config import default_db_url
    from parallax.store.engine import create_store_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or default_db_url()
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


def run_offline() -> None:
    from parallax.config import default_db_url

    url = context.get_x_argument(as_dictionary=True).get("url") or default_db_url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
