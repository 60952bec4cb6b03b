"""Settings: where the store is and the limits on input, from the
environment (``PARALLAX_*``) with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_PATH = Path("parallax.db")


def default_db_url() -> str:
    """``PARALLAX_DB`` (a SQLAlchemy URL) wins; else a SQLite file in the
    working directory."""
    url = os.environ.get("PARALLAX_DB")
    if url:
        return url
    return f"sqlite:///{DEFAULT_DB_PATH}"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


@dataclass
class Limits:
    """Limits on input, each configurable by an environment variable (a
    whole number; anything else keeps the default). Documented in README.md.

    - ``PARALLAX_MAX_FILE_BYTES`` (50 MiB): a larger file is refused before it is read.
    - ``PARALLAX_MAX_UNPACKED_BYTES`` (200 MiB): a DOCX whose zip directory declares
      more is refused before anything is inflated (zip bomb).
    - ``PARALLAX_MAX_CHARS`` (2,000,000): a longer decoded text is refused. Texts
      under it but over spaCy's section size are parsed in sections (parallax.nlp).
    - ``PARALLAX_TIMEOUT`` (300 s): wall-clock limit on reading and analysing one
      document in ``parallax analyze`` and ``parallax batch`` (in any worker
      thread, see runner.time_limit); past it the document is recorded as failed.
    """

    max_file_bytes: int = field(default_factory=lambda: _int_env("PARALLAX_MAX_FILE_BYTES", 50 * 1024 * 1024))
    max_unpacked_bytes: int = field(default_factory=lambda: _int_env("PARALLAX_MAX_UNPACKED_BYTES", 200 * 1024 * 1024))
    max_chars: int = field(default_factory=lambda: _int_env("PARALLAX_MAX_CHARS", 2_000_000))
    timeout_seconds: int = field(default_factory=lambda: _int_env("PARALLAX_TIMEOUT", 300))
