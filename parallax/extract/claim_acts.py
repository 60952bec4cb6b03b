"""Sentences that do something rather than assert something checkable.

A fact-checker verifies what happened (who attacked, how many died, what was
denied). Statements and communiqués are full of sentences that are true by
being said or that report diplomatic routine; a check-worthiness classifier
trained on debates scores them high because they are well-formed, factual in
tone and full of names. These tests, on a parsed span, recognise them:

- performatives: the speaker (or a body it reports on) thanks, welcomes,
  calls on, urges, condemns ... in the present ("We call on ..."), in a
  report of a meeting ("The Ministers welcomed ...") or as a resolution's
  operative clause, which has no subject ("Calls upon the parties ...").
  The speaker's pronounced judgements count too ("The Ministry regards
  the shelling as ...", "holds X responsible for ...").
  Kept when the object carries an embedded assertion ("condemns the attack
  launched by X", "expressed concern over the clashes, which caused ..."):
  the participle or relative clause states a checkable happening;
- the future and conditions: "The Chair will report ...", "Should the
  attacks continue, X will ...", "if requested", "Reminder: a gathering
  will be held ...";
- stated attitudes: "X remains committed to ...", "Y stands ready to ...";
- diplomatic procedure: meetings held, ambassadors summoned, letters and
  notes sent or handed, invitations accepted;
- the reporter on its own checking: "The Mission was unable to verify this
  figure" (the figure itself is the claim, stated elsewhere).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
PERFORMATIVE_LEMMAS = {
    "call", "urge", "appeal", "thank", "demand", "condemn", "welcome", "warn", "invite", "reiterate",
    "express", "extend", "commend", "congratulate", "salute", "reaffirm", "deplore", "inform", "request",
    "decide", "encourage", "recall", "stress", "emphasise", "emphasize", "underline", "endorse",
    "take",  # "takes note of"
    "note",
    # Judgements the speaker pronounces: "The Ministry regards the shelling
    # as an act against ...", "X considers ...", "The Ministry holds the
    # authorities responsible for ..." (the happening judged is told
    # elsewhere; a participle or relative clause stating it keeps the
    # sentence, see embeds_assertion).
    "regard", "consider", "hold",
}
# In the past tense only the diplomatic speech acts are performatives ("The
# Ministers welcomed ..."); "The Ministry informed the Mission of this" or
# "X condemned ..." report a happening.
PAST_PERFORMATIVE_LEMMAS = {
    "call", "urge", "appeal", "thank", "welcome", "express", "extend", "commend", "congratulate", "salute",
    "reaffirm", "reiterate", "encourage", "endorse", "stress", "emphasise", "emphasize", "underline",
    "recall", "take",
}
# A resolution's operative clause opens with its verb ("Calls upon ...",
# "Decides to ..."); the tagger often reads it as a plural noun.
_RESOLUTION_VERBS = {
    "calls", "urges", "appeals", "requests", "decides", "expresses", "takes", "commends", "welcomes",
    "notes", "reaffirms", "reiterates", "invites", "encourages", "recalls", "recognizes", "recognises",
    "emphasizes", "emphasises", "stresses", "supports", "endorses", "condemns", "deplores", "affirms",
    "underlines", "acknowledges", "appreciates", "approves", "authorizes", "authorises", "demands",
    "regrets", "instructs", "mandates", "agrees",
}
# Verbs of a happening a fact-checker would verify: a performative whose
# object embeds one ("condemns the attack launched by X") asserts it.
HAPPENING_LEMMAS = {
    "launch", "carry", "cause", "kill", "wound", "injure", "break", "attack", "shell", "bomb", "strike",
    "fire", "destroy", "damage", "occupy", "invade", "commit", "target", "displace", "violate", "deport",
    "expel", "abduct", "loot", "burn", "plant", "shoot", "massacre", "murder", "torture", "hit", "capture",
    "seize", "die", "claim", "inflict", "perpetrate",
}
_FUTURE_AUX = {"will", "shall", "would", "'ll"}
_CONDITION_MARKS = {"if", "unless", "provided", "providing"}
# Not "open", "prepared", "determined": "the crossing is open", "the attack
# was prepared", "it was determined that ..." state facts.
_ATTITUDE_WORDS = {"committed", "ready", "convinced", "willing", "confident", "grateful"}
_ATTITUDE_VERBS = {"remain", "stand", "be", "continue"}
_PROCEDURE_VERBS = {"meet", "convene", "brief", "summon", "hold", "send", "hand", "deliver", "write",
                    "present", "accept", "receive", "visit", "transmit", "forward", "attend", "host"}
# Verbs that are procedure by themselves when they have no other object
# ("the ministers met in Keld"; not "the troops met heavy resistance"); the
# others need a procedural noun.
_PROCEDURE_ALONE = {"meet", "convene", "brief", "summon"}
_PROCEDURE_NOUNS = {
    "meeting", "session", "talks", "consultation", "consultations", "conference", "summit", "letter", "note",
    "copy", "copies", "invitation", "ambassador", "envoy", "chargé", "charge", "d'affaires", "verbale",
    "protest", "delegation", "visit", "briefing", "message", "communication", "minister", "ministers",
    "representative", "representatives", "counterpart", "counterparts", "head", "heads",
}


def is_act(span: Span) -> bool:
    """The span's main clause performs an act, states the future or a
    condition, an attitude or diplomatic procedure (see the module)."""
    root = _root(span)
    if root is None:
        return False
    return (resolution_clause(span) or performative(span, root) or future_or_condition(span, root)
            or attitude(root) or procedure(root) or unverified(root))


def _root(span: Span) -> Token | None:
    """The sentence's root, or the head of a clause cut from a sentence."""
    if len(span) == 0:
        return None
    return next((t for t in span if t.dep_ == "ROOT"), span.root)


