"""Actor mentions beyond dictionary names: how English joins a title to a
person ("Colonel Ana Rost", "Prime Minister Rost"), a person to an office in
apposition ("the army's spokeswoman, Colonel Rost"), a body to the office it
owns ("French National Assembly president Rost"); which capitalised words
are a name rather than a sector noun ("Press Service"); and unknown armed
groups recognised by the shape of their names ("the X Liberation Front",
"the Y militia", with heads and marker words from the dictionary's data).

These passes run on the mentions :meth:`ActorDictionary.find` builds from
dictionary matches (:mod:`parallax.extract.actors`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from ..model import Actor, ActorMention, Provenance
from ..nlp import doc_text

if TYPE_CHECKING:
    from .actors import ActorEntry

STAGE = "actors"
VERSION = "1"

#: sectors of organisations whose sector nouns ("UN troops") are their own
ORG_SECTORS = {"igo", "ngo"}


def is_person(entry: ActorEntry) -> bool:
    """A person's entry: flagged so, or an office held between dates."""
    return entry.person or entry.from_ is not None or entry.to is not None


def named_persons(doc: Doc, matches: list[tuple[Span, Any]]) -> list[tuple[Span, Any]]:
    """A person's one-word alias ("Rost") names them only where the parser
    sees a person or a title or office comes right before it: "Store" or
    "Friday" alone are ordinary words."""
    ends = {span.end for span, _ in matches}
    out = []
    for span, form in matches:
        if is_person(form.entry) and len(form.alias.split()) == 1 and not (
                any(t.ent_type_ == "PERSON" for t in span) or span.start in ends):
            continue
        if form.entry.title and span.start > 0 and doc[span.start - 1].text in ("-", "–"):
            continue  # "Secretary-General" holds no general
        out.append((span, form))
    return out


def _titled(m: ActorMention) -> bool:
    """A mention that can stand as a person's title: a sector noun or rank,
    a country's organ ("Veldran Defence Minister"), an international
    organisation's office ("UN Secretary-General")."""
    entry = m.actor.entry or ""
    return bool(m.actor.sector) and (entry.startswith(("sector-", "title-")) or bool(m.actor.country)
                                     or m.actor.sector in ORG_SECTORS and entry.startswith("org-"))


def bare_title(m: ActorMention) -> bool:
    """A rank or title that names no one ("Major clashes", "General")."""
    return (m.actor.entry or "").startswith("title-") and m.actor.name == m.actor.sector


def _person_after(doc: Doc, m: ActorMention, people: list[Span], mentions: list[ActorMention],
                  persons: set[str]) -> tuple[int, int, ActorMention | None] | None:
    """The person named right after a title mention: a dictionary person's
    mention, else a PERSON entity no other mention covers."""
    text = doc_text(doc)

    def adjacent(start: int) -> bool:
        return 0 <= start - m.end <= 2 and text[m.end:start].strip() in ("", ",")

    holder = next((o for o in mentions if o is not m and adjacent(o.start) and not text[m.end:o.start].strip()
                   and (o.actor.entry in persons or _named_holder(o))), None)
    if holder is not None:
        return holder.start, holder.end, holder
    person = next((p for p in people if adjacent(p.start_char)
                   and not any(o is not m and o.start < p.end_char and p.start_char < o.end for o in mentions)),
                  None)
    return (person.start_char, person.end_char, None) if person is not None else None


def _named_holder(m: ActorMention) -> bool:
    """A dictionary name with a country that is not the country itself, a
    capital or a sector noun: a person or body a title can precede ("Prime
    Minister Romendacil" for an imported PETRARCH person)."""
    entry = m.actor.entry or ""
    return bool(m.actor.country) and known_name(m) and not entry.startswith("org-")


