"""The self-contained HTML report (one file, opens offline, prints to PDF)."""

from .build import ReportError, build_report, write_report

__all__ = ["ReportError", "build_report", "write_report"]
