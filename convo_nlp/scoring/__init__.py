"""Scorecard: criteria, checks and the 0-100 compliance score."""
