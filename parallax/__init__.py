"""Parallax: competing accounts of one conflict, read, structured and set side by side."""

__version__ = "0.1.0"
