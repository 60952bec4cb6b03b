"""When an event happened, as the document tells it.

A time expression in the trigger's own sentence dates the event. Without
one, the tense of the clause that states the event decides what carries
over from the context:

- past narrative ("they shelled", "was detained", "did they summon", a
  headline fragment with no verb), and the historical present of a timeline
  row or list entry: the narrative time carries over (the nearest earlier
  date of the block, else of an earlier paragraph of the same section);
- present perfect of a verb ("has never honoured", "we have invited"): the
  act lies between the narrative time and the publication date (the
  publication date alone without a narrative time); a noun in a perfect
  clause ("its support has emboldened") is an undated state;
- present tense: a speech act performed by speaking ("we call on", "the
  ministry warns", "condemns") or a first-person act happens on the
  publication date; any other present-tense statement ("tries to delay",
  "deviates from") is a habitual or ongoing state and stays undated;
- a conditional threat ("we will strike if ...") is made as it is spoken:
  the publication date;
- modal, future and infinitival aims without a date ("would sign",
  "strives to sign") stay undated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Token

from ..model import Analysis, BlockKind, Sentence, TimeExpr

#: event types whose present-tense verb is itself the act (a performative):
#: the statement is the event, so it happens when the document speaks
SPEECH_TYPES = {"REQUEST", "THREATEN", "ACCUSE", "SUPPORT", "REJECT", "PROTEST"}

#: verbs whose infinitive complement is an aim, not a done deed
INTENDING = {"strive", "seek", "plan", "intend", "aim", "want", "wish", "hope", "try", "attempt", "prepare",
             "expect", "decide", "threaten", "promise", "pledge", "vow", "offer", "agree", "propose", "ask",
             "urge", "call", "demand", "invite", "refuse", "need", "ready", "willing", "able"}

FIRST_PERSON = {"we", "i"}
#: intending verbs whose past tense reports a deed ("attempted to cross", "tried to storm")
ATTEMPTING = {"try", "attempt"}

PAST, PERFECT, PRESENT, MODAL, NONE = "past", "perfect", "present", "modal", "none"

_DATABLE = re.compile(r"^\d{4}")


def datable(analysis: Analysis) -> list[TimeExpr]:
    """The time expressions that can date an event (dates, months, years,
    intervals; no durations or vague references)."""
    return [t for t in analysis.times if t.begin or _DATABLE.match(t.value or "")]


def _progressive(verb: Token) -> bool:
    """ "is distributing", "are providing": present continuous."""
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" and c.tag_ in ("VBZ", "VBP")
                                      for c in verb.children)


def _present_passive(verb: Token) -> bool:
    """ "is deployed", "are stationed": a present state."""
    return verb.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in verb.children)


def _time_clause(t: TimeExpr, tok: Token) -> Token | None:
    """The clause verb a time expression hangs on."""
    span = tok.doc.char_span(t.start, t.end, alignment_mode="expand")
    return _clause_verb(span.root) if span is not None and len(span) else None


def _clause_verb(tok: Token) -> Token | None:
    """The verb of the clause that states the event: the trigger itself, or
    the verb a nominal trigger hangs on (None for a verbless fragment)."""
    cur = tok
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def _own_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in auxes):
        return MODAL
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if any(a.lemma_.lower() == "have" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return PERFECT
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return PRESENT
    return None


def tense_of(tok: Token) -> str:
    """past | perfect | present | modal | none (no finite verb) for the
    clause that states the event at tok; infinitives and participles take
    the tense of the clause they depend on."""
    verb = _clause_verb(tok)
    if verb is None:
        return NONE
    cur = verb
    for _ in range(5):
        tense = _own_tense(cur)
        if tense is not None:
            return tense
        infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in cur.children)
        if infinitive and cur.head.lemma_.lower() in ATTEMPTING and cur.head.tag_ in ("VBD", "VBN") \
                and _own_tense(cur.head) in (PAST, None):
            return PAST  # "attempted to plant mines": the attempt is a done act
        if infinitive and cur.head.lemma_.lower() in INTENDING:
            return MODAL  # "strives to sign", "plans to deploy": not (yet) done
        if cur.dep_ in ("xcomp", "conj", "advcl", "acl", "relcl", "ccomp", "pcomp") and cur.head != cur:
            # "tries to delay", "took measures to suppress": the governing clause's tense
            nxt = _clause_verb(cur.head)
            if nxt is None or nxt == cur:
                break
            cur = nxt
            continue
        break
    return PAST if verb.tag_ == "VBN" else NONE


def publication(analysis: Analysis, begin: str | None = None) -> TimeExpr | None:
    """The publication date as a TimeExpr (offsets -1: not in the text),
    or the interval from ``begin`` to it."""
    pub = analysis.document.meta.published
    if not pub or not _DATABLE.match(pub):
        return None
    if begin and begin[:10] < pub[:10]:
        return TimeExpr(text="", start=-1, end=-1, value=f"{begin[:10]}/{pub[:10]}", begin=begin[:10],
                        end_date=pub[:10], anchor="publication")
    return TimeExpr(text="", start=-1, end=-1, value=pub, anchor="publication")


def narrative_time(sent: Sentence, analysis: Analysis, times: list[TimeExpr]) -> TimeExpr | None:
    """The nearest preceding date in the block, else the last date of an
    earlier paragraph of the same section (no heading in between)."""
    blocks = analysis.document.blocks
    block = blocks[sent.block] if sent.block is not None and sent.block < len(blocks) else None
    # without blocks, the paragraph (blank-line delimited) stands for the block
    lo = block.start if block is not None else analysis.document.text.rfind("\n\n", 0, sent.start) + 1
    before = [t for t in times if lo <= t.start < sent.start]
    if before:
        return before[-1]
    earlier = [t for t in times if t.start < lo]
    heads = [b for b in blocks if b.kind == BlockKind.HEADING]
    if earlier and not any(earlier[-1].start < b.start < sent.start for b in heads):
        return earlier[-1]
    return None


def _begin(t: TimeExpr) -> str:
    return t.begin or (t.value or "").split("/")[0]


def event_time(tok: Token, etype: str, sent: Sentence, analysis: Analysis, speech: bool = False,
               skip: set[int] | None = None, other_party: bool = False) -> TimeExpr | None:
    """The event's time (see the module docstring). ``speech``: the event is
    a statement (an ultimatum, a refusal "will not negotiate"), made when it
    is spoken; ``skip``: starts of the sentence's dates that belong to
    another happening."""
    times = datable(analysis)
    tense = tense_of(tok)
    inside = [t for t in times if sent.start <= t.start < sent.end and t.start not in (skip or set())]
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children):
        # "citizens detained in X", "villages destroyed in the war": a reduced relative with no agent
        # (not "the claim that X had been hit", a noun's clause) presupposes
        # an earlier happening, dated only by a date in its own phrase, never by the main clause's
        return next((t for t in inside if tok.left_edge.idx <= t.start <= tok.right_edge.idx), None)
    if tense in (PAST, PERFECT):
        # a done deed cannot lie after the publication date: such a date is a misanchored
        # relative expression ("two nights later", "in the coming days")
        inside = [t for t in inside if not _after_publication(t, analysis)]
    if inside:
        # a date of the event's own clause first ("On May 12 troops moved in, and a day later
        # parliament met": "a day later" dates the second clause), a calendar date before a
        # vague "now", then the nearest
        own = _clause_verb(tok)
        best = min(inside, key=lambda t: (own is not None and _time_clause(t, tok) != own,
                                          not _DATABLE.match(t.value or ""), abs(t.start - tok.idx)))
        return _clip(best, analysis) if tense in (PAST, PERFECT) else best
    vague = _vague_in(sent, analysis, skip)
    if tense == PRESENT and _chronicle(sent, analysis, times) and not _spoken_now(tok, etype, speech, sent, analysis):
        tense = PAST  # a timeline row or list entry tells past happenings in the historical present
    if tense in (PAST, NONE):
        return narrative_time(sent, analysis, times) or _vague_interval(vague, analysis) or \
            paragraph_time(sent, analysis, times) or single_happening(analysis, times)
    if (speech or etype == "THREATEN") and tense == MODAL and tok.pos_ == "VERB":
        return publication(analysis)  # "we will strike if ...": the threat is made as it is spoken
    if tense == PERFECT:
        if tok.pos_ != "VERB":
            return None
        ctx = narrative_time(sent, analysis, times)
        return publication(analysis, _begin(ctx) if ctx is not None else None)
    if tense == PRESENT and tok.pos_ == "VERB" and tok.tag_ in ("VBZ", "VBP") and (
            speech or etype in SPEECH_TYPES and not other_party or _first_person(tok)):
        return publication(analysis)
    verb = _clause_verb(tok)
    if tense == PRESENT and verb is not None and (_progressive(verb) or _present_passive(verb)):
        # "the Red Cross is distributing food", "no soldier is taking part in the fighting",
        # "the army is deployed on its side": going on as published
        return publication(analysis)
    return None


#: vague references to the past that no date anchors (PAST_REF: "recently", "a
#: while ago"; PXD/PXW: "in the last few days / weeks"), as days back from the
#: publication date
VAGUE_PAST = {"PAST_REF": 30, "PXD": 7, "PXW": 28, "PXM": 92}


def _after_publication(t: TimeExpr, analysis: Analysis) -> bool:
    pub = analysis.document.meta.published
    if not pub or not _DATABLE.match(pub) or len(pub) < 10:
        return False
    return _begin(t)[:10] > pub[:10]


def _clip(t: TimeExpr, analysis: Analysis) -> TimeExpr:
    """A done deed's interval ends by the publication date ("earlier this
    week" in a Tuesday's report: Monday to Tuesday)."""
    pub = analysis.document.meta.published or ""
    end = t.end_date or ""
    if len(pub) < 10 or not _DATABLE.match(pub) or len(end) < 10 or end[:10] <= pub[:10] or not t.begin:
        return t
    value = pub[:10] if t.begin[:10] >= pub[:10] else f"{t.begin[:10]}/{pub[:10]}"
    return TimeExpr(text=t.text, start=t.start, end=t.end, value=value, type=t.type,
                    precision=t.precision, begin=t.begin[:10], end_date=pub[:10], approximate=t.approximate,
                    anchor=t.anchor, prov=t.prov)


