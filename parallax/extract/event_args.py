"""Event arguments from the dependency parse: who acts (subject, passive
agent "by X", "on the part of X", a possessive or a country adjective on a
nominal trigger, the subject of a light verb: "X launched an attack") and on
whom (object, "against/on X", the passive subject), with coordination,
pronouns and "between A and B" joint parties."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..model import Actor, ActorMention

LIGHT_VERBS = {"open", "impose", "declare", "file", "lodge", "order", "take", "carry", "launch", "conduct", "resort", "mount", "make", "hold", "deliver", "issue",
               "stage", "undertake", "perform", "wage", "commit", "subject", "expose", "begin", "start",
               "continue", "break", "see", "demonstrate", "inflict", "mark", "publish", "return",
               "exchange", "resume", "intensify", "step",
               # giving verbs: "granted asylum to", "gave X aid", "reimposed the blockade", "reached a deal"
               "grant", "give", "provide", "extend", "reimpose", "renew", "announce", "reach",
               # "deployed a mobilisation", "flew sorties", "unleashed an offensive"
               "deploy", "fly", "unleash", "initiate"}

PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "them", "him"}

#: first-person words: the speaker (the quoted person inside a quotation,
#: else the document's own voice, its publisher)
FIRST_PERSON = {"we", "us", "our", "ours", "i", "me", "my"}

REPORTING = {"say", "state", "claim", "announce", "confirm", "report", "tell", "add", "confess", "declare",
             "stress", "note", "write", "acknowledge", "assert", "insist", "argue", "maintain", "tweet",
             "post", "emphasize", "emphasise", "reiterate", "believe", "think", "know", "inform", "notify",
             "brief", "assure"}

#: words that name the speaker's adversary without naming it ("the enemy",
#: "the occupiers"); "the other side" / "the opposing party" likewise
ADVERSARY = {"enemy", "enemies", "occupier", "occupiers", "aggressor", "aggressors", "adversary",
             "adversaries", "invader", "invaders", "opponent", "opponents", "foe", "foes"}
OTHER_SIDE = {"side", "party"}
OTHER_WORDS = {"other", "opposing", "hostile", "enemy", "rival"}


def adversary_word(tok: Token) -> bool:
    """ "the enemy", "the occupiers", "the other side", "enemy forces"."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    if low in ADVERSARY or lemma in ADVERSARY:
        return True
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    if lemma in OTHER_SIDE:
        return bool(mods & OTHER_WORDS)
    return bool(mods & ADVERSARY) and tok.pos_ == "NOUN"


PARTY_NOUNS = {"side", "sides", "party", "parties", "country", "countries", "state", "states", "nation",
               "nations", "belligerent", "belligerents", "government", "governments", "neighbours", "neighbors",
               "armies", "capitals", "militaries", "forces"}


def both_sides(tok: Token) -> bool:
    """ "both sides", "the two countries", "the parties", "each other"."""
    if tok.lower_ == "other" and any(c.lower_ == "each" for c in tok.children) or tok.lower_ == "each" and \
            tok.head.lower_ == "other":
        return True
    if tok.lower_ not in PARTY_NOUNS:
        return False
    mods = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod", "amod", "quantmod")}
    return bool(mods & {"both", "two", "each"}) or tok.lower_ in ("parties", "belligerents") and "the" in mods and \
        not any(c.dep_ in ("prep", "amod", "compound") for c in tok.children if c.lower_ != "the")