def titled_persons(doc: Doc, mentions: list[ActorMention], persons: set[str] | None = None) -> list[ActorMention]:
    """A title or office followed by a person's name ("President Ilvar",
    "Defence Minister of Veldra, Ana Rost", "Colonel Rost") becomes one
    mention of that person, with the office's country and sector; a person
    the dictionary knows lends their country when the title has none."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    persons = persons or set()
    absorbed: set[int] = set()
    out = []
    for m in mentions:
        if id(m) in absorbed:
            continue
        found = _person_after(doc, m, people, mentions, persons) if _titled(m) else None
        if found is None:
            out.append(m)
            continue
        start, end, holder = found
        actor = m.actor
        actor.name = doc_text(doc)[start:end]
        if holder is not None:
            absorbed.add(id(holder))
            actor.name = holder.actor.name
            actor.country = actor.country or holder.actor.country
            actor.entry = holder.actor.entry
            actor.sector = actor.sector or holder.actor.sector
        actor.text = doc_text(doc)[m.start:end]
        actor.end = end
        prov = holder.prov if holder is not None and holder.prov.confidence > m.prov.confidence else m.prov
        out.append(ActorMention(actor.text, m.start, end, actor, prov))
    return [m for m in out if id(m) not in absorbed]


def longer_names(doc: Doc, mentions: list[ActorMention]) -> None:
    """A known surname inside a longer person's name: the mention covers the
    whole name. Written with the holder's own given names ("Vladimir Putin"
    for "Vladimir Vladimirovich Putin") it stays the holder; with others
    ("Raul Castro" beside the entry "Xiomara Castro") it is another person,
    of unknown country - a surname is no nationality."""
    others: dict[str, str] = {}  # surname -> the other person's full name, once met
    for m in sorted(mentions, key=lambda x: x.start):
        if " " in m.text.strip() or not m.actor.country:
            continue
        if m.text.strip() in others:  # "Raul Castro ... Castro said": the same other person
            m.actor.name, m.actor.entry, m.actor.country, m.actor.sector = others[m.text.strip()], None, None, None
            continue
        ent = next((e for e in doc.ents if e.label_ == "PERSON" and e.start_char <= m.start and m.end <= e.end_char
                    and (e.start_char, e.end_char) != (m.start, m.end)), None)
        if ent is None or any(o is not m and o.start < ent.end_char and ent.start_char < o.end for o in mentions):
            continue
        m.start, m.end, m.text = ent.start_char, ent.end_char, ent.text
        m.actor.text, m.actor.start, m.actor.end = ent.text, ent.start_char, ent.end_char
        own = {w.lower() for w in re.findall(r"[\w'’\-]+", m.actor.name or "")}
        if not {w.lower() for w in re.findall(r"[\w'’\-]+", ent.text)} <= own:
            others[doc_text(doc)[m.start:m.end].split()[-1]] = ent.text
            m.actor.name, m.actor.entry, m.actor.country, m.actor.sector = ent.text, None, None, None


#: sectors whose nouns keep their sector inside a longer name ("Second Army
#: Region", "Border Police Department"); a media or civilian noun there is a
#: word of the name ("Press Service", "Women's Union"), not the actor
STATE_SECTORS = {"military", "government", "police"}


def proper_names(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A capitalised generic noun that modifies a capitalised head outside
    it ("Press Service", "People's Council") is part of an organisation's
    name: the mention becomes that organisation, with its name and no sector."""
    covered = {i for m in mentions for i in token_range(doc, m)}
    out = []
    for m in mentions:
        entry = m.actor.entry or ""
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not entry.startswith("sector-") or m.actor.sector in STATE_SECTORS \
                or not all(t.is_title or not t.is_alpha for t in span):
            out.append(m)
            continue
        end = span.end
        while end < len(doc) and doc[end].is_title and doc[end].pos_ in ("NOUN", "PROPN") and end not in covered:
            end += 1
        if end == span.end or span.root.head.i >= end or span.root.head.i < span.end:
            out.append(m)
            continue
        name = doc[span.start:end]
        actor = Actor(text=name.text, name=name.text, start=name.start_char, end=name.end_char)
        out.append(ActorMention(name.text, name.start_char, name.end_char, actor, Provenance(STAGE, VERSION, 0.5)))
    return out


def token_range(doc: Doc, m: ActorMention) -> range:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


_NAME_GLUE = {"of", "the", "for", "'s", "’s", "-"}