def _vague_in(sent: Sentence, analysis: Analysis, skip: set[int] | None) -> list[TimeExpr]:
    return [t for t in analysis.times if sent.start <= t.start < sent.end and t.start not in (skip or set())
            and not t.begin and (t.value or "") in VAGUE_PAST]


def _vague_interval(vague: list[TimeExpr], analysis: Analysis) -> TimeExpr | None:
    """ "a few days ago", "in the last few days" that the time stage could not
    anchor: the interval of that many days up to the publication date."""
    pub = analysis.document.meta.published
    if not vague or not pub or not _DATABLE.match(pub) or len(pub) < 10:
        return None
    try:
        end = date.fromisoformat(pub[:10])
    except ValueError:
        return None
    t = vague[0]
    begin = (end - timedelta(days=VAGUE_PAST[t.value or ""])).isoformat()
    return TimeExpr(text=t.text, start=t.start, end=t.end, value=f"{begin}/{end.isoformat()}", begin=begin,
                    end_date=end.isoformat(), approximate=True, anchor="publication")


def paragraph_time(sent: Sentence, analysis: Analysis, times: list[TimeExpr]) -> TimeExpr | None:
    """The paragraph's narrative time told after the sentence ("The shelling
    killed two. It began on 3 March."): the first date later in the same
    block, when it is not after the publication date."""
    blocks = analysis.document.blocks
    if sent.block is None or sent.block >= len(blocks):
        return None
    block = blocks[sent.block]
    later = [t for t in times if sent.end <= t.start < block.end and not _after_publication(t, analysis)]
    return later[0] if later else None


