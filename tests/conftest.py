"""Shared fixtures of the test suite, by concern. Add new fixtures under a
section header of their own.

Store: ``pg_url`` (a PostgreSQL server for the session, started by
scripts/pg-test-server.sh unless ``PARALLAX_TEST_PG`` names one),
``store_url`` (a fresh, empty database per test, on SQLite and on
PostgreSQL) and ``store`` (that database opened). When PostgreSQL cannot
start, the PostgreSQL tests fail with the reason: CI must prove both
backends. ``PARALLAX_SKIP_PG=1`` skips them instead, explicitly.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------
# Store: databases on both backends
# ---------------------------------------------------------------------------

PG_SCRIPT = ROOT / "scripts" / "pg-test-server.sh"
PG_START_TIMEOUT = 900  # may include `apt-get install postgresql` on a fresh machine


def _start_pg() -> str:
    """The URL of a running PostgreSQL, started by the script if needed."""
    try:
        proc = subprocess.run(["bash", str(PG_SCRIPT)], capture_output=True, text=True,
                              timeout=PG_START_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"cannot start PostgreSQL with {PG_SCRIPT.name}: {exc}", pytrace=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        pytest.fail(f"cannot start PostgreSQL with {PG_SCRIPT.name} (exit {proc.returncode}):\n"
                    f"{proc.stderr[-3000:]}\n(set PARALLAX_TEST_PG to a server's URL, or "
                    "PARALLAX_SKIP_PG=1 to skip the PostgreSQL tests)", pytrace=False)
    return lines[-1]


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A reachable PostgreSQL server's SQLAlchemy URL (psycopg 3)."""
    if os.environ.get("PARALLAX_SKIP_PG") == "1":
        pytest.skip("PARALLAX_SKIP_PG=1: PostgreSQL tests skipped on request")
    url = os.environ.get("PARALLAX_TEST_PG") or _start_pg()
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:  # report the reason, do not skip
        pytest.fail(f"PostgreSQL at {url} is not usable: {exc}", pytrace=False)
    finally:
        engine.dispose()
    return url


@pytest.fixture(scope="session")
def pg_admin(pg_url: str):
    """An autocommit engine on the test server, for CREATE / DROP DATABASE."""
    from sqlalchemy import create_engine

    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_pg_url(pg_url: str, pg_admin) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy.engine import make_url

    name = f"parallax_t_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("fresh_pg_url")


@pytest.fixture
def store(store_url: str):
    """The fresh database opened (schema at head), closed afterwards."""
    from parallax.store import open_store

    opened = open_store(store_url)
    yield opened
    opened.close()


# --------------------------------------------------------------------------
# A real browser: Debian's chromium driven by Playwright
# --------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
# The flags a headless chromium needs on a machine with no network but loopback.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (never `playwright install`: it downloads
    its own browser, which fails here). In CI a missing chromium fails."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
