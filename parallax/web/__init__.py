"""The web workbench (``parallax serve``): the report's views over the live
store, search, upload, review, exports and a JSON API."""

from .app import create_app

__all__ = ["create_app"]
