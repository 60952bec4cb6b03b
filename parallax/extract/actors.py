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

``parallax/data/office_holders.yaml`` (heads of state and government with the
date they took office, built from the CIA World Factbook) is loaded after the
world dictionary, so "Hun Manet said" has a country. Titles, appositions,
names that hold a sector noun and unknown armed groups are resolved by the
passes of :mod:`parallax.extract.actor_roles`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from ..errors import ParallaxError
from ..model import Actor, ActorMention, Analysis, Provenance
from .actor_roles import (
    ORG_SECTORS,
    STAGE,
    VERSION,
    adversary_generics,
    appositions,
    armed_groups,
    bare_title,
    is_person,
    longer_names,
    named_persons,
    not_datelines,
    proper_names,
    sole_state,
    titled_persons,
)

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "actors.yaml"
#: heads of state and of government with dates (built from the CIA World Factbook)
OFFICE_FILE = DATA_FILE.parent / "office_holders.yaml"

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
    title: bool = False  # a rank or title ("Colonel"): a sector for the name it precedes, no actor alone
    person: bool = False  # a person: a one-word alias ("Rost") counts only where a person is named
    group_heads: list[str] = field(default_factory=list)  # a pattern of armed groups' names, not a name
    group_markers: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ActorEntry:
        if not isinstance(raw, dict) or not (raw.get("id") or raw.get("name")):
            raise ActorFileError(f"actor entry needs an id or a name: {raw!r}")
        name = str(raw.get("name") or raw["id"])
        aliases = [str(a) for a in raw.get("aliases") or []]
        heads = [str(h).lower() for h in raw.get("group_heads") or []]
        if name not in aliases and not heads and not raw.get("title"):  # a title entry's name is its sector
            aliases.insert(0, name)
        return cls(id=str(raw.get("id") or name), name=name, country=raw.get("country"),
                   sector=raw.get("sector"), aliases=aliases,
                   adjectives=[str(a) for a in raw.get("adjectives") or []], role=raw.get("role"),
                   from_=_str_or_none(raw.get("from")), to=_str_or_none(raw.get("to")),
                   generic=bool(raw.get("generic", False)), title=bool(raw.get("title", False)),
                   person=bool(raw.get("person", False)), group_heads=heads,
                   group_markers=[str(m).lower() for m in raw.get("group_markers") or []])

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
        if OFFICE_FILE.exists():
            adict.extend_yaml(OFFICE_FILE)
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
        aliases = [raw["name"], *raw["aliases"]]
        aliases += [_capitalised(a) for a in aliases if _capitalised(a) not in aliases]
        entry = ActorEntry(id=f"petrarch:{raw['name']}", name=raw["name"], country=country, sector=sector,
                           aliases=aliases, role=code)
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
        matches = _longest(named_persons(doc, matches))
        mentions = _combine(doc, matches)
        mentions = proper_names(doc, mentions)
        mentions = armed_groups(doc, mentions, self.groups)
        persons = {e.id for e in self.entries.values() if is_person(e)}
        mentions = titled_persons(doc, mentions, persons)
        mentions = [m for m in mentions if not bare_title(m)]
        longer_names(doc, [m for m in mentions if m.actor.entry in persons])
        mentions.extend(_entities(doc, mentions))
        mentions.sort(key=lambda m: m.start)
        mentions = not_datelines(doc, appositions(doc, mentions))
        adversary_generics(doc, mentions)
        _same_person(mentions)
        return mentions

    @property
    def groups(self) -> list[ActorEntry]:
        """Patterns of armed groups' names ("... Liberation Front")."""
        return [e for e in self.entries.values() if e.group_heads]


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


def _capitalised(name: str) -> str:
    """PETRARCH writes every name in capitals ("BREE", "IRAN"): the
    capitalised form is the one a text uses. A name of three letters or
    fewer ("UN", "USA") is taken for an acronym and kept as it is."""
    letters = [c for c in name if c.isalpha()]
    if not name.isupper() or len(letters) <= 3:
        return name
    return " ".join(w if len(w) <= 3 and w.isalpha() and w not in ("THE", "OF", "AND", "FOR") else w.capitalize()
                    for w in name.split())


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
            found = _of_country(doc, span, matches, by_token)
            if found is not None:
                of, organ, end = found
                cform = matches[of][1]
                actor = cform.entry.actor("", None, None)
                if cform.entry.country:  # a state's organ; an organisation's ("the Secretary-General of the OAU") stays igo
                    actor.sector = organ if organ and _speaks_for(span) else entry.sector
                # an organ on the way ("the Royal Thai Army") keeps its own mention and country
                used.update({k} if organ else {k, of})
                out.append(_mention(doc, span.start, end, actor, 0.85))
                continue
        used.add(k)
        actor = entry.actor("", None, None)
        if form.kind == "adj":
            actor.sector = None
        out.append(_mention(doc, span.start, span.end, actor, 0.6 if entry.generic else 0.9))
    return out