def resolution_clause(span: Span) -> bool:
    """"Calls upon the two parties ...": an operative clause (no subject,
    the verb first), unless its object states a happening."""
    first = next((t for t in span if t.is_alpha), None)
    if first is None or first.lower_ not in _RESOLUTION_VERBS or not first.text[:1].isupper():
        return False
    if any(c.dep_ in _SUBJ for c in first.children):
        return False
    return not embeds_assertion(first)


def performative(span: Span, root: Token) -> bool:
    """The main verb is a performative in the present ("The Ministry
    condemns ...") or the past ("The Ministers welcomed ..."), with a
    subject, and its object embeds no happening."""
    verb = next((t for t in span if t.tag_ in ("VBZ", "VBP", "VBD")
                 and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)), None)
    if verb is None or verb.lemma_.lower() not in PERFORMATIVE_LEMMAS:
        return False
    if not _main_verb(verb, root):
        return False  # "X's assertion, as the other side calls the place, is false"
    if verb.tag_ == "VBD" and verb.lemma_.lower() not in PAST_PERFORMATIVE_LEMMAS:
        return False
    if verb.lemma_.lower() == "take" and not any(c.lower_ == "note" for c in verb.children):
        return False
    if verb.lemma_.lower() == "hold" and not any(t.lower_ == "responsible" for t in verb.subtree):
        return False  # "The army holds the ridge": a fact
    return not embeds_assertion(verb)


def _main_verb(verb: Token, root: Token) -> bool:
    """The root or a verb coordinated with it."""
    return verb.i == root.i or (verb.dep_ == "conj" and verb.head.i == root.i)


def embeds_assertion(verb: Token) -> bool:
    """The verb's object (or the object of its preposition, one level down)
    carries a participle or a relative clause stating a happening ("the
    attack launched by X", "the clashes, which caused ..."), or the verb a
    that-clause."""
    if any(c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children) for c in verb.children):
        return True
    for noun in _objects(verb):
        for c in noun.children:
            clause = c.dep_ == "relcl" or (c.dep_ == "acl" and c.tag_ == "VBN")
            if clause and c.lemma_.lower() in HAPPENING_LEMMAS:
                return True
    return False