def armed_groups(doc: Doc, mentions: list[ActorMention], groups: list[ActorEntry]) -> list[ActorMention]:
    """Armed groups the dictionary does not know, by the shape of their
    names: "the Karen Liberation Front" (a capitalised name ending in a head
    word and holding a marker word), "the Red Hill militia" (a capitalised
    name before a militia head). The group keeps its own name; a country
    named inside it ("Sudan Liberation Movement") is kept."""
    if not groups:
        return mentions
    found: list[ActorMention] = []
    for tok in doc:
        for group in groups:
            span = _group_name(doc, tok, group)
            if span is None or any(f.start < span.end_char and span.start_char < f.end for f in found):
                continue
            inside = [m for m in mentions if span.start_char < m.end and m.start < span.end_char]
            if any(known_name(m) for m in inside):
                continue  # a name the dictionary knows ("Veldran Armed Forces", "UN Security Council")
            country = next((m.actor.country for m in inside if m.actor.country), None)
            actor = Actor(text=span.text, name=span.text, country=country, sector=group.sector,
                          start=span.start_char, end=span.end_char)
            found.append(ActorMention(span.text, span.start_char, span.end_char, actor,
                                      Provenance(STAGE, VERSION, 0.6)))
            break
    if not found:
        return mentions
    kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in found)]
    return sorted(kept + found, key=lambda m: m.start)


def known_name(m: ActorMention) -> bool:
    """A mention of a named dictionary entry ("Veldran Armed Forces", "UN
    Security Council"): not a sector noun or rank, a country or a capital."""
    entry = m.actor.entry or ""
    return bool(entry) and not entry.startswith(("sector-", "title-")) and entry != m.actor.country \
        and not entry.endswith("-capital")


def _group_name(doc: Doc, head: Token, group: ActorEntry) -> Span | None:
    """The capitalised name that ends in ``head`` when ``head`` is one of
    the group's head words and the name fits its markers."""
    if head.lower_ not in group.group_heads:
        return None
    start = head.i
    while start > head.sent.start:
        prev = doc[start - 1]
        capital = prev.is_title or prev.is_upper and prev.is_alpha
        if prev.is_sent_start and prev.pos_ != "PROPN" or not (capital or prev.lower_ in _NAME_GLUE):
            break  # a sentence's first word is capitalised without being a name ("Fighters of the ...")
        start -= 1
    while start < head.i and doc[start].lower_ in _NAME_GLUE:
        start += 1
    words = [t for t in doc[start:head.i] if t.lower_ not in _NAME_GLUE]
    if not words or not any(t.pos_ == "PROPN" or t.is_title for t in words):
        return None
    text = " ".join(t.lower_ for t in doc[start:head.i + 1])
    if group.group_markers:
        if not head.is_title or not any(re.search(rf"\b{re.escape(k)}\b", text) for k in group.group_markers):
            return None
    elif all(t.ent_type_ in ("NORP", "GPE") for t in words):
        return None  # "Syrian militias": a country's, left to the dictionary
    return doc[start:head.i + 1]


def _owner(m: ActorMention) -> bool:
    """A mention that can lend its state or organisation to another."""
    a = m.actor
    return bool(a.country) and not a.countries or \
        not a.country and a.sector in ORG_SECTORS and not (a.entry or "").startswith("sector-")


def _lend(m: ActorMention, other: ActorMention) -> None:
    if other.actor.country:
        m.actor.country = other.actor.country
        m.actor.sector = m.actor.sector or other.actor.sector
    else:  # an international organisation's office or official
        m.actor.sector = other.actor.sector


