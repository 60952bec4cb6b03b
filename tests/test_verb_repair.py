"""The verb repair after spaCy's lemmatizer (parallax.nlp.VerbRepair): a
word the parser gives a direct object is a verb, whatever the tagger said."""

from __future__ import annotations

from parallax import nlp


def test_repair_runs_last_in_the_pipeline() -> None:
    assert nlp.load().pipe_names[-1] == "parallax_verb_repair"


def test_past_tense_verb_mistagged_as_adjective_gets_its_verb_lemma() -> None:
    # the small model tags "sank" here as an adjective with lemma "sank"
    doc = nlp.load()("In the north, Veldran troops entered Kessa and Oren and sank vessels of the Ostmark navy.")
    sank = next(t for t in doc if t.text == "sank")
    assert sank.pos_ == "VERB" and sank.lemma_ == "sink"


def test_words_without_an_object_are_left_alone() -> None:
    doc = nlp.load()("The sunken vessels were old and the harbour was quiet.")
    assert {t.text: t.pos_ for t in doc}["old"] == "ADJ"
    assert {t.text: t.pos_ for t in doc}["harbour"] == "NOUN"


def test_a_noun_with_a_determiner_or_compound_stays_a_noun() -> None:
    doc = nlp.load()("Press release No. 112/2554")
    assert {t.text: t.pos_ for t in doc}["release"] != "VERB"
