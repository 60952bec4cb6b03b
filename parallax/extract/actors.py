"""Actors: who the document names, resolved to a country code and a sector.

The names live in data files only: the built-in world dictionary
``parallax/data/actors.yaml`` (every country with its aliases, capital as
metonym and demonym; international organisations; generic sector nouns such
as "army", "ministry of foreign affairs") plus a user's own files (persons,
units, local groups). The code only knows how names combine in English:

- "Xian troops", "X armed forces", "X's army"     -> country X, sector military
- "the armed forces of X", "the Ministry of Foreign Affairs of X" -> X + the noun's sector
- a person in the dictionary                       -> their country and sector
- an unknown PERSON/ORG entity                     -> kept with its name only

PETRARCH actor files (``NAME [CODE]`` with ``+ALIAS`` lines) are imported into
the same structure with :meth:`ActorDictionary.import_petrarch`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..errors import ParallaxError
from ..model import Actor, ActorMention, Analysis, Provenance
from ..nlp import doc_text

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"
STAGE = "actors"
VERSION = "1"

# Suffixes of PETRARCH/CAMEO actor codes and the sector they stand for.
_CAMEO_SECTORS = {
    "MIL": "military", "GOV": "government", "REB": "rebel", "COP": "police", "SPY": "government",
    "OPP": "opposition", "MED": "media", "CVL": "civilian", "REF": "refugees", "BUS": "business",
    "IGO": "igo", "NGO": "ngo", "LEG": "government", "JUD": "government", "PTY": "opposition",
    "UAF": "militia", "INS": "rebel", "SEP": "rebel", "EDU": "civilian", "HLH": "civilian",
}
_ENTITY_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


class ActorFileError(ParallaxError):
    """An actor file that cannot be read."""


@dataclass
class ActorEntry:
    """One dictionary entry (see ``parallax/data/actors.yaml`` for the format)."""

    id: str
    name: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    role: str | None = None
    from_: str | None = None
    to: str | None = None
    generic: bool = False  # a sector noun ("army") that needs a country from context

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ActorEntry:
        if not isinstance(raw, dict) or not (raw.get("id") or raw.get("name")):
            raise ActorFileError(f"actor entry needs an id or a name: {raw!r}")
        name = str(raw.get("name") or raw["id"])
        aliases = [str(a) for a in raw.get("aliases") or []]
        if name not in aliases:
            aliases.insert(0, name)
        return cls(id=str(raw.get("id") or name), name=name, country=raw.get("country"),
                   sector=raw.get("sector"), aliases=aliases,
                   adjectives=[str(a) for a in raw.get("adjectives") or []], role=raw.get("role"),
                   from_=_str_or_none(raw.get("from")), to=_str_or_none(raw.get("to")),
                   generic=bool(raw.get("generic", False)))

    def actor(self, text: str, start: int | None = None, end: int | None = None) -> Actor:
        return Actor(text=text, name=self.name, country=self.country, sector=self.sector,
                     start=start, end=end, entry=self.id)


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("_", " ")
    text = re.sub(r"\s+", " ", text.strip()).lower()
    return re.sub(r"^the ", "", text)


def _case_ok(alias: str, surface: str) -> bool:
    """Case-aware: an alias written with capitals ("Chad", "Turkey") only
    matches a capitalised surface; lowercase aliases ("army") match any case."""
    if alias == alias.lower():
        return True
    letters = [c for c in alias if c.isalpha()]
    if len(letters) <= 4 and all(c.isupper() for c in letters):  # "US", "UN", "EU": exact case only
        return surface.replace("’", "'").strip() == alias or surface.strip() == alias
    return surface[:1].isupper() or surface.isupper()


def _article_ok(alias: str, surface: str) -> bool:
    """A one-word name whose article belongs to it ("The Valley", "The
    Hague") needs the article: the bare word is an ordinary noun."""
    words = alias.split()
    if len(words) == 2 and words[0] == "The":
        return surface.strip().lower().startswith("the ")
    return True


@dataclass
class _Form:
    entry: ActorEntry
    alias: str
    kind: str  # name | adj


class ActorDictionary:
    """Actor entries indexed by their surface forms."""

    def __init__(self, entries: list[ActorEntry] | None = None) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self._forms: dict[str, list[_Form]] | None = None
        self._matchers: dict[int, PhraseMatcher] = {}
        for entry in entries or []:
            self.add(entry)

    # ------------------------------------------------------------------ loading
    def add(self, entry: ActorEntry) -> None:
        """Add an entry; an entry with an existing id replaces it."""
        self.entries[entry.id] = entry
        self._forms = None
        self._matchers.clear()

    @classmethod
    def load(cls, extra_files: list[Path] | None = None) -> ActorDictionary:
        """The built-in dictionary plus user files (YAML in this format, or
        PETRARCH ``.txt`` actor files); later entries extend/override."""
        adict = cls()
        adict.extend_yaml(DATA_FILE)
        for path in extra_files or []:
            path = Path(path)
            if path.suffix.lower() in (".yaml", ".yml", ".json"):
                adict.extend_yaml(path)
            else:
                adict.import_petrarch(path)
        return adict

    def extend_yaml(self, path: Path) -> None:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ActorFileError(f"cannot read actor file {path}: {exc}") from exc
        if isinstance(raw, dict):
            raw = raw.get("actors", [])
        if not isinstance(raw, list):
            raise ActorFileError(f"{path}: expected a list of actor entries")
        for item in raw:
            self.add(ActorEntry.from_dict(item))

    def import_petrarch(self, path: Path) -> int:
        """Read a PETRARCH/TABARI actor file: ``NAME [CODE]`` lines, ``+ALIAS``
        lines, indented ``[CODE <date]`` lines, ``#`` and ``<!-- -->`` comments.
        The first three letters of a code are the country, a known suffix
        (MIL, GOV, ...) the sector. Returns the number of entries added."""
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ActorFileError(f"cannot read PETRARCH actor file {path}: {exc}") from exc
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
        added = 0
        current: dict[str, Any] | None = None
        for line in text.splitlines():
            line = line.split("#", 1)[0].rstrip()
            if not line.strip():
                continue
            if line.lstrip().startswith("+") and current is not None:
                current["aliases"].append(_petrarch_name(line.strip()[1:]))
                continue
            codes = re.findall(r"\[([^\]]*)\]", line)
            head = re.sub(r"\[[^\]]*\]", "", line).strip()
            if head and not line[:1].isspace():
                if current is not None and self._finish_petrarch(current):
                    added += 1
                current = {"name": _petrarch_name(head), "aliases": [], "codes": []}
            if current is not None:
                current["codes"].extend(codes)
        if current is not None and self._finish_petrarch(current):
            added += 1
        return added

    def _finish_petrarch(self, raw: dict[str, Any]) -> bool:
        code = _petrarch_code(raw["codes"])
        if not raw["name"]:
            return False
        country, sector = _split_code(code)
        entry = ActorEntry(id=f"petrarch:{raw['name']}", name=raw["name"], country=country, sector=sector,
                           aliases=[raw["name"], *raw["aliases"]], role=code)
        self.add(entry)
        return True

    # ------------------------------------------------------------------ lookup
    @property
    def forms(self) -> dict[str, list[_Form]]:
        if self._forms is None:
            forms: dict[str, list[_Form]] = {}
            for entry in self.entries.values():
                for alias in entry.aliases:
                    forms.setdefault(_norm(alias), []).append(_Form(entry, alias, "name"))
                for adj in entry.adjectives:
                    forms.setdefault(_norm(adj), []).append(_Form(entry, adj, "adj"))
                    if adj[-1:] in ("n", "i"):  # "Veldrans", "Pakistanis": the nationals
                        forms.setdefault(_norm(adj + "s"), []).append(_Form(entry, adj + "s", "name"))
            self._forms = forms
        return self._forms

    def lookup(self, surface: str) -> _Form | None:
        """The entry form a surface string names exactly (case-aware)."""
        cands = [f for f in self.forms.get(_norm(surface), [])
                 if _case_ok(f.alias, surface.strip()) and _article_ok(f.alias, surface)]
        if not cands:
            return None
        # Specific entries beat generic sector nouns; later files override earlier ones.
        cands = cands[::-1]  # later entries first (the sort below is stable)
        cands.sort(key=lambda f: f.entry.generic)
        return cands[0]

    def match(self, text: str) -> Actor | None:
        """Resolve a short phrase ("the armed forces of Veldra", "Ostmark's
        army", "President X") to an Actor, or None when nothing is known."""
        words = re.findall(r"[\w'’.\-]+", text.replace("'s ", " 's "))
        spans = _greedy_spans(words, self)
        if not spans:
            return None
        country_form = next((f for f in spans if not f.entry.generic and f.entry.country), None)
        specific = next((f for f in spans if not f.entry.generic), None)
        generic = next((f for f in spans if f.entry.generic), None)
        base = specific or generic
        actor = base.entry.actor(text.strip())
        if base.kind == "adj":
            actor.sector = None
        if generic is not None and (specific is None or specific.entry.sector is None):
            actor.sector = generic.entry.sector
            if country_form is not None:
                actor.country = country_form.entry.country
        return actor

    # ------------------------------------------------------------------ documents
    def _matcher(self, doc: Doc) -> PhraseMatcher:
        key = id(doc.vocab)
        if key not in self._matchers:
            matcher = PhraseMatcher(doc.vocab, attr="LOWER")
            tokenizer = _tokenizer(doc)
            for norm, forms in self.forms.items():
                # the tokenizer's exceptions are case-sensitive ("U.S." is one token, "u.s." two):
                # each alias is also tokenized as written
                patterns = {tuple(t.lower_ for t in tokenizer(norm)): tokenizer(norm)}
                for f in forms:
                    toks = tokenizer(f.alias)
                    patterns.setdefault(tuple(t.lower_ for t in toks), toks)
                matcher.add(norm, list(patterns.values()))
            self._matchers[key] = matcher
        return self._matchers[key]

    def find(self, doc: Doc) -> list[ActorMention]:
        """Actor mentions in a parsed document: dictionary matches (longest,
        case-aware), combined with sector nouns, plus unknown PERSON/ORG
        entities kept with their name only."""
        matches = []
        for match_id, start, end in self._matcher(doc)(doc):
            span = doc[start:end]
            form = self.lookup(span.text)
            if form is None:
                continue
            matches.append((span, form))
        matches = _longest(matches)
        mentions = _combine(doc, matches)
        mentions = _titled_persons(doc, mentions)
        mentions.extend(_entities(doc, mentions))
        mentions.sort(key=lambda m: m.start)
        _same_person(mentions)
        return mentions


def _tokenizer(doc: Doc):
    from .. import nlp

    model = nlp.load()
    if model.vocab is doc.vocab:
        return model.make_doc
    from spacy.lang.en import English

    blank = English(vocab=doc.vocab)
    return blank.make_doc


def _petrarch_name(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.replace("_", " ")).strip()


def _petrarch_code(codes: list[str]) -> str | None:
    """The code in force without a date restriction, else the last one."""
    cleaned = [c.strip() for c in codes if c.strip()]
    plain = [c for c in cleaned if not re.search(r"[<>]|\d{4}", c)]
    chosen = (plain or cleaned or [None])[-1]
    if chosen is None:
        return None
    chosen = re.split(r"[\s<>]", chosen)[0]
    return chosen.split("/")[0] or None


def _split_code(code: str | None) -> tuple[str | None, str | None]:
    if not code or not re.match(r"^[A-Za-z]{3}", code):
        return None, None
    code = code.upper()
    if code[:3] in ("IGO", "NGO", "IMG", "NGM"):
        return None, _CAMEO_SECTORS.get(code[:3], "igo")
    return code[:3], _CAMEO_SECTORS.get(code[3:6])


def _greedy_spans(words: list[str], adict: ActorDictionary) -> list[_Form]:
    out, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 8), i, -1):
            form = adict.lookup(" ".join(words[i:j]))
            if form is not None:
                out.append(form)
                i = j
                break
        else:
            i += 1
    return out


