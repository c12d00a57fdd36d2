#!/usr/bin/python3
"""Render a hotops report: scripts/report.py RESULTS... --out reports/<name>/

RESULTS are results files or results/<machine> directories. Writes index.html (self-contained),
report.md and figures/*.png|svg; prints the HTML path. Exit 2 on bad input, nothing written.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_report.report_cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
