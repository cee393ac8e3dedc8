"""Evaluation of turn classifiers against labelled data (LABELING.md format)."""
