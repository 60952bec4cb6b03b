"""The store: analysed documents in SQLite or PostgreSQL (one schema).

``open_store(url)`` connects, brings the schema to the newest revision
(Alembic, packaged in ``migrations/``) and returns a :class:`Store`.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from ..config import default_db_url
from ..errors import StoreError
from .engine import create_store_engine, normalise_url, upgrade
from .repository import Store, build, sanitize

__all__ = ["Store", "build", "normalise_url", "open_store", "sanitize"]


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (a SQLAlchemy URL or a SQLite file path; default
    ``PARALLAX_DB`` or ``sqlite:///parallax.db``), its schema upgraded."""
    url = url or default_db_url()
    try:
        engine = create_store_engine(url)
    except (SQLAlchemyError, OSError, ValueError) as exc:
        raise StoreError(f"cannot open the store {url!r}: {exc}") from exc
    try:
        upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        where = engine.url.render_as_string(hide_password=True)
        reason = getattr(exc, "orig", None) or exc
        raise StoreError(f"cannot open the store {where}: {reason}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