def single_happening(analysis: Analysis, times: list[TimeExpr]) -> TimeExpr | None:
    """The document narrates one happening when all the day dates it gives up
    to its publication fall within three days: an undated past event is
    that happening's time."""
    pub = analysis.document.meta.published
    days = sorted({_begin(t)[:10] for t in times if t.start >= 0 and len(_begin(t)) >= 10
                   and (t.precision in (None, "day", "minute") ) and not _after_publication(t, analysis)})
    if not days or not pub:
        return None
    try:
        lo, hi = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    except ValueError:
        return None
    if (hi - lo).days > 2:
        return None
    first = next(t for t in times if _begin(t)[:10] == days[0])
    if lo == hi:
        return first
    return TimeExpr(text=first.text, start=first.start, end=first.end, value=f"{days[0]}/{days[-1]}",
                    begin=days[0], end_date=days[-1], anchor="document")


def _spoken_now(tok: Token, etype: str, speech: bool, sent: Sentence, analysis: Analysis) -> bool:
    """A numbered point of a communiqué or resolution that performs a speech
    act ("3. The Ministry calls on ...", "Deplores ..."): made as published,
    unlike a timeline row's historical present."""
    if speech:
        return True
    block = analysis.document.blocks[sent.block]
    return block.kind == BlockKind.LIST_ITEM and tok.tag_ in ("VBZ", "VBP") and etype in SPEECH_TYPES


def _listed(sent: Sentence, analysis: Analysis) -> bool:
    blocks = analysis.document.blocks
    if sent.block is None or sent.block >= len(blocks):
        return False
    return blocks[sent.block].kind in (BlockKind.TABLE_ROW, BlockKind.LIST_ITEM)


def _chronicle(sent: Sentence, analysis: Analysis, times: list[TimeExpr]) -> bool:
    """A timeline row, or a list entry that gives a date: told in the
    historical present. A communiqué's numbered point without a date ("7.
    The army is deployed only on its own side") speaks of the present."""
    if not _listed(sent, analysis):
        return False
    block = analysis.document.blocks[sent.block]
    return block.kind == BlockKind.TABLE_ROW or any(block.start <= t.start < block.end for t in times)


def _first_person(tok: Token) -> bool:
    verb = _clause_verb(tok)
    if verb is None:
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lower_ in FIRST_PERSON