def _longest(matches: list[tuple[Span, _Form]]) -> list[tuple[Span, _Form]]:
    matches.sort(key=lambda m: (-(m[0].end - m[0].start), m[0].start))
    taken: set[int] = set()
    out = []
    for span, form in matches:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append((span, form))
    out.sort(key=lambda m: m[0].start)
    return out


def _mention(doc: Doc, start_tok: int, end_tok: int, actor: Actor, conf: float) -> ActorMention:
    span = doc[start_tok:end_tok]
    actor.text, actor.start, actor.end = span.text, span.start_char, span.end_char
    return ActorMention(text=span.text, start=span.start_char, end=span.end_char, actor=actor,
                        prov=Provenance(STAGE, VERSION, conf))


#: sectors of organisations whose sector nouns ("UN troops") are their own
ORG_SECTORS = {"igo", "ngo"}


def _combine(doc: Doc, matches: list[tuple[Span, _Form]]) -> list[ActorMention]:
    """Join country names/adjectives with the sector nouns next to them or
    governed by them through "of"."""
    by_token: dict[int, int] = {}
    for k, (span, _) in enumerate(matches):
        for i in range(span.start, span.end):
            by_token[i] = k
    used: set[int] = set()
    out: list[ActorMention] = []
    for k, (span, form) in enumerate(matches):
        if k in used:
            continue
        entry = form.entry
        org = not entry.country and (entry.sector or "") in ORG_SECTORS
        if (entry.country or org) and not entry.generic:
            nxt = _adjacent_generic(doc, matches, k)
            if nxt is not None:
                used.update({k, nxt})
                gspan, gform = matches[nxt]
                actor = entry.actor("", None, None)
                if not org:  # "UN troops", "NATO ministers" stay the organisation's
                    actor.sector = gform.entry.sector
                out.append(_mention(doc, span.start, gspan.end, actor, 0.9))
                continue
        if entry.generic:
            of = _of_country(doc, span, matches, by_token)
            if of is not None:
                used.update({k, of})
                cspan, cform = matches[of]
                actor = cform.entry.actor("", None, None)
                actor.sector = entry.sector
                out.append(_mention(doc, span.start, max(span.end, cspan.end), actor, 0.85))
                continue
        used.add(k)
        actor = entry.actor("", None, None)
        if form.kind == "adj":
            actor.sector = None
        out.append(_mention(doc, span.start, span.end, actor, 0.6 if entry.generic else 0.9))
    return out