def appositions(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "the spokeswoman of the Royal Thai Army, Colonel Rost", "Kenzo
    Rost, the UN relief coordinator": a person and the office in apposition
    are one actor; the one without a country takes the other's country (and
    sector when it has none), or the organisation's sector. Likewise a
    title or person right after the body that owns it ("French National
    Assembly president Ana Rost", "Arab League Secretary-General Rost"); a
    bare sector noun there is the same actor ("Syrian rebel | fighters")."""
    by_token: dict[int, ActorMention] = {}
    for m in mentions:
        for i in token_range(doc, m):
            by_token.setdefault(i, m)
    absorbed: set[int] = set()
    for k, m in enumerate(mentions):
        if m.actor.country or m.actor.countries or (m.actor.sector in ORG_SECTORS):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        owner = _owning_modifier(doc, span, mentions[k - 1] if k else None)
        if owner is not None and (m.actor.entry or "").startswith("sector-") and m.actor.name == m.actor.sector:
            owner.end, owner.text = m.end, doc_text(doc)[owner.start:m.end]
            owner.actor.end, owner.actor.text = m.end, owner.text
            absorbed.add(id(m))
            continue
        other = _apposed(span, by_token, m) or owner
        if other is not None:
            _lend(m, other)
    return [m for m in mentions if id(m) not in absorbed]


def _apposed(span: Span, by_token: dict[int, ActorMention], m: ActorMention) -> ActorMention | None:
    root = span.root
    related = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        related.append(root.head)
    for r in related:
        for t in [r, *[c for c in r.children if c.dep_ in ("compound", "nmod", "amod")]]:
            other = by_token.get(t.i)
            if other is not None and other is not m and _owner(other):
                return other
    return None


def _owning_modifier(doc: Doc, span: Span, prev: ActorMention | None) -> ActorMention | None:
    """The mention right before ``span`` when it modifies it ("French
    National Assembly | president Rost")."""
    if prev is None or not _owner(prev) or not 0 <= span.start_char - prev.end <= 1:
        return None
    if not (m_entry := span.doc.char_span(prev.start, prev.end, alignment_mode="expand")):
        return None
    head = m_entry.root.head
    return prev if span.start <= head.i < span.end and m_entry.root.dep_ in ("compound", "nmod", "amod", "poss") \
        else None


#: modifiers that make a sector noun the other side's ("enemy forces",
#: "hostile units", "the occupying army"): general English
ADVERSARY_MODIFIERS = {"enemy", "hostile", "opposing", "occupying", "invading", "aggressor", "adversary",
                       "rival", "occupation"}


def adversary_generics(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "enemy forces", "the occupying army": a sector noun without a country
    whose modifier names an adversary is not the speaker's own organ. The
    mention takes the modifier in and is named by the phrase, so nothing
    reads it as the document's own forces; who the enemy is stays for the
    event stage, which knows the speaker and the other side."""
    for m in mentions:
        entry = m.actor.entry or ""
        if m.actor.country or m.actor.countries or not entry.startswith("sector-"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        mods = [c for c in span.root.children if c.dep_ in ("amod", "compound", "nmod") and c.i < span.start
                and c.lower_ in ADVERSARY_MODIFIERS]
        owner = _hostile_owner(span)
        if not mods and owner is None:
            continue
        start = min(c.i for c in mods) if mods else span.start
        end = owner.i + 1 if owner is not None else span.end
        phrase = doc[start:end]
        m.start, m.end, m.text = phrase.start_char, phrase.end_char, phrase.text
        m.actor.text, m.actor.start, m.actor.end, m.actor.name = phrase.text, phrase.start_char, phrase.end_char, \
            phrase.text


#: nouns that name the other side's state organs with contempt ("the forces
#: of the X regime", "troops of the junta"): general English
HOSTILE_OWNERS = {"regime", "junta", "aggressor", "aggressors", "occupier", "occupiers", "enemy", "invaders"}


def _hostile_owner(span: Span) -> Token | None:
    """The hostile noun a sector noun belongs to through "of" ("the forces
    of the X regime")."""
    for prep in span.root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lower_ in HOSTILE_OWNERS:
                    return pobj
    return None


#: sectors of a state's own organs
STATE_ORGANS = {"government", "military", "police"}


def sole_state(mentions: list[ActorMention]) -> None:
    """A document that names one state only and has no known publisher:
    its bare state organs ("the army", "security forces", "the government")
    are that state's (confidence lowered). With a publisher the event stage
    gives such organs the speaker's state instead."""
    states = {m.actor.country for m in mentions if m.actor.country and not m.actor.countries}
    if len(states) != 1:
        return
    (state,) = states
    for m in mentions:
        a = m.actor
        if not a.country and not a.countries and a.sector in STATE_ORGANS and a.name == a.sector \
                and (a.entry or "").startswith("sector-"):
            a.country = state
            m.prov = Provenance(STAGE, VERSION, min(m.prov.confidence, 0.5))


def not_datelines(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "NAIROBI, June 15 (Reuters) -": a place in capitals at the start of a
    line, before a comma or dash, says where a report was filed, not who
    acted (a capital is otherwise a metonym for its government)."""
    text = doc_text(doc)
    out = []
    for m in mentions:
        surface = text[m.start:m.end]
        line_start = m.start == 0 or text[:m.start].rstrip(" \t").endswith("\n") or not text[:m.start].strip()
        after = text[m.end:m.end + 3].lstrip()
        if line_start and surface.isupper() and len(surface) > 3 and after[:1] in (",", "-", "–", "—", "("):
            continue
        out.append(m)
    return out
