"""Errors a user can look up: each has a code, a one-line reason, and is
raised instead of letting a library's exception reach the user.

The CLI prints ``path: [code] reason`` for a ParallaxError and goes on with
the next file; anything else is a bug.
"""

from __future__ import annotations


class ParallaxError(Exception):
    """Base of every error Parallax reports to a user."""

    code = "P000"

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}[{self.code}] {self.reason}"


class ReadError(ParallaxError):
    """A file could not be read as a document (corrupt, empty, binary...)."""

    code = "P100"


class EmptyDocument(ReadError):
    code = "P101"


class UnsupportedFormat(ReadError):
    code = "P102"


class EncryptedDocument(ReadError):
    code = "P103"


class TooLarge(ReadError):
    code = "P104"


class ManifestError(ParallaxError):
    code = "P110"


class AnalysisError(ParallaxError):
    """A stage failed on a document; the document is recorded as failed."""

    code = "P200"


class AnalysisTimeout(AnalysisError):
    code = "P201"


class StoreError(ParallaxError):
    code = "P300"


class GoldFormatError(ParallaxError):
    """A gold annotation file does not follow gold/FORMAT.md."""

    code = "P400"


class ExportError(ParallaxError):
    code = "P500"


class ReportError(ParallaxError):
    """The report could not be built or written."""

    code = "P700"


class FetchError(ParallaxError):
    """A URL could not be fetched (refused, unreachable, too large, ...)."""

    code = "P620"


class SwapError(ParallaxError):
    """A swap table (``audit-symmetry --swap``) that cannot be read or is inconsistent."""

    code = "P470"