class _Actors:
    """Actor mentions of the document, by character offset."""

    def __init__(self, mentions: list[ActorMention],
                 voice: Callable[[int], Actor | None] | None = None) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.voice = voice  # offset -> who speaks there (first-person words)
        self.opponent: Callable[[int], Actor | None] | None = None  # offset -> the speaker's enemy
        self.parties: Callable[[], list[Actor]] | None = None  # the two sides ("both sides")

    def speaker(self, offset: int) -> Actor | None:
        return self.voice(offset) if self.voice is not None else None

    def covering(self, tok: Token) -> ActorMention | None:
        for m in self.mentions:
            if m.start <= tok.idx < m.end:
                return m
        return None

    def in_subtree(self, tok: Token) -> ActorMention | None:
        direct = self.covering(tok)
        if direct is not None and direct.actor.country:
            return direct
        offsets = {t.idx for t in _phrase_tokens(tok)}
        inside = [m for m in self.mentions if m.start in offsets]
        if direct is not None:
            # "ministers of X in <capital>": a capital in a place phrase names where, not who
            inside = [m for m in inside if not _is_capital(m)]
        if not inside:
            return direct
        # prefer a country-bearing mention, then the first one
        inside.sort(key=lambda m: (m.actor.country is None, m.start))
        if direct is not None and inside[0].actor.country is None:
            return direct
        return inside[0]

    def before(self, offset: int, floor: int, number: str | None = None,
               plural: Callable[[ActorMention], bool] | None = None) -> ActorMention | None:
        """The nearest preceding country-bearing mention; ``number``
        ("plural" for they/their, "singular" for it/its) prefers a mention
        that agrees ("their recruitment" -> "Syrian troops", not the country
        named after them)."""
        cands = [m for m in self.mentions if floor <= m.start and m.end <= offset and m.actor.country]
        if number is not None:
            agreeing = [m for m in cands if (plural or _plural_text)(m) == (number == "plural")]
            if agreeing:
                return agreeing[-1]
        return cands[-1] if cands else None

def _plural_text(m: ActorMention) -> bool:
    return _plural(m.text)

def _plural_in(doc) -> Callable[[ActorMention], bool]:
    """Plural mention: its own last word, or the noun an adjectival mention
    modifies ("Ostmarkian volunteers")."""
    def plural(m: ActorMention) -> bool:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return _plural(m.text)
        root = span.root
        if root.dep_ in ("amod", "compound", "nmod") and root.head.pos_ == "NOUN":
            root = root.head
        return root.tag_ in ("NNS", "NNPS")
    return plural

def _plural(text: str) -> bool:
    words = text.split()
    last = words[-1].lower() if words else ""
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is"))

PLURAL_PRONOUNS = {"they", "their", "them"}

SINGULAR_PRONOUNS = {"it", "its"}

_CLAUSAL = {"relcl", "acl", "advcl", "ccomp", "appos", "parataxis", "xcomp"}

def _phrase_tokens(tok: Token) -> list[Token]:
    """tok's subtree without its clausal modifiers ("the groups [taking
    advantage of X]" -> "the groups")."""
    out, stack = [], [tok]
    while stack:
        cur = stack.pop()
        out.append(cur)
        stack.extend(c for c in cur.children if c.dep_ not in _CLAUSAL)
    return out

def _is_capital(m: ActorMention) -> bool:
    return (m.actor.entry or "").endswith("-capital")

def joint_parties(actors: _Actors, name: str) -> Actor | None:
    """The document's two sides as one joint actor ("both sides", a meeting
    between them), or None when the document does not have exactly two."""
    parties = actors.parties() if actors.parties is not None else []
    if len(parties) != 2:
        return None
    joint = _copy(parties[0])
    joint.text, joint.name, joint.country, joint.start, joint.end = name, name, None, None, None
    joint.countries = [p.country for p in parties if p.country]
    return joint


def _copy(actor: Actor) -> Actor:
    return Actor(text=actor.text, name=actor.name, country=actor.country, sector=actor.sector,
                 countries=list(actor.countries), start=actor.start, end=actor.end, entry=actor.entry)

