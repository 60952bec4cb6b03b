"""Neutrality audit: swap the two sides' names and check that the links
come out as the mirror image.

A swap table lists name pairs (countries, demonyms, forces, leaders,
places). Every file's raw text is swapped in one pass (longest names first,
whole words only, each name also in capitals as datelines write it), then read again as a new document, so every offset is
the swapped text's own. Both corpora are analysed and aligned; a link is
identified by where its two records sit (document, sentence, record kind)
and its relation, never by names, so the original's links and the swapped
corpus's links must be the same set. Whatever differs is reported.

Swap file (YAML)::

    pairs:                      # each name becomes the other, both ways
      - [Republic of Veldra, Kingdom of Ostmark]
      - [Veldran, Ostmarkian]
    one_way:                    # extra spellings without a counterpart
      Ostmarker: Veldran
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import SwapError
from .model import Analysis, CrossLink, Metadata, RecordRef


@dataclass
class SwapTable:
    mapping: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # actor country codes, paired like the names

    def pattern(self) -> re.Pattern[str]:
        names = sorted(self.mapping, key=len, reverse=True)
        return re.compile(r"(?:(?<![\w-])(a|an|A|An|AN)\s+)?(?<![\w-])(" + "|".join(re.escape(n) for n in names)
                          + r")(?![\w-])")

    def _new(self, m: re.Match[str]) -> str:
        """The counterpart name, with an indefinite article before it made to
        fit ("an Ostmarkian shell" -> "a Veldran shell"): ungrammatical swapped
        text would be read differently by the statistical models."""
        new = self.mapping[m.group(2)]
        article = m.group(1)
        if not article:
            return new
        fit = "an" if new[:1].lower() in "aeiou" else "a"
        fit = fit.upper() if article.isupper() and len(article) > 1 else fit.capitalize() if article[0].isupper() else fit
        return fit + m.group()[len(article):m.start(2) - m.start()] + new

    def replacements(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, new text) of every name in ``text`` (with its
        indefinite article, if any), left to right."""
        if not self.mapping:
            return []
        return [(m.start(), m.end(), self._new(m)) for m in self.pattern().finditer(text)]

    def swap(self, text: str) -> str:
        """``text`` with every listed name replaced by its counterpart, in one
        pass (so A->B and B->A never undo each other)."""
        if not self.mapping or not text:
            return text
        return self.pattern().sub(self._new, text)


