"""Sentences that do something rather than assert something checkable
(performatives in any tense, a resolution's operative clauses, the future,
conditions, stated attitudes, diplomatic procedure, page boilerplate), what
still is a claim (a performative whose object embeds a happening, a toll in
the future tense, a finding), and a chronology table that restates the
prose. Our own sentences about a fictional conflict (Veldra, Ostmark)."""

from __future__ import annotations

import pytest

from parallax.extract.claims import _eligible, extract_claims
from parallax.model import Block, BlockKind, Document
from parallax.nlp import annotate, doc_text


def eligible(sentence: str) -> bool:
    analysis, doc = annotate(Document(text=sentence))
    return _eligible(analysis, doc, doc_text(doc), 0, len(sentence.rstrip()))


@pytest.mark.parametrize("sentence", [
    "The Ministers welcomed the mission's call on both parties to exercise restraint.",
    "The Ministers extended their condolences to the families of the victims.",
    "Calls upon the two parties to cease hostilities immediately and to refrain from air attacks;",
    "Requests the Secretary-General to report to the Council within thirty days.",
    "The Chair will report to the Council on the outcome of the meeting.",
    "Should the shelling continue, Veldra will have no option but to defend its territory.",
    "Ostmark remains committed to a peaceful settlement of the border dispute.",
    "This morning the Ministry summoned the Ambassador of Ostmark and handed him a note of protest.",
    "Copies of the letter have also been sent to the Chair of the regional organisation.",
    "Related: Veldran troops shelled the Keld market, say witnesses",
    "The monitoring mission was unable to verify the figures given by either side.",
])
def test_acts_are_not_claims(sentence):
    assert not eligible(sentence)


@pytest.mark.parametrize("sentence", [
    "The Ministry condemns the unprovoked attack launched by Ostmark against the village of Keld.",
    "Deplores the air raids carried out on 4 March, which killed two children in Keld;",
    "Four shepherds from Keld will never return to their flocks.",
    "The Ministry informed the monitoring mission of the shelling the same day.",
    "It was determined that the mines were produced in Ostmark last year.",
    "We have not been able to verify the arrival of Ostmark volunteers in Keld.",
    "Ostmark troops met heavy resistance near the Keld bridge on Monday.",
    "The border crossing at Keld is open to civilians again since Monday.",
    "Ostmark drones struck the Keld water plant on Tuesday night.",
])
def test_claims_stay(sentence):
    assert eligible(sentence)


PROSE = ("On 4 March Ostmark artillery shelled the market of Keld and destroyed the water plant.\n\n"
         "The villagers of Varna blocked the road to the border crossing for two days.\n\n")
ROWS = ("| 4 March | Ostmark artillery shells the Keld market; water plant destroyed | 1 |\n"
        "| 9 March | Veldran drone drops a grenade on a tractor near Tolva | 2 |\n")


def _document() -> Document:
    text = PROSE + ROWS
    blocks = []
    for part in (PROSE.split("\n\n")[0], PROSE.split("\n\n")[1]):
        start = text.index(part)
        blocks.append(Block(BlockKind.PARAGRAPH, start, start + len(part)))
    for row in ROWS.splitlines():
        start = text.index(row)
        blocks.append(Block(BlockKind.TABLE_ROW, start, start + len(row), attrs={"table": 0, "header": False}))
    return Document(text=text, blocks=blocks)


def test_a_row_restating_the_prose_is_not_a_new_claim():
    document = _document()
    analysis, doc = annotate(document)
    texts = [c.text for c in extract_claims(analysis, doc, None)]
    assert not any("shells the Keld market" in t for t in texts)
    assert any("Tolva" in t for t in texts)  # told only by the table
    assert any("shelled the market of Keld" in t for t in texts)
