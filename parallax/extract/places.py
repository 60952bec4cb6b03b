"""Place mentions: find them, resolve them with the document's context, say how they are used.

Finding: spaCy's GPE/LOC/FAC entities, plus a gazetteer scan of capitalised token runs (the
small English model often labels countries ORG or misses districts). A phrase is widened over a
designator ("Kelmar district", "Harn Province", "X reservoir", "X international airport") and
a direction prefix ("NW Syria"); generic lines ("the line of contact with X", "the X-Y border")
are placed by the place(s) they are attached to. Demonyms are not places. Local-news slots count
too: a dateline in capitals ("TORRINGTON --"), a name before a title or a body of its own ("X Mayor
Y", "the X Police Department", also when the model took it into a person's or an organisation's
name), a home town before a resident noun ("a X man"), and the items of a list that ends with a
designator ("X, Y and Z counties": three counties).

Resolving: three passes. The first resolves every name with no context but the entries of the
document's other names (a town or county name's entry next to an entry of another name wins:
"Paris" beside "Henry County"); the next two resolve each name again with the countries and
divisions the document's other names point to (never the name's own mentions: "Georgia" nine
times is no evidence for the country), the publisher's country, the places of the neighbouring
sentences, the area a phrase states ("Kansas City, Kan.": only entries inside it) and the kind
shared by the items of its list ("Michigan, Indiana and Ohio"); the area after a town ("Blakely,
Georgia") is read among the entries that hold some entry of the town. A name and its designated
form ("Douglas", "Douglas County") are one name, no evidence for each other. A name placed once
("Dublin, Ohio") means that place in its other mentions. Single words the text does not support are
dropped: a common word that is also a far-away town's name ("Mission", "Date"), a word of a
person's name in the same document, a small town far from every other place of the document.

Features: named lakes and reservoirs resolve to their own entries (Natural Earth); another feature
the model or a feature word finds ("the Panjshir Valley", "X River") resolves through the name it
carries, with a fallback precision. A name that fills a table cell counts as in a place's slot.

Fallback: a name no gazetteer holds (a hill post, a cave, a valley, a village) is kept when the
text says it is a place -- the model calls it GPE/LOC/FAC, a designator follows ("X post",
"X river"), or it sits in a locative slot ("near X", "the village of X") -- and it is no common
word, person, organisation or demonym. It takes the point of the most specific area the document
gives it: a division or town stated next to it ("X, in Y province", "X (Y)"), else the nearest
district or region of its sentence, then of its paragraph, else the country the document's
places agree on; an area wider than ``FALLBACK_MAX_KM`` (half-diagonal) or in a country no other
place of the document lies in gives none. The precision says which (``fallback-district`` |
``fallback-region`` | ``fallback-country``); no GeoNames id, low confidence, the area's country
and divisions kept. Nothing gets invented coordinates.

Role: ``actor`` when the name is the subject or agent of a verb, a possessor ("X's army"), the
modifier of a subject ("X forces attacked") or part of an organisation's name; ``event_location``
when governed by a locative preposition (also "in the direction/territory of X"); otherwise
``mentioned``. The events stage refines this.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import Analysis, Place, PlaceMention, Provenance
from ..nlp import doc_text
from ..resolve.gazetteer import (
    CandidateGrid,
    Gazetteer,
    GeoContext,
    bare_name,
    designators,
    fold,
    haversine_km,
)

STAGE = "places"
VERSION = "1"
PLACE_LABELS = {"GPE", "LOC", "FAC"}
SKIP_LABELS = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW",
               "WORK_OF_ART", "EVENT", "LANGUAGE"}
MAX_TOKENS = 5
SUBNATIONAL = {"district", "city", "town", "village", "feature"}


@dataclass
class _Cand:
    start: int
    end: int
    text: str  # the name looked up (without designators / direction)
    tokens: tuple[int, int]  # token range of the name
    ner: str | None = None
    kind_hint: str | None = None
    feature: bool = False  # phrase ends with a feature word (reservoir, airport...)
    direction: tuple[int, int] | None = None
    in_org: bool = False
    local_org: bool = False  # the organisation is the town's own body ("the X Police Department")
    unknown: bool = False  # found by a locative pattern only ("in X"): no gazetteer entry was asked for
    whole: tuple[int, int] | None = None  # token range of the place entity this known part was cut from
    line_of: list[int] = field(default_factory=list)  # for generic lines: indexes of anchor candidates
    place: Place | None = None
    role: str = "mentioned"
    confidence: float = 0.8
    dropped: bool = False  # resolved, but the text does not support the reading


def extract_places(analysis: Analysis, doc: Doc, resources: Any) -> list[PlaceMention]:
    """Place mentions of a document, resolved and with a role; in text order."""
    gaz: Gazetteer = resources.gazetteer
    cands = _find(doc, gaz)
    _abbreviation_dots(doc, cands, gaz)
    _widen(doc, cands, gaz)
    lines = _lines(doc, cands, gaz)
    publisher = _publisher_country(analysis, gaz)
    _resolve_all(doc, cands, gaz, publisher)
    _drop_unsupported(doc, cands)
    _restore_wholes(doc, cands)
    for cand in cands:
        cand.role = _role(doc, cand)
    _place_lines(doc, lines, cands)
    _fallbacks(analysis, doc, cands, gaz)
    placed_lines = [line for line in lines if line.place is not None]
    spans = [(line.start, line.end) for line in placed_lines]
    free = {_bare_key(c.text) for c in cands if c.place is not None and not c.dropped and not c.in_org}
    kept = [c for c in cands if c.place is not None and not c.dropped and not _inside(c, spans)
            and not (_org_named(c) and _bare_key(c.text) not in free)]
    text = analysis.document.text  # same offsets as doc_text(doc), markup not blanked: the evidence
    kept = _unique_spans(kept + placed_lines)
    return [
        PlaceMention(text=text[c.start:c.end], start=c.start, end=c.end, place=c.place, role=c.role,
                     prov=Provenance(STAGE, VERSION, round(c.confidence, 2)))
        for c in sorted(kept, key=lambda c: c.start)
    ]


def _bare_key(text: str) -> str:
    """A name's key without its designator ("Lufkin City" and "Lufkin" meet)."""
    key = fold(text)
    return bare_name(key) or key


def _unique_spans(cands: list[_Cand]) -> list[_Cand]:
    """One mention per span: two finders that reach the same phrase ("near the X" and the
    model's entity "the X Reservoir") give one place."""
    seen: set[tuple[int, int]] = set()
    out = []
    for cand in cands:
        if (cand.start, cand.end) not in seen:
            seen.add((cand.start, cand.end))
            out.append(cand)
    return out


def _inside(cand: _Cand, spans: list[tuple[int, int]]) -> bool:
    """A compound line ("X-Y border") replaces the names inside it."""
    return any(s <= cand.start and cand.end <= e for s, e in spans)


def _local_body(doc: Doc, e: int, end: int) -> bool:
    """The words of an organisation's name after a place name (tokens ``e:end``) make it the
    place's own body: "Police Department", "Superior Court", "Public Library"."""
    words = set(designators()["local_institutions"])
    return any(t.lower_ in words for t in doc[e:end])


def _org_named(cand: _Cand) -> bool:
    """A town inside an organisation's name (a think tank named after a street or town) is not a
    place use, unless the document names the town outside organisations too ("the Dublin City
    Council" in a story about Dublin); a country or region there names the actor and is kept."""
    return cand.in_org and not cand.local_org and cand.place is not None \
        and cand.place.kind not in ("country", "region", "district") \
        and (cand.place.population or 0) < 100_000