def _resolve(tok: Token | None, actors: _Actors, floor: int) -> list[Actor]:
    """Actors an argument token names, with its conjuncts; pronouns go to the
    nearest preceding actor with a country in the same block."""
    if tok is None:
        return []
    out: list[Actor] = []
    for t in [tok, *tok.conjuncts]:
        first = t if t.lower_ in FIRST_PERSON else _first_person_poss(t)
        own = actors.covering(t)
        if first is not None and (own is None or not own.actor.country):
            who = actors.speaker(first.idx)
            if who is not None:
                a = _copy(who)
                if own is not None and own.actor.sector:
                    # "our troops": the speaker's country, the troops' own sector and words
                    a.sector, a.name = own.actor.sector, own.text
                a.text, a.start, a.end = t.text, t.idx, t.idx + len(t)
                out.append(a)
            continue
        if both_sides(t) and (own is None or not own.actor.country):
            joint = joint_parties(actors, t.doc[t.left_edge.i:t.i + 1].text)  # "both sides", "each side"
            if joint is not None:
                joint.start, joint.end = t.idx, t.idx + len(t)
                out.append(joint)
                continue
        hostile = t if adversary_word(t) else next(
            (c for c in t.children if c.dep_ == "poss" and adversary_word(c)), None)
        if hostile is not None and (own is None or not own.actor.country) and actors.opponent is not None:
            who = actors.opponent(t.idx)
            if who is not None:
                a = _copy(who)
                a.text, a.start, a.end = hostile.text, hostile.idx, hostile.idx + len(hostile)
                out.append(a)
                continue
        owner = _possessor_subject(t)
        if owner is not None:
            found = _resolve(owner, actors, floor)
            if found:  # "X and Y reaffirmed their commitment": their = X and Y
                out.extend(found)
                continue
        if t.lower_ in PRONOUNS or (t.lower_ == "country" and any(c.lower_ == "this" for c in t.children)):
            number = "plural" if t.lower_ in PLURAL_PRONOUNS else "singular" if t.lower_ in SINGULAR_PRONOUNS \
                or t.lower_ == "country" else None
            m = _subject_antecedent(t, actors, number) or actors.before(t.idx, floor, number, _plural_in(t.doc))
            if m is not None:
                a = _copy(m.actor)
                a.text = t.text
                out.append(a)
            continue
        modifiers = _modifier_actors(t, actors)
        if len(modifiers) > 1:  # "Veldran and Ostmarkian officials"
            out.extend(_copy(m.actor) for m in modifiers if all(m.start != a.start for a in out))
            continue
        m = actors.in_subtree(t) if t == tok and not tok.conjuncts else actors.covering(t) or _own_subtree(t, actors)
        if m is not None and _is_capital(m) and not (t.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") or
                                                      t.dep_ == "pobj" and t.head.lower_ == "by"):
            continue
        if m is not None and all(m.start != a.start for a in out):
            a = _copy(m.actor)
            if not a.country and not a.countries:
                _possessor_country(t, a, actors, floor)
            out.append(a)
        elif m is None and t.dep_ in ("nsubj", "nsubjpass"):
            owned = _owned_by_pronoun(t, actors, floor)  # "its aircraft targeted ...": the owner acts
            if owned is not None:
                out.append(owned)
    return out


def _possessor_subject(pron: Token) -> Token | None:
    """The subject a possessive pronoun refers back to in its own clause
    ("Veldra and Ostmark reaffirmed their commitment", "Veldra withdrew its
    proposal"), when number agrees; None for anything else."""
    if pron.dep_ != "poss" or pron.lower_ not in ("its", "their"):
        return None
    verb = pron.head
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subj = _child(verb, "nsubj") if verb.pos_ in ("VERB", "AUX") else None
    if subj is None and verb.dep_ in ("advcl", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        # "X has been preparing, as shown by its ability to ...": the clause it hangs on
        subj = _child(verb.head, "nsubj")
    if subj is None or subj.lower_ in PRONOUNS or subj.lower_ in FIRST_PERSON or subj.i > pron.i:
        return None
    plural = bool(subj.conjuncts) or subj.tag_ in ("NNS", "NNPS")
    return subj if plural == (pron.lower_ == "their") else None


def _subject_antecedent(pron: Token, actors: _Actors, number: str | None) -> ActorMention | None:
    """ "The Government stands ready ..., and it welcomes ...": a subject
    pronoun continues the nearest earlier subject that names a party, in its
    own or the previous sentence (the centre of attention), before the
    nearest country named anywhere ("... by the governments of X and Y")."""
    if pron.dep_ not in ("nsubj", "nsubjpass") or number is None:
        return None
    doc = pron.doc
    first = pron.sent.start
    lo = doc[first - 1].sent.start if first > 0 else first
    plural = _plural_in(doc)
    for i in range(pron.i - 1, lo - 1, -1):
        cand = doc[i]
        if cand.dep_ not in ("nsubj", "nsubjpass") or cand.lower_ in PRONOUNS or cand.lower_ in FIRST_PERSON:
            continue
        m = actors.in_subtree(cand)
        if m is None or not (m.actor.country or m.actor.sector) or m.actor.countries:
            continue
        return m if plural(m) == (number == "plural") else None
    return None


def _owned_by_pronoun(tok: Token, actors: _Actors, floor: int) -> Actor | None:
    """The party a possessive pronoun on a subject points back to ("Veldra
    said its aircraft targeted ..." -> Veldra), when the subject names no
    actor itself."""
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS), None)
    if poss is None:
        return None
    number = "plural" if poss.lower_ == "their" else "singular" if poss.lower_ == "its" else None
    m = actors.before(poss.idx, floor, number, _plural_in(tok.doc))
    if m is None:
        return None
    a = _copy(m.actor)
    a.text, a.start, a.end = f"{poss.text} {tok.text}", poss.idx, tok.idx + len(tok)
    return a

POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}

def _possessor_country(tok: Token, actor: Actor, actors: _Actors, floor: int) -> None:
    """ "three of their servicemen", "its troops": a generic party owned by a
    pronoun takes the country of the nearest agreeing earlier actor."""
    poss = next((t for t in _phrase_tokens(tok) if t.dep_ == "poss" and t.lower_ in POSSESSIVE_PRONOUNS), None)
    if poss is None:
        return
    number = "plural" if poss.lower_ == "their" else "singular"
    m = actors.before(poss.idx, floor, number, _plural_in(poss.doc))
    if m is not None:
        actor.country = m.actor.country

def _first_person_poss(tok: Token) -> Token | None:
    """ "our forces", "my government": the first-person possessive."""
    return next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in FIRST_PERSON), None)

def _modifier_actors(tok: Token, actors: _Actors) -> list[ActorMention]:
    """Country-bearing mentions on a head's coordinated modifiers."""
    own = actors.covering(tok)
    found: list[ActorMention] = [own] if own is not None and own.actor.country else []
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss"):
            for t in (c, *c.conjuncts):
                m = actors.covering(t)
                if m is not None and m.actor.country and all(m.start != f.start for f in found):
                    found.append(m)
    return found

def _own_subtree(tok: Token, actors: _Actors) -> ActorMention | None:
    """An actor in tok's subtree excluding its conjuncts' subtrees."""
    conj = {c.i for c in tok.conjuncts}
    for child in [tok, *tok.children]:
        if child.i in conj or child.dep_ in ("cc", "conj"):
            continue
        m = actors.covering(child) if child == tok else actors.in_subtree(child)
        if m is not None:
            return m
    return None

def _dedupe(found: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in found:
        if all((a.start, a.country, a.text) != (b.start, b.country, b.text) for b in out):
            out.append(a)
    return out

def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)

