#!/usr/bin/python3
"""Run a hotops suite across a Slurm cluster: scripts/fleet.py submit|status|report|task ...

One Slurm job array (one exclusive node per task), a dependent job that renders the
multi-machine report; rerunning the same submit resubmits only what is missing.
See README "Running on a cluster" and scripts/hotops_fleet/.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hotops_fleet.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