# --------------------------------------------------------------------------
# finding
# --------------------------------------------------------------------------


def _ent_labels(doc: Doc) -> tuple[list[str | None], list[Span | None]]:
    labels: list[str | None] = [None] * len(doc)
    spans: list[Span | None] = [None] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i] = ent.label_
            spans[i] = ent
    return labels, spans


def _capitalised(tok: Token) -> bool:
    """Starts upper-case and is a word (hyphens and abbreviation dots allowed: "W.Va.")."""
    return tok.text[:1].isupper() and tok.text.replace("-", "").replace(".", "").isalpha()


def _find(doc: Doc, gaz: Gazetteer) -> list[_Cand]:
    labels, ents = _ent_labels(doc)
    cands: list[_Cand] = []
    covered = [False] * len(doc)
    for ent in doc.ents:  # NER places first: their extent is the model's
        if ent.label_ not in PLACE_LABELS:
            continue
        s, e = _trim_span(doc, ent.start, ent.end)
        if s >= e or gaz.is_demonym(doc[s:e].text) or covered[s]:
            continue
        e = _extend_known(doc, s, e, gaz)
        whole = None
        if e - s > 1 and not gaz.lookup(doc[s:e].text):
            whole = (s, e)
            s, e = _known_part(doc, s, e, gaz)
            whole = whole if (s, e) != whole else None
        cand = _Cand(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc[s:e].text, (s, e), ner=ent.label_,
                     whole=whole)
        if whole is None and e - s > 1:
            _feature_name(doc, cand, gaz)
        cands.append(cand)
        for i in range(s, e):
            covered[i] = True
    i = 0
    while i < len(doc):  # gazetteer scan for what the model missed or mislabelled
        tok = doc[i]
        if covered[i] or not _capitalised(tok) or (labels[i] in SKIP_LABELS and labels[i] != "PERSON"):
            i += 1
            continue
        hit = _longest_match(doc, i, gaz, covered, labels, ents)
        if hit is None:
            hit = _feature_run(doc, i)
        unknown = False
        if hit is None:
            hit = _locative_run(doc, i, gaz, covered, labels, ents)
            unknown = hit is not None
        if hit is None:
            i += 1
            continue
        e = hit
        ent = ents[i]
        in_org = ent is not None and ent.label_ == "ORG" and _words(ent) > (e - i)
        cand = _Cand(tok.idx, doc[e - 1].idx + len(doc[e - 1]), doc[i:e].text, (i, e),
                     ner=labels[i], in_org=in_org, unknown=unknown,
                     local_org=in_org and _local_body(doc, e, ent.end))  # type: ignore[union-attr]
        if e - i > 1:
            _feature_name(doc, cand, gaz)
        cands.append(cand)
        for j in range(i, e):
            covered[j] = True
        i = e
    return sorted(cands, key=lambda c: c.start)


_SURE_SOURCES = {"country", "admin1", "curated", "extra", "physical"}


def _extend_known(doc: Doc, s: int, e: int, gaz: Gazetteer) -> int:
    """The end of the longest country, division or curated name that starts with the model's
    entity and runs on past it: the model often splits one ("Democratic Republic" + "Congo",
    "Guinea" + "Bissau")."""
    best = e
    for end in range(e + 1, min(len(doc), s + MAX_TOKENS + 2) + 1):
        if doc[end - 1].is_punct and doc[end - 1].text != "-" or doc[end - 1].is_space:
            break
        if not _capitalised(doc[end - 1]):
            continue
        if any(src in _SURE_SOURCES and exact for _, src, exact in gaz.lookup(doc[s:end].text)):
            best = end
    return best


def _words(span: Span) -> int:
    """Tokens of a span that are not whitespace (an entity in a table cell drags its tab along)."""
    return sum(1 for t in span if not t.is_space)


def _cell_start(doc: Doc, i: int) -> bool:
    """Token ``i`` opens a sentence, a line or a table cell (cells are set apart by a tab, a line
    break or a run of spaces in the analysis text)."""
    if doc[i].is_sent_start or i == 0:
        return True
    gap = doc_text(doc)[doc[i - 1].idx + len(doc[i - 1]):doc[i].idx]
    prev = doc[i - 1]
    return prev.is_space and ("\t" in prev.text or "\n" in prev.text or "  " in prev.text) \
        or "\t" in gap or "\n" in gap or "  " in gap or prev.text == "|"


def _whole_cell(doc: Doc, i: int, e: int) -> bool:
    """Tokens ``i:e`` fill a table cell: a cell break before and after (tab, "|", a line break or
    a run of spaces, as the readers lay out Markdown and HTML tables)."""
    if not _cell_start(doc, i):
        return False
    text = doc_text(doc)
    end = doc[e - 1].idx + len(doc[e - 1])
    after = text[end:end + 3]
    return after == "" or after[:1] in ("\t", "\n", "|") or after.startswith("  ")


def _date_word(doc: Doc, i: int, e: int) -> bool:
    """A month name next to a number ("3 March", "March 3"): a date, not a town."""
    if e - i != 1 or doc[i].lower_.rstrip(".") not in designators()["date_words"]:
        return False
    near = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc)]
    return any(t.like_num for t in near)


def _known_part(doc: Doc, s: int, e: int, gaz: Gazetteer) -> tuple[int, int]:
    """The longest leading or trailing run of a place entity no gazetteer holds that one does
    ("Paris City Hall" -> "Paris City", "Metro Nashville" -> "Nashville"); the whole entity
    when none does, or when the rest is a feature word ("Tiger Hill", "Lake X": the feature is
    the place, not its namesake town)."""
    features = {w for w in designators()["feature"] if " " not in w}
    generic = set(designators()["generic_words"]) | set(designators()["directions"])
    if any(t.like_num for t in doc[s:e]):
        return s, e  # a numbered name ("Hill 1510", "Point 14") is one name
    for n in range(e - s - 1, 0, -1):
        for a in (s, e - n):
            b = a + n
            if not (_capitalised(doc[a]) and _capitalised(doc[b - 1])):
                continue
            rest = doc[b] if a == s else doc[a - 1]
            if rest.lower_ in features or (n == 1 and (doc[a].lower_ in generic or doc[a].lower_ in features)) \
                    or not gaz.lookup(doc[a:b].text) or gaz.is_demonym(doc[a:b].text):
                continue
            return a, b
    return s, e


def _feature_name(doc: Doc, cand: _Cand, gaz: Gazetteer) -> None:
    """A feature the model found that no gazetteer holds ("the Panjshir Valley", "Lake X") is
    looked up through the name it carries: it lies in, or next to, the area or town of that name,
    and resolves to its point with a fallback precision (never a point of its own)."""
    s, e = cand.tokens
    if gaz.lookup(cand.text):
        return
    d = designators()
    words = [t.lower_.rstrip(".") for t in doc[s:e]]
    features = set(d["feature"])
    if len(words) > 2 and " ".join(words[-2:]) in features:
        bs, be = s, e - 2
    elif words[-1] in features:
        bs, be = s, e - 1
    elif words[0] in d["feature_prefixes"]:
        bs, be = s + 1, e
    else:
        return
    name = doc[bs:be].text
    if not (be > bs and _capitalised(doc[bs]) and _capitalised(doc[be - 1])) or gaz.is_demonym(name):
        return
    if gaz.lookup(name):
        cand.text = name
    cand.feature, cand.kind_hint = True, "feature"