def _adjacent_generic(doc: Doc, matches: list[tuple[Span, _Form]], k: int) -> int | None:
    """Index of a generic sector match right after match k ("Veldran army",
    "Veldra's army", "the Veldra Ministry of Defence")."""
    if k + 1 >= len(matches):
        return None
    span = matches[k][0]
    nspan, nform = matches[k + 1]
    if not nform.entry.generic:
        return None
    gap = [t for t in doc[span.end:nspan.start]]
    # possessive marks, and lowercase adjectives: "X's army", "the X foreign ministry"
    if all(t.text in ("'s", "’s", "'", "-") or t.is_space or t.pos_ == "ADJ" and t.is_lower for t in gap) \
            and len(gap) <= 2:
        return k + 1
    return None


def _of_country(doc: Doc, span: Span, matches, by_token: dict[int, int]) -> int | None:
    """A country match reached from the sector noun through an "of" chain
    ("the Secretary of the Security Council of Veldra") within 3 steps."""
    frontier = [span.root]
    for _ in range(3):
        nxt = []
        for tok in frontier:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            k = by_token.get(pobj.i)
                            if k is None:
                                for child in pobj.children:
                                    if child.dep_ in ("compound", "amod") and child.i in by_token:
                                        k = by_token[child.i]
                            if k is not None:
                                form = matches[k][1]
                                if form.entry.country and not form.entry.generic:
                                    return k
                            nxt.append(pobj)
        frontier = nxt
    return None


