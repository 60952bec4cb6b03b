"""What narrows the claims to the ones an annotator would check: short
sentences with no figure, attribution or denial, wire datelines, headlines
and list items with no verb, a label announcing a future event, judgements
the speaker pronounces ("regards ... as", "holds ... responsible"), and a
sentence holding two parties' rival accounts cut into two claims. Our own
sentences about a fictional conflict (Veldra, Ostmark)."""

from __future__ import annotations

import pytest

from parallax.extract.claims import _clause_cuts, _eligible, extract_claims
from parallax.extract.quantities import extract_quantities
from parallax.model import Block, BlockKind, Document
from parallax.nlp import annotate, doc_text


def _analyse(document: Document):
    analysis, doc = annotate(document)
    analysis.quantities = extract_quantities(analysis, doc, None)
    return analysis, doc


def eligible(sentence: str, kind: BlockKind | None = None) -> bool:
    blocks = [Block(kind, 0, len(sentence))] if kind is not None else []
    analysis, doc = _analyse(Document(text=sentence, blocks=blocks))
    return _eligible(analysis, doc, doc_text(doc), 0, len(sentence.rstrip()))


@pytest.mark.parametrize("sentence", [
    # short sentences leaning on their context
    "The skirmish lasted barely a week.",
    "That excuse did not survive the winter.",
    "The worst night came on 9 April.",
    # a wire dateline
    "KESSEL/TAMBER, March 9 (Northline Agency)",
    "VARNA, Oct. 12 (NLA)",
    # a label announcing what will happen
    "Notice: a memorial service for the fallen of Keld will be held in the Tamber cathedral on Sunday.",
    # judgements pronounced by the speaker
    "The Ministry regards the burning of the Keld archive as a crime against the memory of the nation.",
    "The Government holds the Ostmark command responsible for the safety of the captured crew.",
])
def test_not_claims(sentence):
    assert not eligible(sentence)


@pytest.mark.parametrize("sentence", [
    # short, but with a figure, an attribution or a denial
    "Three Veldran border guards were killed.",
    "Ostmark says they fled at dawn.",
    "Ostmark has never respected that line.",
    "No civilians were harmed in Keld.",
    # a longer sentence states something of its own
    "Veldran artillery shelled the Keld market on Tuesday morning, destroying the water plant.",
    # not a judgement: the army holds ground, the court considered evidence in the past
    "Ostmark troops still hold the ridge above the Keld bridge after three days of fighting.",
])
def test_claims_stay(sentence):
    assert eligible(sentence)


def test_a_headline_without_a_verb_is_not_a_claim():
    assert not eligible("Old Veldra-Ostmark feud a long time in the making", BlockKind.HEADING)


def test_a_nominal_list_item_with_a_closing_semicolon_is_not_a_claim():
    # the item is the whole sentence once its ";" is trimmed: it asserts nothing
    text = "a meeting of the chiefs of staff of the two armies at the Keld bridge;"
    analysis, doc = _analyse(Document(text=text, blocks=[Block(BlockKind.LIST_ITEM, 0, len(text))]))
    assert extract_claims(analysis, doc, None) == []


def _cut_texts(text: str) -> list[str]:
    analysis, doc = _analyse(Document(text=text))
    cuts = [0] + _clause_cuts(analysis, doc) + [len(text)]
    return [text[a:b].strip(" ;,") for a, b in zip(cuts, cuts[1:])]


@pytest.mark.parametrize("text, second", [
    ("Veldra says Ostmark gunners shelled the Keld market at dawn; "
     "Ostmark says its gunners only answered fire from the Veldran side.", "Ostmark says"),
    ("Veldra said on Monday that its troops had retaken the Keld ridge, "
     "while Ostmark insisted that the fighting was still going on near the summit.", "while Ostmark insisted"),
])
def test_rival_accounts_are_two_claims(text: str, second: str):
    """After a semicolon or "while": a new speaker's account is a claim of its own."""
    pieces = _cut_texts(text)
    assert len(pieces) == 2 and pieces[1].startswith(second)


def test_the_same_speaker_continuing_is_not_cut():
    text = ("Veldra said its troops had retaken the Keld ridge; it added that "
            "four Ostmark soldiers had been captured there.")
    assert len(_cut_texts(text)) == 1


def test_rival_accounts_become_two_claims_end_to_end():
    text = ("Veldra says Ostmark gunners shelled the Keld market at dawn and killed two traders; "
            "Ostmark says its gunners only answered fire from Veldran mortar positions near the market.")
    analysis, doc = _analyse(Document(text=text))
    claims = extract_claims(analysis, doc, None)
    starts = [text[c.start:c.start + 12] for c in claims]
    assert "Veldra says " in starts and "Ostmark says" in starts, [c.text for c in claims]
