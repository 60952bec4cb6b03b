"""Pronouns and bare role nouns as speakers: "she said", "it added", "the
spokeswoman said" stand for the speaker named earlier in the same block.
Our own sentences about a fictional conflict (Veldra / Ostmark)."""

from __future__ import annotations

import pytest

from parallax.extract.speakers import speaker_of
from parallax.model import Block, BlockKind, Document
from parallax.nlp import annotate


def speaker(text: str, words: str, blocks: list[Block] | None = None) -> str | None:
    analysis, doc = annotate(Document(text=text, blocks=blocks or []))
    start = text.index(words)
    return speaker_of(analysis, doc, start, start + len(words))


@pytest.mark.parametrize("text,speaker_name", [
    ("Defence Minister Ana Rost visited the border on Monday. She said that 12 houses burned in Keld.",
     "Ana Rost"),
    ("Ana Rost, the ministry's spokeswoman, spoke in Keld. The spokeswoman said that 12 houses burned.",
     "Ana Rost"),
    ("The Veldran Foreign Ministry issued a statement on Friday. It said that 12 houses burned.",
     "Veldran Foreign Ministry"),
    ("Colonel Ivo Brandt met the monitors. Later he told reporters that 12 houses burned.", "Ivo Brandt"),
])
def test_pronoun_or_role_is_the_earlier_speaker(text: str, speaker_name: str) -> None:
    assert speaker(text, "12 houses") == speaker_name


def test_pronoun_with_no_one_before_it_names_no_one() -> None:
    assert speaker("He said that 12 houses burned.", "12 houses") is None


def test_pronoun_does_not_reach_into_another_block() -> None:
    text = "President Tomas Arvan met the envoy.\n\nHe said that 12 houses burned."
    blocks = [Block(BlockKind.PARAGRAPH, 0, 36), Block(BlockKind.PARAGRAPH, 38, len(text))]
    assert speaker(text, "12 houses", blocks) is None
    assert speaker(text.replace("\n\n", " "), "12 houses") == "Tomas Arvan"


def test_role_noun_without_a_person_of_that_role_stays_as_written() -> None:
    text = ("President Tomas Arvan met the envoy in Keld. "
            "The spokesman of the mission said that 12 houses burned.")
    assert speaker(text, "12 houses") == "spokesman of the mission"
    text = "President Tomas Arvan met the envoy in Keld. The spokesman said that 12 houses burned."
    assert speaker(text, "12 houses") == "spokesman"