def _titled_persons(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A title or office followed by a person's name ("President Ilvar",
    "Defence Minister of Veldra, Ana Rost") becomes one mention of that
    person, with the office's country and sector."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for m in mentions:
        if m.actor.sector and (m.actor.entry or "").startswith("sector-") or (m.actor.country and m.actor.sector):
            person = next((p for p in people if 0 <= p.start_char - m.end <= 2
                           and doc_text(doc)[m.end:p.start_char].strip() in ("", ",")
                           and not any(o is not m and o.start < p.end_char and p.start_char < o.end
                                       for o in mentions)), None)
            if person is not None:
                actor = m.actor
                actor.name = person.text
                actor.text = doc_text(doc)[m.start:person.end_char]
                actor.end = person.end_char
                out.append(ActorMention(actor.text, m.start, person.end_char, actor, m.prov))
                continue
        out.append(m)
    return out


def _surname(name: str | None) -> str | None:
    words = [w for w in re.findall(r"[\w'’\-]+", name or "") if w[:1].isupper()]
    return words[-1] if words and len(words[-1]) > 2 else None


def _same_person(mentions: list[ActorMention]) -> None:
    """A person named once with a country ("Veldran Defence Minister Ana
    Rost") keeps it when named again without one ("Minister Rost", "Rost"):
    within one document a surname names one person."""
    known: dict[str, Actor] = {}
    for m in mentions:
        a = m.actor
        if a.country and a.name and a.name != a.sector and not (a.entry or "").endswith("-capital") \
                and a.name != a.country and " " in a.name.strip():
            key = _surname(a.name)
            if key:
                known.setdefault(key, a)
    for m in mentions:
        a = m.actor
        if a.country or a.countries or not a.name:
            continue
        src = known.get(_surname(a.name) or "")
        if src is not None and src.name != a.name or src is not None and a.entry is None:
            a.country = src.country
            a.sector = a.sector or src.sector


def _entities(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Unknown named entities (people, organisations) kept with their name."""
    covered = [(m.start, m.end) for m in mentions]
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in covered):
            continue
        text = ent.text.strip()
        if not text or not any(ch.isalpha() for ch in text):
            continue
        actor = Actor(text=text, name=text, start=ent.start_char, end=ent.end_char)
        out.append(ActorMention(text=ent.text, start=ent.start_char, end=ent.end_char, actor=actor,
                                prov=Provenance(STAGE, VERSION, 0.5)))
    return out


def extract_actors(analysis: Analysis, doc: Doc, resources: Any) -> list[ActorMention]:
    """The extractor: ``resources.actors`` is the ActorDictionary."""
    adict = getattr(resources, "actors", None)
    if adict is None:
        adict = ActorDictionary.load([])
    return adict.find(doc)