#: sectors whose people belong to the place they are in ("rebels in X")
LOCAL_SECTORS = {"rebel", "opposition", "civilian", "refugees", "militia"}


def _form_at(span: Span, matches, by_token: dict[int, int]) -> str | None:
    k = by_token.get(span.start)
    return matches[k][1].entry.sector if k is not None else None


def _speaks_for(span: Span) -> bool:
    return span.root.lower_ in SPEAKS_FOR or span.text.lower() in SPEAKS_FOR


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
    # possessive marks, lowercase adjectives and noun modifiers of the sector noun:
    # "X's army", "the X foreign ministry", "X security officials", "X border police"
    if all(t.text in ("'s", "’s", "'", "-") or t.is_space or t.is_lower and (
            t.pos_ == "ADJ" or t.pos_ == "NOUN" and t.dep_ in ("compound", "amod", "nmod")
            and nspan.start <= t.head.i < nspan.end) for t in gap) and len(gap) <= 2:
        return k + 1
    return None


#: nouns of people who speak or act for an organ: "a spokesman for the
#: Foreign Ministry of X" is X's, and has the organ's sector ("the
#: spokeswoman of the army" is military)
SPEAKS_FOR = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "representative",
              "representatives", "official", "officials", "adviser", "advisor", "aide", "secretary",
              "press secretary", "envoy", "delegation", "head", "chief", "commander"}


def _of_country(doc: Doc, span: Span, matches,
                by_token: dict[int, int]) -> tuple[int, str | None, int] | None:
    """A country match reached from the sector noun through an "of" chain
    ("the Secretary of the Security Council of Veldra", "the spokeswoman of
    the Veldran army"; "for" after a spokesperson noun) within 3 steps, with
    the sector of the organ met on the way and the token where the chain ends."""
    frontier = [span.root]
    if span.root.dep_ == "compound" and span.root.head.pos_ == "NOUN" and span.root.head.i not in by_token:
        frontier.append(span.root.head)  # "opposition groups in X"
    # "soldiers from X" are X's; "for" only after a spokesperson noun ("troops for X" are sent to X);
    # "in" for the people of a place ("rebels in X", "residents in X"), not for troops (often foreign)
    preps = {"of", "from", "for"} if _speaks_for(span) else {"of", "from"}
    if _form_at(span, matches, by_token) in LOCAL_SECTORS:
        preps = preps | {"in"}
    organ: str | None = None
    organ_end = span.end
    for _ in range(3):
        nxt = []
        for tok in frontier:
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in preps:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    earlier = _this_country(pobj, matches)
                    if earlier is not None:
                        return earlier, organ, max(organ_end, pobj.i + 1)
                    for cand in [pobj, *[c for c in pobj.children if c.dep_ in ("compound", "amod", "poss")]]:
                        k = by_token.get(cand.i)
                        if k is None:
                            continue
                        form = matches[k][1]
                        if (form.entry.country or form.entry.sector in ORG_SECTORS) and not form.entry.generic:
                            return k, organ, max(organ_end, matches[k][0].end)
                        if form.entry.generic and cand is pobj:
                            organ = organ or form.entry.sector
                            organ_end = max(organ_end, matches[k][0].end)
                    nxt.append(pobj)
        frontier = nxt
        preps = {"of"}
    return None


def _this_country(tok: Token, matches) -> int | None:
    """ "the Ministry of Foreign Affairs of this country": the state named
    last before it (within about three sentences)."""
    if tok.lower_ not in ("country", "state") or not any(
            c.dep_ == "det" and c.lower_ in ("this", "that") for c in tok.children):
        return None
    before = [k for k, (span, form) in enumerate(matches) if span.end <= tok.i and tok.i - span.end < 80
              and form.entry.country and not form.entry.generic]
    return before[-1] if before else None



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


#: head words of the names of documents, which spaCy often labels organisations
DOCUMENT_WORDS = {"statement", "declaration", "agreement", "accord", "accords", "treaty", "resolution", "protocol",
                  "convention", "communique", "communiqué", "memorandum", "charter", "plan", "principles"}


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
        if ent.label_ == "ORG" and ent.root.lemma_.lower() in DOCUMENT_WORDS:
            continue  # "the Joint Statement", "the Lahore Declaration": a text, not someone who acts
        actor = Actor(text=text, name=text, start=ent.start_char, end=ent.end_char)
        out.append(ActorMention(text=ent.text, start=ent.start_char, end=ent.end_char, actor=actor,
                                prov=Provenance(STAGE, VERSION, 0.5)))
    return out


def extract_actors(analysis: Analysis, doc: Doc, resources: Any) -> list[ActorMention]:
    """The extractor: ``resources.actors`` is the ActorDictionary."""
    adict = getattr(resources, "actors", None)
    if adict is None:
        adict = ActorDictionary.load([])
    mentions = adict.find(doc)
    meta = analysis.document.meta
    if not (meta.publisher or meta.side):
        sole_state(mentions)
    return mentions
