#!/usr/bin/python3
"""Measure the A/A false-positive rate of the wall-clock compare.

scripts/aa_false_positive.py RESULTS.json... [--min-pairs 20] [--threshold F] [--alpha A] [--max-cv C] [--json OUT]
scripts/aa_false_positive.py ONE.json --chunk R   (one file with many repetitions, split into chunk pairs)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_report.compare.aa import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