def _restore_wholes(doc: Doc, cands: list[_Cand]) -> None:
    """A known part cut from a place entity that came to nothing (a namesake the text does not
    support: "Verin" of an unknown "Verin X") gives the entity back, for the fallback."""
    for cand in cands:
        if cand.whole is None or (cand.place is not None and not cand.dropped):
            continue
        s, e = cand.whole
        cand.start, cand.end, cand.text, cand.tokens = doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc[s:e].text, (s, e)
        cand.place, cand.dropped, cand.kind_hint, cand.feature, cand.direction = None, False, None, False, None
        cand.whole = None


def _abbreviation_dots(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """Give back the dot the tokenizer split off a written abbreviation at a sentence's end
    or before a comma ("Wheeling, W.Va." -> "W.Va" + ".")."""
    text = doc_text(doc)
    for cand in cands:
        if text[cand.end:cand.end + 1] == "." and not gaz.is_abbreviation(cand.text) \
                and gaz.is_abbreviation(cand.text + "."):
            cand.text += "."
            cand.end += 1


def _trim_span(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Drop what an entity drags along: leading articles, possessive endings, lower-case words
    and trailing function words ("Line of Contact with")."""
    directions = designators()["directions"]
    while s < e and not (doc[s].text[:1].isupper() or doc[s].lower_ in directions):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or (doc[e - 1].is_stop and doc[e - 1].is_lower)
                     or doc[e - 1].lower_ in ("'s", "’s", "s")):
        e -= 1
    return s, e


def _longest_match(doc: Doc, i: int, gaz: Gazetteer, covered: list[bool], labels: list,
                   ents: list) -> int | None:
    """End token of the longest capitalised run from ``i`` that the gazetteer accepts."""
    end = i
    while end < len(doc) and end - i < MAX_TOKENS and not covered[end] and \
            (_capitalised(doc[end]) or (end > i and doc[end].text in ("-",) and end + 1 < len(doc))):
        end += 1
    for e in range(end, i, -1):
        if not _capitalised(doc[e - 1]):
            continue
        text = doc[i:e].text
        if gaz.is_demonym(text):
            return None
        if _accept(doc, i, e, gaz, labels, ents):
            return e
    return None


def _accept(doc: Doc, i: int, e: int, gaz: Gazetteer, labels: list, ents: list) -> bool:
    """Whether a capitalised run the model did not call a place is one. Countries, first-order
    divisions, curated regions and user entries need only be nouns; towns and districts must be
    proper nouns in a place-like slot (after a locative preposition, before a designator, or
    a large city). The small model often calls places PERSON: accepted when the whole entity
    is the name."""
    text = doc[i:e].text
    if gaz.is_abbreviation(text) or (doc[e - 1].whitespace_ == "" and e < len(doc) and doc[e].text == "."
                                     and gaz.is_abbreviation(text + ".")):
        return True
    if _is_abbrev(text) or text.endswith("."):
        # bare codes (TV, US) and other abbreviations count only when the model calls them places,
        # or when a proper-noun code names a country inside a name the model found ("U.S. Army")
        return labels[i] in ("ORG", "NORP", "FAC") and e - i == 1 and doc[i].pos_ == "PROPN" and \
            not _shouted(doc, i) and any(src == "country" for _, src, _ in gaz.lookup(text))
    if _date_word(doc, i, e):
        return False
    found = gaz.lookup(text)
    if not found:
        return False
    if _dateline(doc, i, e):
        return True
    places = [p for p, _, _ in found]
    ent = ents[i]
    titled = _titled(doc, e)
    # a division named with its designator ("McMinn County") is no person's name
    named_division = any(src == "admin2" and exact and e - i > 1 for _, src, exact in found)
    if labels[i] == "PERSON" and ent is not None and (ent.start < i or ent.end > e) \
            and not (named_division or (titled and ent.start == i)):
        return False
    nouns = all(t.pos_ in ("PROPN", "NOUN", "ADJ") or t.text == "-" for t in doc[i:e])
    if not nouns:
        return False
    if named_division or any(src in ("country", "admin1", "curated", "extra", "physical") for _, src, _ in found):
        return True
    prev = doc[i - 1] if i > 0 else None
    if _designated(doc, e) or (prev is not None and prev.lower_ in designators()["locative"]):
        return True
    if titled and all(t.pos_ == "PROPN" or t.text == "-" for t in doc[i:e]):
        return True  # "Lewisburg Mayor John Manchester", "Roswell police": the town's office
    if e < len(doc) and doc[e].is_lower and doc[e].lower_ in designators()["resident_nouns"]:
        return True  # "a Crafton man", "Hounslow residents": the people's home town
    if _whole_cell(doc, i, e) and all(t.pos_ == "PROPN" for t in doc[i:e]):
        return True  # a table cell that is a place's name and nothing else
    if not all(t.pos_ == "PROPN" or t.text == "-" for t in doc[i:e]):
        return False
    # a bare proper noun: people's names are often towns' names too, so a name the model calls a
    # person must be a large city; others a sizeable town
    floor = 100_000 if labels[i] == "PERSON" else 10_000
    return max((p.population or 0) for p in places) >= floor


_DATELINE_END = re.compile(r"(?:,[ \t]*[A-Z][A-Za-z.]{1,14}(?:[ \t][A-Z][A-Za-z.]{1,14})?)?[ \t]*(?:\([^()\n]{1,30}\))?"
                           r"[ \t]*(?:[-\u2013\u2014]{1,2}|:)[ \t]")


def _dateline(doc: Doc, i: int, e: int) -> bool:
    """A name in capitals that opens a story or a line and is followed by a dash or a colon,
    maybe after its state or agency ("TORRINGTON --", "BEIRUT:", "RIDGE FARM, Ill. (AP) --"):
    a wire dateline, which names where the story is filed."""
    text = doc_text(doc)
    start, end = doc[i].idx, doc[e - 1].idx + len(doc[e - 1])
    name = text[start:end]
    if not name.isupper() or sum(ch.isalpha() for ch in name) < 3:
        return False
    before = text[max(0, start - 200):start].rstrip()
    if before and before[-1] not in ".!?\n\"\u201d" and not doc[i].is_sent_start:
        return False
    return _DATELINE_END.match(text, end) is not None


def _titled(doc: Doc, e: int) -> bool:
    """A title or a local body's word follows a name ("X Mayor Y", "X Police Chief", "X Fire
    Department"): the name is the town whose office it is."""
    if e >= len(doc) or not doc[e].text[:1].isalpha():
        return False
    d = designators()
    word = doc[e].lower_.rstrip(".")
    return word in d["local_institutions"] or (word in d["titles"] and doc[e].text[:1].isupper())


def _shouted(doc: Doc, i: int) -> bool:
    """An upper-case word next to upper-case words (a headline in capitals: "HELP US NOW")."""
    near = [doc[j] for j in (i - 1, i + 1) if 0 <= j < len(doc) and doc[j].is_alpha]
    return any(t.is_upper and len(t) > 1 for t in near)


def _is_abbrev(text: str) -> bool:
    return text.replace(".", "").isupper() and len(text.replace(".", "")) <= 3


def _designated(doc: Doc, e: int) -> bool:
    """A designator follows, possibly after a list of names ("X, Y and Z regions")."""
    d = designators()
    j = e
    while j < len(doc) and j - e < 10:
        t = doc[j]
        if t.lower_ in d["admin"] or t.lower_ in d["feature"] or \
                (j + 1 < len(doc) and f"{t.lower_} {doc[j + 1].lower_}" in d["feature"]):
            return True
        if t.text == "," or t.lower_ in ("and", "or", "&") or _capitalised(t):
            j += 1
            continue
        return False
    return False


def _feature_run(doc: Doc, i: int) -> int | None:
    """End of a capitalised run that no gazetteer knows but a feature word follows ("X reservoir")."""
    e = i
    while e < len(doc) and e - i < 3 and _capitalised(doc[e]) and doc[e].pos_ in ("PROPN", "NOUN", "ADJ"):
        e += 1
    d = designators()["feature"]
    if e - i >= 2 and doc[e - 1].lower_ in d and doc[e - 1].lower_ not in designators()["lower_only_features"]:
        return e  # the feature word is part of the name ("Salang Pass", "Neches River")
    if e == i or e >= len(doc):
        return None
    nxt = doc[e].lower_
    two = f"{nxt} {doc[e + 1].lower_}" if e + 1 < len(doc) else ""
    if two in d:
        return e
    if nxt in d and not (nxt in designators()["lower_only_features"] and not doc[e].is_lower):
        return e
    return None


_NAME_SKIP = {"ORG", "NORP"} | (SKIP_LABELS - {"PERSON"})


def _locative_run(doc: Doc, i: int, gaz: Gazetteer, covered: list[bool], labels: list,
                  ents: list) -> int | None:
    """End of a capitalised proper-noun run no gazetteer knows, in a place's slot: after a
    locative preposition ("in X", "near X") or a place noun ("the village of X"). Not a
    person's name (a title before it, a possessive after it, or a person entity the model
    found that is more than this run), an organisation, a demonym or a common word."""
    d = designators()
    j = i - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    if j < 0:
        return None
    prev = doc[j].lower_
    slot = prev in d["fallback_locative"] or \
        (prev == "of" and j > 0 and doc[j - 1].lower_ in d["place_nouns"])
    if not slot:
        return None
    e = i
    while e < len(doc) and e - i < 4 and not covered[e] and \
            ((_capitalised(doc[e]) and doc[e].pos_ == "PROPN") or
             (e > i and doc[e].text == "-" and e + 1 < len(doc) and _capitalised(doc[e + 1]))):
        e += 1
    if e == i or not _capitalised(doc[e - 1]):
        return None
    if any(labels[t] in _NAME_SKIP for t in range(i, e)):
        return None
    ent = ents[i]
    if labels[i] == "PERSON" and ent is not None and (ent.start < i or ent.end > e):
        return None
    if e < len(doc) and doc[e].lower_ in ("'s", "’s", "'"):
        return None
    if doc[i].lower_.rstrip(".") in d["titles"] or gaz.is_demonym(doc[i:e].text):
        return None
    return e


# --------------------------------------------------------------------------
# widening: designators, features, directions
# --------------------------------------------------------------------------


def _word_after(text: str, pos: int, words: list[str]) -> tuple[str, int] | None:
    m = re.match(r"[ \t]+([A-Za-z][A-Za-z \-]{0,40})", text[pos:])
    if not m:
        return None
    tail = m.group(1).lower()
    for w in sorted(words, key=len, reverse=True):
        if tail.startswith(w) and (len(tail) == len(w) or not tail[len(w)].isalpha()):
            return w, pos + m.start(1) + len(w)
    return None


def _widen(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    text = doc_text(doc)
    admin = designators()["admin"]
    features = designators()["feature"]
    lower_only = set(designators()["lower_only_features"])
    directions = designators()["directions"]
    for cand in cands:
        first, _, rest = cand.text.partition(" ")
        if rest and first.lower() in directions and not gaz.lookup(cand.text):
            # the model's span holds the direction ("NW Syria"), and the whole is no known name
            cand.direction = tuple(directions[first.lower()])  # type: ignore[assignment]
            cand.text = rest
        last = cand.text.rsplit(" ", 1)
        if len(last) == 2 and last[1].lower() in admin and cand.kind_hint is None:
            cand.kind_hint = admin[last[1].lower()]  # the model's span holds the designator
        hit = _word_after(text, cand.end, list(admin))
        if hit:
            cand.kind_hint = admin[hit[0]]
            cand.end = hit[1]
        else:
            hit = _word_after(text, cand.end, features)
            if hit and hit[0] in lower_only and not text[hit[1] - len(hit[0]):hit[1]].islower():
                hit = None  # "the Denver Post": a name, no feature
            if hit:
                cand.feature = True
                cand.kind_hint = "feature"
                cand.end = hit[1]
        m = re.search(r"(?:^|(?<=\s))([A-Za-z\-]+)[ \t]+$", text[max(0, cand.start - 20):cand.start])
        if cand.direction is None and m and m.group(1).lower() in directions:
            cand.direction = tuple(directions[m.group(1).lower()])  # type: ignore[assignment]
            cand.start -= len(m.group(0))
    _listed_designators(text, cands)


def _listed_designators(text: str, cands: list[_Cand]) -> None:
    """The items of a list that ends with a designator share it ("Clay, Grant and Wilkin
    counties": three counties; "Tavush and Gegharkunik provinces")."""
    for k in range(len(cands) - 1, 0, -1):
        hint = cands[k].kind_hint
        if hint not in ("district", "region"):
            continue
        j = k
        while j > 0 and cands[j - 1].kind_hint is None and not cands[j - 1].feature \
                and _LIST_GAP.fullmatch(text[cands[j - 1].end:cands[j].start]):
            j -= 1
            cands[j].kind_hint = hint


# --------------------------------------------------------------------------
# generic lines
# --------------------------------------------------------------------------


def _lines(doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> list[_Cand]:
    """Mentions of generic lines anchored on named places next to them, or named by the user's
    gazetteer ("the line of separation" of a conflict the user has mapped).
    Candidates are looked up by offset (not scanned), so this stays linear
    in the number of line words and candidates."""
    words = sorted(designators()["lines"], key=len, reverse=True)
    pat = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    by_start: dict[int, int] = {}
    by_end: dict[int, int] = {}
    for k, c in enumerate(cands):
        by_start.setdefault(c.start, k)
        by_end.setdefault(c.end, k)
    out: list[_Cand] = []
    taken_until = -1
    for m in pat.finditer(doc_text(doc)):
        if m.start() < taken_until:
            continue
        start, end = m.start(), m.end()
        anchors: list[int] = []
        am = re.match(r"\s+(with|between|of|in)\s+(?:the\s+)?", doc_text(doc)[end:end + 12])
        if am:
            first = by_start.get(end + am.end())
            if first is not None:
                anchors.append(first)
                cm = re.match(r"\s+and\s+(?:the\s+)?", doc_text(doc)[cands[first].end:cands[first].end + 12])
                if cm:
                    second = by_start.get(cands[first].end + cm.end())
                    if second is not None:
                        anchors.append(second)
        # "X-Y border", "X's border": places right before the line word
        before = [by_end[e] for e in range(start - 3, start + 1) if e in by_end and
                  re.fullmatch(r"\s*(?:[’']s)?\s*|\s*-?\s*", doc_text(doc)[e:start])]
        # "the X-Y border in Z": Z says where (the rest of the border is elsewhere)
        located = am is not None and am.group(1) == "in" and bool(anchors)
        if located:
            anchors = anchors[:1]  # "in Z and Y": Y is another place of the sentence
        if before:
            prefix = [before[0]]
            while True:
                j = prefix[0]
                prev = next((by_end[e] for e in range(cands[j].start - 3, cands[j].start)
                             if e in by_end and re.fullmatch(r"\s*[-–]\s*", doc_text(doc)[e:cands[j].start])), None)
                if prev is None or prev in prefix:
                    break
                prefix.insert(0, prev)
            # "X-Y border", "X's border", and "the X border area of Y" (X the finer anchor)
            start = cands[prefix[0]].start if len(prefix) > 1 or anchors else start
            anchors = anchors if located else prefix + anchors
        if not anchors:
            own = [p for p, src, _ in gaz.lookup(m.group(0)) if src == "extra" and p.lat is not None]
            if own:
                line = _Cand(start, end, m.group(0), (0, 0), place=own[0])
                line.role = _line_role(doc, start)
                out.append(line)
                taken_until = end
            continue
        out.append(_Cand(start, end, doc_text(doc)[start:end], (0, 0), line_of=anchors))
        taken_until = end
    return out


def _place_lines(doc: Doc, lines: list[_Cand], cands: list[_Cand]) -> None:
    for line in lines:
        pts = [cands[k].place for k in line.line_of if cands[k].place is not None]
        pts = [p for p in pts if p.lat is not None and p.lon is not None]
        inner = [p for p in pts if p.kind != "country"]
        # "the X border area of Y": a division or town in a named country places the line
        pts = [p for p in pts if p.kind != "country" or not any(q.country == p.country for q in inner)]
        if not pts:
            continue
        lat = sum(p.lat for p in pts) / len(pts)  # type: ignore[misc]
        lon = sum(p.lon for p in pts) / len(pts)  # type: ignore[misc]
        fine = all(p.precision in ("point", "district") for p in pts)
        line.place = Place(name=line.text, lat=round(lat, 4), lon=round(lon, 4), kind="feature",
                           country=pts[0].country if len({p.country for p in pts}) == 1 else None,
                           precision="fallback-district" if fine else "fallback-region")
        line.confidence = 0.5
        line.role = _line_role(doc, line.start)


def _line_role(doc: Doc, start: int) -> str:
    m = re.search(r"(\w+)\s+(?:the\s+)?$", doc_text(doc)[max(0, start - 30):start])
    if m and m.group(1).lower() in designators()["locative"]:
        return "event_location"  # "along the line of contact"
    return "mentioned"


# --------------------------------------------------------------------------
# resolving
# --------------------------------------------------------------------------


def _publisher_country(analysis: Analysis, gaz: Gazetteer) -> str | None:
    publisher = analysis.document.meta.publisher or ""
    for run in re.findall(r"[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+)*", publisher):
        words = run.split()
        for n in range(len(words), 0, -1):
            for k in range(len(words) - n + 1):
                place = gaz.resolve(" ".join(words[k:k + n]))
                if place is not None and place.kind == "country":
                    return place.country
    return None


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number of each token."""
    out = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def _resolve_all(doc: Doc, cands: list[_Cand], gaz: Gazetteer, publisher: str | None) -> None:
    """Resolve every candidate: a pass with the other names' entries only, then two passes with
    the document's context, then one sense per explicitly placed name; then feature phrases and
    direction prefixes adjust the place."""
    base = GeoContext(publisher_country=publisher)
    first = []
    grid = _candidate_grid(cands, gaz)
    for cand in cands:
        # no context yet but, for names that can only be towns or districts, the other names'
        # entries nearby (a state's name must first be read as the state)
        key = _bare_key(cand.text)
        ctx = replace(base, kind=cand.kind_hint if cand.kind_hint != "feature" else None,
                      neighbours=grid if key in grid.local else None, name_key=key)
        first.append(gaz.resolve(cand.text, ctx))
    # two context passes: the second sees the first's better-resolved neighbours
    for _ in range(2):
        first = _context_pass(doc, cands, gaz, publisher, first, grid)
    _one_sense(doc, cands, first)
    for cand, place in zip(cands, first):
        if place is not None and cand.feature and place.kind not in ("feature",):
            # "X reservoir" resolved through X, a town or district: the point is near, not on it
            place = replace(place, name=doc_text(doc)[cand.start:cand.end], kind="feature",
                            geonameid=None, population=None,
                            precision="fallback-district" if place.precision in ("point", "district")
                            else "fallback-country" if place.kind == "country" else "fallback-region")
            cand.confidence = 0.6
        if place is not None and cand.kind_hint in ("district", "region") and \
                place.kind in ("city", "town", "village"):
            # "Kelmar district" known only through its namesake town: the town's point stands for it
            place = replace(place, kind=cand.kind_hint, precision=cand.kind_hint, geonameid=None)
        if place is not None and cand.direction is not None:
            place = _shift(place, cand.direction, gaz)
        cand.place = place


def _one_sense(doc: Doc, cands: list[_Cand], first: list[Place | None]) -> None:
    """A name the text once places explicitly ("Dublin, Ohio") means that place in its other
    mentions too, unless they are placed otherwise themselves."""
    placed: dict[str, Place] = {}
    attached = [False] * len(cands)
    for k, cand in enumerate(cands):
        j = _parent_index(doc, cands, k)
        if j is not None and first[k] is not None and first[j] is not None and cand.kind_hint is None \
                and first[k].kind in SUBNATIONAL and first[j].kind in _WIDE | {"district"}:  # type: ignore[union-attr]
            attached[k] = True
            placed.setdefault(fold(cand.text), first[k])  # type: ignore[arg-type]
    for k, cand in enumerate(cands):
        place = placed.get(fold(cand.text))
        if place is not None and not attached[k] and cand.kind_hint is None and not cand.direction:
            first[k] = place


def _candidate_grid(cands: list[_Cand], gaz: Gazetteer) -> CandidateGrid:
    """Every candidate entry of each distinct name of the document, for proximity support."""
    names: dict[str, list[Place]] = {}
    for cand in cands:
        key = _bare_key(cand.text)
        if key and key not in names:
            names[key] = gaz.candidates(cand.text)
    return CandidateGrid(names)


def _context_pass(doc: Doc, cands: list[_Cand], gaz: Gazetteer, publisher: str | None,
                  first: list[Place | None], grid: CandidateGrid | None = None) -> list[Place | None]:
    """Resolve every name again with the context the previous pass gives."""
    countries: Counter = Counter({publisher: 1} if publisher else {})
    admin1: Counter = Counter()
    for place in first:
        if place is None:
            continue
        if place.country:
            countries[place.country] += 2 if place.kind == "country" else 1
        if place.admin1 and place.kind != "country":
            admin1[(place.country, place.admin1)] += 1
    sent_of = _sentence_index(doc)
    parents = {k: _parent_index(doc, cands, k) for k in range(len(cands))}
    keys = [_bare_key(c.text) for c in cands]  # "Douglas" and "Douglas County": one name
    own_countries, own_admin1 = _evidence_by_name(cands, keys, first)
    holders = _holders(doc, cands, parents, first, gaz)
    out: list[Place | None] = []
    for k, cand in enumerate(cands):
        here = sent_of[cand.tokens[0]] if cand.tokens[1] else 0
        points = [(p.lat, p.lon) for j, p in enumerate(first) if keys[j] != keys[k] and p is not None and
                  p.kind in SUBNATIONAL and p.lat is not None and
                  abs(sent_of[cands[j].tokens[0]] - here) <= 1]
        # a name is no evidence for itself, however often it is repeated ("Georgia" nine times
        # in a story about a US state must not make the country the document's context)
        local_countries = countries - own_countries.get(keys[k], Counter())
        local_admin1 = admin1 - own_admin1.get(keys[k], Counter())
        parent = first[parents[k]] if parents[k] is not None else None
        if parent is not None:  # "X, Y": Y is where X lies
            local_countries = local_countries + Counter({parent.country: 3 * max(1, sum(countries.values()))})
            if parent.kind != "country":
                local_admin1 = local_admin1 + Counter({(parent.country, parent.admin1 or parent.name): 2})
        doc_points = sorted({(round(p.lat, 1), round(p.lon, 1)) for j, p in enumerate(first)
                             if keys[j] != keys[k] and p is not None and p.kind in SUBNATIONAL and p.lat is not None})
        within = partial(_inside_parent, parent=parent) if parent is not None else None
        if k in holders:  # "Atlanta, Georgia": Georgia is an area that holds an Atlanta
            within = partial(_holds, towns=holders[k], inner=within)
        ctx = GeoContext(countries=local_countries, admin1=local_admin1, points=points, doc_points=doc_points,
                         publisher_country=publisher, neighbours=grid, name_key=keys[k], within=within,
                         kind=(cand.kind_hint if cand.kind_hint != "feature" else None)
                         or _list_kind(doc, cands, k, first))
        place = gaz.resolve(cand.text, ctx)
        if place is not None and parent is not None and not _inside_parent(place, parent) \
                and not (place.kind in _WIDE and parent.kind in _WIDE):  # "Michigan, Oregon": a list
            place = None  # a namesake elsewhere: the real place is too small for the gazetteer
        out.append(place)
    return out


_WIDE = {"region", "country"}
_TOWNS = {"city", "town", "village"}
_HOLDER_GAP = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?")


def _holders(doc: Doc, cands: list[_Cand], parents: dict[int, int | None], first: list[Place | None],
             gaz: Gazetteer) -> dict[int, list[Place]]:
    """The names a town is attached to ("Buffalo, New York", "Blakely, Georgia", "a school in
    Georgia" after a town): such a name is an area that holds the town, so only its entries that
    hold some entry of the town's name count (the state, not the namesake city or country). Keyed
    by the area's index: the town's candidate entries."""
    text = doc_text(doc)
    out: dict[int, list[Place]] = {}
    for j, k in parents.items():
        if k is None or (first[j] is not None and first[j].kind not in _TOWNS) or cands[k].kind_hint is not None \
                or cands[j].direction is not None or not _HOLDER_GAP.fullmatch(text[cands[j].end:cands[k].start]):
            continue
        towns = [p for p in gaz.candidates(cands[j].text) if p.kind in _TOWNS and p.lat is not None]
        if towns:
            out.setdefault(k, []).extend(towns)
    return out


def _holds(place: Place, towns: list[Place], inner: Any = None) -> bool:
    """An area entry that holds one of ``towns`` (and lies in the area the text puts it in)."""
    if place.kind not in _WIDE | {"district"} or (inner is not None and not inner(place)):
        return False
    return any(_inside_parent(t, place) for t in towns)


_LIST_GAP = re.compile(r"\s*(?:,|;|/|,?\s+(?:and|or)\b|&)\s*")


def _list_kind(doc: Doc, cands: list[_Cand], k: int, first: list[Place | None]) -> str | None:
    """The kind most items of a name's list share ("Michigan, New York, Indiana and Ohio": states;
    "Russia, Georgia and Armenia": countries): items of one list are of one kind."""
    if cands[k].kind_hint is not None:
        return None
    text = doc_text(doc)
    kinds: Counter = Counter()
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(cands) and abs(j + step - k) <= 3:
            a, b = (cands[j + step], cands[j]) if step < 0 else (cands[j], cands[j + step])
            if cands[j + step].line_of or not _LIST_GAP.fullmatch(text[a.end:b.start]):
                break
            j += step
            if first[j] is not None:
                kinds[first[j].kind] += 1  # type: ignore[union-attr]
    if not kinds:
        return None
    kind, n = kinds.most_common(1)[0]
    return kind if kind in _WIDE and n * 2 > sum(kinds.values()) else None


def _evidence_by_name(cands: list[_Cand], keys: list[str], first: list[Place | None]
                      ) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """The country and division counts each name (all its mentions) adds to the context."""
    countries: dict[str, Counter] = {}
    admin1: dict[str, Counter] = {}
    for key, place in zip(keys, first):
        if place is None or not place.country:
            continue
        countries.setdefault(key, Counter())[place.country] += 2 if place.kind == "country" else 1
        if place.admin1 and place.kind != "country":
            admin1.setdefault(key, Counter())[(place.country, place.admin1)] += 1
    return countries, admin1


def _parent_index(doc: Doc, cands: list[_Cand], k: int) -> int | None:
    """The place a name is attached to: "X, Y", "X in Y", "X near Y" (Y right after X)."""
    cand = cands[k]
    if k + 1 < len(cands):
        text = doc_text(doc)
        nxt = cands[k + 1]
        gap = text[cand.end:nxt.start]
        if re.fullmatch(r"\s*,\s*", gap) and k > 0 and _LIST_GAP.fullmatch(text[cands[k - 1].end:cand.start]):
            return None  # "A, X, Y": X is an item of a list, not in Y
        if re.fullmatch(r"\s*,\s*|\s+(?:in|of|near)\s+(?:the\s+)?", gap) and cand.kind_hint is None \
                or re.fullmatch(r"\s*,\s*", gap):
            return k + 1
    return None


def _inside_parent(place: Place, parent: Place) -> bool:
    if parent.kind == "country" or place.kind == "country":
        return place.country == parent.country or place.kind == "country"
    if parent.kind == "region" and parent.admin1 and place.admin1 and place.country == parent.country:
        return place.admin1 == parent.admin1 or place.name == parent.name
    if place.lat is None or parent.lat is None:
        return True
    limit = 400 if parent.kind == "region" else 150
    return haversine_km(place.lat, place.lon, parent.lat, parent.lon) <= limit  # type: ignore[arg-type]


def _shift(place: Place, direction: tuple[int, int], gaz: Gazetteer) -> Place:
    """Move an area's point a quarter of its extent towards a side ("northern X")."""
    box = gaz.country_bbox(place.country) if place.kind == "country" and place.country else None
    if box is None or place.lat is None or place.lon is None:
        return place
    dlat, dlon = direction
    lat = place.lat + dlat * 0.25 * (box[2] - box[0])
    lon = place.lon + dlon * 0.25 * (box[3] - box[1])
    lat = min(max(lat, box[0]), box[2])
    lon = min(max(lon, box[1]), box[3])
    return replace(place, lat=round(lat, 4), lon=round(lon, 4), kind="region", geonameid=None,
                   precision="region")


FALLBACK_PRECISION = {"country": "fallback-country", "region": "fallback-region", "district": "fallback-district",
                      "city": "fallback-district", "town": "fallback-district", "village": "fallback-district",
                      "feature": "fallback-district"}
_ATTACHED = re.compile(r"\s*,\s*(?:(?:in|near|of)\s+)?(?:the\s+)?|\s+(?:in|of|near)\s+(?:the\s+)?|\s*\(\s*(?:in\s+)?")


def _fallbacks(analysis: Analysis, doc: Doc, cands: list[_Cand], gaz: Gazetteer) -> None:
    """Names no gazetteer holds take the point of the most specific area the document gives
    them, never one of their own: the division or town stated next to them ("X, Y district",
    "X in Y", "X (Y)"), else the nearest district or region named in the same sentence, then in
    the same paragraph, else the country the document's places agree on. The precision says
    which (``fallback-district`` | ``fallback-region`` | ``fallback-country``); the place keeps
    the area's country and divisions, no GeoNames id, and a low confidence. A name that looks
    like a common word, a person's or an organisation's is left out."""
    todo = [k for k, c in enumerate(cands) if c.place is None and not c.dropped and not c.line_of]
    if not todo:
        return
    sent_of = _sentence_index(doc)
    para_of = _paragraph_index(analysis, doc)
    lower_words = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
    people = _person_words(doc)
    country = None
    for k in todo:
        cand = cands[k]
        if not _fallback_ok(doc, cand, lower_words, people):
            continue
        area, how = _parent(doc, cands, k), 0.4
        if area is not None and _stray_area(area, cands):
            continue
        if gaz.lookup(cand.text) and (area is None or area.place is None
                                      or area.place.kind not in ("district", "region")):
            # a name the gazetteer holds whose entries the context rejected: only a division
            # stated next to it ("X, Y district", "X, Y") says the real place is a smaller namesake
            continue
        if area is None:
            area, how = _nearby_area(cands, k, sent_of, cand.feature, gaz), 0.35
        if area is None:
            area, how = _nearby_area(cands, k, para_of, False, gaz), 0.3
        if area is not None and _stray_area(area, cands):
            area = None
        place = area.place if area is not None else None
        if place is None:
            if country is None:
                country = _agreed_country(cands, gaz) or False
            place, how = (country or None), 0.25
        if place is None or place.lat is None or (gaz.extent_km(place) or 0) > FALLBACK_MAX_KM:
            continue  # an area this large says little about where the place is
        kind = cand.kind_hint if cand.kind_hint in ("district", "region") else \
            "feature" if cand.feature or cand.ner in ("LOC", "FAC") else "village"
        cand.place = Place(name=doc_text(doc)[cand.start:cand.end], lat=place.lat, lon=place.lon, kind=kind,
                           country=place.country, admin1=place.admin1 if place.kind != "country" else None,
                           admin2=place.admin2 if place.kind != "country" else None,
                           precision=_fallback_precision(place))
        cand.confidence = how


def _stray_area(area: _Cand, cands: list[_Cand]) -> bool:
    """An area in a country no other place of the document lies in (a namesake district on
    another continent): no ground to put a place there."""
    p = area.place
    if p is None or not p.country:
        return False
    others = {c.place.country for c in cands if c is not area and c.place is not None and c.place.country
              and c.text != area.text and not c.place.precision.startswith("fallback-")}
    return bool(others) and p.country not in others


def _fallback_precision(area: Place) -> str:
    if area.precision.startswith("fallback-"):
        return area.precision
    return FALLBACK_PRECISION.get(area.kind, "fallback-region")


def _fallback_ok(doc: Doc, cand: _Cand, lower_words: set[str], people: set[str]) -> bool:
    """Whether an unresolved name may stand for a place: the model or a place pattern says so,
    and it is no common word, no word of a person's name, no organisation or demonym."""
    s, e = cand.tokens
    if e <= s or cand.in_org:
        return False
    designated = cand.feature or cand.kind_hint is not None
    if cand.ner not in PLACE_LABELS and not cand.unknown and not designated:
        return False
    if cand.ner in ("ORG", "NORP") and not designated:
        return False
    d = designators()
    words = [t for t in doc[s:e] if t.is_alpha]
    if not words or any(t.lower_ in d["titles"] for t in words[:1]):
        return False
    generic = set(d["generic_words"]) | set(d["directions"])

    def common(t: Token) -> bool:
        return t.lower_ in generic or t.lower_ in lower_words or t.is_stop

    if all(common(t) for t in words) and not any(t.like_num for t in doc[s:e]):
        return False  # "Central", "Police": a common word failed, not a small place
    if _cell_start(doc, s) and not any(t.pos_ == "PROPN" for t in words):
        return False  # "Energy sector ...", a cell's "Sniper fire": a capitalised first word, no name
    # no word of a person's name elsewhere in the document
    return designated or cand.ner == "PERSON" or not any(t.text in people for t in words)


def _parent(doc: Doc, cands: list[_Cand], k: int) -> _Cand | None:
    """The place stated right after a name: "X, Y", "X in Y", "X (Y)", "X, in Y province"."""
    cand = cands[k]
    text = doc_text(doc)
    for other in cands[k + 1:k + 3]:
        gap = text[cand.end:other.start]
        if _ATTACHED.fullmatch(gap) and other.place is not None and other.place.lat is not None \
                and not other.line_of and (other.kind_hint in ("district", "region") or not _listed(gap, other, text)):
            return other
        if other.place is not None or not _ATTACHED.fullmatch(gap):
            break
    return None


def _listed(gap: str, other: _Cand, text: str) -> bool:
    """A comma between two names is a list ("X, Y and Z"), not "X, Y", when Y is a town or a
    further name follows Y."""
    if gap.strip() not in (",",):
        return False
    p = other.place
    if p is not None and p.kind not in ("region", "district", "country"):
        return True
    return re.match(r"\s*(?:,|and\b|or\b|&)\s*[A-Z]", text[other.end:other.end + 40]) is not None


_AREA_KINDS = {"region", "district"}


def _nearby_area(cands: list[_Cand], k: int, unit_of: list[int], towns: bool, gaz: Gazetteer) -> _Cand | None:
    """The nearest resolved district or region (or, for a feature phrase, a town before it) in
    the same sentence or paragraph, small enough to stand for a place in it: ``unit_of`` gives
    each token's unit."""
    cand = cands[k]
    here = unit_of[cand.tokens[0]]
    best, best_d = None, None
    for j, other in enumerate(cands):
        p = other.place
        if j == k or p is None or p.lat is None or other.line_of or not other.tokens[1] or not p.country \
                or other.direction is not None:
            continue
        if unit_of[other.tokens[0]] != here or p.precision.startswith("fallback-"):
            continue
        if not (p.kind in _AREA_KINDS or (towns and j < k and p.kind in SUBNATIONAL)):
            continue
        if (gaz.extent_km(p) or 0) > FALLBACK_MAX_KM:
            continue  # a large state named nearer says less than a county a sentence away
        dist = abs(other.tokens[0] - cand.tokens[0])
        if best_d is None or dist < best_d:
            best, best_d = other, dist
    return best


AGREE_SHARE = 0.6
FALLBACK_MAX_KM = 200  # half-diagonal of the largest area whose point may stand for a place in it


def _agreed_country(cands: list[_Cand], gaz: Gazetteer) -> Place | None:
    """The country most of the document's resolved places lie in, when they agree on one."""
    counts = Counter(c.place.country for c in cands if c.place is not None and c.place.country
                     and not c.place.precision.startswith("fallback-"))
    if not counts:
        return None
    iso2, n = counts.most_common(1)[0]
    if n / sum(counts.values()) < AGREE_SHARE:
        return None
    named = next((c.place for c in cands if c.place is not None and c.place.kind == "country"
                  and c.place.country == iso2 and c.direction is None), None)
    return named or next((p for p, src, _ in gaz.lookup(gaz.country_name(iso2) or "") if src == "country"
                 and p.country == iso2), None)


def _paragraph_index(analysis: Analysis, doc: Doc) -> list[int]:
    """Paragraph number of each token: a block of the document, or text between blank lines."""
    import bisect

    text = doc_text(doc)
    starts = {0} | {b.start for b in analysis.document.blocks} | \
        {m.end() for m in re.finditer(r"\n[ \t]*\n", text)}
    bounds = sorted(starts)
    return [bisect.bisect_right(bounds, t.idx) for t in doc]


# --------------------------------------------------------------------------
# unsupported readings
# --------------------------------------------------------------------------

SUPPORT_KM = 250


def _drop_unsupported(doc: Doc, cands: list[_Cand]) -> None:
    """Drop single-word readings the text does not support: a common word that is also a
    town's name elsewhere ("Mission", "Police", "Central") with no designator and no other
    place of the document near its entry; and a word the model did not call a place that is a
    word of a person's name in the same document ("Smith" after "John Smith"), unless a
    locative preposition governs it or it names a division or a city of 100,000 or more; and a
    small town in a country nothing else in the document points to (:func:`_stray`)."""
    generic = set(designators()["generic_words"]) | set(designators()["directions"])
    people = _person_words(doc)
    locative = designators()["locative"]
    text = doc_text(doc)
    admin = designators()["admin"]
    for k, cand in enumerate(cands):
        s, e = cand.tokens
        if e - s == 2 and doc[e - 1].lower_ in admin:
            e -= 1  # "Police Department": the word and its designator
        if cand.place is None or e - s != 1 or cand.direction or cand.line_of:
            continue
        word = doc[s]
        prev = doc[s - 1].lower_ if s > 0 else ""
        # a capitalised designator makes a name ("Central District"); "northern districts" is none
        named = any(ch.isupper() for ch in text[word.idx + len(word):cand.end])
        person = word.text in people and prev not in locative and _small_non_place(cand)
        # ... but inside an organisation's name ("the X Police Department") it is the body's word
        generic_word = word.lower_ in generic and (not named or cand.in_org) and not _supported(cand, cands, k)
        if person or generic_word or _stray(cand, cands, k):
            cand.dropped = True
            cand.place = None


STRAY_POPULATION = 20_000
STRAY_KM = 500  # a small town this close to another place of the document may lie across a border


def _small_non_place(cand: _Cand) -> bool:
    """Neither labelled a place by the model nor designated, and no region or city (a county
    reached through its bare name, "Harris" for Harris County, counts as small)."""
    p = cand.place
    if p is None or cand.kind_hint or cand.ner in ("GPE", "LOC") or p.kind in ("country", "region"):
        return False
    return (p.population or 0) < 100_000 or (p.kind == "district" and cand.text != p.name)


def _stray(cand: _Cand, cands: list[_Cand], k: int) -> bool:
    """A small town the model did not call a place, in a country nothing else in the document
    points to, while the document's other places lie elsewhere ("X checkpoint" read as a
    namesake village on another continent)."""
    p = cand.place
    small_town = p is not None and (p.kind in ("town", "village") or cand.feature)
    if p is None or not p.country or not small_town or cand.ner in ("GPE", "LOC") \
            or (p.population or 0) >= STRAY_POPULATION or cand.line_of:
        return False
    others = [c.place for j, c in enumerate(cands) if j != k and c.place is not None
              and c.place.country and c.text != cand.text]
    if not others or p.country in {q.country for q in others}:
        return False
    # a neighbouring country's village ("the Lachin corridor" in a story about the other side of
    # the border) is no stray: only one far from all the document's places is
    return p.lat is None or not any(q.lat is not None and q.lon is not None and
                                    haversine_km(p.lat, p.lon, q.lat, q.lon) <= STRAY_KM for q in others)


def _person_words(doc: Doc) -> set[str]:
    """The words of the document's multi-word person names, after any title or local body's word
    the model took into the name ("Lewisburg Mayor John Manchester": John, Manchester)."""
    d = designators()
    marks = set(d["titles"]) | set(d["local_institutions"])
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        start = max((t.i + 1 for t in ent if t.lower_.rstrip(".") in marks), default=ent.start)
        out.update(t.text for t in doc[start:ent.end] if t.text[:1].isupper())
    return out


def _supported(cand: _Cand, cands: list[_Cand], k: int) -> bool:
    """Another resolved place of the document lies near this reading's entry."""
    p = cand.place
    if p is None or p.lat is None or p.lon is None:
        return False
    for j, other in enumerate(cands):
        q = other.place
        if j == k or q is None or q.lat is None or q.lon is None or other.text == cand.text:
            continue
        if q.kind == "country":
            continue
        if haversine_km(p.lat, p.lon, q.lat, q.lon) <= SUPPORT_KM:  # type: ignore[arg-type]
            return True
    return False


# --------------------------------------------------------------------------
# role
# --------------------------------------------------------------------------

_ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "csubj"}


def _role(doc: Doc, cand: _Cand) -> str:
    if cand.in_org:
        return "actor"
    s, e = cand.tokens
    if e <= s:
        return "mentioned"
    tok = doc[s:e].root
    while tok.dep_ == "conj" and tok.head is not tok:  # "in Syria, Iraq and Libya"
        tok = tok.head
    head = tok.head
    if tok.dep_ in _ACTOR_DEPS:
        return "actor"
    if tok.dep_ == "poss" and not _is_place_word(head):
        return "actor"
    if tok.dep_ in ("compound", "nmod", "amod") and head.dep_ in _ACTOR_DEPS and not _is_place_word(head):
        return "actor"
    if tok.dep_ == "pobj":
        prep = head.lower_
        if prep == "by" or head.dep_ == "agent":
            return "actor"
        owner = head.head
        if prep == "of" and (owner.ent_type_ == "ORG" or (owner.text[:1].isupper() and owner.i != head.i
                                                           and owner.pos_ in ("PROPN", "NOUN"))):
            return "actor"  # "Ministry of Foreign Affairs of X", "Security Council of X"
        if prep in designators()["locative"]:
            return "event_location"
        if prep == "of" and head.head.lemma_.lower() in designators()["locative_nouns"]:
            noun = head.head
            if noun.dep_ == "pobj" and noun.head.lower_ in designators()["locative"]:
                return "event_location"
    return "mentioned"


def _is_place_word(tok: Token) -> bool:
    d = designators()
    return tok.lower_ in d["admin"] or tok.lower_ in d["feature"] or tok.lemma_.lower() in d["locative_nouns"]


# --------------------------------------------------------------------------
# demonyms (for the geoparsing benchmarks only)
# --------------------------------------------------------------------------


def demonym_mentions(analysis: Analysis, doc: Doc, gaz: Gazetteer,
                     taken: list[PlaceMention]) -> list[PlaceMention]:
    """Demonyms ("Russian", "Sri Lankans") as mentions of their country, role ``demonym``.

    Not part of the stage's output: a demonym names people or a quality, not a place, and the
    project's gold does not count it. Geoparsing corpora that annotate adjectival toponyms
    (LGL, TR-News, GeoWebNews) do, and their evaluation adds these. Spans inside a place
    mention ("Indian Ocean") are left alone."""
    spans = [(m.start, m.end) for m in taken]
    text = analysis.document.text
    out: list[PlaceMention] = []
    i = 0
    while i < len(doc):
        hit = None
        for n in (2, 1):
            if i + n > len(doc) or not all(_capitalised(t) for t in doc[i:i + n]):
                continue
            start, end = doc[i].idx, doc[i + n - 1].idx + len(doc[i + n - 1])
            place = gaz.demonym_country(text[start:end])
            if place is not None and not any(s < end and start < e for s, e in spans):
                hit = (n, start, end, place)
                break
        if hit is None:
            i += 1
            continue
        n, start, end, place = hit
        out.append(PlaceMention(text=text[start:end], start=start, end=end, place=place, role="demonym",
                                prov=Provenance(STAGE, VERSION, 0.5)))
        i += n
    return out