def load_swap(path: str | Path) -> SwapTable:
    """Read a swap file (see the module docstring)."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SwapError(f"cannot read the swap file: {exc}", str(p)) from exc
    return swap_table(data, str(p))


def swap_table(data: Any, where: str | None = None) -> SwapTable:
    if isinstance(data, list):
        data = {"pairs": data}
    if not isinstance(data, dict):
        raise SwapError("a swap file is a mapping with 'pairs' (and optional 'one_way')", where)
    mapping: dict[str, str] = {}
    for entry in data.get("pairs") or []:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
            raise SwapError(f"a pair is a list of two names: {entry!r}", where)
        a, b = (x.strip() for x in entry)
        for x, y in ((a, b), (b, a)):
            if mapping.get(x, y) != y:
                raise SwapError(f"{x!r} is paired twice ({mapping[x]!r} and {y!r})", where)
            mapping[x] = y
    for x, y in (data.get("one_way") or {}).items():
        if str(x) in mapping:
            raise SwapError(f"{x!r} is both in a pair and one-way", where)
        mapping[str(x)] = str(y)
    if not mapping:
        raise SwapError("the swap table is empty", where)
    for x, y in list(mapping.items()):  # datelines and letterheads write names in capitals
        mapping.setdefault(x.upper(), y.upper())
    codes: dict[str, str] = {}
    for entry in data.get("codes") or []:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 2):
            raise SwapError(f"a code pair is a list of two codes: {entry!r}", where)
        codes[str(entry[0])], codes[str(entry[1])] = str(entry[1]), str(entry[0])
    return SwapTable(mapping, codes)


def swap_meta(meta: Metadata | None, table: SwapTable) -> Metadata | None:
    """Declared metadata of the swapped document: names in it swapped too
    (the side label is a corpus label and stays)."""
    if meta is None:
        return None
    return replace(meta, publisher=table.swap(meta.publisher) if meta.publisher else None,
                   title=table.swap(meta.title) if meta.title else None)


# --------------------------------------------------------------------------
# mirrored analyses: the same records, names and codes swapped
# --------------------------------------------------------------------------

OFFSET_FIELDS = {"start", "end", "sentence_start", "sentence_end", "support_start", "support_end"}
NAME_FIELDS = {"text", "trigger", "name", "according_to", "speaker", "publisher", "title", "anchor_text"}


def offset_mapper(text: str, table: SwapTable) -> tuple[str, Callable[..., int]]:
    """The swapped text and a function taking an offset of ``text`` to the
    same place in the swapped text (an offset inside a name goes to the
    new name's start, or its end if it was the old name's end)."""
    reps = table.replacements(text)
    pieces, starts, shifts, pos, delta = [], [], [], 0, 0
    for s, e, new in reps:
        pieces.append(text[pos:s])
        pieces.append(new)
        starts.append((s, e, s + delta, len(new)))
        delta += len(new) - (e - s)
        shifts.append(delta)
        pos = e
    pieces.append(text[pos:])

    def move(offset: int, is_end: bool = False) -> int:
        shift = 0
        for (s, e, new_s, new_len), after in zip(starts, shifts):
            if offset >= e:
                shift = after
                continue
            if offset > s:
                return new_s + new_len if is_end else new_s
            break
        return offset + shift

    return "".join(pieces), move


def _mirror(obj: Any, move: Callable[..., int], table: SwapTable, places: dict[str, Any], seen: dict) -> Any:
    from dataclasses import is_dataclass

    from .model import Place

    if isinstance(obj, list):
        return [_mirror(x, move, table, places, seen) for x in obj]
    if isinstance(obj, tuple):
        return tuple(_mirror(x, move, table, places, seen) for x in obj)
    if not is_dataclass(obj) or isinstance(obj, type):
        return obj
    if isinstance(obj, Place):  # a paired place becomes its counterpart; an unpaired one stays itself
        return places.get(table.mapping[obj.name], obj) if obj.name in table.mapping else obj
    if id(obj) in seen:
        return seen[id(obj)]
    values = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name in OFFSET_FIELDS and isinstance(value, int):
            value = move(value, is_end=not f.name.endswith("start"))
        elif f.name in NAME_FIELDS and isinstance(value, str):
            value = table.swap(value)
        elif f.name == "country" and isinstance(value, str):
            value = table.codes.get(value, value)
        elif f.name == "countries" and isinstance(value, list):
            value = [table.codes.get(c, c) for c in value]
        else:
            value = _mirror(value, move, table, places, seen)
        values[f.name] = value
    out = replace(obj, **values)
    seen[id(obj)] = out
    return out


def mirror_analyses(analyses: list[Analysis], table: SwapTable) -> list[Analysis]:
    """The analyses as they would be if the extraction were perfectly name-
    blind: text swapped, every record kept with its offsets moved, actor
    codes and gazetteer places swapped. Aligning these must give exactly
    the mirror of aligning the originals: a test of the aligner alone."""
    places = {}
    for a in analyses:
        for m in a.places:
            if m.place is not None:
                places.setdefault(m.place.name, m.place)
        for ev in a.events:
            for m in ev.places:
                if m.place is not None:
                    places.setdefault(m.place.name, m.place)
    out = []
    for a in analyses:
        text, move = offset_mapper(a.document.text, table)
        document = replace(_mirror(a.document, move, table, places, {}), text=text)
        rest = {f.name: _mirror(getattr(a, f.name), move, table, places, {})
                for f in fields(Analysis) if f.name != "document"}
        out.append(Analysis(document, **rest))
    return out


# --------------------------------------------------------------------------
# the audit
# --------------------------------------------------------------------------


def _sentence_no(analysis: Analysis, offset: int) -> int:
    for n, sent in enumerate(analysis.sentences):
        if sent.start <= offset < sent.end:
            return n
    return -1


def _endpoint(analyses: list[Analysis], ref: RecordRef, frames: list | None = None) -> tuple:
    pos = next(i for i, a in enumerate(analyses) if a.document.content_hash == ref.document)
    analysis = analyses[pos]
    record = getattr(analysis, ref.kind)[ref.index]
    detail = getattr(record, "type", None) if ref.kind == "events" else getattr(record, "value", None)
    if frames is not None:  # numbered by the original's sentences, the offset mapped back
        reference, move = frames[pos]
        return pos, _sentence_no(reference, move(record.start)), ref.kind, detail
    return pos, _sentence_no(analysis, record.start), ref.kind, detail


def link_keys(analyses: list[Analysis], links: list[CrossLink], frames: list | None = None) -> dict[tuple, CrossLink]:
    """Each link keyed by its endpoints' positions (document, sentence,
    kind, type or value) and its relation: names play no part. With
    ``frames`` (per document: the original analysis and a function taking
    this text's offsets to the original's) sentences are numbered as the
    original splits them, so that a name the sentence splitter reads
    differently ("KESSEL, 7 March" against "MARROW, 7 March") does not
    renumber every later sentence of the document."""
    out = {}
    for link in links:
        ends = sorted((_endpoint(analyses, link.a, frames), _endpoint(analyses, link.b, frames)), key=repr)
        out[(ends[0], ends[1], link.relation, link.on)] = link
    return out


@dataclass
class SymmetryReport:
    documents: list[str]
    original: int
    swapped: int
    only_original: list[dict[str, Any]]
    only_swapped: list[dict[str, Any]]

    @property
    def symmetric(self) -> bool:
        return not self.only_original and not self.only_swapped

    def as_dict(self) -> dict[str, Any]:
        return {"symmetric": self.symmetric, "documents": self.documents, "links_original": self.original,
                "links_swapped": self.swapped, "only_original": self.only_original,
                "only_swapped": self.only_swapped}


def _describe(key: tuple, analyses: list[Analysis], link: CrossLink) -> dict[str, Any]:
    def side(ref: RecordRef) -> str:
        a = next(x for x in analyses if x.document.content_hash == ref.document)
        rec = getattr(a, ref.kind)[ref.index]
        sent = a.sentence_at(rec.start)
        start, end = (sent.start, sent.end) if sent else (rec.start, rec.end)
        return f"{Path(a.document.path or '?').name}: {' '.join(a.document.text[start:end].split())}"

    return {"relation": link.relation, "on": link.on, "reason": link.reason,
            "a": side(link.a), "b": side(link.b)}


def compare_links(original: list[Analysis], swapped: list[Analysis],
                  links_o: list[CrossLink], links_s: list[CrossLink],
                  table: SwapTable | None = None) -> SymmetryReport:
    """The links of the two corpora that are not each other's mirror. With
    the swap ``table`` the swapped corpus's records are placed by the
    original's sentences (see ``link_keys``)."""
    frames = None
    if table is not None:
        frames = [(o, offset_mapper(s.document.text, table)[1]) for o, s in zip(original, swapped)]
    ko, ks = link_keys(original, links_o), link_keys(swapped, links_s, frames)
    return SymmetryReport(
        [a.document.path or "?" for a in original], len(ko), len(ks),
        [_describe(k, original, ko[k]) for k in ko if k not in ks],
        [_describe(k, swapped, ks[k]) for k in ks if k not in ko])


