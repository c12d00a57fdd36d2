"""hotops fleets: one suite on many Slurm nodes, one report (see scripts/fleet.py)."""
