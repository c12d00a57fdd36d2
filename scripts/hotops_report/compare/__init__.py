"""Regression compare of two results files: wall-clock (rank test + effect size) or exact counters."""
