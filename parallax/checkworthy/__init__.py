"""Check-worthiness: does a sentence state something worth fact-checking?

``model.py`` loads the shipped linear classifier (TF-IDF word unigrams plus
hand features; weights as plain arrays, no pickle) and scores sentences; an
opt-in head adds MiniLM sentence embeddings (``PARALLAX_CHECKWORTHY=minilm``,
better but about 50 times slower). ``train.py`` re-trains both on CLEF
CheckThat! 2024 task 1. See MODEL_CARD.md for data, method, figures and limits.
"""
