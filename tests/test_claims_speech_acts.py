"""What a claim is not: performatives ("We call on ...", "I thank ..."), a
document describing itself, the speaker's own intentions; and what it still
is: a third party's striving ("X is trying to hide ..."). Our own sentences
about a fictional conflict (Veldra, Ostmark, a monitoring mission)."""

from __future__ import annotations

import pytest

from parallax.extract.claims import _eligible
from parallax.model import Document
from parallax.nlp import annotate, doc_text


def eligible(sentence: str) -> bool:
    analysis, doc = annotate(Document(text=sentence))
    text = doc_text(doc)
    start, end = 0, len(sentence.rstrip())
    return _eligible(analysis, doc, text, start, end)


@pytest.mark.parametrize("sentence", [
    "The Republic of Veldra calls on the monitoring mission to publish its findings without delay.",
    "We call on Ostmark to withdraw its artillery from the border villages.",
    "I thank the monitoring mission for its courage and its patience in Keld.",
    "The Ministry strongly condemns the shelling of the Keld market by Ostmark.",
    "This report is based on interviews with residents of Keld and Varna.",
    "This statement was prepared by the press office of the Ministry of Defence.",
    "We seek to restore the water supply to every village in the valley.",
])
def test_not_claims(sentence):
    assert not eligible(sentence)


@pytest.mark.parametrize("sentence", [
    "Ostmark is trying to hide the deaths in Keld behind a story of Veldran aggression.",
    "We have invited the monitoring mission to visit Keld and see the ruins.",
    "The monitoring mission reported shelling on both sides of the line in March.",
    "The report of the mission found craters north of the water plant.",
    "Ostmark drones struck the Keld water plant on Tuesday night.",
])
def test_claims(sentence):
    assert eligible(sentence)
