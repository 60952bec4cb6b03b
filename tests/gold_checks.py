"""What the gold tests of our own corpora share (examples/gold,
examples/heldout/gold): the vocabularies of ../shared/gold/FORMAT.md, the ISO
check, and where a gold quote must be found in its document."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import yaml

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
STANCES = {"asserted", "denied", "alleged", "hypothetical", "planned"}
SECTORS = {"government", "military", "police", "rebel", "civilian", "igo", "ngo", "media", "business", None}
KINDS = {"statement", "briefing", "news", "report", "post", "interview"}
PLACE_KINDS = {"country", "region", "district", "city", "town", "village", "feature"}
QUALIFIERS = {"exact", "more_than", "less_than", "about", "range"}
TIMEX_TYPES = {"DATE", "TIME", "DURATION", "SET"}
RELATIONS = {"SAME", "CONTRADICT", "COMPLEMENT"}
ON_VALUES = {"initiator", "target", "casualties", "date", "place", "civilians", "existence", "detail"}

# ISO 8601 as the gold uses it: a date (year, month or day), a date-time, an interval of two of those,
# or a duration (digits or X for vague amounts: PXW = "weeks").
_POINT = r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?)?)?)?"
_DURATION = r"P(?:(?:\d+|X)[YMWD])*(?:T(?:(?:\d+|X)[HMS])+)?"
ISO_RE = re.compile(rf"^(?:{_POINT}(?:/{_POINT})?|{_DURATION})$")


def iso_ok(value: Any) -> bool:
    """True when a YAML value (dates arrive as datetime.date, years as int) is ISO 8601 as above."""
    text = str(value)
    return bool(ISO_RE.match(text)) and text not in ("P", "PT")


@cache
def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def document_text(path: Path) -> str:
    """The text quotes must be substrings of; for HTML the visible text of <body> (the <head>,
    <title> included, is metadata), whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".html", ".htm"):
        return " ".join(lxml.html.document_fromstring(raw).body.text_content().split())
    return raw


def gold_document(gold_path: Path) -> Path:
    return (gold_path.parent / load_yaml(gold_path)["document"]).resolve()


def substrings(gold: dict) -> list[tuple[str, str]]:
    """(where, string) for every field that must occur verbatim in the document."""
    out = []
    for sec, key in (("events", "quote"), ("timexes", "text"), ("places", "text"),
                     ("quantities", "text"), ("claims", "quote"), ("citations", "supports")):
        for i, item in enumerate(gold.get(sec) or []):
            if item.get(key) is not None:
                out.append((f"{sec}[{i}].{key}", str(item[key])))
    return out
