#!/usr/bin/python3
"""Regression compare of two hotops results files.

scripts/compare.py BASELINE.json CANDIDATE.json [--metric time|instructions|d1_misses|ll_misses]
    [--threshold F] [--alpha A] [--max-cv C] [--json OUT] [--markdown OUT]
Exit 0: no regression; 1: something regressed; 2: bad input (message on stderr).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_report.compare.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