def _prep_obj(tok: Token, preps: set[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            obj = _child(c, "pobj")
            if obj is not None:
                return obj
    return None

def _part_of(tok: Token) -> Token | None:
    """ "... on the part of X" -> X."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "on":
            part = _child(c, "pobj")
            if part is not None and part.lower_ == "part":
                return _prep_obj(part, {"of"})
    return None

#: relative pronouns: the subject of a relative clause is the noun it modifies
RELATIVE = {"who", "which", "that", "whom"}

#: verbs that blame their object for a deed told as a gerund ("accused Y of
#: shelling", "blamed Y for the attack"): the object is the deed's actor
BLAMING = {"accuse", "blame", "charge", "suspect", "condemn", "criticise", "criticize", "fault", "denounce",
           "hold"}


def blaming_verb(tok: Token) -> Token | None:
    """The blaming verb whose "of"/"for" complement ``tok`` is, if any."""
    prep = tok.head
    if tok.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
        return None
    verb = prep.head
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in BLAMING else None


def blamed_party(tok: Token) -> Token | None:
    """ "X accused Y of violating ...": Y, for the gerund "violating"."""
    verb = blaming_verb(tok)
    if verb is None:
        return None
    return _child(verb, "dobj") or (_child(verb, "nsubjpass") if _child(verb, "auxpass") else None)


FINITE_TAGS = {"VBD", "VBZ", "VBP"}
NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS", "PRP"}


def stranded_subject(verb: Token) -> Token | None:
    """A finite verb with no subject of its own whose left neighbour is a
    noun the parser hung elsewhere ("... attacked the airport and enemy
    planes bombed the town": "planes" read as part of the object): that
    noun is the verb's subject. A coordinated verb ("X shelled and
    stormed ...") has "and" on its left and inherits as usual. Written here
    because the small parser makes this error on long coordinated clauses
    and no spaCy component repairs it."""
    if verb.tag_ not in FINITE_TAGS or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return None
    left = verb.nbor(-1) if verb.i > verb.sent.start else None
    while left is not None and left.dep_ in ("advmod", "neg") and left.i > verb.sent.start and left.head == verb:
        left = left.nbor(-1)
    if left is not None and left.lower_ == "," and left.i > verb.sent.start:
        # "..., as well as breaching its obligations, Veldra, planted mines": a name set off by
        # a comma before its verb, hung on the phrase before as an apposition
        named = left.nbor(-1)
        return named if named.tag_ in ("NNP", "NNPS") and named.dep_ in ("appos", "npadvmod", "dep") \
            and not named.is_ancestor(verb) else None
    if left is None or left.tag_ not in NOUN_TAGS or left.lower_ in RELATIVE or left.ent_type_ in ("DATE", "TIME"):
        return None  # "patrols sent out in the following days came under fire": no day acts
    if left.head == verb:  # "Veldra planted mines": a name read as an adverbial noun
        misread = left.dep_ in ("npadvmod", "dep", "nmod") and left.tag_ in ("NNP", "NNPS") \
            and left.ent_type_ not in ("DATE", "TIME")
        return left if misread else None
    if left.dep_ in ("compound", "poss") or left.is_ancestor(verb):
        return None  # the noun governs the verb ("the troops, who ...") or is a modifier
    return left


#: verbs whose object does what their infinitive says ("forced X to retreat")
OBJECT_CONTROL = {"lead", "force", "compel", "oblige", "urge", "ask", "order", "invite", "allow", "prompt",
                  "cause", "persuade", "push", "press", "encourage", "enable", "help", "get", "permit",
                  "instruct", "tell", "request", "require", "convince"}


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) of a verb, inherited through xcomp/conj."""
    stranded = stranded_subject(verb)
    if stranded is not None:
        return stranded, False
    cur = verb
    controlled = False  # reached through an infinitive complement
    for _ in range(4):
        subj = _child(cur, "nsubj", "csubj")
        if subj is not None and subj.lower_ in RELATIVE and cur.dep_ == "relcl":
            return cur.head, False  # "troops who had attacked ...": the troops
        if subj is not None:
            return subj, False
        subjpass = _child(cur, "nsubjpass")
        if subjpass is not None:
            # "the unit was compelled / ordered to respond": the one compelled acts
            return subjpass, not controlled
        controlled = cur.dep_ == "xcomp"
        infinitive = cur.dep_ in ("acl", "relcl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in cur.children)
        owner = _child(cur.head, "poss") if infinitive else None
        if owner is not None:
            return owner, False  # "its ability to deploy ...", "Veldra's decision to attack ..." -> its, Veldra
        if infinitive and cur.head.dep_ == "dobj":  # "X took measures to suppress ..." -> X
            cur = cur.head.head
            continue
        accused = blamed_party(cur)
        if accused is not None:
            return accused, False  # "X accused Y of violating the truce" -> Y violated it
        if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and (cur.head.head.pos_ in ("VERB", "AUX") or
                                                                  cur.head.head.dep_ == "acomp"):
            cur = cur.head.head  # "X, by resorting to provocations, aims ..." -> X
            continue
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in OBJECT_CONTROL:
            obj = _child(cur.head, "dobj")
            if obj is not None and obj.i < cur.i:
                return obj, False  # "led the Council to hold a meeting": the Council holds it
        if cur.dep_ in ("xcomp", "conj", "advcl", "acl", "acomp") and cur.head != cur:
            # "X is willing to withdraw": an adjective's complement takes the copula's subject
            if cur.dep_ == "acl":
                root = cur.sent.root
                if root.pos_ in ("NOUN", "PROPN") and root.i < cur.i and not cur.head.is_ancestor(root) \
                        and cur.head != root and any(c.dep_ == "xcomp" for c in cur.children):
                    # the parser found no verb ("The groups of X ... attempted to plant mines": "attempted"
                    # read as a participle of a noun far inside): the sentence's head noun is the subject
                    return root, False
                return cur.head, False
            cur = cur.head
            continue
        break
    return None, False

def _demand_clause(verb: Token) -> Token | None:
    """ "X said Y must/should Z": the complement that carries the demand."""
    for c in verb.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in c.children):
            return c
    return None

#: harm verbs take an object: with a subject and no object they are a
#: headline passive ("one soldier wounded", tagged as a past tense)
HARM_VERBS = {"kill", "wound", "injure", "hurt", "maim", "martyr"}

#: participles whose passive form states the subject's own stance ("is
#: committed to", "is determined to", "is prepared to")
STATIVE_PASSIVE = {"commit", "determine", "prepare", "resolve", "dedicate"}

def verb_args(verb: Token, instruments: frozenset[str] = frozenset()) -> tuple[Token | None, Token | None]:
    """(actor token, target token) of a trigger verb. ``instruments`` are
    weapons and firing units: as a passive subject with no agent ("X's
    artillery was fired at the villages") they name the side that fired,
    and the "at/on" object is the target."""
    subj, passive = _subject(verb)
    agent = _prep_obj(verb, {"by"})
    if passive and agent is None and subj is not None and subj.lemma_.lower() in instruments:
        return subj, _prep_obj(verb, {"at", "on", "upon", "against", "into", "toward", "towards"})
    dobj = _child(verb, "dobj", "attr")
    target = dobj or _prep_obj(verb, {"against", "on", "upon", "at", "with", "into", "to"})
    if dobj is not None and any(c.dep_ == "poss" and c.lower_ in PRONOUNS for c in dobj.children):
        # "withdrew its troops from X": the own forces are not the target
        target = _prep_obj(verb, {"from", "against", "on", "into"}) or dobj
    if passive and agent is None and verb.lemma_.lower() in STATIVE_PASSIVE:
        return subj, None  # "X is committed to talks": X commits
    if passive or verb.tag_ == "VBN" and _child(verb, "nsubjpass"):
        return agent or _part_of(verb), subj
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "citizens detained in X"
        return agent, verb.head
    own_subj = _child(verb, "nsubj")
    bare = own_subj is not None and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    if bare and (verb.tag_ == "VBN" or verb.lemma_.lower() in HARM_VERBS and dobj is None):
        # headline passive without "was": "one soldier wounded", "two civilians killed"
        return agent or _part_of(verb), own_subj
    if target is None and verb.lemma_.lower() in REPORTING:
        clause = _demand_clause(verb)
        if clause is not None:
            target = _child(clause, "nsubj", "nsubjpass")
    return subj or agent or _part_of(verb), target

def _following_agent(noun: Token) -> Token | None:
    """ "a violation from X" when the parser attached "from X" higher up:
    a by/from phrase right after the trigger."""
    doc = noun.doc
    for i in range(noun.i + 1, min(len(doc), noun.i + 3)):
        if doc[i].lower_ in ("by", "from"):
            return _child(doc[i], "pobj")
        if doc[i].pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
    return None

def noun_args(noun: Token, actors: _Actors) -> tuple[Token | None, Token | None, list[Token]]:
    """(actor token, target token, joint tokens) of a nominal trigger."""
    actor = _child(noun, "poss") or _prep_obj(noun, {"by", "from"}) or _part_of(noun)
    if actor is None:
        for c in noun.children:
            m = actors.covering(c) if c.dep_ in ("compound", "amod", "nmod") else None
            if m is not None and m.actor.country and not _is_capital(m) and not m.start <= noun.idx < m.end:
                actor = c
                break
    target = _prep_obj(noun, {"against", "on", "at", "to", "towards", "toward"})
    if target is not None and target.ent_type_ in ("DATE", "TIME"):
        target = None  # "a meeting on 22 February": when, not whom
    if target is None:
        obj = _prep_obj(noun, {"of"})
        patient = noun.lemma_.lower() in VIOLATED or noun.lemma_.lower() in PATIENT_NOUNS
        m = actors.in_subtree(obj) if obj is not None and (actor is None or patient) else None
        if m is not None and (m.actor.country or m.actor.sector):
            if patient:
                target = obj  # "a violation of X's sovereignty": X is wronged, not acting
            else:
                actor = obj
    joint = []
    between = _prep_obj(noun, {"between"})
    if between is not None:
        joint = [between]
    head = noun.head
    if noun.dep_ in ("dobj", "pobj", "nsubjpass", "attr") and head != noun:
        verb = head.head if noun.dep_ == "pobj" else head
        if verb.pos_ in ("VERB", "AUX"):
            subj, passive = _subject(verb)
            agent = _prep_obj(verb, {"by"}) or _part_of(verb)
            if passive:
                actor = actor or agent
                if target is None and subj is not None and subj != noun:
                    target = subj
            elif verb.lemma_.lower() in UNDERGO and (noun.dep_ == "dobj" or noun.dep_ == "pobj" and
                                                     head.lower_ in ("from", "under")):
                # "X suffered heavy shelling", "X came under fire": X is on the receiving end
                if target is None and subj is not None and subj != noun:
                    target = subj
            elif verb.lemma_.lower() in STATE_VERBS and noun.dep_ == "pobj" and head.lower_ in ("on", "in"):
                actor = actor or subj  # "X's units remain on high alert", "X is in talks with Y"
            elif _is_light(verb) and (
                    noun.dep_ == "dobj" or noun.dep_ == "pobj" and head.lower_ in ("to", "in", "into")):
                # "X opened fire on Y", "X launched an attack against Y"
                actor = actor or subj or agent
                if target is None:
                    target = _prep_obj(verb, {"against", "on", "at", "towards", "toward"})
    gov = _governor(noun)
    if not joint and gov != noun:
        between = _prep_obj(gov, {"between"})
        if between is not None:
            joint = [between]
    if actor is None:
        actor = _following_agent(noun)
    if actor is None and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        actor = _prep_obj(noun.head, {"by"})
    if actor is None and noun.dep_ == "compound" and actors.covering(noun.head) is not None:
        actor = noun.head
    if actor is None and noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
        # "X's aggression and wars": coordinated nouns share their possessor
        first = noun.head
        actor = _child(first, "poss") or _prep_obj(first, {"by", "from"}) or next(
            (c for c in first.children if c.dep_ in ("compound", "amod", "nmod") and
             (m := actors.covering(c)) is not None and m.actor.country), None)
    return actor, target, joint

#: verbs that put their subject in the state a nominal event names ("remain on alert")
STATE_VERBS = {"remain", "be", "stay", "stand", "go", "keep"}

#: verbs whose subject undergoes the nominal event ("suffered attacks",
#: "came under fire", "faced shelling")
UNDERGO = {"suffer", "sustain", "endure", "face", "come", "experience", "withstand", "repel", "repulse"}

#: nominalised acts whose "of" phrase is who or what undergoes them ("the
#: blockade of X", "the arrest of journalists", "the release of prisoners")
PATIENT_NOUNS = {"blockade", "occupation", "siege", "annexation", "invasion", "bombardment", "shelling",
                 "bombing", "arrest", "detention", "deportation", "expulsion", "release", "capture", "seizure",
                 "abduction", "kidnapping", "killing", "assassination", "massacre", "isolation", "encirclement"}

#: nouns whose "of" phrase is what is violated, not who violates
VIOLATED = {"violation", "breach", "infringement", "contravention", "desecration"}

def _is_light(verb: Token) -> bool:
    """A light verb, also when the lemmatizer slips ("staged" -> "stag")."""
    low = verb.lower_
    return any(f in LIGHT_VERBS for f in (verb.lemma_.lower(), low, low[:-1], low[:-2], low[:-3]))

def _governor(tok: Token) -> Token:
    """The verb a nominal trigger hangs on (for stance and source)."""
    cur = tok
    for _ in range(3):
        if cur.pos_ in ("VERB", "AUX") or cur.head == cur:
            return cur
        cur = cur.head
    return cur
