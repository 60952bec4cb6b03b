"""Analysts' corrections from the workbench: confirm, edit or reject an
event, a claim or a cross-document link, all through
:meth:`Store.add_correction` (cross-document links are its kind
``links_xdoc``; the workbench calls them ``links``)."""

from __future__ import annotations

from typing import Any

from ..errors import StoreError
from ..store import Store
from ..store.repository import CORRECTION_ACTIONS, XLINK_FIELDS, XLINK_KIND

KINDS = {"events": "events", "claims": "claims", "links": XLINK_KIND, XLINK_KIND: XLINK_KIND}
# Fields an analyst may edit, per kind: record columns and export fields
# (exports apply an edit to the field of the same name).
EDITABLE = {
    "events": ("type", "mode", "stance", "according_to", "event_date", "event_type", "sub_event_type",
               "actor1", "actor2", "location", "fatalities", "notes"),
    "claims": ("text", "speaker", "kind", "rating"),
    XLINK_KIND: XLINK_FIELDS,
}


def parse_value(raw: Any) -> Any:
    """A form's text as the value to store: whole numbers become ints."""
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.lstrip("-").isdigit() and len(raw) < 16:
            return int(raw)
    return raw


def add(store: Store, kind: str, record_id: int, action: str, field: str | None = None,
        new_value: Any = None, author: str | None = None, note: str | None = None) -> int:
    """Store one correction; raises StoreError with a reason for bad input."""
    table_kind = KINDS.get(kind)
    if table_kind is None:
        raise StoreError(f"cannot correct {kind!r}: one of events, claims, links")
    if action not in CORRECTION_ACTIONS:
        raise StoreError(f"unknown action {action!r}: one of {', '.join(CORRECTION_ACTIONS)}")
    field = field or None
    if action == "edit":
        if field not in EDITABLE[table_kind]:
            raise StoreError(f"an edit of {kind} names one of: {', '.join(EDITABLE[table_kind])}")
        new_value = parse_value(new_value)
    else:
        field, new_value = None, None
    return store.add_correction(table_kind, record_id, action, field=field, new_value=new_value,
                                author=author, note=note or None)