def analyse_pair(paths: list[Path], table: SwapTable, resources: Any = None,
                 progress: Callable[[str], None] | None = None) -> tuple[list[Analysis], list[Analysis]]:
    """Read and analyse each file as it is and with the names swapped (its
    raw text swapped, then read again as a new document)."""
    from .pipeline import analyse
    from .read import read_bytes
    from .read.manifest import load_manifest
    from .resources import Resources

    resources = resources or Resources()
    original, swapped = [], []
    for path in paths:
        if progress:
            progress(str(path))
        manifest = load_manifest(path.parent)
        declared = manifest.declared_for(path) if manifest else None
        if manifest:
            resources.add(actors=manifest.actor_files, gazetteer=manifest.gazetteer_files)
        raw = path.read_bytes()
        original.append(analyse(read_bytes(raw, path, declared=declared), resources))
        text = raw.decode("utf-8", errors="replace")
        swapped.append(analyse(read_bytes(table.swap(text).encode("utf-8"), path,
                                          declared=swap_meta(declared, table)), resources))
    return original, swapped


def audit(paths: list[Path], table: SwapTable, resources: Any = None,
          progress: Callable[[str], None] | None = None) -> SymmetryReport:
    """Analyse and align the corpus twice (original, swapped) and report
    the links that are not mirrored."""
    from .align import align

    original, swapped = analyse_pair(paths, table, resources, progress)
    return compare_links(original, swapped, align(original), align(swapped), table)
