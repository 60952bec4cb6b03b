"""Event detection and typing: the PLOVER trigger lexicon
(``parallax/data/event_lexicon.yaml``) matched on lemmas, with the filters
that keep look-alike words out."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Span, Token

from .event_args import REPORTING, _demand_clause

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "event_lexicon.yaml"

@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    weak: bool = False

@dataclass
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    phrases: list[tuple[tuple[str, ...], Trigger]]
    objects: dict[str, list[tuple[set[str], Trigger]]]

@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    verbs: dict[str, Trigger] = {}
    nouns: dict[str, Trigger] = {}
    phrases: list[tuple[tuple[str, ...], Trigger]] = []
    objects: dict[str, list[tuple[set[str], Trigger]]] = {}
    for etype, spec in raw.items():
        for group in spec.get("modes", []):
            trig = Trigger(etype, group.get("mode"), bool(group.get("weak", False)))
            for verb in group.get("verbs", []) or []:
                verbs.setdefault(str(verb).lower(), trig)
            for noun in group.get("nouns", []) or []:
                words = tuple(str(noun).lower().split())
                if len(words) == 1:
                    nouns.setdefault(words[0], trig)
                else:
                    phrases.append((words, trig))
            for phrase in group.get("phrases", []) or []:
                phrases.append((tuple(str(phrase).lower().split()), trig))
            for verb, nouns_ in (group.get("objects") or {}).items():
                objects.setdefault(str(verb).lower(), []).append(({str(n).lower() for n in nouns_}, trig))
    phrases.sort(key=lambda p: -len(p[0]))
    return Lexicon(verbs, nouns, phrases, objects)

def _forms(tok: Token) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_

def find_triggers(span: Span, lex: Lexicon) -> list[tuple[Token, Token, Trigger]]:
    """(head token, last token, trigger) for each trigger in the span; a
    phrase beats the single words it contains."""
    toks = [t for t in span if not t.is_space]
    used: set[int] = set()
    out: list[tuple[Token, Token, Trigger]] = []
    for i in range(len(toks)):
        for words, trig in lex.phrases:
            n = len(words)
            window = toks[i:i + n]
            if len(window) == n and all(w in _forms(t) for w, t in zip(words, window)):
                if any(t.i in used for t in window):
                    continue
                used.update(t.i for t in window)
                head = next((t for t in window if t.pos_ in ("VERB", "NOUN")), window[-1])
                if all(t.head in window or t == t.head for t in window):
                    head = next((t for t in window if t.head not in window or t.head == t), head)
                out.append((head, window[-1], trig))
                break
    for tok in toks:
        if tok.i in used:
            continue
        lemma, lower = _forms(tok)
        trig = None
        if tok.pos_ == "VERB":
            trig = lex.verbs.get(lemma)
            for nouns, special in lex.objects.get(lemma, []):
                if any(c.lemma_.lower() in nouns or c.lower_ in nouns
                       for c in tok.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")):
                    trig = special
            if trig is None and lemma in REPORTING and _demand_clause(tok) is not None:
                trig = Trigger("REQUEST", "demand")
        elif tok.pos_ in ("NOUN", "PROPN"):
            trig = lex.nouns.get(lemma) or lex.nouns.get(lower)
        if trig is not None and _usable(tok, trig, lex):
            out.append((tok, tok, trig))
    return out

def _is_trigger(tok: Token, lex: Lexicon) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        return lemma in lex.verbs
    return tok.pos_ in ("NOUN", "PROPN") and (lemma in lex.nouns or tok.lower_ in lex.nouns)

ANCHOR_PREPS = {"after", "before", "since", "following", "during", "until", "prior", "contrary", "despite",
                "accordance", "ahead"}

def _anchor(noun: Token) -> bool:
    """A noun used to date or frame something else ("after the meeting",
    "contrary to the agreement") refers to a happening, it does not report it."""
    head = noun.head
    if noun.dep_ != "pobj" or head.dep_ != "prep":
        return False
    if head.lower_ in ANCHOR_PREPS:
        return True
    return head.lower_ in ("to", "with") and head.head.lower_ in ANCHOR_PREPS

def _usable(tok: Token, trig: Trigger, lex: Lexicon) -> bool:
    """Drop words that only look like triggers: participles used as
    adjectives ("dismissed reservists", "highly charged"), "demonstrate"
    with an object (not a protest), a compound's modifier ("press release"),
    and nouns that are the content of another trigger ("offers of support",
    "violation of the agreement", "denied the agreements")."""
    if tok.pos_ == "VERB":
        if tok.dep_ == "amod":
            return False
        return not (trig.type == "PROTEST" and any(c.dep_ in ("dobj", "ccomp") for c in tok.children))
    if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and not _is_trigger(tok.head, lex):
        return tok.head.lemma_.lower() in ("violation", "violations")
    if any(c.dep_ == "compound" and c.lower_ in ("press", "news") for c in tok.children):
        return False
    if _anchor(tok):
        return False
    if trig.type == "REQUEST":
        return True
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return not (tok.dep_ in ("dobj", "pobj") and head.i != tok.i and _is_trigger(head, lex))
