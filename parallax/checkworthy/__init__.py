"""Check-worthiness: does a sentence state something worth fact-checking?

``model.py`` loads the shipped linear classifier (TF-IDF word n-grams plus
hand features; weights as plain arrays, no pickle) and scores
sentences; ``train.py`` re-trains it on CLEF CheckThat! 2024 task 1. See
MODEL_CARD.md for data, method, figures and limits.
"""