def _objects(verb: Token) -> list[Token]:
    direct = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    preps = [c for c in verb.children if c.dep_ == "prep"]
    for d in direct:
        direct.extend(x for x in d.children if x.dep_ == "conj")
        preps.extend(c for c in d.children if c.dep_ == "prep")
    out = list(direct)
    for p in preps:
        out.extend(c for c in p.children if c.dep_ == "pobj")
    return out


def future_or_condition(span: Span, root: Token) -> bool:
    """"The Chair will report ...", "Should the attacks continue, ...",
    "... if requested": nothing that has happened yet."""
    if root.pos_ not in ("VERB", "AUX"):
        # "Reminder: a gathering will be held on Friday": a label whose
        # clause (parsed under the label) is in the future.
        return any(c.pos_ in ("VERB", "AUX") and _future(c) and not _counted_subject(c) for c in root.children)
    if _future(root):
        return not _counted_subject(root)
    for clause in (c for c in root.children if c.dep_ == "advcl"):
        marks = {m.lower_ for m in clause.children if m.dep_ in ("mark", "aux")}
        if marks & _CONDITION_MARKS or any(m.lower_ == "should" and m.i == span.start for m in clause.children):
            return True  # "if ...", "unless ...", an inverted "Should the attacks continue, ..."
    return False


def _future(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in verb.children)


def _counted_subject(verb: Token) -> bool:
    """"Three young men will not come home": a figure stays checkable
    whatever the tense."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and any(n.dep_ == "nummod" for n in c.children)
               for c in verb.children)


def attitude(root: Token) -> bool:
    """"X remains committed to ...", "Y stands ready to ...", "Z is
    convinced that ...": the speaker's disposition, not a happening."""
    if root.lemma_.lower() not in _ATTITUDE_VERBS:
        return False
    if any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in root.children):
        return False  # "It was determined that ...": a finding
    return any(c.dep_ in ("acomp", "oprd", "advmod") and c.lower_ in _ATTITUDE_WORDS for c in root.children)


def procedure(root: Token) -> bool:
    """Diplomatic routine: "The Ministry summoned the ambassador ...",
    "A note of protest was handed to ...", "The Foreign Ministers held a
    meeting ..."."""
    lemma = root.lemma_.lower()
    if lemma not in _PROCEDURE_VERBS:
        return False
    if lemma in _PROCEDURE_ALONE and not any(c.dep_ == "dobj" for c in root.children):
        return True
    args = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass", "nsubj", "dative")]
    args += [g for c in root.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    words = set()
    for a in args:
        words.add(a.lower_)
        words.update(t.lower_ for t in a.subtree if t.dep_ in ("compound", "pobj"))
    return bool(words & _PROCEDURE_NOUNS)


_CHECK_LEMMAS = {"verify", "confirm", "corroborate", "ascertain", "establish"}


def unverified(root: Token) -> bool:
    """"X was unable to verify ...", "Y has not been able to confirm ...":
    the reporter on its own checking."""
    if root.lemma_.lower() != "be":
        return False
    negated = any(c.dep_ == "neg" for c in root.children)
    for adj in (c for c in root.children if c.dep_ == "acomp"):
        unable = adj.lower_ == "unable" or (adj.lower_ == "able" and negated)
        if unable and any(x.dep_ == "xcomp" and x.lemma_.lower() in _CHECK_LEMMAS and _refers_back(x)
                          for x in adj.children):
            return True
    return False


_REPORT_NOUNS = {"figure", "number", "toll", "report", "claim", "account", "allegation", "information",
                 "statement", "version", "it", "them", "this", "that", "these", "those"}


def _refers_back(verb: Token) -> bool:
    """What could not be checked is said elsewhere ("this figure", "reports
    from ...", "the claims"); "unable to verify the arrival of X" states
    the happening itself and stays a claim."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "ccomp")), None)
    if obj is None:
        return True
    if any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those", "such") for c in obj.children):
        return True
    return obj.lemma_.lower() in _REPORT_NOUNS
